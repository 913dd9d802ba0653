package pool_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// bitsOf returns the bit patterns of v, so that NaNs and signed zeros
// compare exactly.
func bitsOf(v []float32) []uint32 {
	b := make([]uint32, len(v))
	for i, x := range v {
		b[i] = math.Float32bits(x)
	}
	return b
}

// withSpecials puts NaN, ±0 and ±Inf into some of t's values.
func withSpecials(rng *rand.Rand, t pool.Tensor) pool.Tensor {
	specials := []float32{float32(math.NaN()), 0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1))}
	for i := range t.Data {
		if rng.IntN(8) == 0 {
			t.Data[i] = specials[rng.IntN(len(specials))]
		}
	}
	return t
}

// TestTensorPlanMatchesPool runs plans of random options and shapes, each
// over several tensors and two plans at a time, against Pool: a plan keeps
// its kernel's buffers from run to run, which must neither leak from one
// input into the next nor be shared between plans.
func TestTensorPlanMatchesPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	type planCase struct {
		spec  pool.Spec
		shape []int
	}
	draw := func() planCase {
		switch rng.IntN(5) {
		case 0: // 1-D
			k := 1 + rng.IntN(4)
			return planCase{pool.NDOptions{Op: allOps[rng.IntN(4)], Kernel: []int{k}, Stride: []int{1 + rng.IntN(3)}}, []int{1 + rng.IntN(3), k + rng.IntN(20)}}
		case 1: // 3-D
			k := 1 + rng.IntN(3)
			return planCase{pool.NDOptions{Op: allOps[rng.IntN(3)], Kernel: []int{k, k, k}}, []int{2, k + rng.IntN(5), k + rng.IntN(5), k + rng.IntN(5)}}
		case 2: // divisor override
			o, h, w := randomCase(rng, pool.Avg, 12)
			o.DivisorOverride = 1 + rng.IntN(9)
			return planCase{o, []int{2, 3, h, w}}
		case 3: // global average
			h, w := 1+rng.IntN(9), 1+rng.IntN(9)
			return planCase{pool.Options{Op: pool.Avg, Kernel: pool.Size{H: h, W: w}}, []int{1, 11, h, w}}
		}
		o, h, w := randomCase(rng, allOps[rng.IntN(4)], 24)
		return planCase{o, []int{1 + rng.IntN(3), h, w}}
	}
	for range 300 {
		cases := []planCase{draw(), draw()}
		plans := make([]*pool.TensorPlan, len(cases))
		for i, c := range cases {
			p, err := pool.NewTensorPlan(c.spec, c.shape)
			require.NoError(t, err, "%+v %v", c.spec, c.shape)
			plans[i] = p
		}
		for range 3 {
			for i, c := range cases {
				x := withSpecials(rng, randomTensor(rng, c.shape...))
				want, err := pool.Pool(x, c.spec)
				require.NoError(t, err)
				require.Equal(t, want.Shape, plans[i].OutShape())
				dst := make([]float32, plans[i].OutLen()+1)
				dst[len(dst)-1] = 7
				require.NoError(t, plans[i].Run(dst, x.Data))
				require.Equal(t, bitsOf(want.Data), bitsOf(dst[:len(dst)-1]), "%+v %v", c.spec, c.shape)
				require.Equal(t, float32(7), dst[len(dst)-1], "Run wrote past its result")
			}
		}
	}
}

// TestTensorPlanErrors checks that a plan refuses what Pool refuses, with
// Pool's error, and that Run checks its buffers' lengths.
func TestTensorPlanErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		spec  pool.Spec
		shape []int
	}{
		{"no spec", nil, []int{2, 2}},
		{"kernel larger than the input", pool.Options{Op: pool.Max, Kernel: pool.Square(5)}, []int{1, 4, 4}},
		{"too few axes", pool.NDOptions{Op: pool.Max, Kernel: []int{2, 2, 2}}, []int{4, 4}},
		{"zero dimension", pool.Options{Op: pool.Max, Kernel: pool.Square(2)}, []int{1, 0, 4}},
		{"override on max", pool.Options{Op: pool.Max, Kernel: pool.Square(2), DivisorOverride: 3}, []int{4, 4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := 1
			for _, d := range c.shape {
				n *= max(d, 0)
			}
			_, want := pool.Pool(pool.Tensor{Shape: c.shape, Data: make([]float32, n)}, c.spec)
			require.Error(t, want)
			p, err := pool.NewTensorPlan(c.spec, c.shape)
			assert.Nil(t, p)
			assert.Equal(t, want, err)
		})
	}
	shape := []int{2, 4, 4}
	p, err := pool.NewTensorPlan(pool.Options{Op: pool.Max, Kernel: pool.Square(2)}, shape)
	require.NoError(t, err)
	shape[0] = 3
	assert.Equal(t, []int{2, 4, 4}, p.InShape(), "the plan must keep its own copy of the shape")
	var oe *pool.OptionError
	err = p.Run(make([]float32, 8), make([]float32, 31))
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "data", oe.Option)
	err = p.Run(make([]float32, 7), make([]float32, 32))
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "out", oe.Option)
}
