package pool_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// Every bad input must come back as an *OptionError whose message names the
// option at fault: the JS binding turns it into a TypeError or RangeError and
// the HTTP handler into a 400, and both show the message to the caller.

func plane(h, w int) pool.Tensor {
	return pool.Tensor{Shape: []int{h, w}, Data: make([]float32, h*w)}
}

func picture(w, h int) pool.Pixels {
	return pool.Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
}

func max2() pool.Options { return pool.Options{Op: pool.Max, Kernel: pool.Square(2)} }

func TestErrors(t *testing.T) {
	with := func(f func(*pool.Options)) pool.Options {
		o := max2()
		f(&o)
		return o
	}
	poolErr := func(t pool.Tensor, o pool.Options) func() error {
		return func() error { _, err := pool.Pool(t, o); return err }
	}
	pixErr := func(p pool.Pixels, o pool.Options) func() error {
		return func() error { _, err := pool.PoolPixels(nil, p, o); return err }
	}
	rowsErr := func(p pool.Pixels, o pool.Options, r pool.Rows) func() error {
		return func() error { _, err := pool.PoolPixelRows(nil, p, o, r); return err }
	}
	big := 1<<30 + 1
	tests := []errorCase{
		{"no op", poolErr(plane(4, 4), pool.Options{Kernel: pool.Square(2)}),
			"op", "op 0: must be Max, Avg, Min or Lp"},
		{"op past the last", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Op = 9 })),
			"op", "op 9: must be Max, Avg, Min or Lp"},
		{"kernel 0", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Kernel = pool.Size{H: 0, W: 3} })),
			"kernel", "kernel [0, 3]: each must be at least 1"},
		{"kernel negative", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Kernel = pool.Size{H: 2, W: -1} })),
			"kernel", "kernel [2, -1]: each must be at least 1"},
		{"kernel huge", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Kernel = pool.Size{H: 2, W: big} })),
			"kernel", "kernel [2, 1073741825]: each must be at most 1073741824"},
		{"stride negative", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Stride = pool.Size{H: -1, W: 2} })),
			"stride", "stride [-1, 2]: each must be at least 1"},
		{"stride half zero", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Stride = pool.Size{H: 0, W: 2} })),
			"stride", "stride [0, 2]: each must be at least 1"},
		{"dilation negative", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Dilation = pool.Size{H: 1, W: -2} })),
			"dilation", "dilation [1, -2]: each must be at least 1"},
		{"padding negative", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Padding = pool.Size{H: -1, W: 0} })),
			"padding", "padding [-1, 0]: each pad must be at least 0"},
		{"padding over half the kernel", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Padding = pool.Size{H: 2, W: 0} })),
			"padding", "padding [2, 0]: must be at most half the effective kernel on each axis (1 on axis 0)"},
		{"padding over half the dilated kernel", poolErr(plane(9, 9), with(func(o *pool.Options) {
			o.Kernel, o.Dilation, o.Padding = pool.Square(3), pool.Square(2), pool.Size{H: 2, W: 3}
		})), "padding", "padding [2, 3]: must be at most half the effective kernel on each axis (2 on axis 1)"},
		{"padding huge", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Padding = pool.Size{H: big, W: 0} })),
			"padding", "padding [1073741825, 0]: each pad must be at most 1073741824"},
		{"padding with same", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Same, o.Padding = true, pool.Square(1) })),
			"padding", `padding [1, 1]: cannot be combined with padding "same"`},
		{"ceil mode with same", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Same, o.CeilMode = true, true })),
			"ceilMode", `ceilMode true: cannot be combined with padding "same", which fixes the output size`},
		{"p negative", poolErr(plane(4, 4), pool.Options{Op: pool.Lp, Kernel: pool.Square(2), P: -1}),
			"p", "p -1: must be a positive finite number"},
		{"p NaN", poolErr(plane(4, 4), pool.Options{Op: pool.Lp, Kernel: pool.Square(2), P: math.NaN()}),
			"p", "p NaN: must be a positive finite number"},
		{"p infinite", poolErr(plane(4, 4), pool.Options{Op: pool.Lp, Kernel: pool.Square(2), P: math.Inf(1)}),
			"p", "p +Inf: must be a positive finite number"},
		{"alpha unknown", pixErr(picture(4, 4), with(func(o *pool.Options) { o.Alpha = 7 })),
			"alpha", "alpha 7: must be Straight or Premultiplied"},
		{"colour space unknown", pixErr(picture(4, 4), with(func(o *pool.Options) { o.ColorSpace = 7 })),
			"colorSpace", "colorSpace 7: must be SRGB or Linear"},
		{"alpha on a tensor", poolErr(plane(4, 4), pool.Options{Op: pool.Avg, Kernel: pool.Square(2), Alpha: pool.Premultiplied}),
			"alpha", `alpha "premultiplied": applies to pictures only, not to tensors`},
		{"colour space on a tensor", poolErr(plane(4, 4), pool.Options{Op: pool.Avg, Kernel: pool.Square(2), ColorSpace: pool.Linear}),
			"colorSpace", `colorSpace "linear": applies to pictures only, not to tensors`},
		{"premultiplied max", pixErr(picture(4, 4), with(func(o *pool.Options) { o.Alpha = pool.Premultiplied })),
			"alpha", `alpha "premultiplied": applies to op "avg" only (max, min and lp take each channel on its own)`},
		{"linear lp", pixErr(picture(4, 4), pool.Options{Op: pool.Lp, Kernel: pool.Square(2), ColorSpace: pool.Linear}),
			"colorSpace", `colorSpace "linear": is not defined for op "lp"; use "avg", "max" or "min"`},
		{"window larger than the input", poolErr(plane(3, 3), with(func(o *pool.Options) { o.Kernel = pool.Size{H: 2, W: 5} })),
			"kernel", "kernel 5: window (5 cells) does not fit the input (3 cells plus padding 0+0)"},
		{"dilated window larger than the input", poolErr(plane(4, 4), with(func(o *pool.Options) { o.Dilation = pool.Square(4) })),
			"kernel", "kernel 2: window (5 cells with dilation 4) does not fit the input (4 cells plus padding 0+0)"},
		{"same window over padding only", poolErr(plane(2, 9), with(func(o *pool.Options) {
			o.Same, o.Stride, o.Dilation = true, pool.Square(1), pool.Square(3)
		})), "dilation", "dilation 3x3: the window of output row 0 covers no input row; lower the dilation or the padding"},
		{"window in the padding only", poolErr(plane(5, 1), with(func(o *pool.Options) {
			o.Kernel, o.Stride, o.Dilation, o.Padding = pool.Size{H: 1, W: 2}, pool.Square(1), pool.Size{H: 1, W: 3}, pool.Size{H: 0, W: 2}
		})), "dilation", "dilation 1x3: the window of output column 0 covers no input column; lower the dilation or the padding"},
		{"shape of rank 1", poolErr(pool.Tensor{Shape: []int{4}, Data: make([]float32, 4)}, max2()),
			"shape", "shape [4]: must have 2, 3 or 4 dimensions ([H, W], [C, H, W] or [N, C, H, W]); to pool a 1-D tensor, give one size per spatial axis: kernel: [k] (outputSize: [n] adaptive, dims: 1 global)"},
		{"shape of rank 5", poolErr(pool.Tensor{Shape: []int{1, 1, 1, 2, 2}, Data: make([]float32, 4)}, max2()),
			"shape", "shape [1, 1, 1, 2, 2]: must have 2, 3 or 4 dimensions ([H, W], [C, H, W] or [N, C, H, W])"},
		{"shape with a zero", poolErr(pool.Tensor{Shape: []int{0, 2, 2}}, max2()),
			"shape", "shape [0, 2, 2]: every dimension must be at least 1"},
		{"shape overflowing", poolErr(pool.Tensor{Shape: []int{1 << 30, 1 << 30, 1 << 30, 1 << 30}}, max2()),
			"shape", "shape [1073741824, 1073741824, 1073741824, 1073741824]: has more elements than memory can hold"},
		{"data shorter than the shape", poolErr(pool.Tensor{Shape: []int{2, 3}, Data: make([]float32, 5)}, max2()),
			"data", "data length 5: must match shape [2, 3] (6 elements)"},
		{"indices for avg", func() error {
			_, _, err := pool.PoolIndices(plane(4, 4), pool.Options{Op: pool.Avg, Kernel: pool.Square(2)})
			return err
		}, "returnIndices", `returnIndices true: applies to op "max" and "min" only, not "avg"`},
		{"picture without width", pixErr(pool.Pixels{Height: 2}, max2()), "width", "width 0: must be at least 1"},
		{"picture height over the bound", pixErr(pool.Pixels{Width: 1, Height: pool.MaxSide + 1}, max2()), "height", "height 1073741825: must be at most 1073741824"},
		{"picture over 2^40 pixels", func() error { return pool.CheckPictureSize(pool.MaxSide, pool.MaxSide) }, "size", "size 1073741824x1073741824: must be at most 2^40 pixels"},
		{"picture data short", pixErr(pool.Pixels{Pix: make([]byte, 15), Width: 2, Height: 2}, max2()),
			"data", "data length 15: must be width*height*4 = 16 for 2x2 (width x height) RGBA pixels"},
		{"pixels of another length", func() error { return pool.CheckPixels(3, 2, 25) },
			"data", "data length 25: must be width*height*4 = 24 for 3x2 (width x height) RGBA pixels"},
		{"pixels of no width", func() error { return pool.CheckPixels(0, 2, 0) },
			"width", "width 0: must be at least 1"},
		{"picture window too large", pixErr(picture(3, 1), max2()),
			"kernel", "kernel 2: window (2 cells) does not fit the input (1 cell plus padding 0+0)"},
		{"rows empty", rowsErr(picture(4, 4), max2(), pool.Rows{Height: 4, From: 1, To: 1}),
			"rows", "rows [1, 1): must be a non-empty range within the 2 output rows"},
		{"rows past the output", rowsErr(picture(4, 4), max2(), pool.Rows{Height: 4, From: 0, To: 3}),
			"rows", "rows [0, 3): must be a non-empty range within the 2 output rows"},
		{"rows of a picture 0 tall", rowsErr(picture(4, 4), max2(), pool.Rows{Height: 0, From: 0, To: 1}),
			"rows.height", "rows.height 0: must be at least 1"},
		{"rows of a picture over the bound", rowsErr(picture(4, 4), max2(), pool.Rows{Height: big, From: 0, To: 1}),
			"rows.height", "rows.height 1073741825: must be at most 1073741824"},
		{"rows from a negative row", rowsErr(picture(4, 4), max2(), pool.Rows{Height: 4, SrcY: -1, From: 0, To: 1}),
			"rows.srcY", "rows.srcY -1: must be at least 0"},
		{"rows not covered by the band", rowsErr(picture(4, 2), max2(), pool.Rows{Height: 8, SrcY: 2, From: 0, To: 2}),
			"rows", "rows source rows [2, 4): must cover input rows [0, 4) of the output rows asked for"},
		{"input rows out of range", func() error { _, _, err := max2().InputRows(pool.Size{H: 4, W: 4}, 2, 5); return err },
			"rows", "rows [2, 5): must be a non-empty range within the 2 output rows"},
		{"adaptive lp", func() error {
			_, err := pool.AdaptivePool(plane(4, 4), pool.Lp, pool.Square(2))
			return err
		}, "op", `op "lp": must be "max", "avg" or "min" for adaptive pooling`},
		{"adaptive output zero", func() error {
			_, err := pool.AdaptivePool(plane(4, 4), pool.Avg, pool.Size{H: 0, W: 2})
			return err
		}, "outputSize", "outputSize 0x2: each side must be at least 1"},
		{"adaptive indices for avg", func() error {
			_, _, err := pool.AdaptivePoolIndices(plane(4, 4), pool.Avg, pool.Square(2))
			return err
		}, "returnIndices", `returnIndices true: applies to op "max" and "min" only, not "avg"`},
		{"adaptive bad data", func() error {
			_, err := pool.AdaptivePool(pool.Tensor{Shape: []int{2, 2}}, pool.Max, pool.Square(1))
			return err
		}, "data", "data length 0: must match shape [2, 2] (4 elements)"},
		{"global bad op", func() error { _, err := pool.GlobalPool(plane(4, 4), pool.Op(9)); return err },
			"op", `op "Op(9)": must be "max", "avg", "min" or "lp" for global pooling`},
		{"global bad dims", func() error { _, err := pool.GlobalPool(plane(4, 4), pool.Global{Op: pool.Max, Dims: 4}); return err },
			"dims", "dims 4: must be 1, 2 or 3"},
		{"global p with max", func() error { _, err := pool.GlobalPool(plane(4, 4), pool.Global{Op: pool.Max, P: 3}); return err },
			"p", `p 3: applies to op "lp" only, not "max"`},
		{"global p negative with avg", func() error { _, err := pool.GlobalPool(plane(4, 4), pool.Global{Op: pool.Avg, P: -1}); return err },
			"p", `p -1: applies to op "lp" only, not "avg"`},
		{"stride an empty list", func() error {
			_, err := pool.Pool(plane(4, 4), pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}, Stride: []int{}})
			return err
		}, "stride", "stride []: must have 2 elements, one per axis of kernel [2, 2]"},
		{"padding an empty list", func() error {
			_, err := pool.Pool(plane(4, 4), pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}, Padding: []int{}})
			return err
		}, "padding", "padding []: must have 2 elements (both sides of each axis) or 4 (begin and end of each axis)"},
		{"unpool outputSize of another rank than the kernel", func() error {
			_, err := pool.UnpoolOutput([]int{1, 2, 2}, pool.NDOptions{Kernel: []int{2, 2, 2}}, pool.Dims{4, 4})
			return err
		}, "outputSize", "outputSize [4, 4]: must have 3 elements, one per axis of kernel [2, 2, 2]"},
		{"unpool without kernel or outputSize", func() error { _, err := pool.UnpoolOutput([]int{1, 2, 2}, pool.NDOptions{}, nil); return err },
			"kernel", "kernel: must be given unless outputSize is"},
		{"unpool shape shorter than the kernel", func() error {
			_, err := pool.UnpoolOutput([]int{2, 2}, pool.NDOptions{Kernel: []int{2, 2, 2}}, nil)
			return err
		}, "shape", "shape [2, 2]: has fewer dimensions than kernel [2, 2, 2] has axes"},
		{"unpool kernel of four", func() error {
			_, err := pool.UnpoolOutput([]int{2, 2}, pool.NDOptions{Kernel: []int{2, 2, 2, 2}}, nil)
			return err
		}, "kernel", "kernel [2, 2, 2, 2]: must have 1, 2 or 3 elements"},
		{"global lp order", func() error { _, err := pool.GlobalPool(plane(4, 4), pool.Global{Op: pool.Lp, P: -1}); return err },
			"p", "p -1: must be a positive finite number"},
		{"global 3-D of a plane", func() error { _, err := pool.GlobalPool(plane(4, 4), pool.Global{Op: pool.Avg, Dims: 3}); return err },
			"shape", "shape [4, 4]: must have 3, 4 or 5 dimensions ([D, H, W], [C, D, H, W] or [N, C, D, H, W]) for 3-D pooling"},
		{"global bad shape", func() error { _, err := pool.GlobalPool(pool.Tensor{Shape: []int{3}}, pool.Avg); return err },
			"shape", "shape [3]: must have 2, 3 or 4 dimensions ([H, W], [C, H, W] or [N, C, H, W]); to pool a 1-D tensor, give one size per spatial axis: kernel: [k] (outputSize: [n] adaptive, dims: 1 global)"},
		{"unpool indices short", func() error {
			_, err := pool.MaxUnpool(plane(2, 2), []int32{0, 1, 2}, pool.Square(4))
			return err
		}, "indices", "indices length 3: must match the data (4 elements)"},
		{"unpool index out of range", func() error {
			_, err := pool.MaxUnpool(plane(2, 2), []int32{0, 1, 16, 3}, pool.Square(4))
			return err
		}, "indices", "indices 16: must lie in [0, 16) for output size 4x4"},
		{"unpool index negative", func() error {
			_, err := pool.MaxUnpool(plane(2, 2), []int32{0, -1, 2, 3}, pool.Square(4))
			return err
		}, "indices", "indices -1: must lie in [0, 16) for output size 4x4"},
		{"unpool output zero", func() error {
			_, err := pool.MaxUnpool(plane(2, 2), []int32{0, 1, 2, 3}, pool.Size{H: 4, W: 0})
			return err
		}, "outputSize", "outputSize 4x0: each side must be at least 1"},
		{"unpool 2-D size of a 1-D tensor", func() error {
			_, err := pool.MaxUnpool(pool.Tensor{Shape: []int{1}, Data: []float32{1}}, []int32{0}, pool.Dims{1 << 30, 4})
			return err
		}, "shape", "shape [1]: must have 2, 3 or 4 dimensions ([H, W], [C, H, W] or [N, C, H, W]); to pool a 1-D tensor, give one size per spatial axis: kernel: [k] (outputSize: [n] adaptive, dims: 1 global)"},
		{"unpool plane over int32", func() error {
			_, err := pool.MaxUnpool(pool.Tensor{Shape: []int{1, 1}, Data: []float32{1}}, []int32{0}, pool.Dims{1 << 16, 1 << 16})
			return err
		}, "outputSize", "outputSize [65536, 65536]: each side must be at least 1 and a plane at most 2^31-1 cells"},
		{"unpool dims padding", func() error {
			_, err := pool.UnpoolDims(pool.Dims{2}, pool.NDOptions{Kernel: []int{2}, Padding: []int{1, 1, 1}})
			return err
		}, "padding", "padding [1, 1, 1]: must have 1 elements (both sides of each axis) or 2 (begin and end of each axis)"},
		{"unpool dims padding an empty list", func() error {
			_, err := pool.UnpoolDims(pool.Dims{2, 2}, pool.NDOptions{Kernel: []int{2, 2}, Padding: []int{}})
			return err
		}, "padding", "padding []: must have 2 elements (both sides of each axis) or 4 (begin and end of each axis)"},
		{"unpool same padding", func() error {
			_, err := pool.UnpoolOutput([]int{1, 2, 2}, pool.NDOptions{Kernel: []int{2, 2}, AutoPad: pool.SameLower}, nil)
			return err
		}, "padding", `padding "same_lower": is not defined for maxUnpool; give outputSize instead`},
		{"unpool dims leaves nothing", func() error {
			_, err := pool.UnpoolDims(pool.Dims{1}, pool.NDOptions{Kernel: []int{2}, Padding: []int{1, 1}})
			return err
		}, "padding", "padding [1, 1]: leaves no output ([0])"},
		{"unpool size kernel zero", func() error {
			_, err := pool.UnpoolSize(pool.Square(2), pool.Options{Kernel: pool.Size{H: 2, W: 0}})
			return err
		}, "kernel", "kernel [2, 0]: each must be at least 1"},
		{"unpool size stride negative", func() error {
			_, err := pool.UnpoolSize(pool.Square(2), pool.Options{Kernel: pool.Square(2), Stride: pool.Size{H: -2, W: 2}})
			return err
		}, "stride", "stride [-2, 2]: each must be at least 1"},
		{"unpool size input zero", func() error {
			_, err := pool.UnpoolSize(pool.Size{H: 0, W: 2}, max2())
			return err
		}, "input size", "input size [0, 2]: each side must be at least 1"},
		{"unpool size padding negative", func() error {
			_, err := pool.UnpoolSize(pool.Square(2), pool.Options{Kernel: pool.Square(2), Padding: pool.Size{H: -1, W: 0}})
			return err
		}, "padding", "padding [-1, 0]: each pad must be at least 0"},
		{"unpool size padding eats the output", func() error {
			_, err := pool.UnpoolSize(pool.Square(1), pool.Options{Kernel: pool.Square(2), Padding: pool.Square(1)})
			return err
		}, "padding", "padding [1, 1]: leaves no output ([0, 0])"},
		{"output size of an empty axis", func() error { _, err := pool.OutputSize(0, 2, 1, 0, 1, false); return err },
			"input size", "input size 0: must be at least 1"},
		{"output size stride zero", func() error { _, err := pool.OutputSize(4, 2, 0, 0, 1, false); return err },
			"stride", "stride 0: must be at least 1"},
		{"output size padding negative", func() error { _, err := pool.OutputSize(4, 2, 1, -1, 1, false); return err },
			"padding", "padding -1: must be at least 0"},
		{"same padding dilation zero", func() error { _, _, _, err := pool.SamePadding(4, 2, 1, 0); return err },
			"dilation", "dilation 0: must be at least 1"},
		{"resolve empty input", func() error { _, err := max2().Resolve(pool.Size{H: 3, W: 0}); return err },
			"input size", "input size 3x0: each side must be at least 1"},
		{"parse op", func() error { _, err := pool.ParseOp("mean"); return err },
			"op", `op "mean": must be "max", "avg", "min" or "lp"`},
		{"parse alpha", func() error { _, err := pool.ParseAlpha("associated"); return err },
			"alpha", `alpha "associated": must be "straight" or "premultiplied"`},
		{"parse colour space", func() error { _, err := pool.ParseColorSpace("sRGB"); return err },
			"colorSpace", `colorSpace "sRGB": must be "srgb" or "linear"`},
		{"whole of a fraction", func() error { _, err := pool.Whole("stride", 1.5); return err },
			"stride", "stride 1.5: must be an integer"},
		{"whole of NaN", func() error { _, err := pool.Whole("kernel", math.NaN()); return err },
			"kernel", "kernel NaN: must be an integer"},
		{"whole past MaxSide", func() error { _, err := pool.Whole("kernel", 1e20); return err },
			"kernel", "kernel 1e+20: must be at most 1073741824"},
		{"whole of infinity", func() error { _, err := pool.Whole("kernel", math.Inf(1)); return err },
			"kernel", "kernel +Inf: must be at most 1073741824"},
		{"whole past -MaxSide", func() error { _, err := pool.Whole("padding", -1e20); return err },
			"padding", "padding -1e+20: must not be negative"},
		{"explicit divisor override 0", func() error { return pool.CheckDivisorOverride(pool.Avg, 0) },
			"divisorOverride", "divisorOverride 0: must be an integer between 1 and 1073741824"},
		{"explicit divisor override on max", func() error { return pool.CheckDivisorOverride(pool.Max, 2) },
			"divisorOverride", `divisorOverride 2: applies to op "avg" only, not "max"`},
		{"picture of a 3-D kernel", func() error { _, err := pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2}}.Picture(); return err },
			"kernel", "kernel [2, 2, 2]: must be a number or [height, width]; pictures are 2-D"},
		{"picture with begin and end pads", func() error {
			_, err := pool.NDOptions{Op: pool.Max, Kernel: []int{3, 3}, Padding: []int{1, 0, 0, 1}}.Picture()
			return err
		}, "padding", `padding [1, 0, 0, 1]: pictures take a number, [height, width], "valid" or "same" (begin and end pads and "same_lower" apply to tensors)`},
		{"picture with same_lower", func() error {
			_, err := pool.NDOptions{Op: pool.Max, Kernel: []int{3, 3}, AutoPad: pool.SameLower}.Picture()
			return err
		}, "padding", `padding "same_lower": pictures take a number, [height, width], "valid" or "same" (begin and end pads and "same_lower" apply to tensors)`},
		{"picture of a zero stride", func() error {
			_, err := pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2}, Stride: []int{0, 0}}.Picture()
			return err
		},
			"stride", "stride [0, 0]: each must be at least 1"},
		{"validate", func() error { return pool.NDOptions{Op: pool.Avg, Kernel: []int{2}, Padding: []int{2}}.Validate() },
			"padding", "padding [2]: must be at most half the effective kernel on each axis (1 on axis 0)"},
		{"explicit spatial scale 0", func() error { return pool.CheckSpatialScale(0) },
			"spatialScale", "spatialScale 0: must be a positive finite number"},
		{"spatial scale past float32", func() error { return pool.CheckSpatialScale(1e39) },
			"spatialScale", "spatialScale 1e+39: must be a positive finite number"},
	}
	requireOptionErrors(t, tests)
}

// A picture that fails validation must not touch the destination, so that a
// caller reusing one buffer keeps its previous result.
func TestErrorLeavesDestination(t *testing.T) {
	dst := []byte{1, 2, 3, 4}
	_, err := pool.PoolPixels(dst, picture(1, 1), max2())
	require.Error(t, err)
	assert.Equal(t, []byte{1, 2, 3, 4}, dst)
}

func TestParseRoundTrip(t *testing.T) {
	for _, op := range []pool.Op{pool.Max, pool.Avg, pool.Min, pool.Lp} {
		got, err := pool.ParseOp(op.String())
		require.NoError(t, err)
		assert.Equal(t, op, got)
	}
	for _, a := range []pool.Alpha{pool.Straight, pool.Premultiplied} {
		got, err := pool.ParseAlpha(a.String())
		require.NoError(t, err)
		assert.Equal(t, a, got)
	}
	for _, c := range []pool.ColorSpace{pool.SRGB, pool.Linear} {
		got, err := pool.ParseColorSpace(c.String())
		require.NoError(t, err)
		assert.Equal(t, c, got)
	}
	assert.Equal(t, "Op(0)", pool.Op(0).String())
	assert.Equal(t, "Alpha(9)", pool.Alpha(9).String())
	assert.Equal(t, "ColorSpace(9)", pool.ColorSpace(9).String())
	assert.Equal(t, "3x2", pool.Size{H: 3, W: 2}.String())
	for _, v := range []float64{0, -3, 1 << 30, -(1 << 30)} {
		n, err := pool.Whole("kernel", v)
		require.Nil(t, err)
		assert.Equal(t, int(v), n)
	}
	assert.Nil(t, pool.CheckDivisorOverride(pool.Avg, 1<<30))
	assert.Nil(t, pool.CheckSpatialScale(0.25))
	o, err := pool.NDOptions{Op: pool.Avg, Kernel: []int{3, 2}, Stride: []int{1, 2}, AutoPad: pool.SameUpper, ExcludePad: true}.Picture()
	require.NoError(t, err)
	assert.Equal(t, pool.Options{Op: pool.Avg, Kernel: pool.Size{H: 3, W: 2}, Stride: pool.Size{H: 1, W: 2}, Same: true, ExcludePad: true}, o)
}

// errorCase is a call that must fail with an *OptionError naming option,
// whose message is msg.
type errorCase struct {
	name   string
	call   func() error
	option string
	msg    string
}

func requireOptionErrors(t *testing.T, tests []errorCase) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { err = tc.call() })
			require.Error(t, err)
			var oe *pool.OptionError
			require.True(t, errors.As(err, &oe), "%T is not an *OptionError", err)
			assert.Equal(t, tc.option, oe.Option)
			assert.Equal(t, tc.msg, err.Error())
		})
	}
}

func TestCheckShape(t *testing.T) {
	for _, c := range []struct {
		name  string
		shape []int
		want  string // the message, "" for none
	}{
		{"one dimension", []int{7}, ""},
		{"five dimensions", []int{1, 2, 3, 4, 5}, ""},
		{"every dimension at the bound", []int{pool.MaxSide, pool.MaxSide}, ""},
		{"no dimensions", []int{}, "shape []: must have 1 to 5 dimensions: the spatial axes after at most a batch and a channel axis"},
		{"six dimensions", []int{1, 1, 1, 1, 2, 2}, "shape [1, 1, 1, 1, 2, 2]: must have 1 to 5 dimensions: the spatial axes after at most a batch and a channel axis"},
		{"a zero", []int{2, 0, 3}, "shape [2, 0, 3]: every dimension must be at least 1"},
		{"a negative dimension", []int{-4}, "shape [-4]: every dimension must be at least 1"},
		{"over the bound", []int{3, pool.MaxSide + 1}, "shape [3, 1073741825]: every dimension must be at most 1073741824"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := pool.CheckShape(c.shape)
			if c.want == "" {
				assert.Nil(t, err)
				return
			}
			require.NotNil(t, err)
			assert.Equal(t, "shape", err.Option)
			assert.Equal(t, c.want, err.Error())
		})
	}
}
