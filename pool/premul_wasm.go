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

// addProductQuads, sumProductQuads and replaceProductQuads are
// addProductRow, sumProductRow and replaceProductRow for 4*quads pixels,
// four a load, in premul_runs_wasm.s.
//
//go:noescape
func addProductQuads(cols, slot, row unsafe.Pointer, quads int)

//go:noescape
func sumProductQuads(cols, row unsafe.Pointer, quads int)

//go:noescape
func replaceProductQuads(cols, slot, row unsafe.Pointer, quads int)

// premultipliedRunQuads writes 4*quads pixels of premultipliedRun at out,
// starting from the window's lanes in r and leaving the last window's
// there, as premul_runs_amd64.go's, in premul_runs_wasm.s.
//
//go:noescape
func premultipliedRunQuads(out, enter, leave unsafe.Pointer, quads int, r *runSums)

// premultipliedFusedQuads is replaceProductQuads and premultipliedRunQuads
// in one pass: it replaces 4*quads columns of the column sums at cols by
// the pixels of row, the slot holding the row that leaves, and writes at
// out the windows k columns wide whose last columns they are, their sums
// in r before and after, as premul_runs_amd64.go's, in premul_runs_wasm.s.
//
//go:noescape
func premultipliedFusedQuads(out, cols, slot, row unsafe.Pointer, quads, k int, r *runSums)
