//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// The row kernel of avgTensor on 128-bit vectors: lane j of a vector sums
// output o+j's window, adding its cells in the same row-major order from +0
// as avgRowDirect, so each lane's chain of float32 additions is the portable
// one's and the bits are equal. The vectors run across the outputs, never
// across one window's cells, which would reorder its sum.

// vectorAvgRow returns the vector row kernel for windows kw cells wide at
// stride sw, or nil for the portable ones.
func vectorAvgRow(kw, sw int) func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
	switch sw {
	case 1:
		return func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
			avgRowS1Vec(dst, src, stride, rows, n, kw, divs)
		}
	case 2:
		return func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
			avgRowS2Vec(dst, src, stride, rows, n, kw, divs)
		}
	}
	return nil
}

func avgRowS1Vec(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	if n < 4 {
		avgRowDirect(dst, src, stride, rows, n, k, 1, divs)
		return
	}
	for o := 0; o < n; o += 4 {
		o = min(o, n-4)
		var s archsimd.Float32x4
		p := unsafe.Add(src, 4*o)
		for range rows {
			for i := range k {
				s = s.Add(load4(p, i))
			}
			p = unsafe.Add(p, stride)
		}
		store4(dst, o, s.Div(load4(divs, o)))
	}
}

// avgRowS2Vec reads, like hmaxS2Vec, one cell past the last window's, so
// the last output is left to avgRowDirect.
func avgRowS2Vec(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	if n < 5 {
		avgRowDirect(dst, src, stride, rows, n, k, 2, divs)
		return
	}
	e := newEvens()
	last := n - 1
	for o := 0; o < last; o += 4 {
		o = min(o, last-4)
		var s archsimd.Float32x4
		p := unsafe.Add(src, 8*o)
		for range rows {
			for i := range k {
				s = s.Add(e.of(load4(p, i), load4(p, i+4)))
			}
			p = unsafe.Add(p, stride)
		}
		store4(dst, o, s.Div(load4(divs, o)))
	}
	avgRowDirect(unsafe.Add(dst, 4*last), unsafe.Add(src, 8*last), stride, rows, 1, k, 2, unsafe.Add(divs, 4*last))
}
