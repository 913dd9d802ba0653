//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// permuteBytes returns the bytes of x in the order idx gives (i8x16.swizzle).
func permuteBytes(x archsimd.Uint8x16, idx archsimd.Int8x16) archsimd.Uint8x16 {
	return x.BitsToInt8().LookupOrZero(idx).ToBits()
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

// blocksRowVectors is picture_vectors_amd64.go's, in
// picture_blockvectors_wasm.s.
//
//go:noescape
func blocksRowVectors(out, top unsafe.Pointer, stride, kh, q, shift, pairs int)

// extremeBlocksRowVectors is picture_extremeblocks_amd64.go's, by maxBlocksRow
// and minBlocksRow (picture_extremeblocks_wasm.s).
func extremeBlocksRowVectors(out, col unsafe.Pointer, kw, quads int, isMin bool) {
	if isMin {
		minBlocksRow(out, col, kw, quads)
	} else {
		maxBlocksRow(out, col, kw, quads)
	}
}

//go:noescape
func maxBlocksRow(out, col unsafe.Pointer, kw, quads int)

//go:noescape
func minBlocksRow(out, col unsafe.Pointer, kw, quads int)

// avg2x2Row is picture_avg2x2_amd64.go's, in picture_avg2x2_wasm.s.
//
//go:noescape
func avg2x2Row(d, r0, r1 unsafe.Pointer, quads int)
