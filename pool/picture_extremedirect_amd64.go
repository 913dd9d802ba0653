//go:build goexperiment.simd

package pool

import "unsafe"

// extremeDirectFast: extremeDirect's loops are vector code here too.
const extremeDirectFast = true

// directMaxKernel is the largest kernel, along either axis, that
// extremeDirect takes: max k x k /1 SAME on 1024x1024 pixels took 1.9 ms
// at 13; from 15 to 25 the direct and the separable kernel took the same
// time within noise (2.5 ms at 15, 4.0 at 25), and beyond it the separable
// one, whose cost does not grow with the kernel, is ahead.
const directMaxKernel = 13

// maxRows and minRows set the vecs vectors at dst to the bytewise max (min)
// of those at top and in the rows-1 rows after it, stride bytes apart: four
// vectors, a cache line, down the rows at a time, so that a tall window
// (a global max) reads each line once, then one.
func maxRows(dst, top unsafe.Pointer, stride, rows, vecs int) {
	clearUpper()
	v := 0
	for ; v+4 <= vecs; v += 4 {
		p := unsafe.Add(top, 16*v)
		m0, m1, m2, m3 := load16(p), load16(unsafe.Add(p, 16)), load16(unsafe.Add(p, 32)), load16(unsafe.Add(p, 48))
		for r := 1; r < rows; r++ {
			q := unsafe.Add(p, r*stride)
			m0, m1 = m0.Max(load16(q)), m1.Max(load16(unsafe.Add(q, 16)))
			m2, m3 = m2.Max(load16(unsafe.Add(q, 32))), m3.Max(load16(unsafe.Add(q, 48)))
		}
		d := unsafe.Add(dst, 16*v)
		store16(d, m0)
		store16(unsafe.Add(d, 16), m1)
		store16(unsafe.Add(d, 32), m2)
		store16(unsafe.Add(d, 48), m3)
	}
	for ; v < vecs; v++ {
		p := unsafe.Add(top, 16*v)
		m := load16(p)
		for r := 1; r < rows; r++ {
			m = m.Max(load16(unsafe.Add(p, r*stride)))
		}
		store16(unsafe.Add(dst, 16*v), m)
	}
}

func minRows(dst, top unsafe.Pointer, stride, rows, vecs int) {
	clearUpper()
	v := 0
	for ; v+4 <= vecs; v += 4 {
		p := unsafe.Add(top, 16*v)
		m0, m1, m2, m3 := load16(p), load16(unsafe.Add(p, 16)), load16(unsafe.Add(p, 32)), load16(unsafe.Add(p, 48))
		for r := 1; r < rows; r++ {
			q := unsafe.Add(p, r*stride)
			m0, m1 = m0.Min(load16(q)), m1.Min(load16(unsafe.Add(q, 16)))
			m2, m3 = m2.Min(load16(unsafe.Add(q, 32))), m3.Min(load16(unsafe.Add(q, 48)))
		}
		d := unsafe.Add(dst, 16*v)
		store16(d, m0)
		store16(unsafe.Add(d, 16), m1)
		store16(unsafe.Add(d, 32), m2)
		store16(unsafe.Add(d, 48), m3)
	}
	for ; v < vecs; v++ {
		p := unsafe.Add(top, 16*v)
		m := load16(p)
		for r := 1; r < rows; r++ {
			m = m.Min(load16(unsafe.Add(p, r*stride)))
		}
		store16(unsafe.Add(dst, 16*v), m)
	}
}

// maxSlide and minSlide write 4*quads output pixels at out, each the max
// (min) of kern consecutive pixels from cells on: the vector at pixel q+t
// for t below kern holds pixel t of the windows of outputs q to q+3.
func maxSlide(out, cells unsafe.Pointer, kern, quads int) {
	for q := range quads {
		p := unsafe.Add(cells, 16*q)
		m := load16(p)
		for t := 1; t < kern; t++ {
			m = m.Max(load16(unsafe.Add(p, 4*t)))
		}
		store16(unsafe.Add(out, 16*q), m)
	}
}

func minSlide(out, cells unsafe.Pointer, kern, quads int) {
	for q := range quads {
		p := unsafe.Add(cells, 16*q)
		m := load16(p)
		for t := 1; t < kern; t++ {
			m = m.Min(load16(unsafe.Add(p, 4*t)))
		}
		store16(unsafe.Add(out, 16*q), m)
	}
}

// maxSlide2 and minSlide2 are maxSlide and minSlide at stride 2, output i
// from pixel 2i on: the even pixels of the vectors at pixels 2q+t and
// 2q+4+t hold pixel t of the windows of outputs q to q+3.
func maxSlide2(out, cells unsafe.Pointer, kern, quads int) {
	for q := range quads {
		p := unsafe.Add(cells, 32*q)
		a, b := load16(p), load16(unsafe.Add(p, 16))
		for t := 1; t < kern; t++ {
			a = a.Max(load16(unsafe.Add(p, 4*t)))
			b = b.Max(load16(unsafe.Add(p, 16+4*t)))
		}
		store16(unsafe.Add(out, 16*q), gatherPairs(a, b))
	}
}

func minSlide2(out, cells unsafe.Pointer, kern, quads int) {
	for q := range quads {
		p := unsafe.Add(cells, 32*q)
		a, b := load16(p), load16(unsafe.Add(p, 16))
		for t := 1; t < kern; t++ {
			a = a.Min(load16(unsafe.Add(p, 4*t)))
			b = b.Min(load16(unsafe.Add(p, 16+4*t)))
		}
		store16(unsafe.Add(out, 16*q), gatherPairs(a, b))
	}
}
