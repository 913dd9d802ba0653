package pool

import "unsafe"

// exactHPass returns nil: the planes with a NaN take the general passes.
func exactHPass(k, s int) func(dst, src unsafe.Pointer, n int) { return nil }

// orderedHPass returns tensor_rows_wasm.s's horizontal pass for windows k
// cells wide at stride s, or nil when it has none.
func orderedHPass(k, s int) func(dst, src unsafe.Pointer, n int) {
	switch {
	case k == 2 && s == 2:
		return hmax2s2Ordered
	case k == 3 && s == 2:
		return hmax3s2Ordered
	case k == 3 && s == 1:
		return hmax3s1Ordered
	case k == 5 && s == 1:
		return hmax5s1Ordered
	}
	return nil
}

// poolOrdered pools in (src, padded or not) into dst with the passes of
// tensor_rows_wasm.s when it has them and src holds no NaN, and reports
// whether it did.
func (t *extremeTensor) poolOrdered(dst, in, src []float32) bool {
	if t.ordered == nil || hasNaN(ptr(src), len(src)) {
		return false
	}
	g := t.g
	t.ordered(ptr(t.hrows), ptr(in), len(t.hrows))
	d, h := ptr(dst), ptr(t.hrows)
	pitch, k, rows, cols := 4*t.width/g.W.Stride, g.H.Kernel, g.H.Out, g.W.Out
	if g.H.Stride == 1 && (k == 3 || k == 5) {
		// Output rows in pairs, which share their middle rows.
		pairs := rows / 2
		if k == 3 {
			vmax3PairsOrdered(d, h, pitch, pairs, cols)
		} else {
			vmax5PairsOrdered(d, h, pitch, pairs, cols)
		}
		d, h, rows = unsafe.Add(d, 8*pairs*cols), unsafe.Add(h, 2*pairs*pitch), rows-2*pairs
	}
	vmaxRowsOrdered(d, h, pitch, pitch*g.H.Stride, k, rows, cols)
	return true
}

//go:noescape
func hmax2s2Ordered(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax3s2Ordered(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax3s1Ordered(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax5s1Ordered(dst, src unsafe.Pointer, n int)

//go:noescape
func vmaxRowsOrdered(dst, src unsafe.Pointer, pitch, step, k, rows, cols int)

//go:noescape
func vmax3PairsOrdered(dst, src unsafe.Pointer, pitch, pairs, cols int)

//go:noescape
func vmax5PairsOrdered(dst, src unsafe.Pointer, pitch, pairs, cols int)

//go:noescape
func hasNaN(p unsafe.Pointer, n int) bool
