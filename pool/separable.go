package pool

import "sync"

// Max, min and the plain average are separable: a window's result is the
// result over its rows of the results over its columns. The separable kernel
// pools every input row horizontally, then the row results vertically, at a
// cost per pixel that does not depend on the window's size: van Herk/Gil-Werman
// for max and min, prefix and running sums for the average. It handles every
// stride, padding, SAME and ceil mode, with dilation 1.

// separable reports whether the separable kernel handles g and o.
func separable(g *Geometry, o Options) bool {
	if g.H.Dilation != 1 || g.W.Dilation != 1 {
		return false
	}
	return o.Op == Max || o.Op == Min || (o.Op == Avg && o.Alpha == Straight && o.ColorSpace == SRGB)
}

// vhgwPays reports whether van Herk/Gil-Werman (three comparisons per cell)
// beats comparing each window's cells directly (kernel/stride per cell).
func vhgwPays(kernel, stride int) bool { return kernel > 3*stride }

// scratch holds the buffers of one separable call; pooled so that repeated
// calls (a video, a wasm module serving a page) do not allocate.
type scratch struct {
	rows, suffix, run []byte
	ext               []uint32
	sums, acc         []uint32
	prefix            []uint32
	recip             []float64
	table             []byte
	divs              []uint32
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// identity is the byte that never wins: 0 for max, 255 for min.
func identity(isMin bool) byte {
	if isMin {
		return 0xFF
	}
	return 0
}

// extremeSeparable writes output rows [from, to) of a max or min, in strips
// of output rows whose input rows fit a few megabytes.
func (k *kernelPixels) extremeSeparable(dst []byte, from, to int, isMin bool) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	ax := &k.g.H
	rowBytes := 4 * k.g.W.Out
	// Strips at least four kernels tall keep the rows shared by two strips,
	// which are pooled twice, a small fraction of the work.
	stripRows := max(4*ax.Kernel, (1<<21)/max(rowBytes, 1))
	per := max(1, (stripRows-ax.Kernel)/ax.Stride+1)
	for o0 := from; o0 < to; o0 += per {
		o1 := min(to, o0+per)
		k.extremeStrip(dst[(o0-from)*rowBytes:(o1-from)*rowBytes], o0, o1, isMin, s)
	}
}

func (k *kernelPixels) extremeStrip(dst []byte, o0, o1 int, isMin bool, s *scratch) {
	ax := &k.g.H
	rowBytes := 4 * k.g.W.Out
	id := identity(isMin)
	// Extended row j is input row y0+j; rows outside the input are identity.
	y0 := ax.Start(o0)
	n := (o1-o0-1)*ax.Stride + ax.Kernel
	s.rows = grow(s.rows, n*rowBytes)
	for j := range n {
		row := s.rows[j*rowBytes : (j+1)*rowBytes]
		if y := y0 + j; y >= 0 && y < ax.In && k.rowNeeded(y, o0, o1) {
			k.extremeRow(row, y, isMin, s)
		} else {
			fill(row, id)
		}
	}
	if !vhgwPays(ax.Kernel, ax.Stride) {
		for o := o0; o < o1; o++ {
			w := ax.Windows[o]
			out := dst[(o-o0)*rowBytes : (o-o0+1)*rowBytes]
			j := w.First - y0
			copy(out, s.rows[j*rowBytes:(j+1)*rowBytes])
			for j++; j < w.First-y0+w.Count; j++ {
				extremeRows(out, out, s.rows[j*rowBytes:(j+1)*rowBytes], isMin)
			}
		}
		return
	}
	// van Herk/Gil-Werman over rows: blocks of Kernel rows; suffix[j] is the
	// extreme of rows j..end of j's block, run the extreme of the block's rows
	// up to j; window [i, i+K) = suffix[i] with run at i+K-1.
	kern := ax.Kernel
	s.suffix = grow(s.suffix, n*rowBytes)
	s.run = grow(s.run, rowBytes)
	for b := 0; b < n; b += kern {
		end := min(b+kern, n) - 1
		copy(s.suffix[end*rowBytes:(end+1)*rowBytes], s.rows[end*rowBytes:(end+1)*rowBytes])
		for j := end - 1; j >= b; j-- {
			extremeRows(s.suffix[j*rowBytes:(j+1)*rowBytes], s.rows[j*rowBytes:(j+1)*rowBytes], s.suffix[(j+1)*rowBytes:(j+2)*rowBytes], isMin)
		}
	}
	for j := range n {
		row := s.rows[j*rowBytes : (j+1)*rowBytes]
		if j%kern == 0 {
			copy(s.run, row)
		} else {
			extremeRows(s.run, s.run, row, isMin)
		}
		i := j - kern + 1
		if i >= 0 && i%ax.Stride == 0 {
			o := i / ax.Stride
			extremeRows(dst[o*rowBytes:(o+1)*rowBytes], s.suffix[i*rowBytes:(i+1)*rowBytes], s.run, isMin)
		}
	}
}

// rowNeeded reports whether input row y is read by any window of output rows
// [o0, o1); with a stride larger than the kernel some rows are skipped.
func (k *kernelPixels) rowNeeded(y, o0, o1 int) bool {
	ax := &k.g.H
	if ax.Stride <= ax.Kernel {
		return true
	}
	off := (y + ax.PadBefore) % ax.Stride
	return off < ax.Kernel
}

// extremeRow pools input row y horizontally into out (one pixel per output
// column).
func (k *kernelPixels) extremeRow(out []byte, y int, isMin bool, s *scratch) {
	ax := &k.g.W
	row := k.src[(y-k.srcY)*k.stride : (y-k.srcY)*k.stride+4*ax.In]
	if !vhgwPays(ax.Kernel, ax.Stride) {
		id := uint64(0)
		if isMin {
			id = 0xFFFFFFFF
		}
		for ox, w := range ax.Windows {
			m := id
			for x := w.First; x < w.First+w.Count; x++ {
				m = extreme8(m, uint64(load32(row, 4*x)), isMin)
			}
			store32(out, 4*ox, uint32(m))
		}
		return
	}
	// van Herk/Gil-Werman along the row, on whole pixels: ext holds the row
	// with identity pixels for the padding, then becomes the block suffixes.
	kern, n := ax.Kernel, (ax.Out-1)*ax.Stride+ax.Kernel
	idPix := uint32(0)
	if isMin {
		idPix = 0xFFFFFFFF
	}
	s.ext = grow(s.ext, n)
	ext := s.ext
	for j := range ext {
		if x := j - ax.PadBefore; x >= 0 && x < ax.In {
			ext[j] = load32(row, 4*x)
		} else {
			ext[j] = idPix
		}
	}
	var run uint64
	// The suffixes overwrite ext block by block, after the block's prefix
	// run has been used: walk blocks forward, each first backward for the
	// suffixes of the previous windows' blocks.
	for b := 0; b < n; b += kern {
		end := min(b+kern, n) - 1
		for j := end - 1; j >= b; j-- {
			ext[j] = uint32(extreme8(uint64(ext[j]), uint64(ext[j+1]), isMin))
		}
	}
	// ext now holds suffixes; the prefix runs need the original cells, which
	// are the suffix of a one-cell block only at block ends, so rebuild them
	// from the row itself.
	for j := range n {
		var cell uint64
		if x := j - ax.PadBefore; x >= 0 && x < ax.In {
			cell = uint64(load32(row, 4*x))
		} else {
			cell = uint64(idPix)
		}
		if j%kern == 0 {
			run = cell
		} else {
			run = extreme8(run, cell, isMin)
		}
		if i := j - kern + 1; i >= 0 && i%ax.Stride == 0 {
			store32(out, 4*(i/ax.Stride), uint32(extreme8(uint64(ext[i]), run, isMin)))
		}
	}
}

// extremeRows sets dst to the bytewise max (or min) of a and b; the three
// may alias. Lengths are multiples of four.
func extremeRows(dst, a, b []byte, isMin bool) {
	n := len(dst)
	a, b = a[:n], b[:n]
	i := 0
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

// maxTableDiv bounds the divisor whose quotients avgSeparable tabulates.
const maxTableDiv = 1024

// avgSeparable writes output rows [from, to) of a plain average: each input
// row's window sums from its prefix sums, then a running sum over rows that
// adds each row once as windows reach it and subtracts it once as they leave,
// then one exact rounded division per value.
func (k *kernelPixels) avgSeparable(dst []byte, from, to int) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	ay, ax := &k.g.H, &k.g.W
	elems := 4 * ax.Out
	// A ring of Kernel rows of horizontal sums: a row leaves the running sum
	// at most Kernel rows after it entered.
	ring := ay.Kernel
	s.sums = grow(s.sums, ring*elems)
	s.acc = grow(s.acc, elems)
	s.prefix = grow(s.prefix, 4*(ax.In+1))
	s.recip = grow(s.recip, ax.Out)
	s.divs = grow(s.divs, ax.Out)
	sumRow := func(y int) []uint32 { r := y % ring; return s.sums[r*elems : (r+1)*elems] }
	lo, hi := 0, 0 // input rows [lo, hi) are in acc
	lastDiv := -1
	var tableDiv uint32
	var table []byte
	for oy := from; oy < to; oy++ {
		w := ay.Windows[oy]
		a, b := w.First, w.First+w.Count
		if a >= hi {
			clear(s.acc)
			lo, hi = a, a
		}
		for ; lo < a; lo++ {
			subRow(s.acc, sumRow(lo))
		}
		for ; hi < b; hi++ {
			r := sumRow(hi)
			k.sumRow(r, hi, s)
			addRow(s.acc, r)
		}
		if tableDiv == 0 {
			// Most windows are whole and share one divisor: a table of
			// every possible quotient replaces their divisions.
			if d := ay.Kernel * ax.Kernel; d <= maxTableDiv {
				tableDiv = uint32(d)
				s.table = grow(s.table, 255*d+1)
				table = s.table
				for n := range table {
					table[n] = byte(divRoundEven(uint64(n), uint64(d)))
				}
			} else {
				tableDiv = ^uint32(0)
			}
		}
		if w.Divisor != lastDiv {
			lastDiv = w.Divisor
			for ox, wx := range ax.Windows {
				d := uint32(w.Divisor * wx.Divisor)
				s.divs[ox], s.recip[ox] = d, reciprocal(d)
			}
		}
		out := dst[(oy-from)*elems : (oy-from+1)*elems]
		acc := s.acc[:elems]
		for ox, d := range s.divs[:ax.Out] {
			if d == tableDiv {
				a, o := acc[4*ox:4*ox+4], out[4*ox:4*ox+4]
				o[0], o[1], o[2], o[3] = table[a[0]], table[a[1]], table[a[2]], table[a[3]]
				continue
			}
			r := s.recip[ox]
			a, o := acc[4*ox:4*ox+4], out[4*ox:4*ox+4]
			o[0] = byte(divRoundEvenRecip(a[0], d, r))
			o[1] = byte(divRoundEvenRecip(a[1], d, r))
			o[2] = byte(divRoundEvenRecip(a[2], d, r))
			o[3] = byte(divRoundEvenRecip(a[3], d, r))
		}
	}
}

// sumRow writes the horizontal window sums of input row y into out. Prefix
// sums wrap modulo 2^32, which leaves differences exact since a window's sum
// is far below 2^32.
func (k *kernelPixels) sumRow(out []uint32, y int, s *scratch) {
	ax := &k.g.W
	row := k.src[(y-k.srcY)*k.stride : (y-k.srcY)*k.stride+4*ax.In]
	p := s.prefix
	p[0], p[1], p[2], p[3] = 0, 0, 0, 0
	for i, v := range row {
		p[i+4] = p[i] + uint32(v)
	}
	for ox, w := range ax.Windows {
		a, b := 4*w.First, 4*(w.First+w.Count)
		for c := range 4 {
			out[4*ox+c] = p[b+c] - p[a+c]
		}
	}
}

func addRow(acc, r []uint32) {
	r = r[:len(acc)]
	for i := range acc {
		acc[i] += r[i]
	}
}

func subRow(acc, r []uint32) {
	r = r[:len(acc)]
	for i := range acc {
		acc[i] -= r[i]
	}
}

// reciprocal returns 1/d biased up by 2^-40 relative: for every n < 2^39,
// floor(n * reciprocal(d)) is then exactly floor(n / d), since the bias
// outweighs float64 rounding yet stays below the gap to the next integer.
func reciprocal(d uint32) float64 { return (1 + 0x1p-40) / float64(d) }

// divRoundEvenRecip is divRoundEven for a uint32 numerator, without a
// division or a branch: random pictures make a rounding branch unpredictable.
func divRoundEvenRecip(n, d uint32, recip float64) uint32 {
	q := uint32(float64(n) * recip)
	r := n - q*d
	// Round up when 2r > d, or 2r == d and q is odd: when d - 2r - (q&1) < 0.
	return q + (d-2*r-q&1)>>31
}
