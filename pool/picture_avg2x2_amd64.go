//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// avg2x2Row writes 4*quads output pixels of the average of 2x2 blocks at d
// from the rows r0 and r1. In wasm it is assembly (picture_avg2x2_wasm.s).
func avg2x2Row(d, r0, r1 unsafe.Pointer, quads int) {
	clearUpper()
	for i := range quads {
		p0, p1 := unsafe.Add(r0, 32*i), unsafe.Add(r1, 32*i)
		a := avg2x2Pairs(load16(p0), load16(p1))
		b := avg2x2Pairs(load16(unsafe.Add(p0, 16)), load16(unsafe.Add(p1, 16)))
		store16(unsafe.Add(d, 16*i), gatherPairs(a, b))
	}
}

// avg2x2Pairs returns, in the low half of each 64-bit lane, the rounded
// mean of the lane's two pixels in a and the two below them in b.
func avg2x2Pairs(a, b archsimd.Uint8x16) archsimd.Uint8x16 {
	low := archsimd.BroadcastUint16x8(0x00FF)
	one := archsimd.BroadcastUint16x8(1)
	a16, b16 := a.ReshapeToUint16s(), b.ReshapeToUint16s()
	even := a16.And(low).Add(b16.And(low))
	odd := a16.ShiftAllRight(8).Add(b16.ShiftAllRight(8))
	even = even.Add(even.ReshapeToUint64s().ShiftAllRight(32).ReshapeToUint16s())
	odd = odd.Add(odd.ReshapeToUint64s().ShiftAllRight(32).ReshapeToUint16s())
	// n/4 rounded half to even is (n + 1 + (n/4 odd)) / 4.
	even = even.Add(one).Add(even.ShiftAllRight(2).And(one)).ShiftAllRight(2)
	odd = odd.Add(one).Add(odd.ShiftAllRight(2).And(one)).ShiftAllRight(2)
	return even.Or(odd.ShiftAllLeft(8)).ReshapeToUint8s()
}
