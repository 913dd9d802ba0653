package pool

import "unsafe"

// Averages over float32 planes. PyTorch's CPU kernel sums each window's cells
// in float32, in row-major order, from +0, then divides once; float32
// addition is not associative, so poolkit keeps that order and the result is
// equal to the last bit. That rules out the separable sums MLAS uses (columns
// first) and running sums (one addition and one subtraction per cell, whose
// rounding differs). What remains to gain is everything around the
// additions: these kernels read rows through pointers with no border tests,
// padded with zeros where the windows reach outside the input (a +0 added to
// a sum that started at +0 changes no bit: such a sum is never -0), and sum
// four neighbouring windows at once, four independent chains of additions
// that the processor overlaps, each still in its own window's order.

// avgTensor holds the buffers of one call; its plane method is a planeKernel.
type avgTensor struct {
	g *Geometry
	// padded is a band of the plane's rows with zero rows and columns around
	// them, where the windows reach outside the input, so that every window
	// is the same Kernel cells (a +0 added to a sum that started at +0
	// changes no bit: such a sum is never -0); nil when the kernel reads the
	// input in place.
	padded   []float32
	width    int       // cells per row of what the kernel reads
	band     int       // output rows per band, which bounds the buffers of a large plane
	divs     []float32 // the divisor of every output of a band
	divsFrom int       // the first output row divs was made for, -1 for none
	sum      func(dst, src, divs unsafe.Pointer, pitch, rows, cols int)
}

func newAvgTensor(g *Geometry, s *tensorScratch) *avgTensor {
	ax, ay := &g.W, &g.H
	t := &s.avg
	*t = avgTensor{g: g, divsFrom: -1}
	spanW := (ax.Out-1)*ax.Stride + ax.Kernel
	spanH := (ay.Out-1)*ay.Stride + ay.Kernel
	t.width = max(spanW, ax.PadBefore+ax.In)
	t.band = min(ay.Out, max(1, (bandCells/t.width-ay.Kernel)/ay.Stride+1))
	if t.width != ax.In || max(spanH, ay.PadBefore+ay.In) != ay.In {
		// Zeros, as plane expects of the rows no band has filled.
		s.padded = grow(s.padded, t.width*((t.band-1)*ay.Stride+ay.Kernel))
		clear(s.padded)
		t.padded = s.padded
	}
	s.divs = grow(s.divs, t.band*ax.Out)
	t.divs = s.divs
	t.sum = avgRows(ax.Kernel, ax.Stride, ay.Kernel, ay.Stride)
	return t
}

func (t *avgTensor) plane(dst []float32, _ []int32, src []float32) {
	g := t.g
	w, outW := g.W.In, g.W.Out
	for oy := 0; oy < g.H.Out; oy += t.band {
		rows := min(t.band, g.H.Out-oy)
		py := oy * g.H.Stride
		in := src[min(py*w, len(src)):]
		if t.padded != nil {
			for r := range (rows-1)*g.H.Stride + g.H.Kernel {
				p := t.padded[r*t.width+g.W.PadBefore : r*t.width+g.W.PadBefore+w]
				// Rows outside the input stay zero unless another band
				// left an input row there.
				if y := py + r - g.H.PadBefore; y >= 0 && y < g.H.In {
					copy(p, src[y*w:(y+1)*w])
				} else if t.band < g.H.Out {
					clear(p)
				}
			}
			in = t.padded
		}
		if t.divsFrom != oy {
			for i, wy := range g.H.Windows[oy : oy+rows] {
				for ox, wx := range g.W.Windows {
					t.divs[i*outW+ox] = float32(wy.Divisor * wx.Divisor)
				}
			}
			t.divsFrom = oy
		}
		if vectorsRun {
			clearUpper()
		}
		t.sum(ptr(dst[oy*outW:]), ptr(in), ptr(t.divs), 4*t.width, rows, outW)
	}
}

// avgRows returns the plane sum for windows kw x kh at strides sw, sh: a
// whole-plane vector kernel where one runs, else made of row kernels. dst
// gets rows x cols outputs, output row oy summing kh rows from
// src + oy*sh*pitch (pitch in bytes).
func avgRows(kw, sw, kh, sh int) func(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	if plane := vectorAvgPlane(kw, sw, kh, sh); vectorsRun && plane != nil {
		return plane
	}
	row := func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
		avgRowQuads(dst, src, stride, rows, n, kw, sw, divs)
	}
	switch vec := vectorAvgRow(kw, sw); {
	case vectorsRun && vec != nil:
		row = vec
	case kw == 3 && sw == 1:
		row = avgRow3s1
	case kw == 2 && sw == 2:
		row = avgRow2s2
	}
	return func(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
		for r := range rows {
			dst, divs, src := unsafe.Add(dst, 4*cols*r), unsafe.Add(divs, 4*cols*r), unsafe.Add(src, pitch*sh*r)
			row(dst, src, uintptr(pitch), kh, cols, divs)
		}
	}
}

// The row kernels write n outputs to dst, each the sum of a window of rows
// rows (stride bytes apart) starting at src, divided by its divisor.

func avgRow3s1(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
	o := 0
	for ; o+4 <= n; o += 4 {
		var s0, s1, s2, s3 float32
		p := unsafe.Add(src, 4*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			a, b, c, d, e, f := f32(p, 0), f32(p, 1), f32(p, 2), f32(p, 3), f32(p, 4), f32(p, 5)
			s0 += a
			s1 += b
			s2 += c
			s3 += d
			s0 += b
			s1 += c
			s2 += d
			s3 += e
			s0 += c
			s1 += d
			s2 += e
			s3 += f
		}
		setF32(dst, o, s0/f32(divs, o))
		setF32(dst, o+1, s1/f32(divs, o+1))
		setF32(dst, o+2, s2/f32(divs, o+2))
		setF32(dst, o+3, s3/f32(divs, o+3))
	}
	if o < n {
		avgRowDirect(unsafe.Add(dst, 4*o), unsafe.Add(src, 4*o), stride, rows, n-o, 3, 1, unsafe.Add(divs, 4*o))
	}
}

func avgRow2s2(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
	o := 0
	for ; o+2 <= n; o += 2 {
		var s0, s1 float32
		p := unsafe.Add(src, 8*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			a, b, c, d := f32(p, 0), f32(p, 1), f32(p, 2), f32(p, 3)
			s0 += a
			s1 += c
			s0 += b
			s1 += d
		}
		setF32(dst, o, s0/f32(divs, o))
		setF32(dst, o+1, s1/f32(divs, o+1))
	}
	if o < n {
		avgRowDirect(unsafe.Add(dst, 4*o), unsafe.Add(src, 8*o), stride, rows, n-o, 2, 2, unsafe.Add(divs, 4*o))
	}
}

// avgRowQuads is avgRowDirect for any window width k and stride s, four
// windows at a time: four chains of additions where avgRowDirect has one,
// each still in its window's order.
func avgRowQuads(dst, src unsafe.Pointer, stride uintptr, rows, n, k, s int, divs unsafe.Pointer) {
	o := 0
	for ; o+4 <= n; o += 4 {
		var s0, s1, s2, s3 float32
		p := unsafe.Add(src, 4*o*s)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			for j := range k {
				s0 += f32(p, j)
				s1 += f32(p, s+j)
				s2 += f32(p, 2*s+j)
				s3 += f32(p, 3*s+j)
			}
		}
		setF32(dst, o, s0/f32(divs, o))
		setF32(dst, o+1, s1/f32(divs, o+1))
		setF32(dst, o+2, s2/f32(divs, o+2))
		setF32(dst, o+3, s3/f32(divs, o+3))
	}
	if o < n {
		avgRowDirect(unsafe.Add(dst, 4*o), unsafe.Add(src, 4*o*s), stride, rows, n-o, k, s, unsafe.Add(divs, 4*o))
	}
}

func avgRowDirect(dst, src unsafe.Pointer, stride uintptr, rows, n, k, s int, divs unsafe.Pointer) {
	for o := range n {
		var sum float32
		p := unsafe.Add(src, 4*o*s)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			for j := range k {
				sum += f32(p, j)
			}
		}
		setF32(dst, o, sum/f32(divs, o))
	}
}
