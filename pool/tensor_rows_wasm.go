package pool

import "unsafe"

// The row passes of the max kernels, in tensor_rows_wasm.s.

//go:noescape
func hmax2s2(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax3s2(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax3s1(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax5s1(dst, src unsafe.Pointer, n int)

// vmaxPlane is vmaxRows, with the output rows taken in pairs where the
// windows are three or five rows at stride 1.
func vmaxPlane(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	if step == pitch && (k == 3 || k == 5) {
		pairs := rows / 2
		if k == 3 {
			vmax3Pairs(dst, src, pitch, pairs, cols)
		} else {
			vmax5Pairs(dst, src, pitch, pairs, cols)
		}
		dst, src, rows = unsafe.Add(dst, 8*pairs*cols), unsafe.Add(src, 2*pairs*pitch), rows-2*pairs
	}
	vmaxRows(dst, src, pitch, step, k, rows, cols)
}

//go:noescape
func vmax3Pairs(dst, src unsafe.Pointer, pitch, pairs, cols int)

//go:noescape
func vmax5Pairs(dst, src unsafe.Pointer, pitch, pairs, cols int)

//go:noescape
func vmaxRows(dst, src unsafe.Pointer, pitch, step, k, rows, cols int)
