//go:build !wasm

package pool

import "unsafe"

// linearPackedRow decodes the n pixels of an input row into packed lanes
// (two words a pixel, see linearPacked; dec is linearFixed27) and adds them
// to the column sums, with the slot as mode says.
func linearPackedRow(cols, slot, row unsafe.Pointer, n int, mode rowMode, dec *[256]uint64) {
	for x := range n {
		v := *(*uint32)(unsafe.Add(row, 4*x))
		w0 := dec[uint8(v)] | dec[uint8(v>>8)]<<32
		w1 := dec[uint8(v>>16)] | uint64(v>>24)<<32
		c := unsafe.Add(cols, 16*x)
		p := unsafe.Add(slot, 16*x)
		switch mode {
		case addOnly:
			*(*uint64)(c) += w0
			*(*uint64)(unsafe.Add(c, 8)) += w1
		case addKeep:
			*(*uint64)(c) += w0
			*(*uint64)(unsafe.Add(c, 8)) += w1
			*(*uint64)(p), *(*uint64)(unsafe.Add(p, 8)) = w0, w1
		case replaceSlot:
			*(*uint64)(c) += w0 - *(*uint64)(p)
			*(*uint64)(unsafe.Add(c, 8)) += w1 - *(*uint64)(unsafe.Add(p, 8))
			*(*uint64)(p), *(*uint64)(unsafe.Add(p, 8)) = w0, w1
		}
	}
}

// linearPackedSlide writes pixels [from, n) at out of linearPacked's
// windows: window i adds the column at enter + 16i to the sums and takes
// the one at leave + 16i; quot is their divisor's alpha quotients
// (packedQuotients), dm its magic, inv 1/(div·2^27). It settles uncertain steps (settle), stops at the first
// window that stays uncertain, and returns its index, or n, with sums
// holding that window's sums.
func linearPackedSlide(out, enter, leave unsafe.Pointer, from, n int, sums *[2]uint64, quot unsafe.Pointer, dm uint64, inv float64, e *linearEncoder) int {
	s0, s1 := sums[0], sums[1]
	i := from
	for ; i < n; i++ {
		c, d := unsafe.Add(enter, 16*i), unsafe.Add(leave, 16*i)
		s0 += *(*uint64)(c) - *(*uint64)(d)
		s1 += *(*uint64)(unsafe.Add(c, 8)) - *(*uint64)(unsafe.Add(d, 8))
		sr, sg, sb := s0&0xFFFFFFFF, s0>>32, s1&0xFFFFFFFF
		cr, cg, cb := e.code[packedStep(sr, dm)], e.code[packedStep(sg, dm)], e.code[packedStep(sb, dm)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, float64(sr)*inv, float64(sg)*inv, float64(sb)*inv); (cr|cg|cb)&uncertainStep != 0 {
				break
			}
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = uint32(*(*byte)(unsafe.Add(quot, s1>>32)))<<24 | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	sums[0], sums[1] = s0, s1
	return i
}
