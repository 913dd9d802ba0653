//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// avg2x2s2Vec sums the 2x2 windows at every cell of the rows, not only the
// even ones, each lane in the window's order, and keeps the even lanes: two
// byte shuffles per four outputs, where gathering each of the four cells'
// even lanes first would take eight. It reads, like hmaxS2Vec, one cell past
// the last window's, so the last output of a row is left to avgRowDirect.
func avg2x2s2Vec(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	e := newEvens()
	for r := range rows {
		src, dst, divs := unsafe.Add(src, 2*pitch*r), unsafe.Add(dst, 4*cols*r), unsafe.Add(divs, 4*cols*r)
		if cols < 5 {
			avgRowDirect(dst, src, uintptr(pitch), 2, cols, 2, 2, divs)
		} else {
			a, b := src, unsafe.Add(src, pitch)
			last := cols - 1
			for o := 0; o < last; o += 4 {
				o = min(o, last-4)
				pa, pb := unsafe.Add(a, 8*o), unsafe.Add(b, 8*o)
				var s, t archsimd.Float32x4
				s = s.Add(load4(pa, 0)).Add(load4(pa, 1)).Add(load4(pb, 0)).Add(load4(pb, 1))
				t = t.Add(load4(pa, 4)).Add(load4(pa, 5)).Add(load4(pb, 4)).Add(load4(pb, 5))
				store4(dst, o, e.of(s, t).Div(load4(divs, o)))
			}
			avgRowDirect(unsafe.Add(dst, 4*last), unsafe.Add(src, 8*last), uintptr(pitch), 2, 1, 2, 2, unsafe.Add(divs, 4*last))
		}
	}
}
