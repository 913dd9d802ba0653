//go:build !wasm

package pool

import "unsafe"

// linear2x2Row writes pixels [from, n) of an output row of linear2x2 in
// linear light, not premultiplied, at d, from the blocks in rows r0 and r1,
// up to the first whose step stays uncertain once settled (settle): it
// returns that pixel's index, or n when there is none.
func linear2x2Row(d, r0, r1 unsafe.Pointer, from, n int, e *linearEncoder, dec *[256]uint64) int {
	for ox := from; ox < n; ox++ {
		v, w := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
		// The alpha sum over four, rounded half to even.
		sa := v>>24&0xFF + v>>56 + w>>24&0xFF + w>>56
		sr := dec[uint8(v)] + dec[uint8(v>>32)] + dec[uint8(w)] + dec[uint8(w>>32)]
		sg := dec[uint8(v>>8)] + dec[uint8(v>>40)] + dec[uint8(w>>8)] + dec[uint8(w>>40)]
		sb := dec[uint8(v>>16)] + dec[uint8(v>>48)] + dec[uint8(w>>16)] + dec[uint8(w>>48)]
		// The mean's step is floor(s/(4·2^32)·2^14), a shift: the exact
		// fixed-point mean lies in it, so a certain step settles the byte as
		// the float64 mean's step would.
		cr, cg, cb := e.code[sr>>20&(2*linearCodeSteps-1)], e.code[sg>>20&(2*linearCodeSteps-1)], e.code[sb>>20&(2*linearCodeSteps-1)]
		if (cr|cg|cb)&uncertainStep != 0 {
			const f = 1.0 / (4 << 32)
			if cr, cg, cb = e.settle3(cr, cg, cb, float64(sr)*f, float64(sg)*f, float64(sb)*f); (cr|cg|cb)&uncertainStep != 0 {
				return ox
			}
		}
		*(*uint32)(unsafe.Add(d, 4*ox)) = uint32((sa+1+sa>>2&1)>>2)<<24 | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	return n
}

// linear2x2PremulRow is linear2x2Row for premultiplied alpha; recips is
// quadReciprocals.
func linear2x2PremulRow(d, r0, r1 unsafe.Pointer, from, n int, e *linearEncoder, dec *[256]uint64, recips *[1024]float64) int {
	for ox := from; ox < n; ox++ {
		v, w := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
		a0, a1, a2, a3 := v>>24&0xFF, v>>56, w>>24&0xFF, w>>56
		sa := a0 + a1 + a2 + a3
		if sa == 0 {
			*(*uint32)(unsafe.Add(d, 4*ox)) = 0
			continue
		}
		sr := dec[uint8(v)]*a0 + dec[uint8(v>>32)]*a1 + dec[uint8(w)]*a2 + dec[uint8(w>>32)]*a3
		sg := dec[uint8(v>>8)]*a0 + dec[uint8(v>>40)]*a1 + dec[uint8(w>>8)]*a2 + dec[uint8(w>>40)]*a3
		sb := dec[uint8(v>>16)]*a0 + dec[uint8(v>>48)]*a1 + dec[uint8(w>>16)]*a2 + dec[uint8(w>>48)]*a3
		f := recips[sa&1023]
		lr, lg, lb := float64(sr)*f, float64(sg)*f, float64(sb)*f
		cr, cg, cb := e.code[stepOf(lr)], e.code[stepOf(lg)], e.code[stepOf(lb)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, lr, lg, lb); (cr|cg|cb)&uncertainStep != 0 {
				return ox
			}
		}
		*(*uint32)(unsafe.Add(d, 4*ox)) = uint32((sa+1+sa>>2&1)>>2)<<24 | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	return n
}
