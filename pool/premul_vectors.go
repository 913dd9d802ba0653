//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// addProductRowVectors is addProductRow four pixels a turn
// (addProductQuads).
func addProductRowVectors(cols, slot, row unsafe.Pointer, n int) {
	m := n &^ 3
	addProductQuads(cols, slot, row, m/4)
	if m < n { // else the pointers would be past the rows' ends
		addProductRow(unsafe.Add(cols, 16*m), unsafe.Add(slot, 16*m), unsafe.Add(row, 4*m), n&3)
	}
}

// sumProductRowVectors is sumProductRow four pixels a turn
// (sumProductQuads).
func sumProductRowVectors(cols, row unsafe.Pointer, n int) {
	m := n &^ 3
	sumProductQuads(cols, row, m/4)
	if m < n {
		sumProductRow(unsafe.Add(cols, 16*m), unsafe.Add(row, 4*m), n&3)
	}
}

// replaceProductRowVectors is replaceProductRow four pixels a turn
// (replaceProductQuads).
func replaceProductRowVectors(cols, slot, row unsafe.Pointer, n int) {
	m := n &^ 3
	replaceProductQuads(cols, slot, row, m/4)
	if m < n {
		replaceProductRow(unsafe.Add(cols, 16*m), unsafe.Add(slot, 16*m), unsafe.Add(row, 4*m), n&3)
	}
}

// runSums holds a run of windows' sums between the vector loops: the last
// window's lanes, and the divisors of its quotients as floats, 1, 1, 1 and
// the window's divisor (for alpha), in memory, where the wasm loops load
// them once rather than build them anew each turn.
type runSums struct {
	lanes [2]uint64
	den   [4]float32
}

// newRunSums returns the runSums of a window whose lanes sum to rb and ga,
// div its divisor.
func newRunSums(rb, ga, div uint64) runSums {
	return runSums{lanes: [2]uint64{rb, ga}, den: [4]float32{1, 1, 1, float32(div)}}
}

// premultipliedFusedVectors replaces the first 4*(n/4) of n columns of the
// column sums at cols by the pixels of row, the slot holding the row that
// leaves, and writes at out the windows k columns wide whose last columns
// they are (premultipliedFusedQuads), the window before them summing to rb
// and ga. It returns the last window's sums and the columns it took.
func premultipliedFusedVectors(out, cols, slot, row unsafe.Pointer, n, k int, rb, ga, div uint64) (uint64, uint64, int) {
	r := newRunSums(rb, ga, div)
	premultipliedFusedQuads(out, cols, slot, row, n/4, k, &r)
	return r.lanes[0], r.lanes[1], n &^ 3
}

// alphaSpread copies lane 3 of four 32-bit lanes, the alpha sum, to lanes 0
// to 2; lane 3 is zero. laneOrder takes quotients in lanes R, B, G, A to the
// bytes of an RGBA pixel.
var (
	alphaSpread = [16]int8{12, 13, 14, 15, 12, 13, 14, 15, 12, 13, 14, 15, -1, -1, -1, -1}
	laneOrder   = [16]int8{0, 8, 4, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}
)

// quotientLanes returns the quotients of a window whose lanes sum to s,
// each 2^23 plus its byte in the bits of its lane: the colours divided by
// the alpha sum, the alpha sum by the window's divisor, in float32 and
// rounded half to even by adding 2^23, as premulQuotients and the wasm
// loops do. The alpha sum is spread from lane 3 (the swizzle alphaSpread,
// in spread) and made at least one by the max with den, a runSums'
// divisors, which also puts the window's divisor in lane 3: a window
// without alpha, whose colour sums are zero too, gets 0/1 = 0. That is
// exact for windows of up to 128 pixels: the sums stay below 2^24, and a
// quotient by at most 255*128 is exact or at least 1/65280 from a half, more
// than twice the division's error of at most 2^-17.
func quotientLanes(s archsimd.Uint32x4, den archsimd.Float32x4, spread archsimd.Int8x16) archsimd.Uint32x4 {
	f := s.BitsToInt32().ConvertToFloat32()
	d := permuteBytes(f.ToBits().ReshapeToUint8s(), spread).ReshapeToUint32s().BitsToFloat32().Max(den)
	return f.Div(d).Add(archsimd.BroadcastFloat32x4(1 << 23)).ToBits()
}

// premultipliedQuotients returns the pixel of a window whose lanes sum to s,
// den its divisors (quotientLanes).
func premultipliedQuotients(s archsimd.Uint32x4, den archsimd.Float32x4) uint32 {
	b := quotientLanes(s, den, archsimd.LoadInt8x16Array(&alphaSpread)).And(archsimd.BroadcastUint32x4(0xFF))
	return permuteBytes(b.ReshapeToUint8s(), archsimd.LoadInt8x16Array(&laneOrder)).ReshapeToUint32s().GetElem(0)
}

// premultipliedRunVectors is premultipliedRun, for windows of at most 128
// pixels, with the window's lanes in a vector: four windows a turn
// (premultipliedRunQuads), then one at a time.
func premultipliedRunVectors(out, enter, leave unsafe.Pointer, n int, rb, ga, div uint64) (uint64, uint64) {
	r := newRunSums(rb, ga, div)
	quads := n / 4
	premultipliedRunQuads(out, enter, leave, quads, &r)
	s := archsimd.LoadUint64x2Array(&r.lanes).ReshapeToUint32s()
	den := archsimd.LoadFloat32x4Array(&r.den)
	for i := 4 * quads; i < n; i++ {
		s = s.Add(load16(unsafe.Add(enter, 16*i)).ReshapeToUint32s()).Sub(load16(unsafe.Add(leave, 16*i)).ReshapeToUint32s())
		*(*uint32)(unsafe.Add(out, 4*i)) = premultipliedQuotients(s, den)
	}
	u := s.ReshapeToUint64s()
	return u.GetElem(0), u.GetElem(1)
}

// premultipliedBlockRunVectors is premultipliedBlockRun, for windows of at
// most 128 pixels, with each window's lanes in a vector.
func premultipliedBlockRunVectors(out, cols unsafe.Pointer, n, stride, kw int, div uint64) {
	clearUpper()
	r := newRunSums(0, 0, div)
	den := archsimd.LoadFloat32x4Array(&r.den)
	for i := range n {
		p := unsafe.Add(cols, 16*stride*i)
		s := load16(p).ReshapeToUint32s()
		for j := 1; j < kw; j++ {
			s = s.Add(load16(unsafe.Add(p, 16*j)).ReshapeToUint32s())
		}
		*(*uint32)(unsafe.Add(out, 4*i)) = premultipliedQuotients(s, den)
	}
}
