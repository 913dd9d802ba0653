//go:build goexperiment.simd

package pool

import "unsafe"

// lpRow4Square adds to acc the squares of n cells of four interleaved
// planes, step cells apart, each lane to its own sum, in order
// (tensor_lanes_wasm.s).
//
//go:noescape
func lpRow4Square(acc *[4]float64, p unsafe.Pointer, n, step int)

// lpRow4Abs is lpRow4Square with absolute values (Lp of order 1).
//
//go:noescape
func lpRow4Abs(acc *[4]float64, p unsafe.Pointer, n, step int)
