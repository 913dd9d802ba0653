//go:build goexperiment.simd && (amd64 || wasm)

package pool

import "unsafe"

// The premultiplied average of 3x3 windows at stride 1, the blur of a
// picture with transparency, with the vector kernels: each input row's
// products (R·a, B·a, G·a and a, four 32-bit lanes a pixel, as
// premultipliedLanes makes them) are computed once, into a ring of three
// rows, and each whole window adds its three rows' products column by
// column and three columns along the row, each column summed once for the
// three windows that take it, then divides as premultipliedRunQuads does.
// premultipliedLanes keeps running column sums instead, rows entering and
// leaving, which costs a load, a store and two additions more per pixel for
// a window of three rows. Windows that reach into the padding are summed
// one by one; output rows whose window is not three input rows go through
// premultipliedLanes.

// premultipliedBox3 writes output rows [from, to) of a premultiplied
// average of 3x3 windows at stride 1 (box3Fits), with the vector kernels.
func (k *kernelPixels) premultipliedBox3(dst []byte, from, to int) {
	s := optionScratches.get()
	defer optionScratches.put(s)
	ay, ax := &k.g.H, &k.g.W
	inW, outBytes := ax.In, 4*ax.Out
	s.products = grow(s.products, 3*2*inW)
	ring := unsafe.Pointer(&s.products[0])
	slot := func(y int) unsafe.Pointer { return unsafe.Add(ring, 16*inW*(y%3)) }
	held := [3]int{-1, -1, -1} // the input row whose products each slot holds
	magics := s.magicTable(9)
	// The quads loop takes the whole windows four a turn, and one quad more
	// that ends on the last of them, overlapping the one before.
	wa, wb := wholeBox3Range(ax)
	quads := (wb - wa) / 4
	r := newRunSums(0, 0, 9)
	var lastDiv, divMagic uint64
	for oy := from; oy < to; oy++ {
		out := dst[(oy-from)*outBytes : (oy-from+1)*outBytes]
		wy := ay.Windows[oy]
		if !wholeBox3(wy) {
			k.premultipliedLanes(out, oy, oy+1)
			continue
		}
		for y := wy.First; y < wy.First+3; y++ {
			if held[y%3] != y {
				productRowVectors(slot(y), unsafe.Pointer(&k.src[(y-k.srcY)*k.stride]), inW)
				held[y%3] = y
			}
		}
		p0, p1, p2 := slot(wy.First), slot(wy.First+1), slot(wy.First+2)
		done := wa // the windows written from wa on
		if quads > 0 {
			col := 16 * ax.Windows[wa].First
			o := unsafe.Pointer(&out[4*wa])
			premultipliedBox3Quads(o, unsafe.Add(p0, col), unsafe.Add(p1, col), unsafe.Add(p2, col), quads, &r)
			if wa+4*quads < wb {
				col := 16 * ax.Windows[wb-4].First
				o := unsafe.Pointer(&out[4*(wb-4)])
				premultipliedBox3Quads(o, unsafe.Add(p0, col), unsafe.Add(p1, col), unsafe.Add(p2, col), 1, &r)
			}
			done = wb
		}
		window := func(ox int) {
			wx := ax.Windows[ox]
			var rb, ga uint64
			for _, p := range [...]unsafe.Pointer{p0, p1, p2} {
				for x := wx.First; x < wx.First+wx.Count; x++ {
					rb += *(*uint64)(unsafe.Add(p, 16*x))
					ga += *(*uint64)(unsafe.Add(p, 16*x+8))
				}
			}
			if div := uint64(wy.Divisor * wx.Divisor); div != lastDiv {
				lastDiv, divMagic = div, magic(div)
			}
			*(*uint32)(unsafe.Pointer(&out[4*ox])) = premultipliedPixel(rb, ga, lastDiv, divMagic, magics)
		}
		for ox := range wa {
			window(ox)
		}
		for ox := done; ox < ax.Out; ox++ {
			window(ox)
		}
	}
}

// productRowVectors sets the lanes of the n pixels at slot to the products
// of those of row, four pixels a turn (productQuads).
func productRowVectors(slot, row unsafe.Pointer, n int) {
	m := n &^ 3
	productQuads(slot, row, m/4)
	for x := m; x < n; x++ {
		rb, ga := alphaWeightedLanes(*(*uint32)(unsafe.Add(row, 4*x)))
		*(*uint64)(unsafe.Add(slot, 16*x)) = rb
		*(*uint64)(unsafe.Add(slot, 16*x+8)) = ga
	}
}
