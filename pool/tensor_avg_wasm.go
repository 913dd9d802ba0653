package pool

import "unsafe"

// sumRowMajor adds the values in order, from +0, as the general kernel does:
// one chain of float32 additions. The order is what makes the result equal to
// PyTorch's to the last bit, so it is not split into several sums.
func sumRowMajor(src []float32) float32 {
	if len(src) == 0 {
		return 0
	}
	return sumRows(0, ptr(src), len(src), 1, 0)
}

// means8RowMajor writes to dst the means of groups runs of eight
// consecutive planes of n values at src, each sumRowMajor of its plane
// divided by div, eight planes side by side.
//
//go:noescape
func means8RowMajor(dst, src unsafe.Pointer, groups, n int, div float32)
