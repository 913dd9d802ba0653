//go:build !wasm || !goexperiment.simd

package pool

import "unsafe"

// vectorMeans8 returns nil: the vector kernel of the global average is
// wasm assembly (tensor_means_wasm.s).
func vectorMeans8(int) func(dst, src unsafe.Pointer, groups, n int, div float32) { return nil }
