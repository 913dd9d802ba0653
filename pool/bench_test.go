package pool_test

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/poolkit/poolkit/pool"
)

// Benchmarks report throughput in input bytes (b.SetBytes), so that sizes
// and element types compare: MB/s of RGBA pixels or of float32 tensors read.

func BenchmarkPixels(b *testing.B) {
	cases := []struct {
		name string
		size int
		o    pool.Options
	}{
		// Downscaling a 12-megapixel photo by a whole factor.
		{"avg3x3s3", 12, pool.Options{Op: pool.Avg, Kernel: pool.Square(3)}},
		{"max3x3s3", 12, pool.Options{Op: pool.Max, Kernel: pool.Square(3)}},
		{"avg4x4s4", 12, pool.Options{Op: pool.Avg, Kernel: pool.Square(4)}},
		{"max4x4s4", 12, pool.Options{Op: pool.Max, Kernel: pool.Square(4)}},
		{"avg8x8s8", 12, pool.Options{Op: pool.Avg, Kernel: pool.Square(8)}},
		{"max8x8s8", 12, pool.Options{Op: pool.Max, Kernel: pool.Square(8)}},
		{"avg16x16s16", 12, pool.Options{Op: pool.Avg, Kernel: pool.Square(16)}},
		{"max16x16s16", 12, pool.Options{Op: pool.Max, Kernel: pool.Square(16)}},
		{"avg4x4s4-premultiplied", 12, pool.Options{Op: pool.Avg, Kernel: pool.Square(4), Alpha: pool.Premultiplied}},
		{"avg4x4s4-linear", 12, pool.Options{Op: pool.Avg, Kernel: pool.Square(4), ColorSpace: pool.Linear}},
		{"avg4x4s4-premultiplied-linear", 12, pool.Options{Op: pool.Avg, Kernel: pool.Square(4), Alpha: pool.Premultiplied, ColorSpace: pool.Linear}},
		{"max2x2s2", 4096, pool.Options{Op: pool.Max, Kernel: pool.Square(2)}},
		{"avg2x2s2", 4096, pool.Options{Op: pool.Avg, Kernel: pool.Square(2)}},
		{"min2x2s2", 4096, pool.Options{Op: pool.Min, Kernel: pool.Square(2)}},
		{"max15x15s1", 1024, pool.Options{Op: pool.Max, Kernel: pool.Square(15), Stride: pool.Square(1)}},
		{"avg15x15s1", 1024, pool.Options{Op: pool.Avg, Kernel: pool.Square(15), Stride: pool.Square(1)}},
		{"avg3x3s1p1", 1024, pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Square(1), Padding: pool.Square(1)}},
		// The picture options' cost against the plain average above.
		{"avg2x2s2-premultiplied", 4096, pool.Options{Op: pool.Avg, Kernel: pool.Square(2), Alpha: pool.Premultiplied}},
		{"avg2x2s2-linear", 4096, pool.Options{Op: pool.Avg, Kernel: pool.Square(2), ColorSpace: pool.Linear}},
		{"avg2x2s2-premultiplied-linear", 4096, pool.Options{Op: pool.Avg, Kernel: pool.Square(2), Alpha: pool.Premultiplied, ColorSpace: pool.Linear}},
		{"avg3x3s1same", 4096, pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Square(1), Same: true}},
		{"avg3x3s1same-premultiplied", 4096, pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Square(1), Same: true, Alpha: pool.Premultiplied}},
		{"avg3x3s1same", 1024, pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Square(1), Same: true}},
		{"avg3x3s1same-linear", 1024, pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Square(1), Same: true, ColorSpace: pool.Linear}},
		{"max3x3s2same", 4096, pool.Options{Op: pool.Max, Kernel: pool.Square(3), Stride: pool.Square(2), Same: true}},
		{"max3x3s1same", 1024, pool.Options{Op: pool.Max, Kernel: pool.Square(3), Stride: pool.Square(1), Same: true}},
		{"max31x31s1same", 1024, pool.Options{Op: pool.Max, Kernel: pool.Square(31), Stride: pool.Square(1), Same: true}},
		{"lp2x2s2", 1024, pool.Options{Op: pool.Lp, Kernel: pool.Square(2)}},
	}
	for _, c := range cases {
		// Sizes are squares, except 12, which stands for the 4000x3000 of a
		// 12-megapixel photo.
		w, h, size := c.size, c.size, strconv.Itoa(c.size)
		if c.size == 12 {
			w, h, size = 4000, 3000, "4000x3000"
		}
		b.Run(c.name+"/"+size, func(b *testing.B) {
			src := randomPicture(rand.New(rand.NewPCG(1, 1)), w, h)
			dst, err := pool.PoolPixels(nil, src, c.o)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(src.Pix)))
			b.ResetTimer()
			for b.Loop() {
				if _, err := pool.PoolPixels(dst.Pix, src, c.o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTensor(b *testing.B) {
	shape := []int{1, 64, 112, 112} // ResNet-50's first pooling input
	cases := []struct {
		name string
		o    pool.Options
	}{
		{"max2x2s2", pool.Options{Op: pool.Max, Kernel: pool.Square(2)}},
		{"max3x3s2p1", pool.Options{Op: pool.Max, Kernel: pool.Square(3), Stride: pool.Square(2), Padding: pool.Square(1)}},
		{"avg2x2s2", pool.Options{Op: pool.Avg, Kernel: pool.Square(2)}},
		{"avg3x3s1p1", pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: pool.Square(1), Padding: pool.Square(1)}},
		{"lp2x2s2", pool.Options{Op: pool.Lp, Kernel: pool.Square(2)}},
	}
	x := randomTensor(rand.New(rand.NewPCG(1, 2)), shape...)
	for _, c := range cases {
		b.Run(c.name+"/1x64x112x112", func(b *testing.B) {
			b.SetBytes(int64(4 * len(x.Data)))
			for b.Loop() {
				if _, err := pool.Pool(x, c.o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("indices-max3x3s2p1/1x64x112x112", func(b *testing.B) {
		o := pool.Options{Op: pool.Max, Kernel: pool.Square(3), Stride: pool.Square(2), Padding: pool.Square(1)}
		b.SetBytes(int64(4 * len(x.Data)))
		for b.Loop() {
			if _, _, err := pool.PoolIndices(x, o); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("global-avg/1x64x112x112", func(b *testing.B) {
		b.SetBytes(int64(4 * len(x.Data)))
		for b.Loop() {
			if _, err := pool.GlobalPool(x, pool.Avg); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("adaptive-avg7x7/1x64x112x112", func(b *testing.B) {
		b.SetBytes(int64(4 * len(x.Data)))
		for b.Loop() {
			if _, err := pool.AdaptivePool(x, pool.Avg, pool.Square(7)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
