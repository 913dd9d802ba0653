//go:build goexperiment.simd

package pool

import "unsafe"

// max2x2Row and min2x2Row write quads*4 output pixels of max (min) 2x2/2 at
// d from the rows at r0 and r1, in picture_extreme2x2_wasm.s.
//
//go:noescape
func max2x2Row(d, r0, r1 unsafe.Pointer, quads int)

//go:noescape
func min2x2Row(d, r0, r1 unsafe.Pointer, quads int)
