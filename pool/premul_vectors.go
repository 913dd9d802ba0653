//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// The premultiplied average's lanes (premul_lanes.go) hold, per pixel, R·a,
// B·a, G·a and a in four 32-bit lanes: one vector. weightIndex[i] gathers
// pixel i of four into those lanes as R, B, G, A, and alphaIndex[i] its
// alpha into the first three, so that their product, with a 1 in the last
// lane, is the pixel's lanes.
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

// addProductRowVectors is addProductRow four pixels a load, unrolled: a
// loop costs as much as its body in wasm.
func addProductRowVectors(cols, slot, row unsafe.Pointer, n int) {
	ix := loadLaneIndices()
	m := n &^ 3
	for x := 0; x < m; x += 4 {
		v0, v1, v2, v3 := weightedLanes(load16(unsafe.Add(row, 4*x)), &ix)
		q, c := unsafe.Add(slot, 16*x), unsafe.Add(cols, 16*x)
		store16(q, v0.ReshapeToUint8s())
		store16(unsafe.Add(q, 16), v1.ReshapeToUint8s())
		store16(unsafe.Add(q, 32), v2.ReshapeToUint8s())
		store16(unsafe.Add(q, 48), v3.ReshapeToUint8s())
		addLanes(c, v0)
		addLanes(unsafe.Add(c, 16), v1)
		addLanes(unsafe.Add(c, 32), v2)
		addLanes(unsafe.Add(c, 48), v3)
	}
	if m < n { // else the pointers would be past the rows' ends
		addProductRow(unsafe.Add(cols, 16*m), unsafe.Add(slot, 16*m), unsafe.Add(row, 4*m), n&3)
	}
}

// sumProductRowVectors is sumProductRow four pixels a load, unrolled.
func sumProductRowVectors(cols, row unsafe.Pointer, n int) {
	ix := loadLaneIndices()
	m := n &^ 3
	for x := 0; x < m; x += 4 {
		v0, v1, v2, v3 := weightedLanes(load16(unsafe.Add(row, 4*x)), &ix)
		c := unsafe.Add(cols, 16*x)
		addLanes(c, v0)
		addLanes(unsafe.Add(c, 16), v1)
		addLanes(unsafe.Add(c, 32), v2)
		addLanes(unsafe.Add(c, 48), v3)
	}
	if m < n { // else the pointers would be past the rows' ends
		sumProductRow(unsafe.Add(cols, 16*m), unsafe.Add(row, 4*m), n&3)
	}
}

// replaceProductRowVectors is replaceProductRow four pixels a load,
// unrolled.
func replaceProductRowVectors(cols, slot, row unsafe.Pointer, n int) {
	ix := loadLaneIndices()
	m := n &^ 3
	for x := 0; x < m; x += 4 {
		v0, v1, v2, v3 := weightedLanes(load16(unsafe.Add(row, 4*x)), &ix)
		q, c := unsafe.Add(slot, 16*x), unsafe.Add(cols, 16*x)
		replaceLanes(c, q, v0)
		replaceLanes(unsafe.Add(c, 16), unsafe.Add(q, 16), v1)
		replaceLanes(unsafe.Add(c, 32), unsafe.Add(q, 32), v2)
		replaceLanes(unsafe.Add(c, 48), unsafe.Add(q, 48), v3)
	}
	if m < n { // else the pointers would be past the rows' ends
		replaceProductRow(unsafe.Add(cols, 16*m), unsafe.Add(slot, 16*m), unsafe.Add(row, 4*m), n&3)
	}
}

// alphaSpread copies lane 3 of four 32-bit lanes, the alpha sum, to lanes 0
// to 2; lane 3 is zero. laneOrder takes quotients in lanes R, B, G, A to the
// bytes of an RGBA pixel.
var (
	alphaSpread = [16]int8{12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, -1, -1, -1, -1}
	laneOrder   = [16]int8{0, 8, 4, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
)

// premultipliedQuotients returns the pixel of a window whose lanes sum to s
// and whose divisor is lane 3 of div (its other lanes zero): the colours
// divided by the alpha sum, the alpha sum by the divisor, in float32 and
// rounded half to even by adding 2^23, as premultipliedPairs does. That
// is exact for windows of up to 128 pixels: the sums stay below 2^24, and a
// quotient by at most 255*128 is exact or at least 1/65280 from a half, more
// than twice the division's error of at most 2^-17.
func premultipliedQuotients(s, div archsimd.Uint32x4) uint32 {
	den := permuteBytes(s.ReshapeToUint8s(), archsimd.LoadInt8x16Array(&alphaSpread)).ReshapeToUint32s().Or(div)
	q := s.BitsToInt32().ConvertToFloat32().Div(den.BitsToInt32().ConvertToFloat32())
	b := q.Add(archsimd.BroadcastFloat32x4(1 << 23)).ToBits().And(archsimd.BroadcastUint32x4(0xFF))
	return permuteBytes(b.ReshapeToUint8s(), archsimd.LoadInt8x16Array(&laneOrder)).ReshapeToUint32s().GetElem(0)
}

// premultipliedRunVectors is premultipliedRun, for windows of at most 128
// pixels, with the window's lanes in a vector, four windows a turn: each
// one's quotients (as premultipliedQuotients) in the bytes of its lanes,
// the four merged into one vector, one byte each from a lane, and put in
// RGBA order.
func premultipliedRunVectors(out, enter, leave unsafe.Pointer, n int, rb, ga, div uint64) (uint64, uint64) {
	s := archsimd.LoadUint64x2Array(&[2]uint64{rb, ga}).ReshapeToUint32s()
	d := archsimd.LoadUint32x4Array(&[4]uint32{0, 0, 0, uint32(div)})
	spread := archsimd.LoadInt8x16Array(&alphaSpread)
	order := archsimd.LoadInt8x16Array(&quadOrder)
	one := archsimd.BroadcastUint32x4(1)
	// An alpha sum of zero, whose colour sums are zero too, is divided by
	// one: its colours 0/1 = 0 (a NaN would spread into the other bytes).
	quotients := func(s archsimd.Uint32x4) archsimd.Uint32x4 {
		den := permuteBytes(s.ReshapeToUint8s(), spread).ReshapeToUint32s().Or(d).Max(one)
		q := s.BitsToInt32().ConvertToFloat32().Div(den.BitsToInt32().ConvertToFloat32())
		return q.Add(archsimd.BroadcastFloat32x4(1 << 23)).ToBits()
	}
	quads := n / 4
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
	for i := 4 * quads; i < n; i++ {
		s = s.Add(load16(unsafe.Add(enter, 16*i)).ReshapeToUint32s()).Sub(load16(unsafe.Add(leave, 16*i)).ReshapeToUint32s())
		*(*uint32)(unsafe.Add(out, 4*i)) = premultipliedQuotients(s, d)
	}
	u := s.ReshapeToUint64s()
	return u.GetElem(0), u.GetElem(1)
}

// quadOrder takes four pixels' quotients, merged by premultipliedRunVectors
// into lanes R, B, G, A (a byte per pixel), to RGBA order.
var quadOrder = [16]int8{0, 8, 4, 12, 1, 9, 5, 13, 2, 10, 6, 14, 3, 11, 7, 15}

// premultipliedBlockRunVectors is premultipliedBlockRun, for windows of at
// most 128 pixels, with each window's lanes in a vector.
func premultipliedBlockRunVectors(out, cols unsafe.Pointer, n, stride, kw int, div uint64) {
	d := archsimd.LoadUint32x4Array(&[4]uint32{0, 0, 0, uint32(div)})
	for i := range n {
		p := unsafe.Add(cols, 16*stride*i)
		s := load16(p).ReshapeToUint32s()
		for j := 1; j < kw; j++ {
			s = s.Add(load16(unsafe.Add(p, 16*j)).ReshapeToUint32s())
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = premultipliedQuotients(s, d)
	}
}
