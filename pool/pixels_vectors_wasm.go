//go:build goexperiment.simd

package pool

import "simd/archsimd"

// permuteBytes returns the bytes of x in the order idx gives (i8x16.swizzle).
func permuteBytes(x archsimd.Uint8x16, idx archsimd.Int8x16) archsimd.Uint8x16 {
	return x.BitsToInt8().LookupOrZero(idx).ToBits()
}

// mulBytes returns the products of the bytes of x and y in 16-bit lanes:
// those of bytes 0 to 7, then of 8 to 15 (i16x8.extmul_low/high_i8x16_u).
func mulBytes(x, y archsimd.Uint8x16) (lo, hi archsimd.Uint16x8) {
	return x.MulWidenLo(y), x.MulWidenHi(y)
}
