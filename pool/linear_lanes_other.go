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
		cr, cg, cb := e.code[stepOf(lr)], e.code[stepOf(lg)], e.code[stepOf(lb)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, lr, lg, lb); (cr|cg|cb)&uncertainStep != 0 {
				break
			}
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
		cr, cg, cb := e.code[stepOf(lr)], e.code[stepOf(lg)], e.code[stepOf(lb)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, lr, lg, lb); (cr|cg|cb)&uncertainStep != 0 {
				break
			}
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	sums[0], sums[1], sums[2], sums[3] = sr, sg, sb, sa
	return i
}

// linearBlocks writes pixels [from, n) at out of linearRun.blocks's
// windows, not premultiplied: window i sums the kw columns from cols +
// 32·stride·i; div is their divisor (magic dm), inv 1/(div·2^32). It settles
// uncertain steps (settle), stops at the first window that stays uncertain,
// and returns its index, or n.
func linearBlocks(out, cols unsafe.Pointer, from, n, stride, kw int, div, dm uint64, inv float64, e *linearEncoder) int {
	for i := from; i < n; i++ {
		sr, sg, sb, sa := linearBlockSums(unsafe.Add(cols, 32*stride*i), kw)
		lr, lg, lb := float64(sr)*inv, float64(sg)*inv, float64(sb)*inv
		cr, cg, cb := e.code[stepOf(lr)], e.code[stepOf(lg)], e.code[stepOf(lb)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, lr, lg, lb); (cr|cg|cb)&uncertainStep != 0 {
				return i
			}
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = uint32(divRoundEvenMagic(sa, div, dm))<<24 | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	return n
}

// linearBlocksPremul is linearBlocks for premultiplied alpha, whose colour
// sums are divided by the alpha sum (inv unused).
func linearBlocksPremul(out, cols unsafe.Pointer, from, n, stride, kw int, div, dm uint64, _ float64, e *linearEncoder) int {
	for i := from; i < n; i++ {
		sr, sg, sb, sa := linearBlockSums(unsafe.Add(cols, 32*stride*i), kw)
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		if sa == 0 {
			*(*uint32)(unsafe.Add(out, 4*i)) = o
			continue
		}
		w := 1 / (float64(sa) * (1 << 32))
		lr, lg, lb := float64(sr)*w, float64(sg)*w, float64(sb)*w
		cr, cg, cb := e.code[stepOf(lr)], e.code[stepOf(lg)], e.code[stepOf(lb)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, lr, lg, lb); (cr|cg|cb)&uncertainStep != 0 {
				return i
			}
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	return n
}

// linearBlockRow writes pixels [from, n) at out of an output row of
// linearBlockRows, not premultiplied: blocks of kh rows stride bytes apart
// of kw pixels, the first's top left at top; div = kh·kw (magic dm), inv =
// 1/(div·2^32); dec is linearFixed. It settles uncertain steps (settle),
// stops at the first block that stays uncertain, and returns its index, or
// n.
func linearBlockRow(out, top unsafe.Pointer, stride, kh, kw, from, n int, div, dm uint64, inv float64, e *linearEncoder, dec *[256]uint64) int {
	for i := from; i < n; i++ {
		var sr, sg, sb, sa uint64
		for y := range kh {
			p := unsafe.Add(top, y*stride+4*kw*i)
			for x := range kw {
				v := *(*uint32)(unsafe.Add(p, 4*x))
				sr += dec[uint8(v)]
				sg += dec[uint8(v>>8)]
				sb += dec[uint8(v>>16)]
				sa += uint64(v >> 24)
			}
		}
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		lr, lg, lb := float64(sr)*inv, float64(sg)*inv, float64(sb)*inv
		cr, cg, cb := e.code[stepOf(lr)], e.code[stepOf(lg)], e.code[stepOf(lb)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, lr, lg, lb); (cr|cg|cb)&uncertainStep != 0 {
				return i
			}
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	return n
}

// linearBlockRowPremul is linearBlockRow for premultiplied alpha, whose
// colour sums are divided by the alpha sum (inv unused).
func linearBlockRowPremul(out, top unsafe.Pointer, stride, kh, kw, from, n int, div, dm uint64, _ float64, e *linearEncoder, dec *[256]uint64) int {
	for i := from; i < n; i++ {
		var sr, sg, sb, sa uint64
		for y := range kh {
			p := unsafe.Add(top, y*stride+4*kw*i)
			for x := range kw {
				v := *(*uint32)(unsafe.Add(p, 4*x))
				a := uint64(v >> 24)
				sr += dec[uint8(v)] * a
				sg += dec[uint8(v>>8)] * a
				sb += dec[uint8(v>>16)] * a
				sa += a
			}
		}
		o := uint32(divRoundEvenMagic(sa, div, dm)) << 24
		if sa == 0 {
			*(*uint32)(unsafe.Add(out, 4*i)) = o
			continue
		}
		w := 1 / (float64(sa) * (1 << 32))
		lr, lg, lb := float64(sr)*w, float64(sg)*w, float64(sb)*w
		cr, cg, cb := e.code[stepOf(lr)], e.code[stepOf(lg)], e.code[stepOf(lb)]
		if (cr|cg|cb)&uncertainStep != 0 {
			if cr, cg, cb = e.settle3(cr, cg, cb, lr, lg, lb); (cr|cg|cb)&uncertainStep != 0 {
				return i
			}
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = o | uint32(cr) | uint32(cg)<<8 | uint32(cb)<<16
	}
	return n
}

// settle3 settles the three codes of a window (settle), out of the
// loops' way.
//
//go:noinline
func (e *linearEncoder) settle3(cr, cg, cb uint16, lr, lg, lb float64) (uint16, uint16, uint16) {
	return e.settle(cr, lr), e.settle(cg, lg), e.settle(cb, lb)
}

// linearRowLanes decodes the n pixels of an input row (four words a pixel,
// see linearLanes; dec is linearFixed) and adds them to the column sums,
// with the slot as mode says.
func linearRowLanes(cols, slot, row unsafe.Pointer, n int, wmask, wone uint64, mode rowMode, dec *[256]uint64) {
	switch mode {
	case addOnly:
		for x := range n {
			v := *(*uint32)(unsafe.Add(row, 4*x))
			a := uint64(v >> 24)
			w := a&wmask | wone
			c := unsafe.Add(cols, 32*x)
			*(*uint64)(c) += dec[uint8(v)] * w
			*(*uint64)(unsafe.Add(c, 8)) += dec[uint8(v>>8)] * w
			*(*uint64)(unsafe.Add(c, 16)) += dec[uint8(v>>16)] * w
			*(*uint64)(unsafe.Add(c, 24)) += a
		}
	case addKeep:
		for x := range n {
			v := *(*uint32)(unsafe.Add(row, 4*x))
			a := uint64(v >> 24)
			w := a&wmask | wone
			r, g, b := dec[uint8(v)]*w, dec[uint8(v>>8)]*w, dec[uint8(v>>16)]*w
			p, c := unsafe.Add(slot, 32*x), unsafe.Add(cols, 32*x)
			*(*uint64)(p) = r
			*(*uint64)(unsafe.Add(p, 8)) = g
			*(*uint64)(unsafe.Add(p, 16)) = b
			*(*uint64)(unsafe.Add(p, 24)) = a
			*(*uint64)(c) += r
			*(*uint64)(unsafe.Add(c, 8)) += g
			*(*uint64)(unsafe.Add(c, 16)) += b
			*(*uint64)(unsafe.Add(c, 24)) += a
		}
	case replaceSlot:
		for x := range n {
			v := *(*uint32)(unsafe.Add(row, 4*x))
			a := uint64(v >> 24)
			w := a&wmask | wone
			r, g, b := dec[uint8(v)]*w, dec[uint8(v>>8)]*w, dec[uint8(v>>16)]*w
			p, c := unsafe.Add(slot, 32*x), unsafe.Add(cols, 32*x)
			*(*uint64)(c) += r - *(*uint64)(p)
			*(*uint64)(unsafe.Add(c, 8)) += g - *(*uint64)(unsafe.Add(p, 8))
			*(*uint64)(unsafe.Add(c, 16)) += b - *(*uint64)(unsafe.Add(p, 16))
			*(*uint64)(unsafe.Add(c, 24)) += a - *(*uint64)(unsafe.Add(p, 24))
			*(*uint64)(p) = r
			*(*uint64)(unsafe.Add(p, 8)) = g
			*(*uint64)(unsafe.Add(p, 16)) = b
			*(*uint64)(unsafe.Add(p, 24)) = a
		}
	}
}
