package pool

import "unsafe"

// Max and min of windows at stride 1 or 2 along the row, directly: for each
// output row, the extreme of its window's rows, column by column, into a row
// of cells with the identity in the padding, then the extreme of each
// output's cells, four outputs a vector (at stride 2, two vectors whose
// even pixels hold them, as in the 2x2 kernel). The cost grows with the
// kernel, where van Herk/Gil-Werman's does not, so each build takes windows
// up to its own directMaxKernel this way. In wasm the loops are assembly
// (picture_extremedirect_wasm.s) that keep their vectors in locals, where the
// separable kernel's passes are Go's wasm code, which keeps them on its
// stack: in Node, on 512x512 pixels, 5x5 takes 0.21 ms against 3.4, 45x45
// 1.4 ms against 3.4, and 3x3/2 (ResNet's) 50 µs against 290. On amd64 they
// are archsimd loops (picture_extremedirect_amd64.go), and the separable
// kernel's passes are vector code too.

// directFits reports whether extremeDirect handles g: stride 1 or 2 along
// the row, and a row of at least one vector of input and of output, so that
// a last vector may overlap the one before.
func directFits(g *Geometry) bool {
	ay, ax := &g.H, &g.W
	return extremeDirectFast && ax.Stride <= 2 && ax.Dilation == 1 && ay.Dilation == 1 && ax.PadBefore >= 0 &&
		ay.Kernel <= directMaxKernel && ax.Kernel <= directMaxKernel && ax.In >= 4 && ax.Out >= 4
}

// extremeDirect writes output rows [from, to) of a max or min that
// directFits.
func (k *kernelPixels) extremeDirect(dst []byte, from, to int, isMin bool) {
	s := extremeScratches.get()
	defer extremeScratches.put(s)
	ax := &k.g.W
	// cells[j] is input pixel j - PadBefore: the identity, or the extreme
	// of the window's rows. At stride 2 the windows may end before the
	// input does, and the last vector of a turn reads one cell past the
	// last window's.
	n := max((ax.Out-1)*ax.Stride+ax.Kernel, ax.PadBefore+ax.In) + ax.Stride - 1
	s.run = grow(s.run, 4*n)
	cells := s.run
	fill(cells[:4*ax.PadBefore], identity(isMin))
	fill(cells[4*(ax.PadBefore+ax.In):], identity(isMin))
	inBytes, outBytes := 4*ax.In, 4*ax.Out
	mid, c := unsafe.Pointer(&cells[4*ax.PadBefore]), unsafe.Pointer(&cells[0])
	for oy := from; oy < to; oy++ {
		wy := k.g.H.Windows[oy]
		top := unsafe.Pointer(&k.src[(wy.First-k.srcY)*k.stride])
		extremeRowsDirect(mid, top, k.stride, wy.Count, inBytes/16, isMin)
		if inBytes%16 != 0 {
			// The last vector again, overlapping the one before.
			extremeRowsDirect(unsafe.Add(mid, inBytes-16), unsafe.Add(top, inBytes-16), k.stride, wy.Count, 1, isMin)
		}
		out := unsafe.Pointer(&dst[(oy-from)*outBytes])
		extremeSlide(out, c, ax.Kernel, ax.Stride, ax.Out/4, isMin)
		if ax.Out%4 != 0 {
			extremeSlide(unsafe.Add(out, outBytes-16), unsafe.Add(c, ax.Stride*(outBytes-16)), ax.Kernel, ax.Stride, 1, isMin)
		}
	}
}

// extremeRowsDirect sets the vecs vectors at dst to the bytewise max (min)
// of those at top and in the rows-1 rows after it, stride bytes apart.
func extremeRowsDirect(dst, top unsafe.Pointer, stride, rows, vecs int, isMin bool) {
	if isMin {
		minRows(dst, top, stride, rows, vecs)
	} else {
		maxRows(dst, top, stride, rows, vecs)
	}
}

// extremeSlide writes 4*quads output pixels at out, each the max (min) of
// kern consecutive pixels from cells on, output i's from cell stride*i
// (stride 1 or 2).
func extremeSlide(out, cells unsafe.Pointer, kern, stride, quads int, isMin bool) {
	switch {
	case stride == 2 && isMin:
		minSlide2(out, cells, kern, quads)
	case stride == 2:
		maxSlide2(out, cells, kern, quads)
	case isMin:
		minSlide(out, cells, kern, quads)
	default:
		maxSlide(out, cells, kern, quads)
	}
}
