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
	// padded is the plane with zero columns around each row, when the
	// horizontal windows reach outside the input; nil when the kernel reads
	// the input in place.
	padded  []float32
	padFrom int // where row 0 of the input starts in padded
	width   int // cells per row of what the kernel reads
	divs    []float32
	divsFor int // the row divisor divs was made for, 0 for none
	row     func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer)
}

func newAvgTensor(g *Geometry) *avgTensor {
	ax := &g.W
	t := &avgTensor{g: g, width: ax.In, divs: make([]float32, ax.Out)}
	if span := (ax.Out-1)*ax.Stride + ax.Kernel; ax.PadBefore > 0 || span > ax.In {
		t.width = max(span, ax.PadBefore+ax.In)
		t.padFrom = ax.PadBefore
		t.padded = make([]float32, t.width*g.H.In)
	}
	k, s := ax.Kernel, ax.Stride
	switch {
	case k == 3 && s == 1:
		t.row = avgRow3s1
	case k == 2 && s == 2:
		t.row = avgRow2s2
	default:
		t.row = func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
			avgRowDirect(dst, src, stride, rows, n, k, s, divs)
		}
	}
	return t
}

func (t *avgTensor) plane(dst []float32, _ []int32, src []float32) {
	g := t.g
	in := src
	if t.padded != nil {
		w := g.W.In
		for y := range g.H.In {
			copy(t.padded[y*t.width+t.padFrom:y*t.width+t.padFrom+w], src[y*w:(y+1)*w])
		}
		in = t.padded
	}
	outW := g.W.Out
	stride := uintptr(4 * t.width)
	for oy, wy := range g.H.Windows {
		if t.divsFor != wy.Divisor {
			for i, wx := range g.W.Windows {
				t.divs[i] = float32(wy.Divisor * wx.Divisor)
			}
			t.divsFor = wy.Divisor
		}
		t.row(ptr(dst[oy*outW:(oy+1)*outW]), ptr(in[wy.First*t.width:]), stride, wy.Count, outW, ptr(t.divs))
	}
}

// The row kernels write n outputs to dst, each the sum of a window of rows
// rows (stride bytes apart) starting at src, divided by its divisor.

func avgRow3s1(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
	o := 0
	for ; o+4 <= n; o += 4 {
		var s0, s1, s2, s3 float32
		p := unsafe.Add(src, 4*o)
		for range rows {
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
			p = unsafe.Add(p, stride)
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
		for range rows {
			a, b, c, d := f32(p, 0), f32(p, 1), f32(p, 2), f32(p, 3)
			s0 += a
			s1 += c
			s0 += b
			s1 += d
			p = unsafe.Add(p, stride)
		}
		setF32(dst, o, s0/f32(divs, o))
		setF32(dst, o+1, s1/f32(divs, o+1))
	}
	if o < n {
		avgRowDirect(unsafe.Add(dst, 4*o), unsafe.Add(src, 8*o), stride, rows, n-o, 2, 2, unsafe.Add(divs, 4*o))
	}
}

func avgRowDirect(dst, src unsafe.Pointer, stride uintptr, rows, n, k, s int, divs unsafe.Pointer) {
	for o := range n {
		var sum float32
		p := unsafe.Add(src, 4*o*s)
		for range rows {
			for j := range k {
				sum += f32(p, j)
			}
			p = unsafe.Add(p, stride)
		}
		setF32(dst, o, sum/f32(divs, o))
	}
}
