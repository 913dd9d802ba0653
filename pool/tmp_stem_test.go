//go:build goexperiment.simd && wasm

package pool

import "testing"

func BenchmarkTmpStem(b *testing.B) {
	x := activations(64 * 112 * 112)
	o := Options{Op: Max, Kernel: Square(3), Stride: Square(2), Padding: Square(1)}
	t := Tensor{Shape: []int{1, 64, 112, 112}, Data: x}
	var dst []float32
	padded := make([]float32, 114*113)
	hrows := make([]float32, 114*113/2+8)
	out := make([]float32, 56*56)
	h, v, _ := nanFreePasses(3, 2, 3, 2)
	b.Run("pool", func(b *testing.B) {
		for b.Loop() {
			r, _ := PoolInto(dst, t, o)
			dst = r.Data
		}
	})
	b.Run("nan", func(b *testing.B) {
		for b.Loop() {
			for p := range 64 {
				anyNaN(ptr(x[p*12544:]), 12544)
			}
		}
	})
	b.Run("copy", func(b *testing.B) {
		for b.Loop() {
			for p := range 64 {
				for r := range 112 {
					copy(padded[(r+1)*114+1:(r+1)*114+113], x[p*12544+r*112:p*12544+r*112+112])
				}
			}
		}
	})
	b.Run("h", func(b *testing.B) {
		for b.Loop() {
			for range 64 {
				h(ptr(hrows), ptr(padded), (113*114-3)/2+1)
			}
		}
	})
	b.Run("v", func(b *testing.B) {
		for b.Loop() {
			for range 64 {
				v(ptr(out), ptr(hrows), 4*57, 8*57, 3, 56, 56)
			}
		}
	})
}

func BenchmarkTmpStemOne(b *testing.B) {
	for _, p := range []int{1, 5, 64} {
		x := activations(p * 112 * 112)
		o := Options{Op: Max, Kernel: Square(3), Stride: Square(2), Padding: Square(1)}
		t := Tensor{Shape: []int{p, 112, 112}, Data: x}
		var dst []float32
		b.Run(string(rune('0'+p%10)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, _ := PoolInto(dst, t, o)
				dst = r.Data
			}
		})
	}
}
