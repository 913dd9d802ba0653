package pool

import "unsafe"

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
func sumF32(p unsafe.Pointer, n int) float32

// sums8RowMajor is sumRowMajor of the eight consecutive planes of n values
// at src, side by side.
//
//go:noescape
func sums8RowMajor(sums *[8]float32, src unsafe.Pointer, n int)
