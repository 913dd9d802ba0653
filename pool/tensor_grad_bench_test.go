package pool_test

import (
	"testing"

	"github.com/poolkit/poolkit/pool"
)

// The gradients, fractional and region pooling on a ResNet-sized feature
// map: 1x64x56x56.

func benchInput(b *testing.B) pool.Tensor {
	b.Helper()
	return tensor(1, 64, 56, 56)
}

func BenchmarkPoolGrad(b *testing.B) {
	x := benchInput(b)
	for _, tc := range []struct {
		name string
		o    pool.Options
	}{
		{"max3x3s2", pool.Options{Op: pool.Max, Kernel: pool.Square(3), Stride: pool.Square(2), Padding: pool.Square(1)}},
		{"avg2x2", pool.Options{Op: pool.Avg, Kernel: pool.Square(2)}},
		{"lp2x2", pool.Options{Op: pool.Lp, Kernel: pool.Square(2)}},
	} {
		out, err := pool.Pool(x, tc.o)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(4 * len(x.Data)))
			for b.Loop() {
				if _, err := pool.PoolGrad(x, out, tc.o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFractionalMaxPool(b *testing.B) {
	x := benchInput(b)
	o := pool.FractionalOptions{Kernel: []int{2, 2}, OutputRatio: []float64{0.7, 0.7}}
	b.SetBytes(int64(4 * len(x.Data)))
	for b.Loop() {
		if _, _, err := pool.FractionalMaxPool(x, o); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRoiAlign(b *testing.B) {
	x := benchInput(b)
	rois := pool.Tensor{Shape: []int{8, 5}, Data: make([]float32, 40)}
	for i := range 8 {
		copy(rois.Data[5*i:], []float32{0, float32(i), float32(2 * i), float32(20 + 3*i), float32(30 + 2*i)})
	}
	for _, op := range []pool.Op{pool.Avg, pool.Max} {
		b.Run(op.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := pool.RoiAlign(x, rois, pool.RoiOptions{OutputSize: pool.Square(7), Op: op}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
