package pool

import "unsafe"

// The premultiplied average of blocks (and of the 2x2 blocks of the CNN
// case) reads each pixel once: per pixel its colours times its alpha, two
// to a multiplication (R·a and B·a in the 32-bit lanes of one word, G·a and
// a of another), and per block one exact rounded division of each colour
// sum by the alpha sum, through a table of magic reciprocals (divide.go).

// maxMagicTable bounds the alpha sums whose magic reciprocals a scratch
// tabulates: the sums of blocks of up to 64 pixels. Larger blocks are few
// enough to afford one division each.
const maxMagicTable = 255 * 64

// magicTable returns magic(n) for every alpha sum n up to 255*cells, or for
// as many as maxMagicTable allows; it grows from call to call and is kept.
func (s *scratch) magicTable(cells int) []uint64 {
	n := min(255*cells, maxMagicTable) + 1
	if len(s.magics) < n {
		s.magics = grow(s.magics, n)
		for d := 1; d < n; d++ {
			s.magics[d] = magic(uint64(d))
		}
	}
	return s.magics
}

// premultipliedPixel returns the premultiplied mean of a window from its
// sums: rb holds the sums of R·a and B·a in its 32-bit lanes, ga those of G·a
// and a; div is the window's divisor (for alpha), magics a magicTable.
func premultipliedPixel(rb, ga uint64, div, divMagic uint64, magics []uint64) uint32 {
	sa := ga >> 32
	o := uint32(divRoundEvenMagic(sa, div, divMagic)) << 24
	if sa == 0 {
		return o
	}
	var m uint64
	switch {
	case sa < uint64(len(magics)):
		m = magics[sa]
	case sa <= maxMagicDivisor:
		m = magic(sa)
	default:
		return o | uint32(divRoundEven(rb&0xFFFFFFFF, sa)) | uint32(divRoundEven(ga&0xFFFFFFFF, sa))<<8 | uint32(divRoundEven(rb>>32, sa))<<16
	}
	return o | uint32(divRoundEvenMagic(rb&0xFFFFFFFF, sa, m)) |
		uint32(divRoundEvenMagic(ga&0xFFFFFFFF, sa, m))<<8 |
		uint32(divRoundEvenMagic(rb>>32, sa, m))<<16
}

// premultiplied2x2 writes output rows [from, to) of a premultiplied average
// of 2x2 blocks: alpha is the sum over four, rounded half to even by the
// shift of avg2x2Pixel; opaque pairs of pixels weigh their colours equally.
func (k *kernelPixels) premultiplied2x2(dst []byte, from, to int) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	// A table past 1020, the largest alpha sum, so that a 10-bit index
	// needs no bounds check.
	magics := (*[1024]uint64)(s.magicTable(5))
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		r1 := unsafe.Add(r0, k.stride)
		d := unsafe.Add(out, (oy-from)*4*outW)
		for ox := range outW {
			v, w := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
			if (v&w)>>24&0xFF000000FF == 0xFF000000FF {
				// Four opaque pixels: the weights are equal, and the mean is
				// the plain one.
				*(*uint32)(unsafe.Add(d, 4*ox)) = uint32(avg2x2Pixel(v, w))
				continue
			}
			rb0, ga0 := alphaWeightedLanes(uint32(v))
			rb1, ga1 := alphaWeightedLanes(uint32(v >> 32))
			rb2, ga2 := alphaWeightedLanes(uint32(w))
			rb3, ga3 := alphaWeightedLanes(uint32(w >> 32))
			rb, ga := rb0+rb1+rb2+rb3, ga0+ga1+ga2+ga3
			sa := ga >> 32
			o := uint32((sa+1+sa>>2&1)>>2) << 24 // n/4 rounded half to even
			if sa != 0 {
				m := magics[sa&1023]
				o |= uint32(divRoundEvenMagic(rb&0xFFFFFFFF, sa, m)) |
					uint32(divRoundEvenMagic(ga&0xFFFFFFFF, sa, m))<<8 |
					uint32(divRoundEvenMagic(rb>>32, sa, m))<<16
			}
			*(*uint32)(unsafe.Add(d, 4*ox)) = o
		}
	}
}

// premultipliedBlocks writes output rows [from, to) of a premultiplied
// average in sRGB: per block, the alpha sum and the sums of colour times
// alpha, exact integers; each colour is its sum divided by the alpha sum,
// alpha the alpha sum divided by the block's size, both rounded half to even.
func (k *kernelPixels) premultipliedBlocks(dst []byte, from, to int) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	kh, kw, outW := k.g.H.Kernel, k.g.W.Kernel, k.g.W.Out
	d := uint64(kh * kw)
	dm := magic(d)
	magics := s.magicTable(int(d))
	src, out := k.blockBase(dst)
	stride := k.stride
	for oy := from; oy < to; oy++ {
		top := unsafe.Add(src, k.blockTop(oy))
		row := unsafe.Add(out, (oy-from)*4*outW)
		for ox := range outW {
			var rb, ga uint64
			p := unsafe.Add(top, 4*kw*ox)
			for i := range kh {
				r := unsafe.Add(p, i*stride)
				for j := range kw {
					x, y := alphaWeightedLanes(*(*uint32)(unsafe.Add(r, 4*j)))
					rb += x
					ga += y
				}
			}
			*(*uint32)(unsafe.Add(row, 4*ox)) = premultipliedPixel(rb, ga, d, dm, magics)
		}
	}
}
