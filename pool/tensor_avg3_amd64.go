//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// avg3x3s1Vec sums Inception's windows (in wasm, tensor_avg3_wasm.s) with
// no loop but over the outputs: the nine cells of four windows side by side
// in each of four vectors, in row-major order, sixteen outputs a turn. Four
// chains of additions also overlap: one waits for each addition's result
// before the next.
func avg3x3s1Vec(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	for r := range rows {
		src, dst, divs := unsafe.Add(src, pitch*r), unsafe.Add(dst, 4*cols*r), unsafe.Add(divs, 4*cols*r)
		if cols < 4 {
			avgRowDirect(dst, src, uintptr(pitch), 3, cols, 3, 1, divs)
			continue
		}
		a, b := src, unsafe.Add(src, pitch)
		c := unsafe.Add(b, pitch)
		x := 0
		for ; x+16 <= cols; x += 16 {
			pa, pb, pc := unsafe.Add(a, 4*x), unsafe.Add(b, 4*x), unsafe.Add(c, 4*x)
			var s, t, u, v archsimd.Float32x4
			s = s.Add(load4(pa, 0)).Add(load4(pa, 1)).Add(load4(pa, 2))
			t = t.Add(load4(pa, 4)).Add(load4(pa, 5)).Add(load4(pa, 6))
			u = u.Add(load4(pa, 8)).Add(load4(pa, 9)).Add(load4(pa, 10))
			v = v.Add(load4(pa, 12)).Add(load4(pa, 13)).Add(load4(pa, 14))
			s = s.Add(load4(pb, 0)).Add(load4(pb, 1)).Add(load4(pb, 2))
			t = t.Add(load4(pb, 4)).Add(load4(pb, 5)).Add(load4(pb, 6))
			u = u.Add(load4(pb, 8)).Add(load4(pb, 9)).Add(load4(pb, 10))
			v = v.Add(load4(pb, 12)).Add(load4(pb, 13)).Add(load4(pb, 14))
			s = s.Add(load4(pc, 0)).Add(load4(pc, 1)).Add(load4(pc, 2))
			t = t.Add(load4(pc, 4)).Add(load4(pc, 5)).Add(load4(pc, 6))
			u = u.Add(load4(pc, 8)).Add(load4(pc, 9)).Add(load4(pc, 10))
			v = v.Add(load4(pc, 12)).Add(load4(pc, 13)).Add(load4(pc, 14))
			q, d := unsafe.Add(dst, 4*x), unsafe.Add(divs, 4*x)
			store4(q, 0, s.Div(load4(d, 0)))
			store4(q, 4, t.Div(load4(d, 4)))
			store4(q, 8, u.Div(load4(d, 8)))
			store4(q, 12, v.Div(load4(d, 12)))
		}
		for ; x < cols; x += 4 {
			x = min(x, cols-4)
			var s archsimd.Float32x4
			s = s.Add(load4(a, x)).Add(load4(a, x+1)).Add(load4(a, x+2))
			s = s.Add(load4(b, x)).Add(load4(b, x+1)).Add(load4(b, x+2))
			s = s.Add(load4(c, x)).Add(load4(c, x+1)).Add(load4(c, x+2))
			store4(dst, x, s.Div(load4(divs, x)))
		}
	}
}
