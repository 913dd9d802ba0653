//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// premultiplied2x2Vectors writes 4*quads pixels of a premultiplied average of
// 2x2 blocks at d, from the blocks in rows r0 and r1, four a turn: two
// windows from each vector of four pixels (modes_vectors.go). The body is one
// function, its constants in locals, so that none is reloaded in the loop.
func premultiplied2x2Vectors(d, r0, r1 unsafe.Pointer, quads int) {
	channels, alphas := archsimd.LoadInt8x16Array(&byChannel), archsimd.LoadInt8x16Array(&alphaBeside)
	ones := archsimd.LoadUint8x16Array(&alphaOnes)
	half := archsimd.BroadcastUint32x4(0xFFFF)
	both, low := archsimd.LoadInt8x16Array(&alphaBoth), archsimd.LoadInt8x16Array(&alphaLow)
	order := archsimd.LoadInt8x16Array(&fourPixels)
	noZero := archsimd.LoadUint32x4Array(&[4]uint32{0, 0, 1, 1})
	four := archsimd.LoadFloat32x4Array(&[4]float32{0, 0, 4, 4})
	for i := range quads {
		p0, p1 := unsafe.Add(r0, 32*i), unsafe.Add(r1, 32*i)
		a0, a1 := weighted(load16(p0), channels, alphas, ones)
		b0, b1 := weighted(load16(p1), channels, alphas, ones)
		left := premulQuotients(pairHalves(a0, b0, half), pairHalves(a1, b1, half), noZero, both, low, four)
		a0, a1 = weighted(load16(unsafe.Add(p0, 16)), channels, alphas, ones)
		b0, b1 = weighted(load16(unsafe.Add(p1, 16)), channels, alphas, ones)
		right := premulQuotients(pairHalves(a0, b0, half), pairHalves(a1, b1, half), noZero, both, low, four)
		v := left.Or(right.ShiftAllLeft(16)).ReshapeToUint8s()
		store16(unsafe.Add(d, 16*i), permuteBytes(v, order))
	}
}

// pairHalves adds the two 16-bit halves of each 32-bit lane of x to those
// of y.
func pairHalves(x, y, half archsimd.Uint32x4) archsimd.Uint32x4 {
	return x.And(half).Add(x.ShiftAllRight(16)).Add(y.And(half)).Add(y.ShiftAllRight(16))
}
