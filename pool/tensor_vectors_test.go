//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// portableTensor pools t with the vector kernels switched off. vectorsRun is
// read when a call picks its kernels, so the tests that flip it run
// sequentially, never beside a parallel test.
func portableTensor(t *testing.T, x Tensor, o Spec) Tensor {
	t.Helper()
	if !vectorsRun {
		t.Skip("this machine runs no vector kernels")
	}
	vectorsRun = false
	defer func() { vectorsRun = true }()
	out, err := Pool(x, o)
	require.NoError(t, err)
	return out
}

// planeKinds is how many kinds of plane planeOf makes.
const planeKinds = 6

// planeOf fills n cells with one of the planes the vector kernels could get
// wrong: random values with NaNs, signed zeros and infinities, all one
// value, ties of +0 and -0 only, infinities and NaNs only, and random values
// with signed zeros and infinities but no NaN, or a single one (which the
// passes for planes without NaN must see).
func planeOf(rng *rand.Rand, kind, n int) []float32 {
	v := randomPlaneValues(rng, n)
	switch kind {
	case 4, 5:
		for i := range v {
			if v[i] != v[i] {
				v[i] = specials[1+rng.IntN(9)] // -0 to -Inf
			}
		}
		if kind == 5 {
			v[rng.IntN(n)] = specials[10+rng.IntN(3)]
		}
	case 1:
		c := specials[rng.IntN(len(specials))]
		for i := range v {
			v[i] = c
		}
	case 2:
		for i := range v {
			v[i] = specials[rng.IntN(2)]
		}
	case 3:
		for i := range v {
			v[i] = specials[7+rng.IntN(len(specials)-7)] // infinities and NaNs
		}
	}
	return v
}

func checkVectors(t *testing.T, x Tensor, o Options, msg string) {
	t.Helper()
	got, err := Pool(x, o)
	require.NoError(t, err, msg)
	want := portableTensor(t, x, o)
	require.Equal(t, want.Shape, got.Shape, msg)
	sameBits(t, want.Data, got.Data, o.Op == Avg || o.Op == Lp, msg)
}

// TestTensorVectorsMatchPortable pools random tensors with the vector kernels
// and the portable ones in the same process: every bit must agree, on the
// planes where the orders of ties and NaNs and of a sum's additions show.
func TestTensorVectorsMatchPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	cases := []struct {
		name string
		o    Options
	}{
		{"max2x2s2", Options{Op: Max, Kernel: Square(2), Stride: Square(2)}},
		{"max3x3s2p1", Options{Op: Max, Kernel: Square(3), Stride: Square(2), Padding: Square(1)}},
		{"min3x3s2", Options{Op: Min, Kernel: Square(3), Stride: Square(2), CeilMode: true}},
		{"max3x3s1p1", Options{Op: Max, Kernel: Square(3), Stride: Square(1), Padding: Square(1)}},
		{"max5x5s1p2", Options{Op: Max, Kernel: Square(5), Stride: Square(1), Padding: Square(2)}},
		{"min5x5s1same", Options{Op: Min, Kernel: Square(5), Stride: Square(1), Same: true}},
		{"max9x7s1", Options{Op: Max, Kernel: Size{9, 7}, Stride: Square(1)}},
		{"max1x3s1x2", Options{Op: Max, Kernel: Size{1, 3}, Stride: Size{1, 2}}},
		{"min1x3s1x2p1-ceil", Options{Op: Min, Kernel: Size{1, 3}, Stride: Size{1, 2}, Padding: Size{0, 1}, CeilMode: true}},
		{"max1x5s1", Options{Op: Max, Kernel: Size{1, 5}, Stride: Square(1)}},
		{"max12x11s2", Options{Op: Max, Kernel: Size{12, 11}, Stride: Square(2), Padding: Square(3)}},
		{"avg2x2s2", Options{Op: Avg, Kernel: Square(2), Stride: Square(2)}},
		{"avg3x3s1p1-exclude", Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Padding: Square(1), ExcludePad: true}},
		{"avg3x3s1p1-include", Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Padding: Square(1)}},
		{"avg3x3s2p1-ceil", Options{Op: Avg, Kernel: Square(3), Stride: Square(2), Padding: Square(1), CeilMode: true}},
		{"avg5x4s2", Options{Op: Avg, Kernel: Size{5, 4}, Stride: Square(2), Padding: Square(2)}},
		{"avg4x4s4", Options{Op: Avg, Kernel: Square(4), Stride: Square(4)}},
		{"avg1x4s1x4", Options{Op: Avg, Kernel: Size{1, 4}, Stride: Size{1, 4}}},
		{"avg3x5s2x5p1-ceil", Options{Op: Avg, Kernel: Size{3, 5}, Stride: Size{2, 5}, Padding: Square(1), CeilMode: true}},
		{"avg2x3s1x3p1-exclude", Options{Op: Avg, Kernel: Size{2, 3}, Stride: Size{1, 3}, Padding: Square(1), ExcludePad: true}},
		{"lp2-3x3s2", Options{Op: Lp, P: 2, Kernel: Square(3), Stride: Square(2)}},
	}
	for _, c := range cases {
		for kind := range planeKinds {
			for _, in := range []Size{{1, 1}, {1, 37}, {1, 300}, {3, 4}, {4, 10}, {5, 9}, {8, 8}, {16, 12}, {13, 17}, {20, 20}, {31, 64}, {7, 301}, {56, 112}} {
				x := Tensor{Shape: []int{3, in.H, in.W}, Data: planeOf(rng, kind, 3*in.H*in.W)}
				if _, err := c.o.withDefaults().Resolve(in); err != nil {
					continue
				}
				checkVectors(t, x, c.o, c.name+" plane kind "+strconv.Itoa(kind)+" "+in.String())
			}
		}
	}
	for i := range 1500 {
		o := randomTensorOptions(rng)
		in := Size{1 + rng.IntN(40), 1 + rng.IntN(40)}
		if _, err := o.withDefaults().Resolve(in); err != nil {
			continue
		}
		x := Tensor{Shape: []int{2, in.H, in.W}, Data: planeOf(rng, rng.IntN(planeKinds), 2*in.H*in.W)}
		checkVectors(t, x, o, "case "+strconv.Itoa(i)+": "+in.String()+" "+optionsString(o))
	}
}

// TestTensorVectorsGlobal compares global pooling, which takes its own
// kernels, vector against portable.
func TestTensorVectorsGlobal(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, op := range []Op{Avg, Max, Min} {
		for _, in := range []Size{{1, 1}, {7, 7}, {1, 300}, {13, 5}, {20, 20}} {
			for _, planes := range []int{1, 3, 4, 8, 9, 17} {
				x := Tensor{Shape: []int{planes, in.H, in.W}, Data: planeOf(rng, rng.IntN(4), planes*in.H*in.W)}
				checkVectors(t, x, Options{Op: op, Kernel: in}, "global "+op.String()+" "+in.String()+" planes "+strconv.Itoa(planes))
			}
		}
	}
}

// TestTensorVectorsGlobalPool compares GlobalPool's max and min, vector
// against portable, on planes whose extremes are zeros and NaNs too.
func TestTensorVectorsGlobalPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	for i := range 400 {
		in := Size{1 + rng.IntN(20), 1 + rng.IntN(20)}
		op := []Op{Max, Min}[rng.IntN(2)]
		x := Tensor{Shape: []int{3, in.H, in.W}, Data: planeOf(rng, rng.IntN(4), 3*in.H*in.W)}
		if rng.IntN(3) == 0 {
			// Planes of zeros and negative (or positive) numbers, whose
			// extreme is +0 or -0.
			other := float32(-1)
			if op == Min {
				other = 1
			}
			for j := range x.Data {
				x.Data[j] = []float32{0, float32(math.Copysign(0, -1)), other}[rng.IntN(3)]
			}
		}
		got, err := GlobalPool(x, op)
		require.NoError(t, err)
		vectorsRun = false
		want, err := GlobalPool(x, op)
		vectorsRun = true
		require.NoError(t, err)
		sameBits(t, want.Data, got.Data, false, "case "+strconv.Itoa(i)+" "+op.String()+" "+in.String())
	}
}

// globalMeansBoth runs globalMeans over planes of in, with the vector
// kernels and without: the outputs, the portable one first.
func globalMeansBoth(t *testing.T, in Size, src []float32) (want, got []float32) {
	t.Helper()
	if !vectorsRun {
		t.Skip("this machine runs no vector kernels")
	}
	g, err := Options{Op: Avg, Kernel: in}.withDefaults().Resolve(in)
	require.NoError(t, err)
	cells := in.H * in.W
	planes := len(src) / cells
	got = make([]float32, planes)
	globalMeans(Avg, &g, false)(got, src, cells)
	vectorsRun = false
	defer func() { vectorsRun = true }()
	want = make([]float32, planes)
	globalMeans(Avg, &g, false)(want, src, cells)
	return want, got
}

// TestTensorVectorsGlobalMeans compares the global average's kernel, vector
// against portable, over every count of planes around its groups of four
// and eight, planes of two cells up (one cell takes the portable kernel),
// odd and even, and the planes where a sum's order shows: NaNs, signed
// zeros, infinities, all one value. In wasm the vector kernel must be the
// one that runs.
func TestTensorVectorsGlobalMeans(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	sizes := []Size{{1, 1}, {1, 2}, {1, 3}, {2, 2}, {1, 5}, {2, 3}, {7, 7}, {8, 8}, {3, 11}, {14, 14}}
	for range 20 {
		sizes = append(sizes, Size{1 + rng.IntN(12), 1 + rng.IntN(12)})
	}
	for _, in := range sizes {
		cells := in.H * in.W
		if runtime.GOARCH == "wasm" {
			require.Equal(t, cells >= 2, vectorMeans8(cells) != nil, in.String())
		}
		for _, planes := range []int{1, 4, 7, 8, 9, 12, 15, 16, 17, 33} {
			src := make([]float32, 0, planes*cells)
			for range planes {
				src = append(src, planeOf(rng, rng.IntN(planeKinds), cells)...)
			}
			want, got := globalMeansBoth(t, in, src)
			sameBits(t, want, got, true, "global avg "+in.String()+" planes "+strconv.Itoa(planes))
		}
	}
}

// FuzzTensorGlobalMeans averages fuzzed planes through the vector kernel of
// the global average and the portable one; they must agree to the bit.
func FuzzTensorGlobalMeans(f *testing.F) {
	f.Add(uint8(8), uint8(7), uint8(7), []byte{0, 0, 0, 0x80, 0, 0, 0x80, 0x7f, 0, 0, 0xc0, 0x7f, 1, 0, 0xc0, 0xff})
	f.Add(uint8(9), uint8(1), uint8(3), []byte{0xff, 0xff, 0x7f, 0x7f, 0xff, 0xff, 0x7f, 0xff})
	f.Add(uint8(4), uint8(2), uint8(1), []byte{0, 0, 0x80, 0xff, 0, 0, 0x80, 0x7f})
	f.Fuzz(func(t *testing.T, planes, h, w uint8, data []byte) {
		in := Size{1 + int(h)%16, 1 + int(w)%16}
		n := (1 + int(planes)%40) * in.H * in.W
		// The data's bytes make the cells, four to a float32 and repeated
		// to fill the planes.
		src := make([]float32, n)
		for i := range src {
			if len(data) >= 4 {
				j := 4 * (i % (len(data) / 4))
				src[i] = math.Float32frombits(uint32(data[j]) | uint32(data[j+1])<<8 | uint32(data[j+2])<<16 | uint32(data[j+3])<<24)
			}
		}
		want, got := globalMeansBoth(t, in, src)
		sameBits(t, want, got, true, in.String())
	})
}

// FuzzTensorVectors pools a fuzzed plane with fuzzed options through the
// vector kernels and the portable ones; they must agree to the bit.
func FuzzTensorVectors(f *testing.F) {
	f.Add(uint8(0), uint8(2), uint8(2), uint8(2), uint8(2), uint8(0), uint8(0), uint8(9), uint8(9), false, []byte{0, 0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0xc0, 0x7f})
	f.Add(uint8(2), uint8(3), uint8(3), uint8(1), uint8(1), uint8(1), uint8(1), uint8(20), uint8(20), true, []byte{1, 2, 3})
	f.Add(uint8(1), uint8(5), uint8(5), uint8(1), uint8(1), uint8(2), uint8(2), uint8(20), uint8(20), false, []byte{0xff, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, op, kh, kw, sh, sw, ph, pw, h, w uint8, exclude bool, data []byte) {
		ops := []Op{Max, Min, Avg}
		o := Options{
			Op:         ops[int(op)%len(ops)],
			Kernel:     Size{1 + int(kh)%13, 1 + int(kw)%13},
			Stride:     Size{1 + int(sh)%3, 1 + int(sw)%3},
			Padding:    Size{int(ph) % 7, int(pw) % 7},
			ExcludePad: exclude,
		}
		in := Size{1 + int(h)%48, 1 + int(w)%48}
		if _, err := o.withDefaults().Resolve(in); err != nil {
			return
		}
		// The data's bytes make the cells, four to a float32 and repeated
		// to fill the plane.
		v := make([]float32, in.H*in.W)
		for i := range v {
			if len(data) >= 4 {
				j := 4 * (i % (len(data) / 4))
				v[i] = math.Float32frombits(uint32(data[j]) | uint32(data[j+1])<<8 | uint32(data[j+2])<<16 | uint32(data[j+3])<<24)
			}
		}
		checkVectors(t, Tensor{Shape: []int{in.H, in.W}, Data: v}, o, in.String()+" "+optionsString(o))
	})
}

// tensorFamilies are more kernels' windows than tensorLayers has, at sizes
// like theirs.
var tensorFamilies = []struct {
	name  string
	shape []int
	o     Options
}{
	{"avg2x2s2", []int{1, 64, 112, 112}, Options{Op: Avg, Kernel: Square(2)}},
	{"avg3x3s2p1", []int{1, 64, 112, 112}, Options{Op: Avg, Kernel: Square(3), Stride: Square(2), Padding: Square(1)}},
	{"avg5x5s1p2", []int{1, 64, 56, 56}, Options{Op: Avg, Kernel: Square(5), Stride: Square(1), Padding: Square(2)}},
	{"max7x7s1p3", []int{1, 64, 56, 56}, Options{Op: Max, Kernel: Square(7), Stride: Square(1), Padding: Square(3)}},
	{"max13x13s1p6", []int{1, 64, 56, 56}, Options{Op: Max, Kernel: Square(13), Stride: Square(1), Padding: Square(6)}},
	{"min3x3s1p1", []int{1, 64, 56, 56}, Options{Op: Min, Kernel: Square(3), Stride: Square(1), Padding: Square(1)}},
	{"max4x4s4", []int{1, 64, 112, 112}, Options{Op: Max, Kernel: Square(4), Stride: Square(4)}},
}

// BenchmarkTensorVectors times each network layer and kernel family with
// the vector kernels and with the portable ones, into the same output
// buffer.
func BenchmarkTensorVectors(b *testing.B) {
	if !vectorsRun {
		b.Skip("this machine runs no vector kernels")
	}
	for _, l := range append(tensorLayers[:len(tensorLayers):len(tensorLayers)], tensorFamilies...) {
		n := 1
		for _, d := range l.shape {
			n *= d
		}
		x := Tensor{Shape: l.shape, Data: activations(n)}
		var dst []float32
		for _, vec := range []bool{true, false} {
			name := l.name + "/portable"
			if vec {
				name = l.name + "/vector"
			}
			b.Run(name, func(b *testing.B) {
				vectorsRun = vec
				defer func() { vectorsRun = true }()
				b.SetBytes(int64(4 * n))
				for b.Loop() {
					out, err := PoolInto(dst, x, l.o)
					if err != nil {
						b.Fatal(err)
					}
					dst = out.Data
				}
			})
		}
	}
}
