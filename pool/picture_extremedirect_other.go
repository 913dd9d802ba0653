//go:build !goexperiment.simd || !(wasm || amd64)

package pool

import "unsafe"

// extremeDirectFast: extremeDirect's loops exist in wasm and on amd64
// only; elsewhere the separable kernel's own passes run, and nothing calls
// these.
const extremeDirectFast = false

// directMaxKernel is 0: extremeDirect takes no window here.
const directMaxKernel = 0

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

func maxSlide2(out, cells unsafe.Pointer, kern, quads int) {
	panic("pool: maxSlide2 has no kernel here")
}

func minSlide2(out, cells unsafe.Pointer, kern, quads int) {
	panic("pool: minSlide2 has no kernel here")
}
