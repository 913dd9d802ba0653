//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// avg2x2Row writes 4*quads output pixels of the average of 2x2 blocks at d
// from the rows r0 and r1: each row's sixteen bytes permuted so that a
// channel's bytes of two neighbouring pixels sit side by side (avg2x2Order),
// added in pairs into 16-bit lanes by a multiply-add with ones, the two
// rows' lanes added: the four sums of two output pixels. Each sum n is
// divided by four with ties to even, (n + 1 + (n/4 odd)) / 4, the rounding
// average of n and (n/4 odd), halved. In wasm it is assembly
// (picture_avg2x2_wasm.s).
func avg2x2Row(d, r0, r1 unsafe.Pointer, quads int) {
	clearUpper()
	order := archsimd.LoadInt8x16Array(&avg2x2Order)
	lo, hi := archsimd.LoadInt8x16Array(&narrowBytes[0]), archsimd.LoadInt8x16Array(&narrowBytes[1])
	ones := archsimd.BroadcastInt8x16(1)
	one := archsimd.BroadcastUint16x8(1)
	sums := func(a, b unsafe.Pointer) archsimd.Uint16x8 {
		x := permuteBytes(load16(a), order).DotProductPairsSaturated(ones)
		y := permuteBytes(load16(b), order).DotProductPairsSaturated(ones)
		return x.Add(y).AsUint16x8()
	}
	quarter := func(n archsimd.Uint16x8) archsimd.Uint16x8 {
		return n.Average(n.ShiftAllRight(2).And(one)).ShiftAllRight(1)
	}
	for i := range quads {
		p0, p1 := unsafe.Add(r0, 32*i), unsafe.Add(r1, 32*i)
		a := quarter(sums(p0, p1)).AsUint8x16()
		b := quarter(sums(unsafe.Add(p0, 16), unsafe.Add(p1, 16))).AsUint8x16()
		store16(unsafe.Add(d, 16*i), permuteBytes(a, lo).Or(permuteBytes(b, hi)))
	}
}
