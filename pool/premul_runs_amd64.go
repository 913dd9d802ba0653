//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// The premultiplied average's lanes (premul_lanes.go) hold, per pixel, R·a,
// B·a, G·a and a in four 32-bit lanes: one vector. weightIndex[i] gathers
// pixel i of four into those lanes as R, B, G, A, and alphaIndex[i] its
// alpha into the first three, so that their product, with a 1 in the last
// lane, is the pixel's lanes. premul_runs_wasm.s does the same in wasm.
var weightIndex, alphaIndex = func() (w, a [4][16]int8) {
	for i := range 4 {
		var wi, ai [16]int8
		for j := range wi {
			wi[j], ai[j] = -1, -1 // zero
		}
		for lane, c := range [4]int8{0, 2, 1, 3} {
			wi[4*lane] = int8(4*i) + c
			if lane < 3 {
				ai[4*lane] = int8(4*i) + 3
			}
		}
		w[i], a[i] = wi, ai
	}
	return w, a
}()

// laneIndices holds weightIndex and alphaIndex as vectors, loaded once a
// row and passed by value, so that they stay in registers.
type laneIndices struct {
	w0, w1, w2, w3, a0, a1, a2, a3 archsimd.Int8x16
	lastOne                        archsimd.Uint32x4
}

func loadLaneIndices() laneIndices {
	return laneIndices{
		archsimd.LoadInt8x16Array(&weightIndex[0]), archsimd.LoadInt8x16Array(&weightIndex[1]),
		archsimd.LoadInt8x16Array(&weightIndex[2]), archsimd.LoadInt8x16Array(&weightIndex[3]),
		archsimd.LoadInt8x16Array(&alphaIndex[0]), archsimd.LoadInt8x16Array(&alphaIndex[1]),
		archsimd.LoadInt8x16Array(&alphaIndex[2]), archsimd.LoadInt8x16Array(&alphaIndex[3]),
		archsimd.LoadUint32x4Array(&[4]uint32{0, 0, 0, 1}),
	}
}

// weightedLanes returns the lanes of the four pixels in x.
func weightedLanes(x archsimd.Uint8x16, ix *laneIndices) (v0, v1, v2, v3 archsimd.Uint32x4) {
	lane := func(w, a archsimd.Int8x16) archsimd.Uint32x4 {
		return permuteBytes(x, w).ReshapeToUint32s().Mul(permuteBytes(x, a).ReshapeToUint32s().Or(ix.lastOne))
	}
	return lane(ix.w0, ix.a0), lane(ix.w1, ix.a1), lane(ix.w2, ix.a2), lane(ix.w3, ix.a3)
}

// addLanes adds v to the lanes at c.
func addLanes(c unsafe.Pointer, v archsimd.Uint32x4) {
	store16(c, load16(c).ReshapeToUint32s().Add(v).ReshapeToUint8s())
}

// replaceLanes adds v to the lanes at c, takes those at q from them, and
// stores v at q.
func replaceLanes(c, q unsafe.Pointer, v archsimd.Uint32x4) {
	store16(c, load16(c).ReshapeToUint32s().Add(v).Sub(load16(q).ReshapeToUint32s()).ReshapeToUint8s())
	store16(q, v.ReshapeToUint8s())
}

// addProductQuads is addProductRow for 4*quads pixels, four a load,
// unrolled.
func addProductQuads(cols, slot, row unsafe.Pointer, quads int) {
	clearUpper()
	ix := loadLaneIndices()
	for i := range quads {
		v0, v1, v2, v3 := weightedLanes(load16(unsafe.Add(row, 16*i)), &ix)
		q, c := unsafe.Add(slot, 64*i), unsafe.Add(cols, 64*i)
		store16(q, v0.ReshapeToUint8s())
		store16(unsafe.Add(q, 16), v1.ReshapeToUint8s())
		store16(unsafe.Add(q, 32), v2.ReshapeToUint8s())
		store16(unsafe.Add(q, 48), v3.ReshapeToUint8s())
		addLanes(c, v0)
		addLanes(unsafe.Add(c, 16), v1)
		addLanes(unsafe.Add(c, 32), v2)
		addLanes(unsafe.Add(c, 48), v3)
	}
}

// sumProductQuads is sumProductRow for 4*quads pixels, four a load,
// unrolled.
func sumProductQuads(cols, row unsafe.Pointer, quads int) {
	clearUpper()
	ix := loadLaneIndices()
	for i := range quads {
		v0, v1, v2, v3 := weightedLanes(load16(unsafe.Add(row, 16*i)), &ix)
		c := unsafe.Add(cols, 64*i)
		addLanes(c, v0)
		addLanes(unsafe.Add(c, 16), v1)
		addLanes(unsafe.Add(c, 32), v2)
		addLanes(unsafe.Add(c, 48), v3)
	}
}

// replaceProductQuads is replaceProductRow for 4*quads pixels, four a
// load, unrolled.
func replaceProductQuads(cols, slot, row unsafe.Pointer, quads int) {
	clearUpper()
	ix := loadLaneIndices()
	for i := range quads {
		v0, v1, v2, v3 := weightedLanes(load16(unsafe.Add(row, 16*i)), &ix)
		q, c := unsafe.Add(slot, 64*i), unsafe.Add(cols, 64*i)
		replaceLanes(c, q, v0)
		replaceLanes(unsafe.Add(c, 16), unsafe.Add(q, 16), v1)
		replaceLanes(unsafe.Add(c, 32), unsafe.Add(q, 32), v2)
		replaceLanes(unsafe.Add(c, 48), unsafe.Add(q, 48), v3)
	}
}

// premultipliedRunQuads writes 4*quads pixels of premultipliedRun at out,
// starting from the window's lanes in r and leaving the last window's
// there: each window's quotients (quotientLanes), the four windows' bytes
// merged into one vector, one byte each from a lane, and put in RGBA order.
func premultipliedRunQuads(out, enter, leave unsafe.Pointer, quads int, r *runSums) {
	clearUpper()
	s := archsimd.LoadUint64x2Array(&r.lanes).ReshapeToUint32s()
	den := archsimd.LoadFloat32x4Array(&r.den)
	spread := archsimd.LoadInt8x16Array(&alphaSpread)
	order := archsimd.LoadInt8x16Array(&quadOrder)
	quotients := func(s archsimd.Uint32x4) archsimd.Uint32x4 { return quotientLanes(s, den, spread) }
	for i := range quads {
		e, l := unsafe.Add(enter, 64*i), unsafe.Add(leave, 64*i)
		s0 := s.Add(load16(e).ReshapeToUint32s()).Sub(load16(l).ReshapeToUint32s())
		s1 := s0.Add(load16(unsafe.Add(e, 16)).ReshapeToUint32s()).Sub(load16(unsafe.Add(l, 16)).ReshapeToUint32s())
		s2 := s1.Add(load16(unsafe.Add(e, 32)).ReshapeToUint32s()).Sub(load16(unsafe.Add(l, 32)).ReshapeToUint32s())
		s = s2.Add(load16(unsafe.Add(e, 48)).ReshapeToUint32s()).Sub(load16(unsafe.Add(l, 48)).ReshapeToUint32s())
		// Each quotient is 2^23 plus its byte: shifted left, the 2^23 leaves.
		q := quotients(s0).And(archsimd.BroadcastUint32x4(0xFF)).Or(quotients(s1).ShiftAllLeft(8)).
			Or(quotients(s2).ShiftAllLeft(16)).Or(quotients(s).ShiftAllLeft(24))
		store16(unsafe.Add(out, 16*i), permuteBytes(q.ReshapeToUint8s(), order))
	}
	s.ReshapeToUint64s().StoreArray(&r.lanes)
}

// quadOrder takes four pixels' quotients, merged by premultipliedRunQuads
// into lanes R, B, G, A (a byte per pixel), to RGBA order.
var quadOrder = [16]int8{0, 8, 4, 12, 1, 9, 5, 13, 2, 10, 6, 14, 3, 11, 7, 15}

// premultipliedFusedQuads replaces 4*quads columns of the column sums at
// cols by the pixels of row, the slot holding the row that leaves, and
// writes at out the windows k columns wide whose last columns they are,
// their sums in r before and after: natively, the two passes one after
// the other.
func premultipliedFusedQuads(out, cols, slot, row unsafe.Pointer, quads, k int, r *runSums) {
	replaceProductQuads(cols, slot, row, quads)
	premultipliedRunQuads(out, cols, unsafe.Add(cols, -16*k), quads, r)
}
