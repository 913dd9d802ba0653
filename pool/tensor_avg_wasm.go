package pool

import "unsafe"

// avgPlaneSum returns the plane sum of avgTensor: tensor_avg_wasm.s's for
// 3x3 windows at stride 1, row kernels otherwise.
func avgPlaneSum(kw, sw, kh, sh int) func(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	if kw == 3 && sw == 1 && kh == 3 && sh == 1 {
		return avg3x3s1
	}
	return avgRows(kw, sw, kh, sh)
}

// sumRowMajor adds the values in order, from +0, as the general kernel does:
// one chain of float32 additions. The order is what makes the result equal to
// PyTorch's to the last bit, so it is not split into several sums.
func sumRowMajor(src []float32) float32 {
	if len(src) == 0 {
		return 0
	}
	return sumF32(ptr(src), len(src))
}

//go:noescape
func avg3x3s1(dst, src, divs unsafe.Pointer, pitch, rows, cols int)

//go:noescape
func sumF32(p unsafe.Pointer, n int) float32

// sums8RowMajor is sumRowMajor of the eight consecutive planes of n values
// at src, side by side.
//
//go:noescape
func sums8RowMajor(sums *[8]float32, src unsafe.Pointer, n int)
