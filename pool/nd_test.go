package pool_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

func TestNDErrors(t *testing.T) {
	line := func(l int) pool.Tensor { return pool.Tensor{Shape: []int{l}, Data: make([]float32, l)} }
	vol := pool.Tensor{Shape: []int{1, 4, 4, 4}, Data: make([]float32, 64)}
	nd := func(tn pool.Tensor, o pool.NDOptions) func() error {
		return func() error { _, err := pool.Pool(tn, o); return err }
	}
	tests := []errorCase{
		{"kernel of four", nd(vol, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2, 2}}),
			"kernel", "kernel [2, 2, 2, 2]: must have 1, 2 or 3 elements"},
		{"no kernel", nd(vol, pool.NDOptions{Op: pool.Max}),
			"kernel", "kernel []: must have 1, 2 or 3 elements"},
		{"kernel zero", nd(vol, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 0, 2}}),
			"kernel", "kernel [2, 0, 2]: each must be at least 1"},
		{"stride length", nd(vol, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2}, Stride: []int{1, 1}}),
			"stride", "stride [1, 1]: must have 3 elements, one per axis of kernel [2, 2, 2]"},
		{"dilation length", nd(line(8), pool.NDOptions{Op: pool.Max, Kernel: []int{2}, Dilation: []int{1, 1}}),
			"dilation", "dilation [1, 1]: must have 1 elements, one per axis of kernel [2]"},
		{"padding length", nd(vol, pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2}, Padding: []int{1, 1}}),
			"padding", "padding [1, 1]: must have 3 elements (both sides of each axis) or 6 (begin and end of each axis)"},
		{"pad not smaller than kernel", nd(plane(4, 4), pool.NDOptions{Op: pool.Avg, Kernel: []int{3, 2}, Padding: []int{3, 0, 0, 0}}),
			"padding", "padding [3, 0, 0, 0]: each pad must be smaller than the kernel on its axis (3)"},
		{"symmetric pad over half", nd(line(8), pool.NDOptions{Op: pool.Max, Kernel: []int{3}, Padding: []int{2}}),
			"padding", "padding [2]: must be at most half the effective kernel on each axis (1 on axis 0)"},
		{"negative pad", nd(line(8), pool.NDOptions{Op: pool.Max, Kernel: []int{3}, Padding: []int{-1, 0}}),
			"padding", "padding [-1, 0]: each pad must be at least 0"},
		{"same with pads", nd(line(8), pool.NDOptions{Op: pool.Max, Kernel: []int{3}, Padding: []int{1}, AutoPad: pool.SameLower}),
			"padding", `padding [1]: cannot be combined with padding "same"`},
		{"same with ceil", nd(line(8), pool.NDOptions{Op: pool.Max, Kernel: []int{3}, AutoPad: pool.SameUpper, CeilMode: true}),
			"ceilMode", `ceilMode true: cannot be combined with padding "same", which fixes the output size`},
		{"bad auto pad", nd(line(8), pool.NDOptions{Op: pool.Max, Kernel: []int{3}, AutoPad: 7}),
			"padding", "padding AutoPad(7): must be ExplicitPad, SameUpper or SameLower"},
		{"bad op", nd(line(8), pool.NDOptions{Kernel: []int{3}}),
			"op", "op 0: must be Max, Avg, Min or Lp"},
		{"bad p", nd(line(8), pool.NDOptions{Op: pool.Lp, Kernel: []int{3}, P: -2}),
			"p", "p -2: must be a positive finite number"},
		{"tensor rank for 3-D", nd(plane(4, 4), pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2}}),
			"shape", "shape [4, 4]: must have 3, 4 or 5 dimensions ([D, H, W], [C, D, H, W] or [N, C, D, H, W]) for 3-D pooling"},
		{"tensor rank for 1-D", nd(vol, pool.NDOptions{Op: pool.Max, Kernel: []int{2}}),
			"shape", "shape [1, 4, 4, 4]: must have 1, 2 or 3 dimensions ([L], [C, L] or [N, C, L]) for 1-D pooling"},
		{"window does not fit", nd(line(2), pool.NDOptions{Op: pool.Max, Kernel: []int{3}}),
			"kernel", "kernel 3: window (3 cells) does not fit the input (2 cells plus padding 0+0)"},
		{"window of padding only", nd(line(2), pool.NDOptions{Op: pool.Max, Kernel: []int{2}, Dilation: []int{3}, Padding: []int{1, 1}}),
			"dilation", "dilation [3]: the window of output cell 0 on axis 0 covers no input cell; lower the dilation or the padding"},
		{"adaptive of four", func() error { _, err := pool.AdaptivePool(vol, pool.Max, pool.Dims{1, 1, 1, 1}); return err },
			"outputSize", "outputSize [1, 1, 1, 1]: must have 1, 2 or 3 elements"},
		{"unpool rank", func() error { _, err := pool.MaxUnpool(line(2), []int32{0, 1}, pool.Dims{2, 2, 2}); return err },
			"shape", "shape [2]: must have 3, 4 or 5 dimensions ([D, H, W], [C, D, H, W] or [N, C, D, H, W]) for 3-D pooling"},
		{"indices for avg", func() error {
			_, _, err := pool.PoolIndices(line(4), pool.NDOptions{Op: pool.Avg, Kernel: []int{2}})
			return err
		}, "returnIndices", `returnIndices true: applies to op "max" and "min" only, not "avg"`},
		{"no spec", func() error { _, err := pool.Pool(line(4), nil); return err },
			"op", "op: must be given: Pool takes an Options or an NDOptions"},
	}
	requireOptionErrors(t, tests)
}

// randomND draws N-D options of the given rank over every field, with
// either PyTorch's or ONNX's padding.
func randomND(rng *rand.Rand, op pool.Op, rank int) pool.NDOptions {
	o := pool.NDOptions{Op: op, Kernel: make([]int, rank)}
	for i := range o.Kernel {
		o.Kernel[i] = 1 + rng.IntN(4)
	}
	if rng.IntN(2) == 0 {
		o.Stride = make([]int, rank)
		for i := range o.Stride {
			o.Stride[i] = 1 + rng.IntN(3)
		}
	}
	if rng.IntN(3) == 0 {
		o.Dilation = make([]int, rank)
		for i := range o.Dilation {
			o.Dilation[i] = 1 + rng.IntN(2)
		}
	}
	switch rng.IntN(4) {
	case 0:
		o.AutoPad = pool.AutoPad(1 + rng.IntN(2))
	case 1:
		o.Padding = make([]int, 2*rank)
		for i := range o.Padding {
			o.Padding[i] = rng.IntN(o.Kernel[i%rank])
		}
		o.CeilMode = rng.IntN(2) == 0
	}
	o.ExcludePad = rng.IntN(2) == 0
	if op == pool.Lp {
		o.P = []float64{1, 2, 3}[rng.IntN(3)]
	}
	return o
}

// A 1-D pooling is the 2-D pooling of a 1 x L plane with a 1 x k window,
// and a 3-D pooling whose depth window is one cell is the 2-D pooling of
// each depth slice; indices included.
func TestRanksEmbed(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	for i := range 600 {
		op := allOps[i%4]
		o := randomND(rng, op, 2)
		o.Kernel[0] = 1
		if o.Stride != nil {
			o.Stride[0] = 1
		}
		if o.Dilation != nil {
			o.Dilation[0] = 1
		}
		if o.Padding != nil {
			o.Padding[0], o.Padding[2] = 0, 0
		}
		l := 1 + rng.IntN(12)
		x := randomTensor(rng, 3, l)
		want, err2 := pool.Pool(pool.Tensor{Shape: []int{3, 1, l}, Data: x.Data}, o)
		one := pool.NDOptions{Op: op, Kernel: o.Kernel[1:], AutoPad: o.AutoPad, CeilMode: o.CeilMode, ExcludePad: o.ExcludePad, P: o.P}
		if o.Stride != nil {
			one.Stride = o.Stride[1:]
		}
		if o.Dilation != nil {
			one.Dilation = o.Dilation[1:]
		}
		if o.Padding != nil {
			one.Padding = []int{o.Padding[1], o.Padding[3]}
		}
		got, err1 := pool.Pool(x, one)
		if err2 != nil {
			require.Error(t, err1, "%+v", one)
			continue
		}
		require.NoError(t, err1, "%+v", one)
		assert.Equal(t, want.Data, got.Data, "%+v", one)

		// The same line as a 3-D volume of one plane.
		three := pool.NDOptions{Op: op, Kernel: append([]int{1}, o.Kernel...), AutoPad: o.AutoPad, CeilMode: o.CeilMode, ExcludePad: o.ExcludePad, P: o.P}
		if o.Padding != nil {
			three.Padding = []int{0, o.Padding[0], o.Padding[1], 0, o.Padding[2], o.Padding[3]}
		}
		if o.Stride != nil {
			three.Stride = append([]int{1}, o.Stride...)
		}
		if o.Dilation != nil {
			three.Dilation = append([]int{1}, o.Dilation...)
		}
		vol := pool.Tensor{Shape: []int{3, 1, 1, l}, Data: x.Data}
		if op == pool.Max || op == pool.Min {
			w, wi, err := pool.PoolIndices(pool.Tensor{Shape: []int{3, 1, l}, Data: x.Data}, o)
			require.NoError(t, err)
			g, gi, err := pool.PoolIndices(vol, three)
			require.NoError(t, err)
			assert.Equal(t, w.Data, g.Data)
			assert.Equal(t, wi, gi)
		} else {
			g, err := pool.Pool(vol, three)
			require.NoError(t, err)
			assert.Equal(t, want.Data, g.Data)
		}
	}
}

// Symmetric padding written as begin and end pads pools the same, and
// SAME_LOWER is SAME_UPPER seen in a mirror.
func TestPadForms(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 2))
	for i := range 400 {
		op := allOps[i%4]
		k := 1 + rng.IntN(5)
		l := k + rng.IntN(10)
		x := randomTensor(rng, 2, l)
		pad := rng.IntN(k/2 + 1)
		sym := pool.NDOptions{Op: op, Kernel: []int{k}, Stride: []int{1 + rng.IntN(3)}, Padding: []int{pad}, ExcludePad: rng.IntN(2) == 0}
		pads := sym
		pads.Padding = []int{pad, pad}
		a, errA := pool.Pool(x, sym)
		b, errB := pool.Pool(x, pads)
		require.Equal(t, errA == nil, errB == nil, "%+v", sym)
		if errA == nil {
			assert.Equal(t, a, b)
		}

		if op == pool.Avg {
			continue // a mirrored float32 sum adds in the other order
		}
		upper := pool.NDOptions{Op: op, Kernel: []int{k}, Stride: []int{1}, Dilation: []int{1 + rng.IntN(2)}, AutoPad: pool.SameUpper}
		lower := upper
		lower.AutoPad = pool.SameLower
		mirror := func(t pool.Tensor) pool.Tensor {
			m := pool.Tensor{Shape: t.Shape, Data: slices.Clone(t.Data)}
			n := t.Shape[len(t.Shape)-1]
			for r := 0; r < len(m.Data); r += n {
				slices.Reverse(m.Data[r : r+n])
			}
			return m
		}
		u, err := pool.Pool(mirror(x), upper)
		require.NoError(t, err)
		lo, err := pool.Pool(x, lower)
		require.NoError(t, err)
		assert.Equal(t, mirror(u).Data, lo.Data, "%+v", lower)
	}
}

// Unpooling the indices of a pooling puts every winner back where it was,
// in every rank.
func TestUnpoolND(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 3))
	for rank := 1; rank <= 3; rank++ {
		shape := []int{2}
		for range rank {
			shape = append(shape, 2+rng.IntN(5))
		}
		x := randomTensor(rng, shape...)
		o := pool.NDOptions{Op: pool.Max, Kernel: slices.Repeat([]int{2}, rank)}
		y, idx, err := pool.PoolIndices(x, o)
		require.NoError(t, err)
		size := pool.Dims(shape[1:])
		u, err := pool.MaxUnpool(y, idx, size)
		require.NoError(t, err)
		require.Equal(t, x.Shape, u.Shape)
		for i, at := range idx {
			plane := i / (len(y.Data) / 2)
			assert.Equal(t, y.Data[i], u.Data[plane*cells(size)+int(at)])
		}
		def, err := pool.UnpoolDims(pool.Dims(y.Shape[1:]), o)
		require.NoError(t, err)
		for i := range def {
			assert.Equal(t, size[i]/2*2, def[i])
		}
	}
}

func TestGlobalND(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 4))
	x := randomTensor(rng, 2, 3, 4, 5)
	for _, op := range allOps {
		gl := pool.Global{Op: op, Dims: 3}
		if op == pool.Lp {
			gl.P = 3
		}
		g, err := pool.GlobalPool(x, gl)
		require.NoError(t, err)
		assert.Equal(t, []int{2, 1, 1, 1}, g.Shape)
		if op == pool.Avg {
			continue // the global mean is rounded once; a window's sum is not
		}
		w, err := pool.Pool(x, pool.NDOptions{Op: op, Kernel: []int{3, 4, 5}, P: 3})
		require.NoError(t, err)
		assert.InDeltaSlice(t, w.Data, g.Data, 1e-5)
	}
}

func cells(d pool.Dims) int {
	n := 1
	for _, v := range d {
		n *= v
	}
	return n
}

func TestParseAutoPad(t *testing.T) {
	for _, c := range []struct {
		word string
		mode pool.AutoPad
		ok   bool
	}{
		{"valid", pool.ExplicitPad, true},
		{"same", pool.SameUpper, true},
		{"same_upper", pool.SameUpper, true},
		{"same_lower", pool.SameLower, true},
		{"SAME", pool.ExplicitPad, false},
		{"same_middle", pool.ExplicitPad, false},
		{"", pool.ExplicitPad, false},
	} {
		mode, ok := pool.ParseAutoPad(c.word)
		assert.Equal(t, c.ok, ok, c.word)
		assert.Equal(t, c.mode, mode, c.word)
	}
	assert.Equal(t, []string{"valid", "same", "same_upper", "same_lower"}, pool.PadWords())
}

func TestNDOptionsOptions(t *testing.T) {
	for _, o := range []pool.Options{
		{Op: pool.Max, Kernel: pool.Square(3)},
		{Op: pool.Avg, Kernel: pool.Size{H: 3, W: 2}, Stride: pool.Size{H: 1, W: 2}, Padding: pool.Size{H: 1}, ExcludePad: true, DivisorOverride: 5},
		{Op: pool.Lp, Kernel: pool.Square(2), Dilation: pool.Square(2), CeilMode: true, P: 3},
		{Op: pool.Min, Kernel: pool.Square(2), Same: true},
	} {
		back, ok := o.NDOptions().Options()
		assert.True(t, ok, "%+v", o)
		assert.Equal(t, o, back)
	}
	for name, o := range map[string]pool.NDOptions{
		"1-D":            {Op: pool.Max, Kernel: []int{2}},
		"3-D":            {Op: pool.Max, Kernel: []int{2, 2, 2}},
		"begin and end":  {Op: pool.Max, Kernel: []int{2, 2}, Padding: []int{1, 0, 0, 1}},
		"same_lower":     {Op: pool.Max, Kernel: []int{2, 2}, AutoPad: pool.SameLower},
		"short stride":   {Op: pool.Max, Kernel: []int{2, 2}, Stride: []int{1}},
		"zero stride":    {Op: pool.Max, Kernel: []int{2, 2}, Stride: []int{0, 0}},
		"zero dilation":  {Op: pool.Max, Kernel: []int{2, 2}, Dilation: []int{0, 0}},
		"three dilation": {Op: pool.Max, Kernel: []int{2, 2}, Dilation: []int{1, 1, 1}},
	} {
		_, ok := o.Options()
		assert.False(t, ok, name)
	}
}
