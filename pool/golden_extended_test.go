package pool_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// The extended golden vectors (tools/gen_golden_extended.py): autograd's
// gradients, fractional max pooling, the divisor override and region
// pooling, from PyTorch and torchvision. Max, min, unpooling and fractional
// pooling must match to the bit, averages too (PyTorch's float32 order), Lp
// and RoiAlign to the tolerance a case states.

type extendedCase struct {
	goldenCase
	GradOutput *goldenData `json:"gradOutput"`
	Rois       *goldenData `json:"rois"`
	Samples    json.RawMessage
}

// extendedOptions reads the options of the extended calls, the JS names.
type extendedOptions struct {
	nd          pool.NDOptions
	op          pool.Op
	kernel      []int
	outputSize  []int
	outputRatio []float64
	dims        int
	p           float64
	roi         pool.RoiOptions
	stride      []int
	picture     pool.Options
}

func parseExtended(t *testing.T, raw map[string]json.RawMessage) extendedOptions {
	t.Helper()
	var o extendedOptions
	un := func(r json.RawMessage, v any) { require.NoError(t, json.Unmarshal(r, v)) }
	for k, v := range raw {
		switch k {
		case "op":
			var s string
			un(v, &s)
			op, err := pool.ParseOp(s)
			require.NoError(t, err)
			o.op, o.nd.Op = op, op
		case "kernel":
			un(v, &o.kernel)
			o.nd.Kernel = o.kernel
		case "stride":
			un(v, &o.stride)
			o.nd.Stride = o.stride
		case "padding":
			un(v, &o.nd.Padding)
		case "dilation":
			un(v, &o.nd.Dilation)
		case "ceilMode":
			un(v, &o.nd.CeilMode)
		case "countIncludePad":
			var b bool
			un(v, &b)
			o.nd.ExcludePad = !b
		case "p":
			un(v, &o.p)
			o.nd.P = o.p
		case "divisorOverride":
			un(v, &o.nd.DivisorOverride)
		case "outputSize":
			un(v, &o.outputSize)
		case "outputRatio":
			un(v, &o.outputRatio)
		case "dims":
			un(v, &o.dims)
		case "returnIndices":
		case "spatialScale":
			un(v, &o.roi.SpatialScale)
		case "samplingRatio":
			un(v, &o.roi.SamplingRatio)
		case "aligned":
			un(v, &o.roi.Aligned)
		default:
			t.Fatalf("unknown option %q", k)
		}
	}
	if len(o.outputSize) == 2 {
		o.roi.OutputSize = pool.Size{H: o.outputSize[0], W: o.outputSize[1]}
	}
	if len(o.nd.Kernel) == 2 {
		o.picture = pool.Options{Op: o.op, Kernel: pool.Size{H: o.kernel[0], W: o.kernel[1]}, DivisorOverride: o.nd.DivisorOverride}
		if o.stride != nil {
			o.picture.Stride = pool.Size{H: o.stride[0], W: o.stride[1]}
		}
		if p := o.nd.Padding; p != nil {
			o.picture.Padding = pool.Size{H: p[0], W: p[1]}
		}
	}
	return o
}

func TestGoldenExtended(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "golden", "extended", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "no golden files: run tools/gen_golden_extended.py")
	for _, path := range paths {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		var f struct {
			Cases []extendedCase `json:"cases"`
		}
		require.NoError(t, json.Unmarshal(b, &f), path)
		require.NotEmpty(t, f.Cases)
		t.Run(filepath.Base(path), func(t *testing.T) {
			for _, c := range f.Cases {
				t.Run(c.Name, func(t *testing.T) { runExtended(t, c) })
			}
		})
	}
}

func runExtended(t *testing.T, c extendedCase) {
	o := parseExtended(t, c.Options)
	ulps := 0
	if c.Tolerance != nil {
		ulps = c.Tolerance.Ulps
	}
	in := func() pool.Tensor { return c.Input.tensor(t) }
	gout := func() pool.Tensor { require.NotNil(t, c.GradOutput); return c.GradOutput.tensor(t) }
	samples := func() []float32 {
		if c.Samples == nil {
			return nil
		}
		return goldenData{Data: c.Samples}.tensor(t).Data
	}
	frac := func() pool.FractionalOptions {
		return pool.FractionalOptions{Kernel: o.kernel, OutputSize: o.outputSize, OutputRatio: o.outputRatio, Samples: samples()}
	}
	var got pool.Tensor
	var err error
	switch c.Call {
	case "poolTensor":
		got, err = pool.Pool(in(), o.nd)
	case "pool":
		src := c.Input.pixels(t)
		px, err := pool.PoolPixels(nil, src, o.picture)
		require.NoError(t, err)
		want := c.Output.pixels(t)
		require.Equal(t, [2]int{want.Width, want.Height}, [2]int{px.Width, px.Height})
		if !bytes.Equal(want.Pix, px.Pix) {
			t.Errorf("pixels differ:\n%s", diffBytes(want.Pix, px.Pix))
		}
		return
	case "poolGrad":
		got, err = pool.PoolGrad(in(), gout(), o.nd)
		if err == nil && o.picture.Op != 0 && len(o.nd.Dilation) == 0 && !o.nd.CeilMode && !o.nd.ExcludePad && o.nd.P == 0 {
			// The 2-D form gives the same gradient.
			two, err := pool.PoolGrad(in(), gout(), o.picture)
			require.NoError(t, err)
			checkTensor(t, got, two, 0)
		}
	case "adaptiveGrad":
		got, err = pool.AdaptivePoolGrad(in(), gout(), o.op, pool.Dims(o.outputSize))
	case "globalGrad":
		got, err = pool.GlobalPoolGrad(in(), gout(), pool.Global{Op: o.op, Dims: o.dims, P: o.p})
	case "unpoolGrad":
		got, err = pool.MaxUnpoolGrad(in(), c.Indices, gout(), pool.Dims(o.outputSize))
	case "fractional":
		var idx []int32
		got, idx, err = pool.FractionalMaxPool(in(), frac())
		require.NoError(t, err)
		require.Equal(t, c.Indices, idx, "indices")
	case "fractionalGrad":
		got, err = pool.FractionalMaxPoolGrad(in(), gout(), frac())
	case "roiAlign":
		got, err = pool.RoiAlign(in(), c.Rois.tensor(t), o.roi)
	case "maxRoiPool":
		got, err = pool.MaxRoiPool(in(), c.Rois.tensor(t), o.roi)
	default:
		t.Fatalf("unknown call %q", c.Call)
	}
	require.NoError(t, err)
	checkTensor(t, c.Output.tensor(t), got, ulps)
}
