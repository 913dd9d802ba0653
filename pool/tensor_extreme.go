package pool

import (
	"math"
	"unsafe"
)

// Max and min over float32 planes, separably: each input row is pooled
// horizontally once, into a ring of the rows the current windows need, then
// each output row folds its window's rows. Rows go first, unlike MLAS, which
// reduces columns first: the general kernel keeps the first of equal values
// in row-major order (+0 or -0) and the last NaN, and a fold of row results
// taken in row order keeps exactly that, where a fold of column results would
// not. Every step below combines an earlier part of the window (left) with a
// later one (right) by "right replaces left if greater or NaN", which is
// associative, so any grouping of the cells in order gives the general
// kernel's bits.
//
// Min is max on negated values, negated back: negation reverses the order,
// keeps ties in place and turns -inf padding into the identity for both.

// extremeTensor holds the buffers of one call; its plane method is a
// planeKernel.
type extremeTensor struct {
	g     *Geometry
	isMin bool
	// padded is the input row with identity cells around it, when the
	// horizontal windows reach outside the input or min negates it; nil when
	// the kernel reads the input rows in place.
	padded   []float32
	padFrom  int // where the input row starts in padded
	ring     []float32
	ringY    []int // the input row held by each ring slot, -1 for none
	pre, suf []float32
	hpass    func(dst, src unsafe.Pointer, n int)
}

// hVHGWFrom is the smallest horizontal window, at stride 1, that van
// Herk/Gil-Werman (about three comparisons a cell, whatever the window)
// pools faster than comparing the window's cells directly.
const hVHGWFrom = 6

func newExtremeTensor(g *Geometry, isMin bool) *extremeTensor {
	ax := &g.W
	t := &extremeTensor{g: g, isMin: isMin}
	span := (ax.Out-1)*ax.Stride + ax.Kernel // padded cells the windows cover
	if isMin || ax.PadBefore > 0 || span > ax.In {
		t.padFrom = ax.PadBefore
		t.padded = make([]float32, max(span, ax.PadBefore+ax.In))
		for i := range t.padded {
			t.padded[i] = float32(math.Inf(-1))
		}
	}
	kh := g.H.Kernel
	t.ring = make([]float32, kh*ax.Out)
	t.ringY = make([]int, kh)
	k, s := ax.Kernel, ax.Stride
	switch {
	case k == 2 && s == 2:
		t.hpass = hmax2s2
	case k == 3 && s == 2:
		t.hpass = hmax3s2
	case k == 3 && s == 1:
		t.hpass = hmax3s1
	case k == 5 && s == 1:
		t.hpass = hmax5s1
	case k >= hVHGWFrom*s:
		t.pre = make([]float32, span)
		t.suf = make([]float32, span)
		pre, suf := ptr(t.pre), ptr(t.suf)
		t.hpass = func(dst, src unsafe.Pointer, n int) { hmaxVHGW(dst, src, n, k, s, pre, suf) }
	default:
		t.hpass = func(dst, src unsafe.Pointer, n int) { hmaxDirect(dst, src, n, k, s) }
	}
	return t
}

func (t *extremeTensor) plane(dst []float32, _ []int32, src []float32) {
	g := t.g
	inW, outW, kh := g.W.In, g.W.Out, g.H.Kernel
	for i := range t.ringY {
		t.ringY[i] = -1
	}
	var rows [3]unsafe.Pointer
	for oy, wy := range g.H.Windows {
		for y := wy.First; y < wy.First+wy.Count; y++ {
			slot := y % kh
			if t.ringY[slot] != y {
				t.hrow(ptr(t.ring[slot*outW:]), src[y*inW:(y+1)*inW])
				t.ringY[slot] = y
			}
		}
		d := dst[oy*outW : (oy+1)*outW]
		row := func(y int) unsafe.Pointer { return ptr(t.ring[(y%kh)*outW:]) }
		switch c := wy.Count; c {
		case 1:
			copy(d, t.ring[(wy.First%kh)*outW:(wy.First%kh+1)*outW])
		case 2:
			vmax2(ptr(d), row(wy.First), row(wy.First+1), outW)
		default:
			rows[0], rows[1], rows[2] = row(wy.First), row(wy.First+1), row(wy.First+2)
			vmax3(ptr(d), rows[0], rows[1], rows[2], outW)
			for y := wy.First + 3; y < wy.First+c; y++ {
				vmax2(ptr(d), ptr(d), row(y), outW)
			}
		}
		if t.isMin {
			for i, v := range d {
				d[i] = -v
			}
		}
	}
}

// hrow pools input row r horizontally into dst (Out.W cells).
func (t *extremeTensor) hrow(dst unsafe.Pointer, r []float32) {
	n := t.g.W.Out
	if t.padded == nil {
		t.hpass(dst, ptr(r), n)
		return
	}
	p := t.padded[t.padFrom : t.padFrom+len(r)]
	if t.isMin {
		for i, v := range r {
			p[i] = -v
		}
	} else {
		copy(p, r)
	}
	t.hpass(dst, ptr(t.padded), n)
}

// The horizontal passes read src (a padded row, or an input row whose
// windows all lie inside it) and write n outputs to dst.

func hmax2s2(dst, src unsafe.Pointer, n int) {
	for range n {
		a, b := f32(src, 0), f32(src, 1)
		if b > a || b != b {
			a = b
		}
		setF32(dst, 0, a)
		src, dst = unsafe.Add(src, 8), unsafe.Add(dst, 4)
	}
}

func hmax3s2(dst, src unsafe.Pointer, n int) {
	c := f32(src, 0)
	for range n {
		a, b := c, f32(src, 1)
		c = f32(src, 2)
		if b > a || b != b {
			a = b
		}
		if c > a || c != c {
			a = c
		}
		setF32(dst, 0, a)
		src, dst = unsafe.Add(src, 8), unsafe.Add(dst, 4)
	}
}

// hmax3s1 makes two outputs from four cells: the middle pair's extreme is
// shared, three comparisons instead of four.
func hmax3s1(dst, src unsafe.Pointer, n int) {
	a, b := f32(src, 0), f32(src, 1)
	for ; n >= 2; n -= 2 {
		c, d := f32(src, 2), f32(src, 3)
		m := b
		if c > m || c != c {
			m = c
		}
		o0 := a
		if m > o0 || m != m {
			o0 = m
		}
		o1 := m
		if d > o1 || d != d {
			o1 = d
		}
		setF32(dst, 0, o0)
		setF32(dst, 1, o1)
		a, b = c, d
		src, dst = unsafe.Add(src, 8), unsafe.Add(dst, 8)
	}
	if n == 1 {
		c := f32(src, 2)
		if b > a || b != b {
			a = b
		}
		if c > a || c != c {
			a = c
		}
		setF32(dst, 0, a)
	}
}

// hmax5s1 makes two outputs from six cells around a shared middle four:
// five comparisons instead of eight.
func hmax5s1(dst, src unsafe.Pointer, n int) {
	for ; n >= 2; n -= 2 {
		a, b, c, d, e, f := f32(src, 0), f32(src, 1), f32(src, 2), f32(src, 3), f32(src, 4), f32(src, 5)
		if c > b || c != c {
			b = c
		}
		if e > d || e != e {
			d = e
		}
		if d > b || d != d {
			b = d
		}
		if b > a || b != b {
			a = b
		}
		if f > b || f != f {
			b = f
		}
		setF32(dst, 0, a)
		setF32(dst, 1, b)
		src, dst = unsafe.Add(src, 8), unsafe.Add(dst, 8)
	}
	if n == 1 {
		hmaxDirect(dst, src, 1, 5, 1)
	}
}

func hmaxDirect(dst, src unsafe.Pointer, n, k, s int) {
	for range n {
		m := f32(src, 0)
		for j := 1; j < k; j++ {
			if v := f32(src, j); v > m || v != v {
				m = v
			}
		}
		setF32(dst, 0, m)
		src, dst = unsafe.Add(src, 4*s), unsafe.Add(dst, 4)
	}
}

// hmaxVHGW is van Herk/Gil-Werman: in blocks of k cells, suf[x] is the
// extreme from x to its block's end and pre[x] from its block's start to x;
// the window starting at x is suf[x] then pre[x+k-1], which lies in the next
// block. pre and suf hold at least (n-1)*s + k cells.
func hmaxVHGW(dst, src unsafe.Pointer, n, k, s int, pre, suf unsafe.Pointer) {
	span := (n-1)*s + k
	for b := 0; b < span; b += k {
		end := min(b+k, span)
		m := f32(src, b)
		setF32(pre, b, m)
		for x := b + 1; x < end; x++ {
			if v := f32(src, x); v > m || v != v {
				m = v
			}
			setF32(pre, x, m)
		}
		m = f32(src, end-1)
		setF32(suf, end-1, m)
		for x := end - 2; x >= b; x-- {
			l := f32(src, x)
			if m > l || m != m {
				l = m
			}
			m = l
			setF32(suf, x, m)
		}
	}
	for o, x := 0, 0; o < n; o, x = o+1, x+s {
		r := f32(pre, x+k-1)
		if x%k != 0 {
			l := f32(suf, x)
			if r > l || r != r {
				l = r
			}
			r = l
		}
		setF32(dst, o, r)
	}
}

// vmax2 folds row b into row a: dst = a, replaced by b where b is greater or
// NaN. dst may be a.
func vmax2(dst, a, b unsafe.Pointer, n int) {
	for i := range n {
		m, v := f32(a, i), f32(b, i)
		if v > m || v != v {
			m = v
		}
		setF32(dst, i, m)
	}
}

func vmax3(dst, a, b, c unsafe.Pointer, n int) {
	for i := range n {
		m, v, w := f32(a, i), f32(b, i), f32(c, i)
		if v > m || v != v {
			m = v
		}
		if w > m || w != w {
			m = w
		}
		setF32(dst, i, m)
	}
}
