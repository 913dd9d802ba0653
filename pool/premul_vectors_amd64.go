//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// The premultiplied average's vector kernels. Each vector of four pixels is
// gathered channel by channel (byChannel), R and G in its even bytes and B
// and A in its odd ones, beside its alphas laid out alike (alphaBeside), so
// that the products of the even bytes and of the odd bytes, each taken in
// 16-bit lanes after a mask or a shift (weighted), give every colour times
// its alpha, and each alpha itself: R0a0 R1a1 R2a2 R3a3 G0a0 ... and B0a0 ...
// a0 a1 a2 a3. Adding each 32-bit lane's two halves gives the
// sums of pixels 0, 1 and of pixels 2, 3 (pairHalves), exact in 32 bits, in
// the lanes R R G G and B B A A of two windows: the windows side by side are
// what the quotients divide, by the alpha sums in the lanes A A A A and A A
// 4 4, which gives the alpha's mean by the same division.

var (
	byChannel   = [16]int8{0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15}
	alphaBeside = [16]int8{3, 3, 7, 7, 11, 11, 15, 15, 3, -1, 7, -1, 11, -1, 15, -1}
	alphaOnes   = [16]uint8{9: 1, 11: 1, 13: 1, 15: 1}
	// alphaBoth spreads the lanes A A of B B A A to A A A A; alphaLow to
	// A A 0 0.
	alphaBoth = [16]int8{8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15}
	alphaLow  = [16]int8{8, 9, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1}
	// fourPixels takes the bytes of the quotients of four windows, merged
	// as premultiplied2x2Vectors merges them, to RGBA order.
	fourPixels = [16]int8{0, 8, 1, 9, 4, 12, 5, 13, 2, 10, 3, 11, 6, 14, 7, 15}
)

// premultiplied2x2Vectors writes 4*quads pixels of a premultiplied average of
// 2x2 blocks at d, from the blocks in rows r0 and r1, four a turn: two
// windows from each vector of four pixels (see above). The body is one
// function, its constants in locals, so that none is reloaded in the loop.
func premultiplied2x2Vectors(d, r0, r1 unsafe.Pointer, quads int) {
	clearUpper()
	channels, alphas := archsimd.LoadInt8x16Array(&byChannel), archsimd.LoadInt8x16Array(&alphaBeside)
	ones := archsimd.LoadUint8x16Array(&alphaOnes)
	half := archsimd.BroadcastUint32x4(0xFFFF)
	both, low := archsimd.LoadInt8x16Array(&alphaBoth), archsimd.LoadInt8x16Array(&alphaLow)
	order := archsimd.LoadInt8x16Array(&fourPixels)
	noZero := archsimd.LoadUint32x4Array(&[4]uint32{0, 0, 1, 1})
	four := archsimd.LoadFloat32x4Array(&[4]float32{0, 0, 4, 4})
	for i := range quads {
		p0, p1 := unsafe.Add(r0, 32*i), unsafe.Add(r1, 32*i)
		a0, a1 := weighted(load16(p0), channels, alphas, ones)
		b0, b1 := weighted(load16(p1), channels, alphas, ones)
		left := premulQuotients(pairHalves(a0, b0, half), pairHalves(a1, b1, half), noZero, both, low, four)
		a0, a1 = weighted(load16(unsafe.Add(p0, 16)), channels, alphas, ones)
		b0, b1 = weighted(load16(unsafe.Add(p1, 16)), channels, alphas, ones)
		right := premulQuotients(pairHalves(a0, b0, half), pairHalves(a1, b1, half), noZero, both, low, four)
		v := left.Or(right.ShiftAllLeft(16)).ReshapeToUint8s()
		store16(unsafe.Add(d, 16*i), permuteBytes(v, order))
	}
}

// weighted returns the products of the four pixels in x (see above): a
// byte times a byte fits a 16-bit lane.
func weighted(x archsimd.Uint8x16, channels, alphas archsimd.Int8x16, ones archsimd.Uint8x16) (lo, hi archsimd.Uint32x4) {
	c := permuteBytes(x, channels).ReshapeToUint16s()
	a := permuteBytes(x, alphas).Or(ones).ReshapeToUint16s()
	even := archsimd.BroadcastUint16x8(0xFF)
	l := c.And(even).Mul(a.And(even))
	h := c.ShiftAllRight(8).Mul(a.ShiftAllRight(8))
	return l.ReshapeToUint32s(), h.ReshapeToUint32s()
}

// pairHalves adds the two 16-bit halves of each 32-bit lane of x to those
// of y.
func pairHalves(x, y, half archsimd.Uint32x4) archsimd.Uint32x4 {
	return x.And(half).Add(x.ShiftAllRight(16)).Add(y.And(half)).Add(y.ShiftAllRight(16))
}

// premulQuotients returns the colour means of two windows whose sums are in the
// lanes R R G G (x) and B B A A (y), and their alpha divided by the lanes
// of four, each rounded half to even, as the low bytes of R R G G and
// (shifted left by 8) B B A A, merged in the lanes of one vector: R|B<<8,
// R|B<<8, G|A<<8, G|A<<8. Float32 quotients round as divRoundEven does: the
// sums stay below 2^24, exact, and a quotient by an alpha sum n of at most
// 255*64 is exact, or at least 1/(2n) from a half, far more than its
// rounding error of 2^-16; adding 2^23 rounds it half to even. An alpha sum
// of zero, whose colour sums are zero too, becomes one (the lanes of
// noZero): its colours 0/1, its alpha 1/div, both 0 once rounded.
func premulQuotients(x, y, noZero archsimd.Uint32x4, both, low archsimd.Int8x16, four archsimd.Float32x4) archsimd.Uint32x4 {
	round := archsimd.BroadcastFloat32x4(1 << 23)
	y = y.Max(noZero)
	fx, fy := x.BitsToInt32().ConvertToFloat32(), y.BitsToInt32().ConvertToFloat32()
	yb := fy.ToBits().ReshapeToUint8s()
	dx := permuteBytes(yb, both).ReshapeToUint32s().BitsToFloat32()
	dy := permuteBytes(yb, low).ReshapeToUint32s().BitsToFloat32().Add(four)
	qx := fx.Div(dx).Add(round).ToBits().And(archsimd.BroadcastUint32x4(0xFF))
	qy := fy.Div(dy).Add(round).ToBits().ShiftAllLeft(8)
	return qx.Or(qy)
}

// premultipliedBlocksRow writes 4*quads pixels at d of a premultiplied
// average of blocks of kh rows of vecs vectors of four pixels (at most 64
// pixels), stride bytes apart, the first at top; div is the blocks' divisor.
// Each block's products are summed in two vectors of 32-bit lanes, each
// holding two 16-bit halves that wrap into each other, and the sums of the
// upper halves beside them: the lower halves' sum is the first less the
// second shifted left by 16, exact modulo 2^32. Then as
// premultiplied2x2Vectors, two blocks a quotient.
func premultipliedBlocksRow(d, top unsafe.Pointer, stride, kh, vecs, quads int, div float32) {
	clearUpper()
	channels, alphas := archsimd.LoadInt8x16Array(&byChannel), archsimd.LoadInt8x16Array(&alphaBeside)
	ones := archsimd.LoadUint8x16Array(&alphaOnes)
	both, low := archsimd.LoadInt8x16Array(&alphaBoth), archsimd.LoadInt8x16Array(&alphaLow)
	order := archsimd.LoadInt8x16Array(&fourPixels)
	noZero := archsimd.LoadUint32x4Array(&[4]uint32{0, 0, 1, 1})
	divs := archsimd.LoadFloat32x4Array(&[4]float32{0, 0, div, div})
	width := 16 * vecs // a block's bytes in a row
	for i := range quads {
		p := unsafe.Add(top, 4*width*i)
		x0, y0 := blockSums(p, stride, kh, vecs, channels, alphas, ones)
		x1, y1 := blockSums(unsafe.Add(p, width), stride, kh, vecs, channels, alphas, ones)
		left := premulQuotients(mergeBlocks(x0, x1), mergeBlocks(y0, y1), noZero, both, low, divs)
		x0, y0 = blockSums(unsafe.Add(p, 2*width), stride, kh, vecs, channels, alphas, ones)
		x1, y1 = blockSums(unsafe.Add(p, 3*width), stride, kh, vecs, channels, alphas, ones)
		right := premulQuotients(mergeBlocks(x0, x1), mergeBlocks(y0, y1), noZero, both, low, divs)
		v := left.Or(right.ShiftAllLeft(16)).ReshapeToUint8s()
		store16(unsafe.Add(d, 16*i), permuteBytes(v, order))
	}
}

// blockSums returns the sums of the products of a block (see
// premultipliedBlocksRow) in lanes R R G G and B B A A, each lane the sum
// of every other pair of columns.
func blockSums(p unsafe.Pointer, stride, kh, vecs int, channels, alphas archsimd.Int8x16, ones archsimd.Uint8x16) (x, y archsimd.Uint32x4) {
	var xh, yh archsimd.Uint32x4
	if vecs == 1 {
		// Blocks four pixels wide, two rows a turn: the loops cost as much
		// as the sums in wasm (four rows a turn spill). Each row is found
		// from p, so that no pointer passes the picture's end.
		for r := 0; r+1 < kh; r += 2 {
			q := unsafe.Add(p, r*stride)
			lo, hi := weighted(load16(q), channels, alphas, ones)
			lo1, hi1 := weighted(load16(unsafe.Add(q, stride)), channels, alphas, ones)
			x, xh = x.Add(lo).Add(lo1), xh.Add(lo.ShiftAllRight(16)).Add(lo1.ShiftAllRight(16))
			y, yh = y.Add(hi).Add(hi1), yh.Add(hi.ShiftAllRight(16)).Add(hi1.ShiftAllRight(16))
		}
		if kh&1 != 0 {
			lo, hi := weighted(load16(unsafe.Add(p, (kh-1)*stride)), channels, alphas, ones)
			x, xh = x.Add(lo), xh.Add(lo.ShiftAllRight(16))
			y, yh = y.Add(hi), yh.Add(hi.ShiftAllRight(16))
		}
		return x.Sub(xh.ShiftAllLeft(16)).Add(xh), y.Sub(yh.ShiftAllLeft(16)).Add(yh)
	}
	for r := range kh {
		for j := range vecs {
			lo, hi := weighted(load16(unsafe.Add(p, r*stride+16*j)), channels, alphas, ones)
			x, xh = x.Add(lo), xh.Add(lo.ShiftAllRight(16))
			y, yh = y.Add(hi), yh.Add(hi.ShiftAllRight(16))
		}
	}
	return x.Sub(xh.ShiftAllLeft(16)).Add(xh), y.Sub(yh.ShiftAllLeft(16)).Add(yh)
}

// mergeBlocks returns the lanes c c d d, c and d two channels, of two blocks
// from their lanes c c d d of blockSums: each c the sum of its two.
func mergeBlocks(a, b archsimd.Uint32x4) archsimd.Uint32x4 {
	a64, b64 := a.ReshapeToUint64s(), b.ReshapeToUint64s()
	a64 = a64.Add(a64.ShiftAllRight(32)).And(archsimd.BroadcastUint64x2(0xFFFFFFFF))
	b64 = b64.Add(b64.ShiftAllRight(32)).ShiftAllLeft(32)
	return a64.Or(b64).ReshapeToUint32s()
}
