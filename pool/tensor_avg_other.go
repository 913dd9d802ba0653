//go:build !wasm

package pool

import "unsafe"

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

// sums8RowMajor is sumRowMajor of the eight consecutive planes of n values
// at src, side by side.
func sums8RowMajor(sums *[8]float32, src unsafe.Pointer, n int) {
	var s [8]float32
	for i := range n {
		for j := range s {
			s[j] += f32(src, j*n+i)
		}
	}
	*sums = s
}
