//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// permuteBytes returns the bytes of x in the order idx gives (PSHUFB).
func permuteBytes(x archsimd.Uint8x16, idx archsimd.Int8x16) archsimd.Uint8x16 {
	return x.PermuteOrZero(idx)
}

// highBytes moves bytes 8 to 15 down to 0 to 7.
var highBytes = [16]int8{8, 9, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1}

// mulBytes returns the products of the bytes of x and y in 16-bit lanes:
// those of bytes 0 to 7, then of 8 to 15.
func mulBytes(x, y archsimd.Uint8x16) (lo, hi archsimd.Uint16x8) {
	h := archsimd.LoadInt8x16Array(&highBytes)
	lo = x.ExtendLo8ToUint16().Mul(y.ExtendLo8ToUint16())
	hi = x.PermuteOrZero(h).ExtendLo8ToUint16().Mul(y.PermuteOrZero(h).ExtendLo8ToUint16())
	return lo, hi
}

// lp2x2Fast: the Lp norm over 2x2 blocks has no amd64 vector kernel.
const lp2x2Fast = false

func lp2x2Quads(d, r0, r1 unsafe.Pointer, quads int) {
	panic("pool: lp2x2Quads has no amd64 kernel")
}
