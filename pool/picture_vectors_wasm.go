//go:build goexperiment.simd

package pool

import (
	"math/bits"
	"unsafe"

	"simd/archsimd"
)

// permuteBytes returns the bytes of x in the order idx gives (i8x16.swizzle).
func permuteBytes(x archsimd.Uint8x16, idx archsimd.Int8x16) archsimd.Uint8x16 {
	return x.BitsToInt8().LookupOrZero(idx).ToBits()
}

// mulBytes returns the products of the bytes of x and y in 16-bit lanes:
// those of bytes 0 to 7, then of 8 to 15 (i16x8.extmul_low/high_i8x16_u).
func mulBytes(x, y archsimd.Uint8x16) (lo, hi archsimd.Uint16x8) {
	return x.MulWidenLo(y), x.MulWidenHi(y)
}

// lp2x2Fast: lp2x2Quads is an assembly loop here.
const lp2x2Fast = true

// lp2x2Quads writes 4*quads output pixels at d of the Lp norm of order 2
// over 2x2 blocks whose rows start at r0 and r1 (picture_lp2x2_wasm.s): each
// channel's squares summed exactly in 32-bit lanes, the root taken in
// float32, as exact there as in float64 for sums of four squares of bytes.
//
//go:noescape
func lp2x2Quads(d, r0, r1 unsafe.Pointer, quads int)

// box3Quads writes 4*quads output pixels at out, the averages of the whole
// 3x3 windows centred on the pixels from src's second on, in the three rows
// from src on, stride bytes apart (picture_box3quads_wasm.s). It reads 4*quads+2
// pixels of each row.
//
//go:noescape
func box3Quads(out, src unsafe.Pointer, stride, quads int)

// byteSums4 adds to total each channel's bytes of the first 4*vecs pixels of
// rows rows from p, stride bytes apart (picture_bytesums_wasm.s): sixteen
// bytes a vector, R and B in the even 16-bit lanes, G and A in the odd
// ones, emptied into the 64-bit totals every byteSumsFlush vectors, before a
// lane can overflow.
//
//go:noescape
func byteSums4(p unsafe.Pointer, stride, rows, vecs int, total *[4]uint64)

//go:noescape
func blocksRowVectors(out, top unsafe.Pointer, stride, kh, q, shift, pairs int)

// avgBlocksVectors is avgBlocks for blocks 4, 8 or 16 pixels wide of a power of
// two pixels (4x4, 8x8, 16x16, 4x2 and the like), two blocks a turn
// straight from the picture's rows (blocksRowVectors), where avgBlocks sums
// columns of pairs of pixels in 64-bit words first: 12 MP by 4 in about
// half the time. It reports whether it took the rows.
func (k *kernelPixels) avgBlocksVectors(dst []byte, from, to int) bool {
	kh, kw, outW := k.g.H.Kernel, k.g.W.Kernel, k.g.W.Out
	d := kh * kw
	if kw != 4 && kw != 8 && kw != 16 || d&(d-1) != 0 || d > maxLaneCells || outW < 2 {
		return false
	}
	q, shift := kw/4, bits.TrailingZeros(uint(d))
	src, out := k.blockBase(dst)
	for oy := from; oy < to; oy++ {
		top := unsafe.Add(src, k.blockTop(oy))
		row := unsafe.Add(out, (oy-from)*4*outW)
		blocksRowVectors(row, top, k.stride, kh, q, shift, outW/2)
		if outW&1 == 1 {
			// The last pair again, overlapping the one before.
			blocksRowVectors(unsafe.Add(row, 4*(outW-2)), unsafe.Add(top, 4*kw*(outW-2)), k.stride, kh, q, shift, 1)
		}
	}
	return true
}
