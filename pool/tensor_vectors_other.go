//go:build !goexperiment.simd || !(amd64 || wasm)

package pool

import "unsafe"

// Without the vector kernels, the tensor kernels have no vector passes.

func vectorHPass(k, s int) hPass { return nil }

func vectorAvgPlane(kw, sw, kh, sh int) func(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	return nil
}

func vectorAvgRow(kw, sw int) func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
	return nil
}

// vmaxVec is never called where vectorsRun is false.
func vmaxVec(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
	vmaxFolds(dst, src, pitch, step, k, rows, cols)
}

// negateVec is never called where vectorsRun is false.
func negateVec(dst, src unsafe.Pointer, n int) {}

// clearUpper is never called where vectorsRun is false.
func clearUpper() {}

// extremeVec is never called where vectorsRun is false.
func extremeVec(p unsafe.Pointer, n int, isMin bool) float32 { return 0 }
