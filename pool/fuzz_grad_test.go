package pool_test

import (
	"errors"
	"math"
	"testing"

	"github.com/poolkit/poolkit/pool"
)

// The fuzz targets feed the calls that take extra tensors (gradients,
// samples, regions) arbitrary shapes, options and values: each must return
// a result of the documented shape or an *OptionError, and never panic.

func fuzzTensor(shape []int, seed uint64) pool.Tensor {
	n := 1
	for _, d := range shape {
		if d < 1 || d > 64 {
			return pool.Tensor{Shape: shape}
		}
		n *= d
	}
	t := pool.Tensor{Shape: shape, Data: make([]float32, n)}
	for i := range t.Data {
		seed = seed*6364136223846793005 + 1442695040888963407
		t.Data[i] = float32(int64(seed>>40)%9) - 4
		if seed>>60 == 0 {
			t.Data[i] = float32(math.NaN())
		}
	}
	return t
}

func requireOptionErr(t *testing.T, err error) {
	t.Helper()
	var oe *pool.OptionError
	if err != nil && !errors.As(err, &oe) {
		t.Fatalf("%T is not an *OptionError: %v", err, err)
	}
}

func sameShape(t *testing.T, want, got []int) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("shape %v, want %v", got, want)
	}
	for i := range want {
		if want[i] != got[i] {
			t.Fatalf("shape %v, want %v", got, want)
		}
	}
}

func FuzzGrad(f *testing.F) {
	f.Add(uint8(0), uint8(2), uint8(2), uint8(0), uint8(6), uint8(7), uint8(3), uint8(3), uint64(1), false)
	f.Add(uint8(1), uint8(3), uint8(1), uint8(1), uint8(5), uint8(5), uint8(2), uint8(2), uint64(2), true)
	f.Add(uint8(3), uint8(2), uint8(2), uint8(1), uint8(4), uint8(9), uint8(4), uint8(4), uint64(3), false)
	f.Fuzz(func(t *testing.T, opb, k, s, pad, h, w, gh, gw uint8, seed uint64, ceil bool) {
		op := pool.Op(opb%5 + 1)
		x := fuzzTensor([]int{2, int(h % 12), int(w % 12)}, seed)
		o := pool.NDOptions{Op: op, Kernel: []int{int(k % 5), int(k%5) + 1}, Stride: []int{int(s % 4), int(s%4) + 1},
			Padding: []int{int(pad % 3), int(pad % 2)}, CeilMode: ceil}
		if op == pool.Avg && seed%3 == 0 {
			o.DivisorOverride = int(seed % 7)
		}
		gout := fuzzTensor([]int{2, int(gh % 8), int(gw % 8)}, seed+1)
		g, err := pool.PoolGrad(x, gout, o)
		requireOptionErr(t, err)
		if err == nil {
			sameShape(t, x.Shape, g.Shape)
		}
		ag, err := pool.AdaptivePoolGrad(x, gout, op, pool.Dims{int(gh % 8), int(gw % 8)})
		requireOptionErr(t, err)
		if err == nil {
			sameShape(t, x.Shape, ag.Shape)
		}
		_, err = pool.GlobalPoolGrad(x, gout, pool.Global{Op: op, Dims: int(k % 4), P: float64(s % 4)})
		requireOptionErr(t, err)
		idx := make([]int32, len(gout.Data))
		for i := range idx {
			idx[i] = int32(int(seed>>8)%40) - 2 + int32(i)
		}
		_, err = pool.MaxUnpoolGrad(gout, idx, x, pool.Dims{int(h % 12), int(w % 12)})
		requireOptionErr(t, err)
	})
}

func FuzzFractional(f *testing.F) {
	f.Add(uint8(2), uint8(2), uint8(9), uint8(11), uint8(4), uint8(5), float32(0.3), float32(0.7), false, uint64(1))
	f.Add(uint8(3), uint8(1), uint8(5), uint8(5), uint8(5), uint8(1), float32(0.999), float32(0), true, uint64(2))
	f.Fuzz(func(t *testing.T, kh, kw, h, w, oh, ow uint8, s0, s1 float32, ratio bool, seed uint64) {
		x := fuzzTensor([]int{1, 2, int(h % 16), int(w % 16)}, seed)
		o := pool.FractionalOptions{Kernel: []int{int(kh % 6), int(kw % 6)}, Samples: []float32{s0, s1, s1, s0}}
		if ratio {
			o.OutputRatio = []float64{float64(oh) / 255, float64(ow) / 255}
		} else {
			o.OutputSize = []int{int(oh % 16), int(ow % 16)}
		}
		out, idx, err := pool.FractionalMaxPool(x, o)
		requireOptionErr(t, err)
		if err != nil {
			return
		}
		cells := x.Shape[2] * x.Shape[3]
		for i, at := range idx {
			if at < 0 || int(at) >= cells {
				t.Fatalf("index %d out of the plane: %d", i, at)
			}
			if v := x.Data[(i/(len(idx)/2))*cells+int(at)]; v != out.Data[i] && v == v {
				t.Fatalf("value %d: %v is not the input's %v", i, out.Data[i], v)
			}
		}
		g, err := pool.FractionalMaxPoolGrad(x, pool.Tensor{Shape: out.Shape, Data: out.Data}, o)
		requireOptionErr(t, err)
		if err == nil {
			sameShape(t, x.Shape, g.Shape)
		}
	})
}

func FuzzRoi(f *testing.F) {
	f.Add(uint8(5), uint8(6), float32(0), float32(1), float32(1), float32(4), float32(3), uint8(2), uint8(2), float64(1), uint8(0), true, false)
	f.Add(uint8(3), uint8(3), float32(1), float32(-5), float32(-5), float32(40), float32(0.5), uint8(3), uint8(1), float64(0.5), uint8(2), false, true)
	f.Fuzz(func(t *testing.T, h, w uint8, b, x1, y1, x2, y2 float32, oh, ow uint8, scale float64, ratio uint8, aligned, maxMode bool) {
		x := fuzzTensor([]int{2, 2, int(h % 12), int(w % 12)}, uint64(h)*31+uint64(w))
		rois := pool.Tensor{Shape: []int{2, 5}, Data: []float32{b, x1, y1, x2, y2, 0, 0, 0, 1, 1}}
		o := pool.RoiOptions{OutputSize: pool.Size{H: int(oh % 9), W: int(ow % 9)}, SpatialScale: scale, SamplingRatio: int(ratio % 5), Aligned: aligned}
		if maxMode {
			o.Op = pool.Max
		}
		for _, call := range []func(pool.Tensor, pool.Tensor, pool.RoiOptions) (pool.Tensor, error){pool.RoiAlign, pool.MaxRoiPool} {
			out, err := call(x, rois, o)
			requireOptionErr(t, err)
			if err == nil {
				sameShape(t, []int{2, 2, o.OutputSize.H, o.OutputSize.W}, out.Shape)
			}
		}
	})
}
