package pool_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/poolkit/poolkit/pool"
)

// refAxisND is refAxis with ONNX's padding: begin and end pads, SAME_UPPER
// and SAME_LOWER, from the definitions. ok is false where the options are
// invalid on this axis.
func refAxisND(in, k, s, d, before, after int, auto pool.AutoPad, ceil, sym, excludePad bool) (wins []refWindow, ok bool) {
	if in < 1 || k < 1 || s < 1 || d < 1 || before < 0 || after < 0 {
		return nil, false
	}
	eff := (k-1)*d + 1
	var out int
	if auto != pool.ExplicitPad {
		if before != 0 || after != 0 || ceil {
			return nil, false
		}
		out = (in + s - 1) / s
		total := max(0, (out-1)*s+eff-in)
		before, after = total/2, total-total/2
		if auto == pool.SameLower {
			before, after = after, before
		}
	} else {
		if sym && before > eff/2 || !sym && (before >= k || after >= k) {
			return nil, false
		}
		span := in + before + after - eff
		if span < 0 {
			return nil, false
		}
		out = span/s + 1
		if ceil && span%s != 0 {
			out++
			if (out-1)*s >= in+before {
				out--
			}
		}
	}
	for o := range out {
		var w refWindow
		for i := range k {
			tap := o*s - before + i*d
			if tap >= 0 && tap < in {
				w.cells = append(w.cells, tap)
			}
			if auto == pool.ExplicitPad && tap < in+after {
				w.counted++
			}
		}
		if len(w.cells) == 0 {
			return nil, false
		}
		if auto != pool.ExplicitPad || excludePad {
			w.counted = len(w.cells)
		}
		wins = append(wins, w)
	}
	return wins, true
}

// refND pools every plane of x's last rank axes from the definitions; ok
// is false where the options are invalid.
func refND(x pool.Tensor, o pool.NDOptions) (out []float32, idx []int32, ok bool) {
	r := len(o.Kernel)
	if o.Op < pool.Max || o.Op > pool.Lp || r < 1 || r > 3 || len(x.Shape) < r || len(x.Shape) > r+2 {
		return nil, nil, false
	}
	for _, l := range [][]int{o.Stride, o.Dilation} {
		if l != nil && len(l) != r {
			return nil, nil, false
		}
	}
	if o.Padding != nil && len(o.Padding) != r && len(o.Padding) != 2*r {
		return nil, nil, false
	}
	p := o.P
	if p == 0 {
		p = 2
	}
	if o.Op == pool.Lp && (!(p > 0) || math.IsInf(p, 0)) {
		return nil, nil, false
	}
	in := x.Shape[len(x.Shape)-r:]
	axes := make([][]refWindow, r)
	for i := range r {
		s, d := o.Kernel[i], 1
		if len(o.Stride) != 0 {
			s = o.Stride[i]
		}
		if len(o.Dilation) != 0 {
			d = o.Dilation[i]
		}
		var before, after int
		switch len(o.Padding) {
		case r:
			before, after = o.Padding[i], o.Padding[i]
		case 2 * r:
			before, after = o.Padding[i], o.Padding[r+i]
		}
		var valid bool
		if axes[i], valid = refAxisND(in[i], o.Kernel[i], s, d, before, after, o.AutoPad, o.CeilMode, len(o.Padding) != 2*r, o.ExcludePad); !valid {
			return nil, nil, false
		}
	}
	for len(axes) < 3 {
		axes = append([][]refWindow{{{cells: []int{0}, counted: 1}}}, axes...)
	}
	inCells := 1
	for _, n := range in {
		inCells *= n
	}
	h, w := 1, 1
	if r >= 2 {
		h = in[r-2]
	}
	w = in[r-1]
	for plane := 0; plane < len(x.Data)/inCells; plane++ {
		src := x.Data[plane*inCells : (plane+1)*inCells]
		for _, wz := range axes[0] {
			for _, wy := range axes[1] {
				for _, wx := range axes[2] {
					var vals []float32
					var at []int
					for _, z := range wz.cells {
						for _, y := range wy.cells {
							for _, xx := range wx.cells {
								vals = append(vals, src[(z*h+y)*w+xx])
								at = append(at, (z*h+y)*w+xx)
							}
						}
					}
					switch o.Op {
					case pool.Max, pool.Min:
						m, mi := vals[0], at[0]
						for j, v := range vals[1:] {
							if o.Op == pool.Max && v > m || o.Op == pool.Min && v < m || v != v {
								m, mi = v, at[j+1]
							}
						}
						out = append(out, m)
						idx = append(idx, int32(mi))
					case pool.Avg:
						var sum float32
						for _, v := range vals {
							sum += v
						}
						out = append(out, sum/float32(wz.counted*wy.counted*wx.counted))
					case pool.Lp:
						var sum float64
						for _, v := range vals {
							sum += math.Pow(math.Abs(float64(v)), p)
						}
						out = append(out, float32(math.Pow(sum, 1/p)))
					}
				}
			}
		}
	}
	return out, idx, true
}

// FuzzNDOptions hands the engine N-D options of any shape, valid or not, on
// a tensor of any rank: where the reference finds them valid the engine
// must give its values (indices too), elsewhere an *OptionError.
func FuzzNDOptions(f *testing.F) {
	// rank, tensor rank, kernel, stride, dilation (3 each), pads (6), pad form, flags, p, side, seed
	f.Add(uint8(1), uint8(2), []byte{3, 0, 0}, []byte{2, 0, 0}, []byte{1, 0, 0}, []byte{1, 0, 0, 0, 0, 0}, uint8(2), uint8(0), 0.0, uint8(9), uint64(1))
	f.Add(uint8(3), uint8(4), []byte{2, 3, 2}, []byte{1, 2, 2}, []byte{1, 1, 2}, []byte{1, 0, 1, 0, 2, 1}, uint8(2), uint8(6), 0.0, uint8(6), uint64(2))
	f.Add(uint8(2), uint8(2), []byte{3, 3, 0}, []byte{1, 1, 0}, []byte{1, 1, 0}, []byte{0, 0, 0, 0, 0, 0}, uint8(3), uint8(1), 3.0, uint8(7), uint64(3))
	f.Add(uint8(2), uint8(3), []byte{5, 2, 0}, []byte{1, 1, 0}, []byte{1, 1, 0}, []byte{4, 0, 0, 1, 0, 0}, uint8(2), uint8(4), 0.0, uint8(5), uint64(4))
	f.Add(uint8(4), uint8(5), []byte{2, 2, 2}, []byte{2, 2, 2}, []byte{1, 1, 1}, []byte{0, 0, 0, 0, 0, 0}, uint8(0), uint8(0), 0.0, uint8(4), uint64(5))
	f.Fuzz(func(t *testing.T, rank, tensorRank uint8, kernel, stride, dilation, pads []byte, padForm, flags uint8, p float64, side uint8, seed uint64) {
		r := int(rank % 5) // 0..4: 0 and 4 must be refused
		list := func(b []byte, n int) []int {
			out := make([]int, 0, n)
			for i := 0; i < n && i < len(b); i++ {
				out = append(out, int(int8(b[i]))%9)
			}
			return out
		}
		o := pool.NDOptions{
			Op: pool.Op(flags % 5), Kernel: list(kernel, r), CeilMode: flags&8 != 0, ExcludePad: flags&16 != 0, P: p,
		}
		if flags&32 != 0 {
			o.Stride = list(stride, r)
		}
		if flags&64 != 0 {
			o.Dilation = list(dilation, r)
		}
		switch padForm % 5 {
		case 1:
			o.Padding = list(pads, r)
		case 2:
			o.Padding = list(pads, 2*r)
		case 3:
			o.AutoPad = pool.SameUpper
		case 4:
			o.AutoPad = pool.SameLower
		}
		n := int(side%10) + 1
		shape := []int{}
		for range int(tensorRank % 6) {
			shape = append(shape, n)
		}
		if len(shape) > 0 && len(shape) > r {
			shape[0] = 2
		}
		cells := 1
		for _, d := range shape {
			cells *= d
		}
		x := pool.Tensor{Shape: shape, Data: make([]float32, cells)}
		rng := rand.New(rand.NewPCG(seed, 1))
		for i := range x.Data {
			x.Data[i] = float32(rng.IntN(7) - 3)
		}
		want, wantIdx, ok := refND(x, o)
		if o.Op == pool.Max || o.Op == pool.Min {
			got, idx, err := pool.PoolIndices(x, o)
			if !ok {
				requireNDOptionError(t, err, o)
				return
			}
			if err != nil {
				t.Fatalf("%+v on %v: %v", o, shape, err)
			}
			checkND(t, o, want, got.Data)
			for i := range wantIdx {
				if idx[i] != wantIdx[i] {
					t.Fatalf("%+v on %v: index %d: want %d, got %d", o, shape, i, wantIdx[i], idx[i])
				}
			}
			return
		}
		got, err := pool.Pool(x, o)
		if !ok {
			requireNDOptionError(t, err, o)
			return
		}
		if err != nil {
			t.Fatalf("%+v on %v: %v", o, shape, err)
		}
		checkND(t, o, want, got.Data)
	})
}

func requireNDOptionError(t *testing.T, err error, o pool.NDOptions) {
	t.Helper()
	requireOptionError(t, err, pool.Options{Op: o.Op})
}

func checkND(t *testing.T, o pool.NDOptions, want, got []float32) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%+v: want %d values, got %d", o, len(want), len(got))
	}
	for i := range want {
		w, g := want[i], got[i]
		if w != g && !(w != w && g != g) && !(o.Op == pool.Lp && math.Abs(float64(w-g)) <= 1e-6*math.Abs(float64(w))) {
			t.Fatalf("%+v: value %d: want %v, got %v", o, i, w, g)
		}
	}
}
