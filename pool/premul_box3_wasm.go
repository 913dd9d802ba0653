//go:build goexperiment.simd

package pool

import "unsafe"

// productQuads sets the lanes of 4*quads pixels at slot to the products of
// those at row (premul_runs_wasm.s).
//
//go:noescape
func productQuads(slot, row unsafe.Pointer, quads int)

// premultipliedBox3Quads writes 4*quads output pixels at out, the
// premultiplied averages of the 3x3 windows whose products lie in the rows
// of lanes p0, p1 and p2, the first window's from each row's first pixel
// on; r holds the windows' divisors (premul_runs_wasm.s).
//
//go:noescape
func premultipliedBox3Quads(out, p0, p1, p2 unsafe.Pointer, quads int, r *runSums)
