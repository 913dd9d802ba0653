//go:build !goexperiment.simd || !wasm

package pool

import "unsafe"

// extremeDirectFast: extremeDirect's loops exist in wasm only; elsewhere
// the separable kernel's own passes run, and nothing calls these.
const extremeDirectFast = false

func maxRows(dst, top unsafe.Pointer, stride, rows, vecs int) {
	panic("pool: maxRows has no kernel here")
}

func minRows(dst, top unsafe.Pointer, stride, rows, vecs int) {
	panic("pool: minRows has no kernel here")
}

func maxSlide(out, cells unsafe.Pointer, kern, quads int) {
	panic("pool: maxSlide has no kernel here")
}

func minSlide(out, cells unsafe.Pointer, kern, quads int) {
	panic("pool: minSlide has no kernel here")
}
