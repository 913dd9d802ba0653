//go:build goexperiment.simd

package pool

import "unsafe"

// premultiplied2x2Vectors writes 4*quads pixels of a premultiplied average
// of 2x2 blocks at d, from the blocks in rows r0 and r1, four a turn, as
// modes_vectors.go describes, in premul2x2_wasm.s.
//
//go:noescape
func premultiplied2x2Vectors(d, r0, r1 unsafe.Pointer, quads int)
