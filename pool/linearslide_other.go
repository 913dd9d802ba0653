//go:build !wasm

package pool

import "unsafe"

// linearSlide writes pixels [from, n) at out of linearRun.slide's windows,
// not premultiplied: window i adds the column at enter + 32i to the sums
// and takes the one at leave + 32i; div is their divisor (magic dm), inv
// 1/(div·2^32). It settles uncertain steps (settle), stops at the first
// window that stays uncertain, and returns its index, or n, with sums
// holding that window's sums.
func linearSlide(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, inv float64, e *linearEncoder) int {
	sr, sg, sb, sa := sums[0], sums[1], sums[2], sums[3]
	i := from
	for ; i < n; i++ {
		c, d := unsafe.Add(enter, 32*i), unsafe.Add(leave, 32*i)
		sr += *(*uint64)(c) - *(*uint64)(d)
		sg += *(*uint64)(unsafe.Add(c, 8)) - *(*uint64)(unsafe.Add(d, 8))
		sb += *(*uint64)(unsafe.Add(c, 16)) - *(*uint64)(unsafe.Add(d, 16))
		sa += *(*uint64)(unsafe.Add(c, 24)) - *(*uint64)(unsafe.Add(d, 24))
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		lr, lg, lb := float64(sr)*inv, float64(sg)*inv, float64(sb)*inv
		cr := e.settle(e.code[int(lr*linearCodeSteps)&(2*linearCodeSteps-1)], lr)
		cg := e.settle(e.code[int(lg*linearCodeSteps)&(2*linearCodeSteps-1)], lg)
		cb := e.settle(e.code[int(lb*linearCodeSteps)&(2*linearCodeSteps-1)], lb)
		if (cr|cg|cb)&uncertainStep != 0 {
			break
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	sums[0], sums[1], sums[2], sums[3] = sr, sg, sb, sa
	return i
}

// linearSlidePremul is linearSlide for premultiplied alpha, whose colour
// sums are divided by the alpha sum (inv unused).
func linearSlidePremul(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, _ float64, e *linearEncoder) int {
	sr, sg, sb, sa := sums[0], sums[1], sums[2], sums[3]
	i := from
	for ; i < n; i++ {
		c, d := unsafe.Add(enter, 32*i), unsafe.Add(leave, 32*i)
		sr += *(*uint64)(c) - *(*uint64)(d)
		sg += *(*uint64)(unsafe.Add(c, 8)) - *(*uint64)(unsafe.Add(d, 8))
		sb += *(*uint64)(unsafe.Add(c, 16)) - *(*uint64)(unsafe.Add(d, 16))
		sa += *(*uint64)(unsafe.Add(c, 24)) - *(*uint64)(unsafe.Add(d, 24))
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		if sa == 0 {
			*(*uint32)(unsafe.Add(out, 4*i)) = o
			continue
		}
		w := 1 / (float64(sa) * (1 << 32))
		lr, lg, lb := float64(sr)*w, float64(sg)*w, float64(sb)*w
		cr := e.settle(e.code[int(lr*linearCodeSteps)&(2*linearCodeSteps-1)], lr)
		cg := e.settle(e.code[int(lg*linearCodeSteps)&(2*linearCodeSteps-1)], lg)
		cb := e.settle(e.code[int(lb*linearCodeSteps)&(2*linearCodeSteps-1)], lb)
		if (cr|cg|cb)&uncertainStep != 0 {
			break
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	sums[0], sums[1], sums[2], sums[3] = sr, sg, sb, sa
	return i
}
