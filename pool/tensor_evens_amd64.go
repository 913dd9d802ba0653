//go:build goexperiment.simd

package pool

import "simd/archsimd"

// of returns a's lanes 0 and 2, then b's lanes 0 and 2.
func (e evens) of(a, b archsimd.Float32x4) archsimd.Float32x4 {
	x := a.AsInt8x16().PermuteOrZero(e.lo)
	y := b.AsInt8x16().PermuteOrZero(e.hi)
	return x.Or(y).AsFloat32x4()
}

// clearUpper clears the upper bits of the vector registers (VZEROUPPER).
// A goroutine preempted asynchronously gets its registers back whole, on a
// processor with AVX-512 as 512-bit ones, and until the upper bits are
// cleared again the 128-bit instructions ran here up to a hundred times
// slower. The tensor kernels clear them before each pass, the picture
// kernels before each row.
func clearUpper() { archsimd.ClearAVXUpperBits() }
