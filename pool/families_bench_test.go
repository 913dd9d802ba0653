package pool_test

import (
	"math/rand/v2"
	"testing"

	"github.com/poolkit/poolkit/pool"
)

// family is one pooling family at a size where its kernel, not the call,
// takes the time. bench/families.js runs BenchmarkFamilies natively and in
// wasm, each with the vector kernels and without them, family by family: the
// wasm build's vector kernel should be at least as fast as the portable one
// natively.
type family struct {
	name string
	run  func(dst []float32) error
}

func families() []family {
	rng := rand.New(rand.NewPCG(7, 9))
	planes := randomTensor(rng, 1, 64, 56, 56)
	vol := randomTensor(rng, 1, 16, 16, 32, 32)
	line := pool.Tensor{Shape: []int{1, 64, 3136}, Data: planes.Data}
	head := randomTensor(rng, 1, 2048, 7, 7)
	pic := randomPicture(rand.New(rand.NewPCG(1, 1)), 512, 512)
	nd := func(op pool.Op, k, s, d, p int, rank int) pool.NDOptions {
		o := pool.NDOptions{Op: op}
		for range rank {
			o.Kernel = append(o.Kernel, k)
			o.Stride = append(o.Stride, s)
			o.Dilation = append(o.Dilation, d)
			o.Padding = append(o.Padding, p)
		}
		return o
	}
	poolF := func(t pool.Tensor, o pool.Spec) func([]float32) error {
		return func(dst []float32) error { _, err := pool.PoolInto(dst, t, o); return err }
	}
	adaptive := func(t pool.Tensor, op pool.Op, out pool.Extent) func([]float32) error {
		return func(dst []float32) error { _, err := pool.AdaptivePoolInto(dst, t, op, out); return err }
	}
	global := func(t pool.Tensor, g pool.GlobalSpec) func([]float32) error {
		return func(dst []float32) error { _, err := pool.GlobalPoolInto(dst, t, g); return err }
	}
	picture := func(o pool.Options) func([]float32) error {
		out, err := pool.PoolPixels(nil, pic, o)
		return func([]float32) error {
			if err != nil {
				return err
			}
			_, err := pool.PoolPixels(out.Pix, pic, o)
			return err
		}
	}
	sq := pool.Square
	return []family{
		{"max2x2s2", poolF(planes, pool.Options{Op: pool.Max, Kernel: sq(2)})},
		{"max3x3s2p1", poolF(planes, pool.Options{Op: pool.Max, Kernel: sq(3), Stride: sq(2), Padding: sq(1)})},
		{"max3x3s1p1", poolF(planes, pool.Options{Op: pool.Max, Kernel: sq(3), Stride: sq(1), Padding: sq(1)})},
		{"min3x3s2", poolF(planes, pool.Options{Op: pool.Min, Kernel: sq(3), Stride: sq(2)})},
		{"max7x7s1p3", poolF(planes, pool.Options{Op: pool.Max, Kernel: sq(7), Stride: sq(1), Padding: sq(3)})},
		{"max3x3s1d2", poolF(planes, pool.Options{Op: pool.Max, Kernel: sq(3), Stride: sq(1), Dilation: sq(2)})},
		{"max3x3s2d2p2", poolF(planes, pool.Options{Op: pool.Max, Kernel: sq(3), Stride: sq(2), Dilation: sq(2), Padding: sq(2)})},
		{"avg2x2s2", poolF(planes, pool.Options{Op: pool.Avg, Kernel: sq(2)})},
		{"avg3x3s1p1", poolF(planes, pool.Options{Op: pool.Avg, Kernel: sq(3), Stride: sq(1), Padding: sq(1)})},
		{"avg3x3s1p1-exclude", poolF(planes, pool.Options{Op: pool.Avg, Kernel: sq(3), Stride: sq(1), Padding: sq(1), ExcludePad: true})},
		{"avg3x3s1d2", poolF(planes, pool.Options{Op: pool.Avg, Kernel: sq(3), Stride: sq(1), Dilation: sq(2)})},
		{"lp2-2x2s2", poolF(planes, pool.Options{Op: pool.Lp, Kernel: sq(2)})},
		{"lp2-3x3s1p1", poolF(planes, pool.Options{Op: pool.Lp, Kernel: sq(3), Stride: sq(1), Padding: sq(1)})},
		{"lp1-3x3s2", poolF(planes, pool.Options{Op: pool.Lp, P: 1, Kernel: sq(3), Stride: sq(2)})},
		{"lp3-2x2s2", poolF(planes, pool.Options{Op: pool.Lp, P: 3, Kernel: sq(2)})},
		{"1d-max3s2", poolF(line, nd(pool.Max, 3, 2, 1, 0, 1))},
		{"1d-avg4s4", poolF(line, nd(pool.Avg, 4, 4, 1, 0, 1))},
		{"1d-lp2-4s4", poolF(line, nd(pool.Lp, 4, 4, 1, 0, 1))},
		{"3d-max2s2", poolF(vol, nd(pool.Max, 2, 2, 1, 0, 3))},
		{"3d-max3s1p1", poolF(vol, nd(pool.Max, 3, 1, 1, 1, 3))},
		{"3d-min3s2p1", poolF(vol, nd(pool.Min, 3, 2, 1, 1, 3))},
		{"3d-max3s1d2", poolF(vol, nd(pool.Max, 3, 1, 2, 0, 3))},
		{"3d-avg2s2", poolF(vol, nd(pool.Avg, 2, 2, 1, 0, 3))},
		{"3d-avg3s1p1", poolF(vol, nd(pool.Avg, 3, 1, 1, 1, 3))},
		{"3d-lp2-2s2", poolF(vol, nd(pool.Lp, 2, 2, 1, 0, 3))},
		{"adaptive-max7", adaptive(planes, pool.Max, pool.Size{H: 7, W: 7})},
		{"adaptive-max9", adaptive(planes, pool.Max, pool.Size{H: 9, W: 9})},
		{"adaptive-min9", adaptive(planes, pool.Min, pool.Size{H: 9, W: 9})},
		{"adaptive-avg7", adaptive(planes, pool.Avg, pool.Size{H: 7, W: 7})},
		{"adaptive-avg9", adaptive(planes, pool.Avg, pool.Size{H: 9, W: 9})},
		{"adaptive-avg3d-5x5x5", adaptive(vol, pool.Avg, pool.Dims{5, 5, 5})},
		{"adaptive-max3d-5x5x5", adaptive(vol, pool.Max, pool.Dims{5, 5, 5})},
		{"global-max", global(head, pool.Max)},
		{"global-min", global(head, pool.Min)},
		{"global-avg", global(head, pool.Avg)},
		{"global-lp2", global(head, pool.Lp)},
		{"global-lp3", global(head, pool.Global{Op: pool.Lp, P: 3})},
		{"global-avg3d", global(vol, pool.Global{Op: pool.Avg, Dims: 3})},
		{"picture-max2x2s2", picture(pool.Options{Op: pool.Max, Kernel: sq(2)})},
		{"picture-avg2x2s2", picture(pool.Options{Op: pool.Avg, Kernel: sq(2)})},
		{"picture-max3x3s2", picture(pool.Options{Op: pool.Max, Kernel: sq(3), Stride: sq(2)})},
		{"picture-avg3x3s1same", picture(pool.Options{Op: pool.Avg, Kernel: sq(3), Stride: sq(1), Same: true})},
		{"picture-max5x5s1same", picture(pool.Options{Op: pool.Max, Kernel: sq(5), Stride: sq(1), Same: true})},
		{"picture-avg8x8s8", picture(pool.Options{Op: pool.Avg, Kernel: sq(8)})},
		{"picture-lp2x2s2", picture(pool.Options{Op: pool.Lp, Kernel: sq(2)})},
		{"picture-max4x4s4", picture(pool.Options{Op: pool.Max, Kernel: sq(4)})},
		{"picture-avg2x2s2-premultiplied", picture(pool.Options{Op: pool.Avg, Kernel: sq(2), Alpha: pool.Premultiplied})},
		{"picture-avg2x2s2-linear", picture(pool.Options{Op: pool.Avg, Kernel: sq(2), ColorSpace: pool.Linear})},
		{"picture-avg4x4s4-premultiplied", picture(pool.Options{Op: pool.Avg, Kernel: sq(4), Alpha: pool.Premultiplied})},
		{"picture-avg4x4s4-linear", picture(pool.Options{Op: pool.Avg, Kernel: sq(4), ColorSpace: pool.Linear})},
		{"picture-avg3x3s1same-premultiplied", picture(pool.Options{Op: pool.Avg, Kernel: sq(3), Stride: sq(1), Same: true, Alpha: pool.Premultiplied})},
		{"picture-avg-global", picture(pool.Options{Op: pool.Avg, Kernel: sq(512)})},
		{"picture-max-global", picture(pool.Options{Op: pool.Max, Kernel: sq(512)})},
	}
}

// BenchmarkFamilies times each family (wall and CPU time); see family.
func BenchmarkFamilies(b *testing.B) {
	for _, f := range families() {
		b.Run(f.name, func(b *testing.B) {
			dst := make([]float32, 1<<20)
			if err := f.run(dst); err != nil {
				b.Fatal(err)
			}
			start := pool.CPUClock()
			for b.Loop() {
				if err := f.run(dst); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time as well as wall time: on a busy machine the wall
			// time counts the waits for a processor too.
			used := pool.CPUClock() - start
			b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}
