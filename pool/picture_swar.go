package pool

// SWAR ("SIMD within a register") helpers: eight bytes processed at once in a
// uint64. Words are loaded little-endian (swar_le.go, swar_be.go), so that byte
// i of a word is bits 8i to 8i+7 whatever the machine.
const (
	evenBytes = 0x00FF00FF00FF00FF // the even bytes, one per 16-bit lane
	laneOne   = 0x0001000100010001 // 1 in every 16-bit lane
	highBits  = 0x8080808080808080 // the top bit of every byte
)

// geMask returns 0xFF in each byte where a's byte is >= b's, 0 elsewhere.
func geMask(a, b uint64) uint64 {
	// (a|0x80) - (b&0x7F) never borrows from the next byte, and its top bit
	// says whether a's low seven bits are >= b's; the top bits of a and b
	// decide where they differ.
	low := (a | highBits) - b&^highBits
	ge := (a&^b | ^(a^b)&low) & highBits
	return ge >> 7 * 0xFF
}

// max8 returns the bytewise maximum of a and b.
func max8(a, b uint64) uint64 { return b ^ (a^b)&geMask(a, b) }

// min8 returns the bytewise minimum of a and b.
func min8(a, b uint64) uint64 { return a ^ (a^b)&geMask(a, b) }

// extreme8 is max8, or min8 when isMin.
func extreme8(a, b uint64, isMin bool) uint64 {
	var flip uint64
	if isMin {
		flip = ^uint64(0)
	}
	return extreme8Flip(a, b, flip)
}

// extreme8Flip is max8 when flip is 0 and min8 when it is all ones, for
// loops that choose between them once: it takes a where the mask (a >= b,
// flipped for min) says so; ties need no care, the bytes being equal.
func extreme8Flip(a, b, flip uint64) uint64 { return b ^ (a^b)&(geMask(a, b)^flip) }
