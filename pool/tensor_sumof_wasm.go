//go:build goexperiment.simd

package pool

import "unsafe"

// globalMeansF64 writes to each of dst's cells the mean of its plane of n
// values in src, summed as the portable sumOf adds them, in eight running
// sums that the engine adds two to a vector, every plane in one loop
// (tensor_sumof_wasm.s; Go's assembler knows wasm's vectors from the simd
// experiment on).
func globalMeansF64(dst, src []float32, n int) {
	if len(dst) == 0 {
		return
	}
	_ = src[:len(dst)*n]
	meansF64(ptr(dst), ptr(src), len(dst), n)
}

//go:noescape
func meansF64(dst, src unsafe.Pointer, planes, n int)
