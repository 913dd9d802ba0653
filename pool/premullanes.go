package pool

import "unsafe"

// The premultiplied average in sRGB is an exact integer computation, so it
// slides like the plain one (avglanes.go): per pixel, its colours times its
// alpha and its alpha, two 32-bit lanes to a word (R·a, B·a and G·a, a); sums
// over each window's rows kept per column, rows entering and leaving; then
// sums along the row, pixels entering and leaving. Lanes hold up to
// maxProductCells pixels.

// premultipliedLanesFit reports whether premultipliedLanes handles g.
func premultipliedLanesFit(g *Geometry) bool {
	return wordViews && g.H.Dilation == 1 && g.W.Dilation == 1 && g.H.Kernel <= maxProductCells/g.W.Kernel
}

// premultipliedLanes writes output rows [from, to) of a premultiplied average
// in sRGB, with the rounding of avgPicture: colour = sum(c·a)/sum(a), alpha =
// sum(a)/divisor, both half to even, colour 0 where the window is fully
// transparent (premultipliedPixel).
func (k *kernelPixels) premultipliedLanes(dst []byte, from, to int) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	ay, ax := &k.g.H, &k.g.W
	inW := ax.In
	// ring holds the products of the rows in the column sums, row y in slot
	// y % Kernel: a row enters after the rows Kernel above it have left.
	s.products = grow(s.products, 2*inW*ay.Kernel)
	s.pixel = grow(s.pixel, 2*inW)
	ring := unsafe.Pointer(&s.products[0])
	cols := unsafe.Pointer(&s.pixel[0])
	slot := func(y int) unsafe.Pointer { return unsafe.Add(ring, 16*inW*(y%ay.Kernel)) }
	magics := s.magicTable(ay.Kernel * ax.Kernel)
	lo, hi := 0, 0 // the input rows in the column sums
	for oy := from; oy < to; oy++ {
		wy := ay.Windows[oy]
		a, b := wy.First, wy.First+wy.Count
		if a >= hi {
			clear(s.pixel)
			lo, hi = a, a
		}
		// A row that enters where the leaving row's products lie (stride 1)
		// replaces them in one pass.
		for ; lo < a && hi < b && hi == lo+ay.Kernel; lo, hi = lo+1, hi+1 {
			row := unsafe.Pointer(&k.src[(hi-k.srcY)*k.stride])
			p := slot(hi)
			for x := range inW {
				rb, ga := alphaWeightedLanes(*(*uint32)(unsafe.Add(row, 4*x)))
				q, c := unsafe.Add(p, 16*x), unsafe.Add(cols, 16*x)
				*(*uint64)(c) += rb - *(*uint64)(q)
				*(*uint64)(unsafe.Add(c, 8)) += ga - *(*uint64)(unsafe.Add(q, 8))
				*(*uint64)(q) = rb
				*(*uint64)(unsafe.Add(q, 8)) = ga
			}
		}
		for ; lo < a; lo++ {
			p := slot(lo)
			for i := range 2 * inW {
				*(*uint64)(unsafe.Add(cols, 8*i)) -= *(*uint64)(unsafe.Add(p, 8*i))
			}
		}
		for ; hi < b; hi++ {
			row := unsafe.Pointer(&k.src[(hi-k.srcY)*k.stride])
			p := slot(hi)
			for x := range inW {
				rb, ga := alphaWeightedLanes(*(*uint32)(unsafe.Add(row, 4*x)))
				*(*uint64)(unsafe.Add(p, 16*x)) = rb
				*(*uint64)(unsafe.Add(p, 16*x+8)) = ga
				*(*uint64)(unsafe.Add(cols, 16*x)) += rb
				*(*uint64)(unsafe.Add(cols, 16*x+8)) += ga
			}
		}
		out := unsafe.Pointer(&dst[(oy-from)*4*ax.Out])
		var rb, ga uint64
		l, h := 0, 0 // the pixels in rb and ga
		lastDiv, divMagic := 0, uint64(0)
		for ox := range ax.Out {
			wx := &ax.Windows[ox]
			a, b := wx.First, wx.First+wx.Count
			if a >= h {
				rb, ga, l, h = 0, 0, a, a
			}
			for ; l < a; l++ {
				rb -= *(*uint64)(unsafe.Add(cols, 16*l))
				ga -= *(*uint64)(unsafe.Add(cols, 16*l+8))
			}
			for ; h < b; h++ {
				rb += *(*uint64)(unsafe.Add(cols, 16*h))
				ga += *(*uint64)(unsafe.Add(cols, 16*h+8))
			}
			if div := wy.Divisor * wx.Divisor; div != lastDiv {
				lastDiv, divMagic = div, magic(uint64(div))
			}
			*(*uint32)(unsafe.Add(out, 4*ox)) = premultipliedPixel(rb, ga, uint64(lastDiv), divMagic, magics)
		}
	}
}

// alphaWeightedLanes splits an RGBA pixel into two words of 32-bit lanes:
// red and blue times alpha, and green times alpha beside alpha itself, so
// that a column of them sums in two additions a pixel.
func alphaWeightedLanes(v uint32) (rb, ga uint64) {
	al := uint64(v >> 24)
	return (uint64(v&0xFF) | uint64(v&0xFF0000)<<16) * al, uint64(v>>8&0xFF)*al | al<<32
}
