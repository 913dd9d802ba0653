//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// productQuads sets the lanes of 4*quads pixels at slot to the products of
// those at row: addProductQuads without the column sums.
func productQuads(slot, row unsafe.Pointer, quads int) {
	clearUpper()
	ix := loadLaneIndices()
	for i := range quads {
		v0, v1, v2, v3 := weightedLanes(load16(unsafe.Add(row, 16*i)), &ix)
		q := unsafe.Add(slot, 64*i)
		store16(q, v0.ReshapeToUint8s())
		store16(unsafe.Add(q, 16), v1.ReshapeToUint8s())
		store16(unsafe.Add(q, 32), v2.ReshapeToUint8s())
		store16(unsafe.Add(q, 48), v3.ReshapeToUint8s())
	}
}

// premultipliedBox3Quads writes 4*quads output pixels at out, the
// premultiplied averages of the 3x3 windows whose products lie in the rows
// of lanes p0, p1 and p2, the first window's from each row's first pixel
// on; r holds the windows' divisors. Four windows a turn from six columns,
// the first two the last two of the turn before, their quotients merged
// as premultipliedRunQuads merges them.
func premultipliedBox3Quads(out, p0, p1, p2 unsafe.Pointer, quads int, r *runSums) {
	clearUpper()
	den := archsimd.LoadFloat32x4Array(&r.den)
	spread := archsimd.LoadInt8x16Array(&alphaSpread)
	order := archsimd.LoadInt8x16Array(&quadOrder)
	quotients := func(s archsimd.Uint32x4) archsimd.Uint32x4 { return quotientLanes(s, den, spread) }
	column := func(off int) archsimd.Uint32x4 {
		return load16(unsafe.Add(p0, off)).ReshapeToUint32s().Add(load16(unsafe.Add(p1, off)).ReshapeToUint32s()).
			Add(load16(unsafe.Add(p2, off)).ReshapeToUint32s())
	}
	c0, c1 := column(0), column(16)
	for i := range quads {
		off := 64 * i
		c2, c3, c4, c5 := column(off+32), column(off+48), column(off+64), column(off+80)
		q := quotients(c0.Add(c1).Add(c2)).And(archsimd.BroadcastUint32x4(0xFF)).
			Or(quotients(c1.Add(c2).Add(c3)).ShiftAllLeft(8)).
			Or(quotients(c2.Add(c3).Add(c4)).ShiftAllLeft(16)).
			Or(quotients(c3.Add(c4).Add(c5)).ShiftAllLeft(24))
		store16(unsafe.Add(out, 16*i), permuteBytes(q.ReshapeToUint8s(), order))
		c0, c1 = c4, c5
	}
}
