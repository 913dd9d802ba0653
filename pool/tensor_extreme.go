package pool

import (
	"math"
	"unsafe"
)

// Max and min over float32 planes, separably: the rows are pooled
// horizontally, then each output row folds the pooled rows of its window.
// Rows go first, unlike MLAS, which reduces columns first: the general kernel
// keeps the first of equal values in row-major order (+0 or -0) and the last
// NaN, and a fold of row results taken in row order keeps exactly that, where
// a fold of column results would not. Every step below combines an earlier
// part of the window (left) with a later one (right) by "right replaces left
// if greater or NaN", which is associative, so any grouping of the cells in
// order gives the general kernel's bits.
//
// Each pass runs once over the whole plane, as one call: the horizontal pass
// takes the plane as one long row (the windows that straddle two rows give
// values nobody reads), and the vertical one walks every output row itself.
// A call per row costs, in wasm, as much as pooling a small row; YOLO's
// 20x20 planes have many of them.
//
// Min is max on negated values, negated back: negation reverses the order,
// keeps ties in place and turns -inf padding into the identity for both.

// extremeTensor holds the buffers of one call; its plane method is a
// planeKernel.
type extremeTensor struct {
	g     *Geometry
	isMin bool
	// padded is a band of the plane's rows with identity cells around them,
	// rows of width cells, a multiple of the horizontal stride so that every
	// row starts a window; nil when the kernel reads the input in place.
	padded []float32
	width  int
	band   int       // output rows per band, which bounds the buffers of a large plane
	hrows  []float32 // a band's rows pooled horizontally, width/stride cells apart
	hpass  hPass
	vpass  vPass
	// The passes for planes without NaN (tensor_pmax_wasm.go), nil where
	// there are none.
	freeH hPass
	freeV vPass
	fused fusedPass
	// stem, when not nil, pools a whole plane of max 3x3 at stride 2 with
	// one padded cell before each axis and none after (ResNet's stem) read
	// in place, unless the plane may hold a NaN.
	stem stemPass
}

// hPass pools n windows of the cells at src, one after another, into dst.
type hPass func(dst, src unsafe.Pointer, n int)

// vPass is the signature of vmaxRows.
type vPass func(dst, src unsafe.Pointer, pitch, step, k, rows, cols int)

// fusedPass pools rows x cols outputs in one pass over the input rows of
// pitch bytes at src, read in place.
type fusedPass func(dst, src unsafe.Pointer, pitch, rows, cols int)

// stemPass pools the plane of rows*2 rows of w cells at src into rows of
// w/2 outputs at dst, the way extremeTensor.stem says, with a buffer of
// 3*w/2 + 8 cells, and reports whether the plane may hold a NaN, where it leaves
// dst to the exact passes.
type stemPass func(dst, src, buf unsafe.Pointer, w, rows int) bool

// bandCells is about how many padded cells a band holds.
const bandCells = 1 << 18

// hVHGWFrom is the smallest horizontal window, at stride 1, that van
// Herk/Gil-Werman (about three comparisons a cell, whatever the window)
// pools faster than comparing the window's cells directly.
const hVHGWFrom = 6

func newExtremeTensor(g *Geometry, isMin bool, sc *tensorScratch) *extremeTensor {
	ax, ay := &g.W, &g.H
	t := &sc.ext
	*t = extremeTensor{g: g, isMin: isMin, width: ax.In}
	k, s := ax.Kernel, ax.Stride
	spanW := (ax.Out-1)*s + k // padded cells the windows cover
	spanH := (ay.Out-1)*ay.Stride + ay.Kernel
	t.width = max(spanW, ax.PadBefore+ax.In)
	t.width += (s - t.width%s) % s
	t.band = min(ay.Out, max(1, (bandCells/t.width-ay.Kernel)/ay.Stride+1))
	cells := t.width * ((t.band-1)*ay.Stride + ay.Kernel)
	if isMin || t.width != ax.In || max(spanH, ay.PadBefore+ay.In) != ay.In {
		sc.padded = grow(sc.padded, cells)
		t.padded = sc.padded
		fillF32(t.padded, float32(math.Inf(-1)))
	}
	sc.hrows = grow(sc.hrows, (cells-k)/s+1)
	t.hrows = sc.hrows
	t.vpass = vmaxFolds
	if vectorsRun {
		t.vpass = vmaxVec
		t.hpass = vectorHPass(k, s)
		t.freeH, t.freeV, t.fused = nanFreePasses(k, s, ay.Kernel, ay.Stride)
		if t.padded != nil || ax.Out < 4 {
			t.fused = nil
		}
		if !isMin && k == 3 && s == 2 && ay.Kernel == 3 && ay.Stride == 2 && ax.PadBefore == 1 && ay.PadBefore == 1 &&
			ax.In%2 == 0 && ay.In%2 == 0 && ax.Out == ax.In/2 && ay.Out == ay.In/2 && ax.Out >= 4 {
			t.stem = stemPassFor()
			if t.stem != nil && len(t.hrows) < 3*ax.Out+8 {
				// Its buffer, where the exact passes' is shorter.
				sc.hrows = grow(sc.hrows, 3*ax.Out+8)
				t.hrows = sc.hrows
			}
		}
	}
	if t.hpass == nil {
		t.hpass = exactHPass(k, s)
	}
	switch {
	case t.hpass != nil:
	case k >= hVHGWFrom*s:
		sc.pre, sc.suf = grow(sc.pre, cells), grow(sc.suf, cells)
		pre, suf := sc.pre, sc.suf
		t.hpass = func(dst, src unsafe.Pointer, n int) { hmaxVHGW(dst, src, n, k, s, ptr(pre), ptr(suf)) }
	default:
		t.hpass = func(dst, src unsafe.Pointer, n int) { hmaxDirect(dst, src, n, k, s) }
	}
	return t
}

func (t *extremeTensor) plane(dst []float32, _ []int32, src []float32) {
	g := t.g
	kh, sh, outW := g.H.Kernel, g.H.Stride, g.W.Out
	if t.fused != nil && !anyNaN(ptr(src), len(src)) {
		t.fused(ptr(dst), ptr(src), 4*g.W.In, g.H.Out, outW)
		return
	}
	if t.stem != nil && !t.stem(ptr(dst), ptr(src), ptr(t.hrows), g.W.In, g.H.Out) {
		return
	}
	pitch := 4 * t.width / g.W.Stride
	for oy := 0; oy < g.H.Out; oy += t.band {
		rows := min(t.band, g.H.Out-oy)
		n := (rows-1)*sh + kh // padded rows the band reads
		in, nan := t.fill(src, oy*sh, n)
		h, v := t.hpass, t.vpass
		if !nan && t.freeH != nil {
			h = t.freeH
		}
		if !nan && t.freeV != nil {
			v = t.freeV
		}
		if vectorsRun {
			clearUpper()
		}
		cols := (n*t.width-g.W.Kernel)/g.W.Stride + 1
		if n == 1 && cols == outW {
			// One output row of windows one row tall (1-D pooling): the
			// horizontal pass is the output.
			h(ptr(dst[oy*outW:]), in, cols)
			continue
		}
		h(ptr(t.hrows), in, cols)
		if vectorsRun {
			clearUpper()
		}
		v(ptr(dst[oy*outW:]), ptr(t.hrows), pitch, pitch*sh, kh, rows, outW)
	}
	if t.isMin {
		negate(dst, dst)
	}
}

// fill returns the n padded rows from row py of src's plane: in place, or
// copied into padded (negated for min), the rows outside the input all
// identity cells. It also tells whether the rows may hold a NaN: always yes
// where t has no passes for planes without NaN, which need to know.
func (t *extremeTensor) fill(src []float32, py, n int) (unsafe.Pointer, bool) {
	g := t.g
	w := g.W.In
	look := t.freeH != nil || t.freeV != nil
	if t.padded == nil {
		in := src[py*w : (py+n)*w]
		return ptr(in), !look || anyNaN(ptr(in), len(in))
	}
	// The input rows y0 to y1 land on padded rows from r0.
	y0, y1 := max(py-g.H.PadBefore, 0), min(py+n-g.H.PadBefore, g.H.In)
	r0 := y0 - (py - g.H.PadBefore)
	if t.band < g.H.Out {
		// Identity cells already outside the input rows, unless another
		// band left an input row there.
		for r := range n {
			if r < r0 || r >= r0+y1-y0 {
				fillF32(t.padded[r*t.width+g.W.PadBefore:r*t.width+g.W.PadBefore+w], float32(math.Inf(-1)))
			}
		}
	}
	if y0 >= y1 {
		return ptr(t.padded), true
	}
	nan := true
	switch {
	case t.isMin:
		for y := y0; y < y1; y++ {
			r := r0 + y - y0
			negate(t.padded[r*t.width+g.W.PadBefore:r*t.width+g.W.PadBefore+w], src[y*w:(y+1)*w])
		}
		nan = !look || anyNaN(ptr(src[y0*w:]), (y1-y0)*w)
	case look:
		// The copy looks for NaN on the way.
		nan = copyRowsNaN(ptr(t.padded[r0*t.width+g.W.PadBefore:]), ptr(src[y0*w:]), 4*t.width, y1-y0, w)
	default:
		for y := y0; y < y1; y++ {
			r := r0 + y - y0
			copy(t.padded[r*t.width+g.W.PadBefore:r*t.width+g.W.PadBefore+w], src[y*w:(y+1)*w])
		}
	}
	return ptr(t.padded), nan
}

// fillF32 sets every cell of p to v: one cell, then copies of what is set
// so far, each twice as long as the last. In wasm a loop storing cell after
// cell cost a call on ResNet's stem planes [112, 112] as much as pooling
// one of them.
func fillF32(p []float32, v float32) {
	if len(p) == 0 {
		return
	}
	p[0] = v
	for i := 1; i < len(p); i *= 2 {
		copy(p[i:], p[:i])
	}
}

// negate sets dst to -src, cell by cell; dst may be src.
func negate(dst, src []float32) {
	if vectorsRun && len(src) >= 4 {
		negateVec(ptr(dst[:len(src)]), ptr(src), len(src))
		return
	}
	for i, v := range src {
		dst[i] = -v
	}
}

// The passes in Go (these, and tensor_rows.go's) never branch on the data:
// a native branch on random data is mispredicted half the time, so a
// comparison is made a bool (wins) and the bits of the winner are chosen
// with a mask of it (pick). In wasm this form ran up to twice as fast as
// "if v > m || v != v { m = v }". Where vectorsRun, tensor_extreme_simd.go's
// passes take the place of most of them.

// wins reports whether b replaces a in a max: greater, or NaN. b > a and
// b != b never both hold, so != is their or, without a branch.
func wins(a, b float32) bool { return (b > a) != (b != b) }

// mask is all ones for true, 0 for false. The bits of a winner are chosen
// with it by arithmetic: given a conditional move instead, the compiler sinks
// the load of the bits it may take into a branch, which is what this avoids.
func mask(c bool) uint32 {
	var u uint32
	if c {
		u = ^uint32(0)
	}
	return u
}

// beat returns b if it replaces a in a max, else a; for results already out
// of memory, which the float conversion sends back through it.
func beat(a, b uint32) uint32 {
	return a ^ (a^b)&mask(wins(math.Float32frombits(a), math.Float32frombits(b)))
}

// u32 returns the bits of the float32 at p + 4*i.
func u32(p unsafe.Pointer, i int) uint32 { return *(*uint32)(unsafe.Add(p, 4*i)) }

// setU32 stores the bits v at p + 4*i.
func setU32(p unsafe.Pointer, i int, v uint32) { *(*uint32)(unsafe.Add(p, 4*i)) = v }

func hmaxDirect(dst, src unsafe.Pointer, n, k, s int) {
	for r := range n {
		src, dst := unsafe.Add(src, 4*s*r), unsafe.Add(dst, 4*r)
		m := u32(src, 0)
		for j := 1; j < k; j++ {
			m = beat(m, u32(src, j))
		}
		setU32(dst, 0, m)
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
		m := u32(src, b)
		setU32(pre, b, m)
		for x := b + 1; x < end; x++ {
			m = beat(m, u32(src, x))
			setU32(pre, x, m)
		}
		m = u32(src, end-1)
		setU32(suf, end-1, m)
		for x := end - 2; x >= b; x-- {
			m = beat(u32(src, x), m)
			setU32(suf, x, m)
		}
	}
	for o, x := 0, 0; o < n; o, x = o+1, x+s {
		r := u32(pre, x+k-1)
		if x%k != 0 {
			r = beat(u32(suf, x), r)
		}
		setU32(dst, o, r)
	}
}

// vmaxRows writes rows x cols outputs to dst, row after row: output (r, x)
// folds the k cells src + r*step + j*pitch + 4*x, j from 0 to k-1 (pitch
// and step in bytes).
func vmaxRows(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	for r := range rows {
		src, dst := unsafe.Add(src, step*r), unsafe.Add(dst, 4*cols*r)
		for x := range cols {
			p := unsafe.Add(src, 4*x)
			m := u32(p, 0)
			for range k - 1 {
				p = unsafe.Add(p, pitch)
				m = beat(m, u32(p, 0))
			}
			setU32(dst, x, m)
		}
	}
}
