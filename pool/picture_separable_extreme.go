package pool

import "unsafe"

// Max and min, separably: van Herk/Gil-Werman over whole rows for the
// vertical pass, then each output row horizontally, at three comparisons per
// cell whatever the window's size.

// extremeScratch holds the separable max and min's buffers.
type extremeScratch struct {
	rows, suffix, run, ident []byte
	quads                    []byte // extremeRowQuads' suffixes
	ext                      []uint32
	pairs                    []uint64
}

var extremeScratches scratchPool[extremeScratch]

// identity is the byte that never wins: 0 for max, 255 for min.
func identity(isMin bool) byte {
	if isMin {
		return 0xFF
	}
	return 0
}

// extremeSeparable writes output rows [from, to) of a max or min. The
// vertical pass runs first, on whole input rows eight bytes at a time, so that
// the costlier horizontal pass only sees output rows. Work goes in strips of
// output rows whose input rows fit a few megabytes.
func (k *kernelPixels) extremeSeparable(dst []byte, from, to int, isMin bool) {
	s := extremeScratches.get()
	defer extremeScratches.put(s)
	ay := &k.g.H
	inBytes, outBytes := 4*k.g.W.In, 4*k.g.W.Out
	// Strips at least four kernels tall keep the rows that two strips share,
	// which van Herk/Gil-Werman reads twice, a small part of the work.
	stripRows := max(4*ay.Kernel, (1<<21)/inBytes)
	per := max(1, (stripRows-ay.Kernel)/ay.Stride+1)
	s.rows = grow(s.rows, min(per, to-from)*inBytes)
	for o0 := from; o0 < to; o0 += per {
		o1 := min(to, o0+per)
		cols := s.rows[:(o1-o0)*inBytes]
		k.extremeColumns(cols, o0, o1, isMin, s)
		for o := o0; o < o1; o++ {
			k.extremeRow(dst[(o-from)*outBytes:(o-from+1)*outBytes], cols[(o-o0)*inBytes:(o-o0+1)*inBytes], isMin, s)
		}
	}
}

// srcRow returns input row y.
func (k *kernelPixels) srcRow(y int) []byte {
	off := (y - k.srcY) * k.stride
	return k.src[off : off+4*k.g.W.In]
}

// extremeColumns writes, for each output row o in [o0, o1), the extreme of
// its window's input rows, column by column, into cols (input-wide rows).
func (k *kernelPixels) extremeColumns(cols []byte, o0, o1 int, isMin bool, s *extremeScratch) {
	ay := &k.g.H
	n := 4 * k.g.W.In
	if !vhgwPays(ay.Kernel, ay.Stride) {
		for o := o0; o < o1; o++ {
			w := ay.Windows[o]
			out := cols[(o-o0)*n : (o-o0+1)*n]
			if w.Count == 1 {
				copy(out, k.srcRow(w.First))
				continue
			}
			k.extremeRows(out, k.srcRow(w.First), k.srcRow(w.First+1), isMin)
			for y := w.First + 2; y < w.First+w.Count; y++ {
				k.extremeRows(out, out, k.srcRow(y), isMin)
			}
		}
		return
	}
	y0 := ay.Start(o0)
	rows := (o1-o0-1)*ay.Stride + ay.Kernel
	k.vhgwRows(cols, func(j int) []byte {
		if y := y0 + j; y >= 0 && y < ay.In {
			return k.srcRow(y)
		}
		return nil
	}, rows, ay.Kernel, ay.Stride, n, isMin, s)
}

// vhgwRows is van Herk/Gil-Werman over whole rows of n bytes: for windows of
// kern consecutive rows starting at rows 0, stride, 2*stride, ..., it writes
// each window's bytewise extreme as a row of out. row(j) returns extended
// row j, or nil for an identity row (padding). In blocks of kern rows,
// suffix[j] is the extreme of rows j to the end of j's block and run that of
// the block's rows up to j; the window starting at row i is then suffix[i]
// with the run at i+kern-1.
func (k *kernelPixels) vhgwRows(out []byte, row func(j int) []byte, rows, kern, stride, n int, isMin bool, s *extremeScratch) {
	s.ident = grow(s.ident, n)
	fill(s.ident, identity(isMin))
	at := func(j int) []byte {
		if r := row(j); r != nil {
			return r
		}
		return s.ident
	}
	s.suffix = grow(s.suffix, rows*n)
	s.run = grow(s.run, n)
	suffix := func(j int) []byte { return s.suffix[j*n : (j+1)*n] }
	for b := 0; b < rows; b += kern {
		end := min(b+kern, rows) - 1
		copy(suffix(end), at(end))
		for j := end - 1; j >= b; j-- {
			k.extremeRows(suffix(j), at(j), suffix(j+1), isMin)
		}
	}
	for j := range rows {
		if j%kern == 0 {
			copy(s.run, at(j))
		} else {
			k.extremeRows(s.run, s.run, at(j), isMin)
		}
		if i := j - kern + 1; i >= 0 && i%stride == 0 {
			o := i / stride
			k.extremeRows(out[o*n:(o+1)*n], suffix(i), s.run, isMin)
		}
	}
}

// extremeRow pools one input-wide row horizontally into out, one pixel per
// output column.
func (k *kernelPixels) extremeRow(out, row []byte, isMin bool, s *extremeScratch) {
	ax := &k.g.W
	id := uint64(0)
	if isMin {
		id = ^uint64(0)
	}
	if !vhgwPays(ax.Kernel, ax.Stride) {
		// With stride 1, two neighbouring whole windows are one window of
		// words: word j holds pixels j and j+1, so the extreme over the
		// window's words gives both outputs at once.
		pairEnd := 0
		if ax.Stride == 1 {
			pairEnd = ax.wholeEnd()
		}
		vFrom, vTo := 0, 0 // the outputs the vector kernel wrote
		if k.vectors && ax.Stride <= 2 {
			vFrom, vTo = k.extremeRowVectors(out, row, isMin)
		}
		for ox := 0; ox < ax.Out; ox++ {
			if ox >= vFrom && ox < vTo {
				ox = vTo - 1
				continue
			}
			w := &ax.Windows[ox]
			if ax.Kernel == 3 && ax.Stride == 2 && ox+1 < ax.Out && w.Count == 3 && ax.Windows[ox+1].Count == 3 {
				// ResNet's 3x3 stride-2 window, two outputs at once: pixels
				// a..a+4 gathered as (a, a+2), (a+1, a+3) and (a+2, a+4).
				x := 4 * w.First
				w0, w1, p4 := load64(row, x), load64(row, x+8), uint64(load32(row, x+16))
				even := w0&0xFFFFFFFF | w1<<32
				odd := w0>>32 | w1&^0xFFFFFFFF
				next := w1&0xFFFFFFFF | p4<<32
				store64(out, 4*ox, extreme8(extreme8(even, odd, isMin), next, isMin))
				ox++
				continue
			}
			if ox+1 < pairEnd && w.Count == ax.Kernel {
				x := 4 * w.First
				m := load64(row, x)
				for j := 1; j < ax.Kernel; j++ {
					m = extreme8(m, load64(row, x+4*j), isMin)
				}
				store64(out, 4*ox, m)
				ox++
				continue
			}
			// Two pixels per word, folded at the end.
			m, x, end := id, 4*w.First, 4*(w.First+w.Count)
			for ; x+8 <= end; x += 8 {
				m = extreme8(m, load64(row, x), isMin)
			}
			if x < end {
				v := uint64(load32(row, x))
				m = extreme8(m, v|v<<32, isMin)
			}
			m = extreme8(m, m>>32|m<<32, isMin)
			store32(out, 4*ox, uint32(m))
		}
		return
	}
	if ax.Stride == 1 && k.vectors {
		k.extremeRowQuads(out, row, isMin, s)
		return
	}
	// van Herk/Gil-Werman along the row on whole pixels, as over rows in
	// extremeColumns: cells is the row with identity pixels for the padding,
	// suffix its block suffixes, and the prefix runs forward block by block.
	kern, stride, n := ax.Kernel, ax.Stride, (ax.Out-1)*ax.Stride+ax.Kernel
	s.ext = grow(s.ext, 2*n+1)
	cells, suffix := s.ext[:n+1], s.ext[n+1:2*n+1] // cells[n] is an identity pixel for extremeRowPairs
	idPix := uint32(id)
	for j := range cells {
		cells[j] = idPix
	}
	first := max(0, ax.PadBefore) // cells[j] is input pixel j - PadBefore
	last := min(n, ax.In+ax.PadBefore)
	for j := first; j < last; j++ {
		cells[j] = load32(row, 4*(j-ax.PadBefore))
	}
	if stride == 1 && wordViews {
		k.extremeRowPairs(out, cells, isMin, s)
		return
	}
	for b := 0; b < n; b += kern {
		end := min(b+kern, n) - 1
		m := uint64(cells[end])
		suffix[end] = uint32(m)
		for j := end - 1; j >= b; j-- {
			m = extreme8(m, uint64(cells[j]), isMin)
			suffix[j] = uint32(m)
		}
	}
	// The window starting at cell i ends at i+kern-1, in the block after
	// i's unless i starts a block: its extreme is suffix[i] with the run
	// up to i+kern-1.
	for b := 0; b < n; b += kern {
		end := min(b+kern, n)
		run := uint64(cells[b])
		for j := b; j < end; j++ {
			run = extreme8(run, uint64(cells[j]), isMin)
			i := j - kern + 1
			if i < 0 || i%stride != 0 {
				continue
			}
			store32(out, 4*(i/stride), uint32(extreme8(uint64(suffix[i]), run, isMin)))
		}
	}
}

// extremeRowPairs is the stride-1 van Herk/Gil-Werman pass on overlapping
// pairs of pixels: word j holds cells j and j+1, so the extreme over the words
// of the window starting at j gives outputs j and j+1 at once, and only every
// other window is needed. cells has one identity cell past the row's end.
func (k *kernelPixels) extremeRowPairs(out []byte, cells []uint32, isMin bool, s *extremeScratch) {
	ax := &k.g.W
	kern, n := ax.Kernel, len(cells)-1
	s.pairs = grow(s.pairs, n)
	suffix := s.pairs
	pair := func(j int) uint64 { return uint64(cells[j]) | uint64(cells[j+1])<<32 }
	for b := 0; b < n; b += kern {
		end := min(b+kern, n) - 1
		m := pair(end)
		suffix[end] = m
		for j := end - 1; j >= b; j-- {
			m = extreme8(m, pair(j), isMin)
			suffix[j] = m
		}
	}
	for b := 0; b < n; b += kern {
		end := min(b+kern, n)
		run := pair(b)
		for j := b; j < end; j++ {
			run = extreme8(run, pair(j), isMin)
			i := j - kern + 1
			if i < 0 || i&1 == 1 {
				continue
			}
			m := extreme8(suffix[i], run, isMin)
			if i+1 < ax.Out {
				store64(out, 4*i, m)
			} else {
				store32(out, 4*i, uint32(m))
			}
		}
	}
}

// extremeRows sets dst to the bytewise max (or min) of a and b; the three
// may alias. Lengths are multiples of four.
func (k *kernelPixels) extremeRows(dst, a, b []byte, isMin bool) {
	n := len(dst)
	if k.vectors && n > 0 {
		_, _ = a[n-1], b[n-1]
		extremeRowsVectors(unsafe.Pointer(&dst[0]), unsafe.Pointer(&a[0]), unsafe.Pointer(&b[0]), n, isMin)
		return
	}
	i := 0
	if wordViews {
		d, wa, wb := words(dst), words(a[:n]), words(b[:n])
		wa, wb = wa[:len(d)], wb[:len(d)]
		for j := range d {
			d[j] = extreme8(wa[j], wb[j], isMin)
		}
		i = 8 * len(d)
	}
	for ; i+8 <= n; i += 8 {
		store64(dst, i, extreme8(load64(a, i), load64(b, i), isMin))
	}
	if i < n {
		store32(dst, i, uint32(extreme8(uint64(load32(a, i)), uint64(load32(b, i)), isMin)))
	}
}

func fill(b []byte, v byte) {
	for i := range b {
		b[i] = v
	}
}
