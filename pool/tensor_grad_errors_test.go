package pool_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

func tensor(shape ...int) pool.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	t := pool.Tensor{Shape: shape, Data: make([]float32, n)}
	for i := range t.Data {
		t.Data[i] = float32(i%7) - 3
	}
	return t
}

func TestExtendedErrors(t *testing.T) {
	x := tensor(1, 2, 6, 6)
	avg := pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2}}
	rois := func(rows ...float32) pool.Tensor { return pool.Tensor{Shape: []int{len(rows) / 5, 5}, Data: rows} }
	roiO := pool.RoiOptions{OutputSize: pool.Size{H: 2, W: 2}}
	frac := pool.FractionalOptions{Kernel: []int{2, 2}, OutputSize: []int{3, 3}, Samples: []float32{0.1, 0.2, 0.3, 0.4}}
	err1 := func(f func() (pool.Tensor, error)) func() error { return func() error { _, err := f(); return err } }
	err2 := func(f func() (pool.Tensor, []int32, error)) func() error {
		return func() error { _, _, err := f(); return err }
	}
	requireOptionErrors(t, []errorCase{
		{"divisor negative", err1(func() (pool.Tensor, error) {
			return pool.Pool(x, pool.NDOptions{Op: pool.Avg, Kernel: []int{2, 2}, DivisorOverride: -1})
		}),
			"divisorOverride", "divisorOverride -1: must be an integer between 1 and 1073741824"},
		{"divisor max", err1(func() (pool.Tensor, error) {
			return pool.Pool(x, pool.Options{Op: pool.Max, Kernel: pool.Square(2), DivisorOverride: 3})
		}), "divisorOverride", `divisorOverride 3: applies to op "avg" only, not "max"`},
		{"divisor picture lp", func() error {
			_, err := pool.PoolPixels(nil, picture(4, 4), pool.Options{Op: pool.Lp, Kernel: pool.Square(2), DivisorOverride: 3})
			return err
		}, "divisorOverride", `divisorOverride 3: applies to op "avg" only, not "lp"`},
		{"grad shape", err1(func() (pool.Tensor, error) { return pool.PoolGrad(x, tensor(1, 2, 3, 2), avg) }),
			"gradOutput", "gradOutput shape [1, 2, 3, 2]: must be the forward output's shape [1, 2, 3, 3]"},
		{"grad data", err1(func() (pool.Tensor, error) {
			return pool.PoolGrad(x, pool.Tensor{Shape: []int{1, 2, 3, 3}, Data: make([]float32, 5)}, avg)
		}), "gradOutput", "gradOutput length 5: must match shape [1, 2, 3, 3] (18 elements)"},
		{"grad nil spec", err1(func() (pool.Tensor, error) { return pool.PoolGrad(x, x, nil) }),
			"op", "op: must be given: PoolGrad takes an Options or an NDOptions"},
		{"adaptive grad shape", err1(func() (pool.Tensor, error) {
			return pool.AdaptivePoolGrad(x, tensor(1, 2, 2, 2), pool.Max, pool.Size{H: 3, W: 3})
		}), "gradOutput", "gradOutput shape [1, 2, 2, 2]: must be the forward output's shape [1, 2, 3, 3]"},
		{"adaptive grad lp", err1(func() (pool.Tensor, error) {
			return pool.AdaptivePoolGrad(x, x, pool.Lp, pool.Size{H: 3, W: 3})
		}), "op", `op "lp": must be "max", "avg" or "min" for adaptive pooling`},
		{"global grad shape", err1(func() (pool.Tensor, error) { return pool.GlobalPoolGrad(x, tensor(2), pool.Avg) }),
			"gradOutput", "gradOutput shape [2]: must be the forward output's shape [1, 2, 1, 1]"},
		{"unpool grad shape", err1(func() (pool.Tensor, error) {
			return pool.MaxUnpoolGrad(tensor(1, 1, 2, 2), []int32{0, 1, 2, 3}, tensor(1, 1, 3, 3), pool.Size{H: 4, W: 4})
		}), "gradOutput", "gradOutput shape [1, 1, 3, 3]: must be the forward output's shape [1, 1, 4, 4]"},
		{"unpool grad index", err1(func() (pool.Tensor, error) {
			return pool.MaxUnpoolGrad(tensor(1, 1, 2, 2), []int32{0, 1, 2, 16}, tensor(1, 1, 4, 4), pool.Size{H: 4, W: 4})
		}), "indices", "indices 16: must lie in [0, 16) for output size 4x4"},
		{"samples range", err2(func() (pool.Tensor, []int32, error) {
			o := frac
			o.Samples = []float32{0.1, 1, 0.3, 0.4}
			return pool.FractionalMaxPool(x, o)
		}), "samples", "samples 1 at 1: each must lie in [0, 1)"},
		{"samples nan", err2(func() (pool.Tensor, []int32, error) {
			o := frac
			o.Samples = []float32{0.1, float32(math.NaN()), 0.3, 0.4}
			return pool.FractionalMaxPool(x, o)
		}), "samples", "samples NaN at 1: each must lie in [0, 1)"},
		{"samples length", err2(func() (pool.Tensor, []int32, error) {
			o := frac
			o.Samples = []float32{0.1, 0.2}
			return pool.FractionalMaxPool(x, o)
		}), "samples", "samples length 2: must hold 2 per plane (4 for shape [1, 2, 6, 6])"},
		{"fractional grad no samples", err1(func() (pool.Tensor, error) {
			o := frac
			o.Samples = nil
			return pool.FractionalMaxPoolGrad(x, tensor(1, 2, 3, 3), o)
		}), "samples", "samples: must be given: the gradient needs the samples of the forward call"},
		{"fractional grad shape", err1(func() (pool.Tensor, error) { return pool.FractionalMaxPoolGrad(x, tensor(1, 2, 3, 4), frac) }),
			"gradOutput", "gradOutput shape [1, 2, 3, 4]: must be the forward output's shape [1, 2, 3, 3]"},
		{"fractional too large", err2(func() (pool.Tensor, []int32, error) {
			return pool.FractionalMaxPool(x, pool.FractionalOptions{Kernel: []int{2, 2}, OutputSize: []int{6, 3}})
		}), "outputSize", "outputSize [6, 3]: with kernel [2, 2] and input [6, 6] must be at most input - kernel + 1 on each axis"},
		{"fractional ratio", err2(func() (pool.Tensor, []int32, error) {
			return pool.FractionalMaxPool(x, pool.FractionalOptions{Kernel: []int{2, 2}, OutputRatio: []float64{0.5, 1}})
		}), "outputRatio", "outputRatio [0.5, 1]: each must lie in (0, 1)"},
		{"fractional both", err2(func() (pool.Tensor, []int32, error) {
			return pool.FractionalMaxPool(x, pool.FractionalOptions{Kernel: []int{2, 2}, OutputSize: []int{3, 3}, OutputRatio: []float64{0.5, 0.5}})
		}), "outputRatio", "outputRatio: cannot be combined with outputSize"},
		{"fractional rank", err2(func() (pool.Tensor, []int32, error) {
			return pool.FractionalMaxPool(x, pool.FractionalOptions{Kernel: []int{2}, OutputSize: []int{3}})
		}), "kernel", "kernel [2]: must have 2 or 3 elements for fractional max pooling"},
		{"rois batch", err1(func() (pool.Tensor, error) { return pool.RoiAlign(x, rois(1, 0, 0, 2, 2), roiO) }),
			"rois", "rois batch index 1 in row 0: must be an integer in [0, 1)"},
		{"rois batch fraction", err1(func() (pool.Tensor, error) { return pool.MaxRoiPool(x, rois(0.5, 0, 0, 2, 2), roiO) }),
			"rois", "rois batch index 0.5 in row 0: must be an integer in [0, 1)"},
		{"rois nan", err1(func() (pool.Tensor, error) { return pool.RoiAlign(x, rois(0, 0, float32(math.NaN()), 2, 2), roiO) }),
			"rois", "rois box 0: coordinates must be finite numbers (after spatialScale)"},
		{"rois inf", err1(func() (pool.Tensor, error) { return pool.MaxRoiPool(x, rois(0, 0, 0, float32(math.Inf(1)), 2), roiO) }),
			"rois", "rois box 0: coordinates must be finite numbers (after spatialScale)"},
		{"rois shape", err1(func() (pool.Tensor, error) {
			return pool.RoiAlign(x, pool.Tensor{Shape: []int{1, 4}, Data: make([]float32, 4)}, roiO)
		}),
			"rois", "rois shape [1, 4]: must be [R, 5], rows (batch index, x1, y1, x2, y2)"},
		{"rois huge box", err1(func() (pool.Tensor, error) { return pool.RoiAlign(x, rois(0, 0, 0, 1e9, 1e9), roiO) }),
			"rois", "rois box 0: needs about 1e+18 sampling points per channel, over the limit of 2^24; give a samplingRatio or a smaller box"},
		{"roi output huge", err1(func() (pool.Tensor, error) {
			return pool.RoiAlign(x, rois(0, 0, 0, 2, 2), pool.RoiOptions{OutputSize: pool.Size{H: 1 << 20, W: 1 << 20}, SamplingRatio: 1})
		}), "outputSize", "outputSize 1048576x1048576: gives 1 regions x 2 channels x 1099511627776 bins, over the limit of 2^28 values"},
		{"roi output zero", err1(func() (pool.Tensor, error) { return pool.MaxRoiPool(x, rois(0, 0, 0, 2, 2), pool.RoiOptions{}) }),
			"outputSize", "outputSize 0x0: each side must be at least 1"},
		{"roi scale", err1(func() (pool.Tensor, error) {
			return pool.RoiAlign(x, rois(0, 0, 0, 2, 2), pool.RoiOptions{OutputSize: pool.Square(2), SpatialScale: -1})
		}), "spatialScale", "spatialScale -1: must be a positive finite number"},
		{"roi op", err1(func() (pool.Tensor, error) {
			return pool.RoiAlign(x, rois(0, 0, 0, 2, 2), pool.RoiOptions{OutputSize: pool.Square(2), Op: pool.Lp})
		}), "op", `op "lp": must be "avg" or "max" for roiAlign`},
		{"roi input rank", err1(func() (pool.Tensor, error) { return pool.RoiAlign(tensor(6, 6), rois(0, 0, 0, 2, 2), roiO) }),
			"shape", "shape [6, 6]: must be [N, C, H, W] or [C, H, W] for region pooling"},
	})
}

// A gradient is linear in gradOutput and, for averages that count only
// input cells, conserves its sum.
func TestGradProperties(t *testing.T) {
	x := tensor(2, 3, 9, 8)
	for _, o := range []pool.NDOptions{
		{Op: pool.Avg, Kernel: []int{3, 2}, Stride: []int{1, 2}, Padding: []int{1, 1}, ExcludePad: true},
		{Op: pool.Avg, Kernel: []int{3, 3}, Stride: []int{2, 2}, CeilMode: true, ExcludePad: true},
	} {
		out, err := pool.Pool(x, o)
		require.NoError(t, err)
		gout := pool.Tensor{Shape: out.Shape, Data: make([]float32, len(out.Data))}
		var want float64
		for i := range gout.Data {
			gout.Data[i] = float32(i%5) * 0.25
			want += float64(gout.Data[i])
		}
		gin, err := pool.PoolGrad(x, gout, o)
		require.NoError(t, err)
		require.Equal(t, x.Shape, gin.Shape)
		var got float64
		for _, v := range gin.Data {
			got += float64(v)
		}
		assert.InDelta(t, want, got, 1e-3)
	}
	// Max with stride = kernel sends each gradient to exactly its index.
	o := pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}}
	_, idx, err := pool.PoolIndices(x, o)
	require.NoError(t, err)
	gout := tensor(2, 3, 4, 4)
	gin, err := pool.PoolGrad(x, gout, o)
	require.NoError(t, err)
	for k, at := range idx {
		plane := k / 16
		assert.Equal(t, gout.Data[k], gin.Data[plane*72+int(at)])
	}
}

// Without samples each call draws its own: the windows still fit, and the
// last window of every axis ends at the input's end.
func TestFractionalRandomSamples(t *testing.T) {
	x := tensor(2, 3, 11, 13)
	for range 20 {
		out, idx, err := pool.FractionalMaxPool(x, pool.FractionalOptions{Kernel: []int{3, 2}, OutputRatio: []float64{0.5, 0.5}})
		require.NoError(t, err)
		require.Equal(t, []int{2, 3, 5, 6}, out.Shape)
		for i, at := range idx {
			require.True(t, at >= 0 && at < 11*13, "index %d: %d", i, at)
			assert.Equal(t, x.Data[(i/30)*143+int(at)], out.Data[i])
		}
	}
}
