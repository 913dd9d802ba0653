//go:build !wasm

package pool

import "unsafe"

// avgPlaneSum returns the plane sum of avgTensor; tensor_avg_wasm.go has
// faster ones.
func avgPlaneSum(kw, sw, kh, sh int) func(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	return avgRows(kw, sw, kh, sh)
}

// sumRowMajor adds the values in order, from +0, as the general kernel does:
// one chain of float32 additions. The order is what makes the result equal to
// PyTorch's to the last bit, so it is not split into several sums.
func sumRowMajor(src []float32) float32 {
	var s float32
	for _, v := range src {
		s += v
	}
	return s
}
