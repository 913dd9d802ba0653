//go:build goexperiment.simd

package pool

import "simd/archsimd"

// permuteBytes returns the bytes of x in the order idx gives (i8x16.swizzle).
func permuteBytes(x archsimd.Uint8x16, idx archsimd.Int8x16) archsimd.Uint8x16 {
	return x.BitsToInt8().LookupOrZero(idx).ToBits()
}
