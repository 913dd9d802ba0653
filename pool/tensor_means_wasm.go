//go:build goexperiment.simd

package pool

import "unsafe"

// vectorMeans8 returns means8RowMajor on vectors (tensor_means_wasm.s) for
// planes of n cells, or nil where that kernel cannot read them: it needs two
// cells a plane.
func vectorMeans8(n int) func(dst, src unsafe.Pointer, groups, n int, div float32) {
	if n < 2 {
		return nil
	}
	return means8Lanes
}

// means8Lanes is means8RowMajor, the eight planes two to a vector.
func means8Lanes(dst, src unsafe.Pointer, groups, n int, div float32) {
	means4Lanes(dst, src, 2*groups, n, div)
}

// means4Lanes writes the means of groups runs of four planes of n >= 2
// values.
//
//go:noescape
func means4Lanes(dst, src unsafe.Pointer, groups, n int, div float32)
