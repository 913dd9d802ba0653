//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// blockLanes returns the extreme, as a max of flipped bytes, of the kw
// pixels at p (at most 8) in the low half of each 64-bit lane: vecs vectors
// of four pixels, the last masked to its pixels (a zero never wins the
// max), then each pair.
func blockLanes(p unsafe.Pointer, vecs int, last, flip archsimd.Uint8x16) archsimd.Uint8x16 {
	m := load16(p).Xor(flip)
	if vecs == 1 {
		m = m.And(last)
	} else {
		m = m.Max(load16(unsafe.Add(p, 16)).Xor(flip).And(last))
	}
	return neighbourMax(m)
}

// extremeBlocksRowVectors writes 4*quads output pixels at out from the row
// of column extremes at col, each the extreme of kw pixels (kw at most 8),
// four blocks a turn: each block's lanes folded to pairs (blockLanes), the
// four blocks' pairs gathered into two vectors and folded once more. It
// reads up to 12 bytes past the last block, which the caller provides. In
// wasm it is assembly (picture_extremeblocks_wasm.s).
func extremeBlocksRowVectors(out, col unsafe.Pointer, kw, quads int, isMin bool) {
	clearUpper()
	var flip archsimd.Uint8x16
	if isMin {
		flip = archsimd.BroadcastUint8x16(0xFF)
	}
	vecs := (kw + 3) / 4
	var mask [16]uint8
	for i := range 4 * (kw - 4*(vecs-1)) {
		mask[i] = 0xFF
	}
	last := archsimd.LoadUint8x16Array(&mask)
	step := 4 * kw
	for i := range quads {
		col := unsafe.Add(col, 4*step*i)
		a := blockLanes(col, vecs, last, flip)
		b := blockLanes(unsafe.Add(col, step), vecs, last, flip)
		c := blockLanes(unsafe.Add(col, 2*step), vecs, last, flip)
		d := blockLanes(unsafe.Add(col, 3*step), vecs, last, flip)
		x := neighbourMax(gatherPairs(a, b))
		y := neighbourMax(gatherPairs(c, d))
		store16(unsafe.Add(out, 16*i), gatherPairs(x, y).Xor(flip))
	}
}
