//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// max2x2Row and min2x2Row write quads*4 output pixels of max (min) 2x2/2 at
// d from the rows at r0 and r1: the rows' extreme of eight pixels, then each
// pair's. In wasm they are assembly (picture_extreme2x2_wasm.s), about twice the
// speed of this code compiled for wasm.
func max2x2Row(d, r0, r1 unsafe.Pointer, quads int) {
	clearUpper()
	for i := range quads {
		p0, p1 := unsafe.Add(r0, 32*i), unsafe.Add(r1, 32*i)
		a := neighbourMax(load16(p0).Max(load16(p1)))
		b := neighbourMax(load16(unsafe.Add(p0, 16)).Max(load16(unsafe.Add(p1, 16))))
		store16(unsafe.Add(d, 16*i), gatherPairs(a, b))
	}
}

func min2x2Row(d, r0, r1 unsafe.Pointer, quads int) {
	clearUpper()
	for i := range quads {
		p0, p1 := unsafe.Add(r0, 32*i), unsafe.Add(r1, 32*i)
		a := neighbourMin(load16(p0).Min(load16(p1)))
		b := neighbourMin(load16(unsafe.Add(p0, 16)).Min(load16(unsafe.Add(p1, 16))))
		store16(unsafe.Add(d, 16*i), gatherPairs(a, b))
	}
}

// neighbourMin is neighbourMax for the min.
func neighbourMin(v archsimd.Uint8x16) archsimd.Uint8x16 {
	return v.Min(v.ReshapeToUint64s().ShiftAllRight(32).ReshapeToUint8s())
}
