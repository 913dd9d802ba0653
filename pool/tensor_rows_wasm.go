package pool

import "unsafe"

// exactHPass returns nil: the planes with a NaN take the general passes.
func exactHPass(k, s int) hPass { return nil }

// orderedHPass returns tensor_rows_wasm.s's horizontal pass for windows k
// cells wide at stride s, or nil when it has none.
func orderedHPass(k, s int) hPass {
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

// passes returns the passes for plane src: tensor_rows_wasm.s's when it
// has them and src holds no NaN. 2x2 windows at stride 2 take one pass that
// reads each window's four cells, which saves writing and reading back the
// rows pooled horizontally.
func (t *extremeTensor) passes(src []float32) (hPass, vPass) {
	if t.ordered == nil || hasNaN(ptr(src), len(src)) {
		return t.hpass, vmaxRows
	}
	if g := t.g; g.H.Kernel == 2 && g.H.Stride == 2 && g.W.Kernel == 2 && g.W.Stride == 2 {
		return nil, max2x2s2Ordered
	}
	return t.ordered, vmaxOrdered
}

// vmaxOrdered is vmaxRows for planes with no NaN. At stride 1, windows of
// three and five rows take the output rows in pairs, which share their
// middle rows.
func vmaxOrdered(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	if step == pitch && (k == 3 || k == 5) {
		pairs := rows / 2
		if k == 3 {
			vmax3PairsOrdered(dst, src, pitch, pairs, cols)
		} else {
			vmax5PairsOrdered(dst, src, pitch, pairs, cols)
		}
		dst, src, rows = unsafe.Add(dst, 8*pairs*cols), unsafe.Add(src, 2*pairs*pitch), rows-2*pairs
	}
	vmaxRowsOrdered(dst, src, pitch, step, k, rows, cols)
}

//go:noescape
func max2x2s2Ordered(dst, src unsafe.Pointer, pitch, step, k, rows, cols int)

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
