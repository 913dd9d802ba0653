//go:build goexperiment.simd

package pool

import "simd/archsimd"

// permuteBytes returns the bytes of x in the order idx gives (PSHUFB).
func permuteBytes(x archsimd.Uint8x16, idx archsimd.Int8x16) archsimd.Uint8x16 {
	return x.PermuteOrZero(idx)
}
