//go:build goexperiment.simd && (amd64 || wasm)

package pool

import "simd/archsimd"

// evens picks the even lanes of two vectors with a byte shuffle (AVX's
// PSHUFB, wasm's i8x16.swizzle), whose negative indices give zero bytes.
type evens struct{ lo, hi archsimd.Int8x16 }

func newEvens() evens {
	return evens{
		lo: archsimd.LoadInt8x16Array(&[16]int8{0, 1, 2, 3, 8, 9, 10, 11, -1, -1, -1, -1, -1, -1, -1, -1}),
		hi: archsimd.LoadInt8x16Array(&[16]int8{-1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 8, 9, 10, 11}),
	}
}
