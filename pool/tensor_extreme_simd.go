//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// The max passes of tensor_extreme.go on 128-bit vectors: four neighbouring
// outputs at once, each lane folding its own window's cells in the same
// order as the portable passes, by the same rule (the later cell replaces
// the winner if greater, or NaN). That rule is a comparison and a select,
// not the engine's f32x4.max, which returns +0 for -0 and +0 whichever comes
// first and does not keep the last NaN's bits. A pass whose outputs do not
// fill a last vector computes the last four again, overlapping the ones
// before: the values are the same, so nothing is lost but a few lanes' work.

// load4 returns the four float32 at p + 4*i.
func load4(p unsafe.Pointer, i int) archsimd.Float32x4 {
	return archsimd.LoadFloat32x4Array((*[4]float32)(unsafe.Add(p, 4*i)))
}

// store4 stores v at p + 4*i.
func store4(p unsafe.Pointer, i int, v archsimd.Float32x4) {
	v.StoreArray((*[4]float32)(unsafe.Add(p, 4*i)))
}

// beat4 is beat on four lanes: b where it replaces a in a max, else a.
func beat4(a, b archsimd.Float32x4) archsimd.Float32x4 {
	return b.IfElse(b.Greater(a).Or(b.NotEqual(b)), a)
}

// lose4 is beat4 for a min: b where it replaces a, else a.
func lose4(a, b archsimd.Float32x4) archsimd.Float32x4 {
	return b.IfElse(b.Less(a).Or(b.NotEqual(b)), a)
}

// vecDirectUpTo is the widest window the vector passes compare cell by
// cell: about one vector comparison per output per four cells, which stays
// under the three scalar comparisons per output of van Herk/Gil-Werman up
// to about twelve cells.
const vecDirectUpTo = 12

// vectorHPass returns the vector horizontal pass for windows k cells wide at
// stride s, or nil for the portable ones (wider windows, strides above 2).
func vectorHPass(k, s int) hPass {
	switch {
	case k > vecDirectUpTo:
	case s == 1 && k == 3:
		return hmax3s1Vec
	case s == 1 && k == 5:
		return hmax5s1Vec
	case s == 1:
		return func(dst, src unsafe.Pointer, n int) { hmaxS1Vec(dst, src, n, k) }
	case s == 2 && k == 2:
		return hmax2s2Vec
	case s == 2 && k == 3:
		return hmax3s2Vec
	case s == 2:
		return func(dst, src unsafe.Pointer, n int) { hmaxS2Vec(dst, src, n, k) }
	}
	return nil
}

// hmaxS1Vec pools n windows of k cells at stride 1: lane j of the vector at
// offset o+i is cell i of window o+j, so a window's cells come in order.
func hmaxS1Vec(dst, src unsafe.Pointer, n, k int) {
	if n < 4 {
		hmaxDirect(dst, src, n, k, 1)
		return
	}
	for o := 0; o < n; o += 4 {
		o = min(o, n-4)
		m := load4(src, o)
		for i := 1; i < k; i++ {
			m = beat4(m, load4(src, o+i))
		}
		store4(dst, o, m)
	}
}

// hmaxS2Vec pools n windows of k cells at stride 2: cell i of windows o to
// o+3 are the even lanes of the eight cells from 2*o + i. The vectors read
// one cell past the last window's, so the last output is left to
// hmaxDirect.
func hmaxS2Vec(dst, src unsafe.Pointer, n, k int) {
	if n < 5 {
		hmaxDirect(dst, src, n, k, 2)
		return
	}
	e := newEvens()
	last := n - 1
	for o := 0; o < last; o += 4 {
		o = min(o, last-4)
		p := unsafe.Add(src, 8*o)
		m := e.of(load4(p, 0), load4(p, 4))
		for i := 1; i < k; i++ {
			m = beat4(m, e.of(load4(p, i), load4(p, i+4)))
		}
		store4(dst, o, m)
	}
	hmaxDirect(unsafe.Add(dst, 4*last), unsafe.Add(src, 8*last), 1, k, 2)
}

// vmaxVec is vmaxRows on vectors of output columns. Windows of more than
// three rows fold them into dst one row at a time, a long loop over the
// columns each, rather than a loop over the window's rows per column.
func vmaxVec(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	switch {
	case cols < 4 || k < 2:
		vmaxRows(dst, src, pitch, step, k, rows, cols)
		return
	case k == 3:
		vmax3Vec(dst, src, pitch, step, rows, cols)
		return
	case k == 5:
		// SPPF's planes are small (20 x 20): a call per row and window row
		// would cost more than the rows' comparisons.
		vmax5Vec(dst, src, pitch, step, rows, cols)
		return
	}
	for r := range rows {
		src, dst := unsafe.Add(src, step*r), unsafe.Add(dst, 4*cols*r)
		foldRow(dst, src, unsafe.Add(src, pitch), cols)
		for j := 2; j < k; j++ {
			foldRow(dst, dst, unsafe.Add(src, j*pitch), cols)
		}
	}
}

// foldRow writes to dst the max of a's and b's cells, column by column; b
// is the later. cols is at least 4.
func foldRow(dst, a, b unsafe.Pointer, cols int) {
	x := 0
	for ; x+16 <= cols; x += 16 {
		pa, pb, q := unsafe.Add(a, 4*x), unsafe.Add(b, 4*x), unsafe.Add(dst, 4*x)
		v0, v1 := beat4(load4(pa, 0), load4(pb, 0)), beat4(load4(pa, 4), load4(pb, 4))
		v2, v3 := beat4(load4(pa, 8), load4(pb, 8)), beat4(load4(pa, 12), load4(pb, 12))
		store4(q, 0, v0)
		store4(q, 4, v1)
		store4(q, 8, v2)
		store4(q, 12, v3)
	}
	// The last columns in fours, the last four overlapping the ones before:
	// where dst is a, those already hold their max, and the max of that and
	// b again has the same bits.
	for ; x < cols; x += 4 {
		x = min(x, cols-4)
		store4(dst, x, beat4(load4(a, x), load4(b, x)))
	}
}

// negateVec sets the n >= 4 cells at dst to minus those at src.
func negateVec(dst, src unsafe.Pointer, n int) {
	i := 0
	for ; i+16 <= n; i += 16 {
		p, q := unsafe.Add(src, 4*i), unsafe.Add(dst, 4*i)
		a, b, c, d := load4(p, 0).Neg(), load4(p, 4).Neg(), load4(p, 8).Neg(), load4(p, 12).Neg()
		store4(q, 0, a)
		store4(q, 4, b)
		store4(q, 8, c)
		store4(q, 12, d)
	}
	for ; i+4 <= n; i += 4 {
		store4(dst, i, load4(src, i).Neg())
	}
	for ; i < n; i++ {
		setF32(dst, i, -f32(src, i))
	}
}

// extremeVec returns the max (or min) of the n >= 8 cells at p, each of four
// lanes of two vectors folding every eighth cell, the last four cells
// folded again where n is no multiple of four, the lanes then folded two by
// two. That is another order than the cells', which only shows when the
// result is a zero (+0 or -0 first) or a NaN (which one last); callers take
// those again in order. Two vectors, not one, halve the chain of
// comparisons each waits on: a global pool's planes are short (7x7 in a
// ResNet head), and one chain left the loop waiting on it.
func extremeVec(p unsafe.Pointer, n int, isMin bool) float32 {
	a, b := load4(p, 0), load4(p, 4)
	i := 8
	if isMin {
		for ; i+8 <= n; i += 8 {
			a, b = lose4(a, load4(p, i)), lose4(b, load4(p, i+4))
		}
		if i+4 <= n {
			a = lose4(a, load4(p, i))
			i += 4
		}
		if i < n {
			b = lose4(b, load4(p, n-4))
		}
		a = lose4(a, b)
	} else {
		for ; i+8 <= n; i += 8 {
			a, b = beat4(a, load4(p, i)), beat4(b, load4(p, i+4))
		}
		if i+4 <= n {
			a = beat4(a, load4(p, i))
			i += 4
		}
		if i < n {
			b = beat4(b, load4(p, n-4))
		}
		a = beat4(a, b)
	}
	// The lanes fold two by two, the vector against itself turned by two
	// lanes, then the last two in order: one comparison a branch could
	// mispredict, not three.
	var lanes [8]float32
	a.StoreArray((*[4]float32)(lanes[:4]))
	a.StoreArray((*[4]float32)(lanes[4:]))
	b = load4(unsafe.Pointer(&lanes), 2)
	if isMin {
		a = lose4(a, b)
	} else {
		a = beat4(a, b)
	}
	a.StoreArray((*[4]float32)(lanes[:4]))
	return extremeStep(lanes[0], lanes[1], isMin)
}

// extremeStep returns v if it replaces r in a max (or min), else r.
func extremeStep(r, v float32, isMin bool) float32 {
	if (v > r && !isMin) || (v < r && isMin) || v != v {
		return v
	}
	return r
}
