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

// means8RowMajor writes to dst the means of groups runs of eight
// consecutive planes of n values at src, each sumRowMajor of its plane
// divided by div, eight planes side by side.
func means8RowMajor(dst, src unsafe.Pointer, groups, n int, div float32) {
	for g := range groups {
		var s [8]float32
		for i := range n {
			for j := range s {
				s[j] += f32(src, (8*g+j)*n+i)
			}
		}
		for j, v := range s {
			setF32(dst, 8*g+j, v/div)
		}
	}
}
