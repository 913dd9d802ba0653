//go:build goexperiment.simd

package pool

import "unsafe"

// premultiplied2x2Vectors writes 4*quads pixels of a premultiplied average
// of 2x2 blocks at d, from the blocks in rows r0 and r1, four a turn, as
// premul_vectors_amd64.go describes, in premul_wasm.s.
//
//go:noescape
func premultiplied2x2Vectors(d, r0, r1 unsafe.Pointer, quads int)

// premultipliedBlocksRow writes 4*quads pixels at d of a premultiplied
// average of blocks of kh rows of vecs vectors of four pixels (at most 64
// pixels), stride bytes apart, the first at top; div is the blocks'
// divisor. As premul_vectors_amd64.go's, in premul_wasm.s.
//
//go:noescape
func premultipliedBlocksRow(d, top unsafe.Pointer, stride, kh, vecs, quads int, div float32)
