//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// laneCall is one call the lane kernels take: Pool with NDOptions,
// AdaptivePool or GlobalPool.
type laneCall struct {
	name string
	op   Op
	run  func(x Tensor) (Tensor, error)
}

// checkLanes runs c on x with the vector kernels and with the portable ones
// (vectorsRun off, as portableTensor): every bit must agree, except a sum's
// NaN bits.
func checkLanes(t *testing.T, x Tensor, c laneCall) {
	t.Helper()
	if !vectorsRun {
		t.Skip("this machine runs no vector kernels")
	}
	got, gotErr := c.run(x)
	vectorsRun = false
	want, wantErr := c.run(x)
	vectorsRun = true
	if wantErr != nil {
		require.Equal(t, wantErr, gotErr, c.name)
		return
	}
	require.NoError(t, gotErr, c.name)
	require.Equal(t, want.Shape, got.Shape, c.name)
	sameBits(t, want.Data, got.Data, c.op == Avg || c.op == Lp, c.name)
}

// randomLaneCall picks a call of rank 1 to 3 over x's last axes: a pooling
// with any kernel, stride, dilation, padding and order p, an adaptive
// pooling or a global Lp norm.
func randomLaneCall(rng *rand.Rand, rank int) laneCall {
	op := []Op{Max, Min, Avg, Lp}[rng.IntN(4)]
	switch rng.IntN(5) {
	case 0:
		if op == Lp {
			op = Avg
		}
		out := make(Dims, rank)
		for i := range out {
			out[i] = 1 + rng.IntN(7)
		}
		return laneCall{"adaptive " + op.String() + " " + out.String(), op, func(x Tensor) (Tensor, error) { return AdaptivePool(x, op, out) }}
	case 1:
		g := Global{Op: Lp, Dims: rank, P: []float64{1, 2, 3, 0.5}[rng.IntN(4)]}
		return laneCall{"global lp p=" + strconv.FormatFloat(g.P, 'g', -1, 64), Lp, func(x Tensor) (Tensor, error) { return GlobalPool(x, g) }}
	}
	o := NDOptions{Op: op, CeilMode: rng.IntN(4) == 0, ExcludePad: rng.IntN(2) == 0}
	if op == Lp {
		o.P = []float64{1, 2, 3, 1.5}[rng.IntN(4)]
	}
	for range rank {
		k := 1 + rng.IntN(4)
		d := 1 + rng.IntN(3)*rng.IntN(2)
		o.Kernel = append(o.Kernel, k)
		o.Stride = append(o.Stride, 1+rng.IntN(3))
		o.Dilation = append(o.Dilation, d)
		o.Padding = append(o.Padding, rng.IntN(((k-1)*d+1)/2+1))
	}
	name := op.String() + " kernel " + Dims(o.Kernel).String() + " stride " + Dims(o.Stride).String() +
		" dilation " + Dims(o.Dilation).String() + " padding " + Dims(o.Padding).String() + " p " + strconv.FormatFloat(o.P, 'g', -1, 64)
	return laneCall{name, op, func(x Tensor) (Tensor, error) { return Pool(x, o) }}
}

// TestLaneVectorsMatchPortable pools random tensors of every rank through
// the lane kernels and the portable ones, with 1 to 9 planes (so groups of
// four planes with one to three left over), on planes holding NaNs, signed
// zeros, infinities or one value throughout.
func TestLaneVectorsMatchPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for i := range 600 {
		rank := 1 + rng.IntN(3)
		shape := []int{1 + rng.IntN(9)}
		cells := shape[0]
		for range rank {
			n := 1 + rng.IntN(12)
			shape = append(shape, n)
			cells *= n
		}
		x := Tensor{Shape: shape, Data: planeOf(rng, rng.IntN(4), cells)}
		c := randomLaneCall(rng, rank)
		c.name = "case " + strconv.Itoa(i) + " shape " + shapeString(shape) + ": " + c.name
		checkLanes(t, x, c)
	}
}

// TestLaneVectorsWinners checks the max and min of windows whose cells are
// only zeros of both signs and NaNs of two payloads: the first of equal
// extremes and the last NaN must win in every lane.
func TestLaneVectorsWinners(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	values := []float32{0, float32(math.Copysign(0, -1)), math.Float32frombits(0x7fc00001), math.Float32frombits(0xffc00002), 1}
	for i := range 200 {
		x := Tensor{Shape: []int{1 + rng.IntN(6), 2 + rng.IntN(4), 2 + rng.IntN(6), 2 + rng.IntN(6)}}
		x.Data = make([]float32, x.Shape[0]*x.Shape[1]*x.Shape[2]*x.Shape[3])
		for j := range x.Data {
			x.Data[j] = values[rng.IntN(len(values)-rng.IntN(2)*3)]
		}
		op := []Op{Max, Min}[rng.IntN(2)]
		o := NDOptions{Op: op, Kernel: []int{2, 2, 2}, Stride: []int{1, 1, 2}}
		checkLanes(t, x, laneCall{"case " + strconv.Itoa(i) + " " + op.String(), op, func(x Tensor) (Tensor, error) { return Pool(x, o) }})
	}
}

// FuzzLaneVectors pools a fuzzed tensor with fuzzed options of any rank
// through the lane kernels and the portable ones; they must agree to the
// bit.
func FuzzLaneVectors(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(5), []byte{0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0, 0xc0, 0x7f})
	f.Add(uint64(2), uint8(2), uint8(4), []byte{0, 0, 0x80, 0x7f, 0, 0, 0x80, 0xff})
	f.Add(uint64(3), uint8(1), uint8(9), []byte{0x12, 0x34, 0x56, 0x3f})
	f.Fuzz(func(t *testing.T, seed uint64, rank, planes uint8, data []byte) {
		rng := rand.New(rand.NewPCG(seed, 35))
		r := 1 + int(rank)%3
		shape := []int{1 + int(planes)%9}
		cells := shape[0]
		for range r {
			n := 1 + rng.IntN(10)
			shape = append(shape, n)
			cells *= n
		}
		// The data's bytes make the cells, four to a float32 and repeated
		// to fill the tensor.
		v := make([]float32, cells)
		for i := range v {
			if len(data) >= 4 {
				j := 4 * (i % (len(data) / 4))
				v[i] = math.Float32frombits(uint32(data[j]) | uint32(data[j+1])<<8 | uint32(data[j+2])<<16 | uint32(data[j+3])<<24)
			}
		}
		c := randomLaneCall(rng, r)
		c.name = shapeString(shape) + ": " + c.name
		checkLanes(t, Tensor{Shape: shape, Data: v}, c)
	})
}
