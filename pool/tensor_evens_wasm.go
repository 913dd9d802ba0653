//go:build goexperiment.simd

package pool

import "simd/archsimd"

// evens picks the even lanes of two vectors with wasm's byte swizzle, whose
// out-of-range indices (here -1) give zero bytes.
type evens struct{ lo, hi archsimd.Int8x16 }

func newEvens() evens {
	return evens{
		lo: archsimd.LoadInt8x16Array(&[16]int8{0, 1, 2, 3, 8, 9, 10, 11, -1, -1, -1, -1, -1, -1, -1, -1}),
		hi: archsimd.LoadInt8x16Array(&[16]int8{-1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 8, 9, 10, 11}),
	}
}

// of returns a's lanes 0 and 2, then b's lanes 0 and 2.
func (e evens) of(a, b archsimd.Float32x4) archsimd.Float32x4 {
	x := a.ToBits().ReshapeToUint8s().BitsToInt8().LookupOrZero(e.lo)
	y := b.ToBits().ReshapeToUint8s().BitsToInt8().LookupOrZero(e.hi)
	return x.Or(y).ToBits().ReshapeToUint32s().BitsToFloat32()
}

// clearUpper does nothing: wasm's vectors are 128 bits wide.
func clearUpper() {}

// extremeVecFrom is the fewest cells GlobalPool's max takes on vectors; in
// wasm they win from the smallest planes (2.9x the scalar loop on 7 x 7).
const extremeVecFrom = 16
