package pool

import (
	"math/rand/v2"
	"testing"
)

// tensorLayers are the poolings of well-known networks that the float32 fast
// paths are written for, at their real sizes.
var tensorLayers = []struct {
	name  string
	shape []int
	o     Options
}{
	{"resnet-stem-max3x3s2p1", []int{1, 64, 112, 112}, Options{Op: Max, Kernel: Square(3), Stride: Square(2), Padding: Square(1)}},
	{"vgg-max2x2s2", []int{1, 64, 224, 224}, Options{Op: Max, Kernel: Square(2)}},
	{"inception-avg3x3s1p1", []int{1, 256, 28, 28}, Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Padding: Square(1), ExcludePad: true}},
	{"centernet-max3x3s1p1", []int{1, 80, 128, 128}, Options{Op: Max, Kernel: Square(3), Stride: Square(1), Padding: Square(1)}},
	{"yolo-sppf-max5x5s1p2", []int{1, 512, 20, 20}, Options{Op: Max, Kernel: Square(5), Stride: Square(1), Padding: Square(2)}},
	{"resnet-head-avg7x7", []int{1, 2048, 7, 7}, Options{Op: Avg, Kernel: Square(7)}},
}

// BenchmarkTensorLayers times Pool on each layer, and the general kernel on
// the same planes beside it: the fast paths' gain.
func BenchmarkTensorLayers(b *testing.B) {
	for _, l := range tensorLayers {
		n := 1
		for _, d := range l.shape {
			n *= d
		}
		x := Tensor{Shape: l.shape, Data: activations(n)}
		b.Run(l.name+"/fast", func(b *testing.B) {
			b.SetBytes(int64(4 * n))
			for b.Loop() {
				if _, err := Pool(x, l.o); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(l.name+"/general", func(b *testing.B) {
			in := Size{l.shape[2], l.shape[3]}
			g, err := l.o.withDefaults().Resolve(in)
			if err != nil {
				b.Fatal(err)
			}
			planes, inHW := l.shape[0]*l.shape[1], in.H*in.W
			b.SetBytes(int64(4 * n))
			for b.Loop() {
				for p := range planes {
					generalPlane(l.o.Op, &g, x.Data[p*inHW:(p+1)*inHW])
				}
			}
		})
	}
	b.Run("global-avg/1x2048x7x7", func(b *testing.B) {
		x := Tensor{Shape: []int{1, 2048, 7, 7}, Data: activations(2048 * 49)}
		b.SetBytes(int64(4 * len(x.Data)))
		for b.Loop() {
			if _, err := GlobalPool(x, Avg); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// activations returns n values like a ReLU's outputs after a normalisation:
// normal, a quarter of them +0.
func activations(n int) []float32 {
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]float32, n)
	for i := range v {
		if rng.IntN(4) != 0 {
			v[i] = float32(rng.NormFloat64())
		}
	}
	return v
}
