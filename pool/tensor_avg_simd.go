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

// vectorAvgPlane returns a whole-plane vector sum of avgTensor for windows
// kw x kh at strides sw, sh, or nil for the row kernels.
func vectorAvgPlane(kw, sw, kh, sh int) func(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	switch {
	case kw == 3 && sw == 1 && kh == 3 && sh == 1:
		return avg3x3s1Vec
	case kw == 2 && sw == 2 && kh == 2 && sh == 2:
		return avg2x2s2Vec
	}
	return nil
}

// vectorAvgRow returns the vector row kernel for windows kw cells wide at
// stride sw, or nil for the portable ones.
func vectorAvgRow(kw, sw int) func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
	if blocks := blocksAvgRow(); sw == kw && kw >= 3 && blocks != nil {
		return func(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
			blocks(dst, src, stride, rows, n, kw, divs)
		}
	}
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
	if k == 3 {
		avgRow3s1Vec(dst, src, stride, rows, n, divs)
		return
	}
	o := 0
	for ; o+16 <= n; o += 16 {
		var s, t, u, v archsimd.Float32x4
		p := unsafe.Add(src, 4*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			for i := range k {
				s, t = s.Add(load4(p, i)), t.Add(load4(p, i+4))
				u, v = u.Add(load4(p, i+8)), v.Add(load4(p, i+12))
			}
		}
		q, d := unsafe.Add(dst, 4*o), unsafe.Add(divs, 4*o)
		store4(q, 0, s.Div(load4(d, 0)))
		store4(q, 4, t.Div(load4(d, 4)))
		store4(q, 8, u.Div(load4(d, 8)))
		store4(q, 12, v.Div(load4(d, 12)))
	}
	for ; o < n; o += 4 {
		o = min(o, n-4)
		var s archsimd.Float32x4
		p := unsafe.Add(src, 4*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			for i := range k {
				s = s.Add(load4(p, i))
			}
		}
		store4(dst, o, s.Div(load4(divs, o)))
	}
}

// avgRow3s1Vec is avgRowS1Vec for windows three cells wide, written out:
// in wasm a loop costs more than the additions it would save writing.
// Sixteen outputs at a time make four chains of additions to overlap: one
// chain waits for each addition's result before the next.
func avgRow3s1Vec(dst, src unsafe.Pointer, stride uintptr, rows, n int, divs unsafe.Pointer) {
	o := 0
	for ; o+16 <= n; o += 16 {
		var s, t, u, v archsimd.Float32x4
		p := unsafe.Add(src, 4*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			s = s.Add(load4(p, 0)).Add(load4(p, 1)).Add(load4(p, 2))
			t = t.Add(load4(p, 4)).Add(load4(p, 5)).Add(load4(p, 6))
			u = u.Add(load4(p, 8)).Add(load4(p, 9)).Add(load4(p, 10))
			v = v.Add(load4(p, 12)).Add(load4(p, 13)).Add(load4(p, 14))
		}
		store4(dst, o, s.Div(load4(divs, o)))
		store4(dst, o+4, t.Div(load4(divs, o+4)))
		store4(dst, o+8, u.Div(load4(divs, o+8)))
		store4(dst, o+12, v.Div(load4(divs, o+12)))
	}
	for ; o+8 <= n; o += 8 {
		var s, t archsimd.Float32x4
		p := unsafe.Add(src, 4*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			s = s.Add(load4(p, 0)).Add(load4(p, 1)).Add(load4(p, 2))
			t = t.Add(load4(p, 4)).Add(load4(p, 5)).Add(load4(p, 6))
		}
		store4(dst, o, s.Div(load4(divs, o)))
		store4(dst, o+4, t.Div(load4(divs, o+4)))
	}
	for ; o < n; o += 4 {
		o = min(o, n-4)
		var s archsimd.Float32x4
		p := unsafe.Add(src, 4*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			s = s.Add(load4(p, 0)).Add(load4(p, 1)).Add(load4(p, 2))
		}
		store4(dst, o, s.Div(load4(divs, o)))
	}
}

// avgRowS2Vec sums, like avg2x2s2Vec, the windows at every cell of the
// rows and keeps the even lanes, so that the additions take no shuffles.
// It reads one cell past the last window's, so the last output is left to
// avgRowDirect.
func avgRowS2Vec(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	if n < 5 {
		avgRowDirect(dst, src, stride, rows, n, k, 2, divs)
		return
	}
	e := newEvens()
	last := n - 1
	o := 0
	for ; o+8 <= last; o += 8 {
		var s, t, u, v archsimd.Float32x4
		p := unsafe.Add(src, 8*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			for i := range k {
				s, t = s.Add(load4(p, i)), t.Add(load4(p, i+4))
				u, v = u.Add(load4(p, i+8)), v.Add(load4(p, i+12))
			}
		}
		store4(dst, o, e.of(s, t).Div(load4(divs, o)))
		store4(dst, o+4, e.of(u, v).Div(load4(divs, o+4)))
	}
	for ; o < last; o += 4 {
		o = min(o, last-4)
		var s, t archsimd.Float32x4
		p := unsafe.Add(src, 8*o)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			p := unsafe.Add(p, off)
			for i := range k {
				s, t = s.Add(load4(p, i)), t.Add(load4(p, i+4))
			}
		}
		store4(dst, o, e.of(s, t).Div(load4(divs, o)))
	}
	avgRowDirect(unsafe.Add(dst, 4*last), unsafe.Add(src, 8*last), stride, rows, 1, k, 2, unsafe.Add(divs, 4*last))
}
