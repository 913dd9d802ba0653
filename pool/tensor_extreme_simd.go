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
	case s == 2 && (k == 2 || k == 3):
		return func(dst, src unsafe.Pointer, n int) { hmax23s2Vec(dst, src, n, k) }
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

// The passes for the common windows are written out, eight outputs at a
// time: in wasm a loop's every turn goes through the function's dispatch of
// its blocks, which costs more than the comparisons it would save writing.

func hmax3s1Vec(dst, src unsafe.Pointer, n int) {
	if n < 8 {
		hmaxS1Vec(dst, src, n, 3)
		return
	}
	for o := 0; o < n; o += 8 {
		o = min(o, n-8)
		a, b := load4(src, o), load4(src, o+4)
		a, b = beat4(a, load4(src, o+1)), beat4(b, load4(src, o+5))
		a, b = beat4(a, load4(src, o+2)), beat4(b, load4(src, o+6))
		store4(dst, o, a)
		store4(dst, o+4, b)
	}
}

func hmax5s1Vec(dst, src unsafe.Pointer, n int) {
	if n < 8 {
		hmaxS1Vec(dst, src, n, 5)
		return
	}
	for o := 0; o < n; o += 8 {
		o = min(o, n-8)
		a, b := load4(src, o), load4(src, o+4)
		a, b = beat4(a, load4(src, o+1)), beat4(b, load4(src, o+5))
		a, b = beat4(a, load4(src, o+2)), beat4(b, load4(src, o+6))
		a, b = beat4(a, load4(src, o+3)), beat4(b, load4(src, o+7))
		a, b = beat4(a, load4(src, o+4)), beat4(b, load4(src, o+8))
		store4(dst, o, a)
		store4(dst, o+4, b)
	}
}

// hmax23s2Vec is hmaxS2Vec for windows of two or three cells.
func hmax23s2Vec(dst, src unsafe.Pointer, n, k int) {
	if n < 5 {
		hmaxDirect(dst, src, n, k, 2)
		return
	}
	e := newEvens()
	last := n - 1
	for o := 0; o < last; o += 4 {
		o = min(o, last-4)
		p := unsafe.Add(src, 8*o)
		m := beat4(e.of(load4(p, 0), load4(p, 4)), e.of(load4(p, 1), load4(p, 5)))
		if k == 3 {
			m = beat4(m, e.of(load4(p, 2), load4(p, 6)))
		}
		store4(dst, o, m)
	}
	hmaxDirect(unsafe.Add(dst, 4*last), unsafe.Add(src, 8*last), 1, k, 2)
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

// vmaxVec is vmaxRows on vectors of four output columns.
func vmaxVec(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	if cols < 4 {
		vmaxRows(dst, src, pitch, step, k, rows, cols)
		return
	}
	if k == 2 || k == 3 {
		vmax23Vec(dst, src, pitch, step, k, rows, cols)
		return
	}
	for range rows {
		for x := 0; x < cols; x += 4 {
			x = min(x, cols-4)
			p := unsafe.Add(src, 4*x)
			m := load4(p, 0)
			for range k - 1 {
				p = unsafe.Add(p, pitch)
				m = beat4(m, load4(p, 0))
			}
			store4(dst, x, m)
		}
		src, dst = unsafe.Add(src, step), unsafe.Add(dst, 4*cols)
	}
}

// vmax23Vec is vmaxVec for windows of two or three rows, written out.
func vmax23Vec(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	for range rows {
		a, b := src, unsafe.Add(src, pitch)
		c := unsafe.Add(b, pitch)
		for x := 0; x < cols; x += 4 {
			x = min(x, cols-4)
			m := beat4(load4(a, x), load4(b, x))
			if k == 3 {
				m = beat4(m, load4(c, x))
			}
			store4(dst, x, m)
		}
		src, dst = unsafe.Add(src, step), unsafe.Add(dst, 4*cols)
	}
}
