//go:build goexperiment.simd

package pool

import "simd/archsimd"

// of returns a's lanes 0 and 2, then b's lanes 0 and 2.
func (e evens) of(a, b archsimd.Float32x4) archsimd.Float32x4 {
	x := a.ToBits().ReshapeToUint8s().BitsToInt8().LookupOrZero(e.lo)
	y := b.ToBits().ReshapeToUint8s().BitsToInt8().LookupOrZero(e.hi)
	return x.Or(y).ToBits().ReshapeToUint32s().BitsToFloat32()
}

// clearUpper does nothing: wasm's vectors are 128 bits wide.
func clearUpper() {}
