package pool

import "unsafe"

// SWAR ("SIMD within a register") helpers: eight bytes processed at once in a
// uint64, split into two sets of four 16-bit lanes (the even bytes and the odd
// bytes) so that per-byte comparisons and sums never carry into a neighbour.
// Every helper treats each byte position alike, so the results do not depend
// on the machine's byte order.
const (
	evenBytes = 0x00FF00FF00FF00FF // the even bytes, one per 16-bit lane
	laneOne   = 0x0001000100010001 // 1 in every 16-bit lane
	laneHigh  = 0x0100010001000100 // 256 in every 16-bit lane
)

// geMask returns 0xFF in each byte where a's byte is >= b's, 0 elsewhere.
func geMask(a, b uint64) uint64 {
	// 256 + x - y has bit 8 set exactly when x >= y, and never borrows from
	// the next lane.
	even := ((a&evenBytes | laneHigh) - b&evenBytes) >> 8 & laneOne
	odd := ((a>>8&evenBytes | laneHigh) - b>>8&evenBytes) >> 8 & laneOne
	return (even | odd<<8) * 0xFF
}

// max8 returns the bytewise maximum of a and b.
func max8(a, b uint64) uint64 { return b ^ (a^b)&geMask(a, b) }

// min8 returns the bytewise minimum of a and b.
func min8(a, b uint64) uint64 { return a ^ (a^b)&geMask(a, b) }

// extreme8 is max8, or min8 when isMin.
func extreme8(a, b uint64, isMin bool) uint64 {
	m := geMask(a, b)
	if isMin {
		return a ^ (a^b)&m
	}
	return b ^ (a^b)&m
}

// load64 reads the eight bytes at b[i:] in native order; the caller has
// checked the bounds. Both targets that matter (amd64 and wasm) allow
// unaligned loads.
func load64(b []byte, i int) uint64 {
	_ = b[i+7]
	return *(*uint64)(unsafe.Pointer(&b[i]))
}

func store64(b []byte, i int, v uint64) {
	_ = b[i+7]
	*(*uint64)(unsafe.Pointer(&b[i])) = v
}

func load32(b []byte, i int) uint32 {
	_ = b[i+3]
	return *(*uint32)(unsafe.Pointer(&b[i]))
}

func store32(b []byte, i int, v uint32) {
	_ = b[i+3]
	*(*uint32)(unsafe.Pointer(&b[i])) = v
}
