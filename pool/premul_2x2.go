package pool

import "unsafe"

// The premultiplied average divides each colour sum by the window's alpha
// sum, exactly, rounded half to even: by one multiplication with a magic
// reciprocal of the alpha sum (divide.go), tabulated for the windows of up to
// 64 pixels. The 2x2 kernel of the CNN case reads each pixel once and
// multiplies its three colours by its alpha at once, in 21-bit lanes.

// maxMagicTable bounds the alpha sums whose magic reciprocals a scratch
// tabulates: the sums of blocks of up to 64 pixels. Larger blocks are few
// enough to afford one division each.
const maxMagicTable = 255 * 64

// magicTable returns magic(n) for every alpha sum n up to 255*cells, or for
// as many as maxMagicTable allows; it grows from call to call and is kept.
func (s *optionScratch) magicTable(cells int) []uint64 {
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
	s := optionScratches.get()
	defer optionScratches.put(s)
	// A table past 1020, the largest alpha sum, so that a 10-bit index
	// needs no bounds check.
	magics := (*[1024]uint64)(s.magicTable(5))
	outW := k.g.W.Out
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		r0 := unsafe.Add(src, k.blockTop(oy))
		d := unsafe.Add(out, (oy-from)*4*outW)
		quads := 0
		if k.vectors {
			quads = outW / 4
			premultiplied2x2Vectors(d, r0, unsafe.Add(r0, k.stride), quads)
		}
		premultiplied2x2Row(d, r0, unsafe.Add(r0, k.stride), 4*quads, outW, magics)
	}
}

// premultiplied2x2Row writes output pixels [from, to) of a row of
// premultiplied2x2, whose blocks lie in rows r0 and r1, at d.
func premultiplied2x2Row(d, r0, r1 unsafe.Pointer, from, to int, magics *[1024]uint64) {
	for ox := from; ox < to; ox++ {
		v, w := *(*uint64)(unsafe.Add(r0, 8*ox)), *(*uint64)(unsafe.Add(r1, 8*ox))
		if (v&w)>>24&0xFF000000FF == 0xFF000000FF {
			// Four opaque pixels: the weights are equal, and the mean is
			// the plain one.
			*(*uint32)(unsafe.Add(d, 4*ox)) = uint32(avg2x2Pixel(v, w))
			continue
		}
		// Each pixel's colours spread to 21-bit lanes, all three
		// multiplied by its alpha at once: four products of at most
		// 255*255 each sum below 2^21.
		a0, a1, a2, a3 := v>>24&0xFF, v>>56, w>>24&0xFF, w>>56
		sa := a0 + a1 + a2 + a3
		o := uint32((sa+1+sa>>2&1)>>2) << 24 // n/4 rounded half to even
		if sa != 0 {
			c := spread21(v)*a0 + spread21(v>>32)*a1 + spread21(w)*a2 + spread21(w>>32)*a3
			m := magics[sa&1023]
			o |= uint32(divRoundEvenMagic(c&lane21, sa, m)) |
				uint32(divRoundEvenMagic(c>>21&lane21, sa, m))<<8 |
				uint32(divRoundEvenMagic(c>>42, sa, m))<<16
		}
		*(*uint32)(unsafe.Add(d, 4*ox)) = o
	}
}

// lane21 masks a 21-bit lane.
const lane21 = 1<<21 - 1

// spread21 returns the colours of the pixel in v's low four bytes in 21-bit
// lanes: R in bits 0-20, G in 21-41, B in 42-62.
func spread21(v uint64) uint64 { return v&0xFF | v&0xFF00<<13 | v&0xFF0000<<26 }

// premultipliedBlocksFit reports whether premultipliedBlocks handles g:
// blocks (fitsBlocks) of whole vectors of four pixels, of at most 64 pixels.
func premultipliedBlocksFit(g *Geometry) bool {
	return fitsBlocks(g) && g.W.Kernel%4 == 0 && g.H.Kernel*g.W.Kernel <= 64
}

// premultipliedBlocks writes output rows [from, to) of a premultiplied
// average of blocks (premultipliedBlocksFit) with the vector kernel, four
// blocks a turn, and the last few of a row as premultipliedLanes does.
func (k *kernelPixels) premultipliedBlocks(dst []byte, from, to int) {
	s := optionScratches.get()
	defer optionScratches.put(s)
	kh, kw, outW := k.g.H.Kernel, k.g.W.Kernel, k.g.W.Out
	div := uint64(kh * kw)
	magics := s.magicTable(kh * kw)
	src, out := k.blockBase(dst)
	quads := outW / 4
	for oy := from; oy < to; oy++ {
		top := unsafe.Add(src, k.blockTop(oy))
		d := unsafe.Add(out, (oy-from)*4*outW)
		premultipliedBlocksRow(d, top, k.stride, kh, kw/4, quads, float32(div))
		for ox := 4 * quads; ox < outW; ox++ {
			var rb, ga uint64
			for y := range kh {
				row := unsafe.Add(top, y*k.stride+4*kw*ox)
				for x := range kw {
					r, g := alphaWeightedLanes(*(*uint32)(unsafe.Add(row, 4*x)))
					rb, ga = rb+r, ga+g
				}
			}
			*(*uint32)(unsafe.Add(d, 4*ox)) = premultipliedPixel(rb, ga, div, magic(div), magics)
		}
	}
}
