package pool_test

import (
	"math/rand/v2"
	"testing"

	"github.com/poolkit/poolkit/pool"
)

// BenchmarkTensorND pools the same 802,816 float32s (ResNet-50's first
// pooling input, 64 planes of 12,544 cells) as 1-D lines, 2-D planes and
// 3-D volumes, so that the rank-generic kernels compare with the plane
// kernels on equal work.
func BenchmarkTensorND(b *testing.B) {
	x := randomTensor(rand.New(rand.NewPCG(1, 3)), 1, 64, 112, 112)
	shapes := map[int][]int{1: {1, 64, 12544}, 2: {1, 64, 112, 112}, 3: {1, 64, 16, 28, 28}}
	names := map[int]string{1: "1x64x12544", 2: "1x64x112x112", 3: "1x64x16x28x28"}
	cases := []struct {
		name                 string
		op                   pool.Op
		kernel, stride, pads int
		beginEnd, sameLower  bool
	}{
		{name: "max-k2s2", op: pool.Max, kernel: 2, stride: 2},
		{name: "avg-k3s1p1", op: pool.Avg, kernel: 3, stride: 1, pads: 1},
		{name: "avg-k3s1-pads", op: pool.Avg, kernel: 3, stride: 1, pads: 2, beginEnd: true},
		{name: "max-k3s2-same_lower", op: pool.Max, kernel: 3, stride: 2, sameLower: true},
	}
	for _, c := range cases {
		for rank := 1; rank <= 3; rank++ {
			o := pool.NDOptions{Op: c.op}
			for range rank {
				o.Kernel = append(o.Kernel, c.kernel)
				o.Stride = append(o.Stride, c.stride)
			}
			switch {
			case c.sameLower:
				o.AutoPad = pool.SameLower
			case c.beginEnd:
				for i := range 2 * rank {
					o.Padding = append(o.Padding, c.pads*(1-i/rank)) // pads before each axis only
				}
			case c.pads > 0:
				for range rank {
					o.Padding = append(o.Padding, c.pads)
				}
			}
			t := pool.Tensor{Shape: shapes[rank], Data: x.Data}
			b.Run(c.name+"/"+names[rank], func(b *testing.B) {
				b.SetBytes(int64(4 * len(x.Data)))
				for b.Loop() {
					if _, err := pool.Pool(t, o); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
