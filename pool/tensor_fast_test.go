package pool

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// specials are the values where a fast path may part from the general
// kernel: ties of +0 and -0 (the first in row-major order wins), NaNs with
// different bits (the last one wins), the infinities that padding must not
// be confused with, and values whose float32 sums round differently in
// another order.
var specials = []float32{
	0, float32(math.Copysign(0, -1)), 1, -1, 0.1, 1e30, -1e30, 3.4e38,
	float32(math.Inf(1)), float32(math.Inf(-1)),
	math.Float32frombits(0x7fc00000), math.Float32frombits(0xffc00001), math.Float32frombits(0x7fa00002),
}

func randomPlaneValues(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	// Some planes are mostly ties, some mostly ordinary values; half of them
	// hold no NaN and no -0, which some kernels handle apart.
	tieRate := rng.IntN(3)
	plain := rng.IntN(2) == 0
	for i := range v {
		switch r := rng.IntN(10); {
		case r < 2*tieRate:
			v[i] = specials[rng.IntN(4)] // +0, -0, 1, -1
		case r == 9 && rng.IntN(4) == 0:
			v[i] = specials[rng.IntN(len(specials))]
		default:
			v[i] = float32(rng.NormFloat64() * 100)
		}
		if b := math.Float32bits(v[i]); plain && (v[i] != v[i] || b == 1<<31) {
			v[i] = specials[rng.IntN(10)&^1] // never -0 nor a NaN
		}
	}
	return v
}

// sameBits compares two outputs bit for bit, except that for sums any NaN
// matches any NaN: the bits of a NaN that an addition returns are the
// machine's choice, where a max only moves NaNs around.
func sameBits(t *testing.T, want, got []float32, anyNaN bool, msg string) {
	t.Helper()
	require.Len(t, got, len(want), msg)
	for i := range want {
		if anyNaN && want[i] != want[i] && got[i] != got[i] {
			continue
		}
		if math.Float32bits(want[i]) != math.Float32bits(got[i]) {
			require.Failf(t, "outputs differ", "%s: at %d want %v (%#08x), got %v (%#08x)", msg, i,
				want[i], math.Float32bits(want[i]), got[i], math.Float32bits(got[i]))
		}
	}
}

// generalPlane runs the general kernel of op on one plane.
func generalPlane(op Op, g *Geometry, src []float32) []float32 {
	dst := make([]float32, g.H.Out*g.W.Out)
	switch op {
	case Max, Min:
		extremePlane(dst, nil, src, g, op == Min)
	case Avg:
		avgPlane(dst, src, g)
	}
	return dst
}

// randomTensorOptions favours the windows that have fast paths of their
// own, then anything else.
func randomTensorOptions(rng *rand.Rand) Options {
	ops := []Op{Max, Min, Avg}
	o := Options{Op: ops[rng.IntN(len(ops))]}
	switch rng.IntN(6) {
	case 0:
		o.Kernel, o.Stride = Square(2), Square(2)
	case 1:
		o.Kernel, o.Stride, o.Padding = Square(3), Square(2), Square(rng.IntN(2))
	case 2:
		o.Kernel, o.Stride, o.Padding = Square(3), Square(1), Square(rng.IntN(2))
	case 3:
		o.Kernel, o.Stride, o.Padding = Square(5), Square(1), Square(rng.IntN(3))
	default:
		o.Kernel = Size{1 + rng.IntN(13), 1 + rng.IntN(13)}
		o.Stride = Size{1 + rng.IntN(4), 1 + rng.IntN(4)}
		o.Padding = Size{rng.IntN(o.Kernel.H/2 + 1), rng.IntN(o.Kernel.W/2 + 1)}
	}
	switch rng.IntN(4) {
	case 0:
		o.Same, o.Padding = true, Size{}
	case 1:
		o.CeilMode = true
	}
	o.ExcludePad = rng.IntN(2) == 0
	return o
}

// TestTensorFastPathsMatchGeneral runs every float32 fast path and the
// general kernel on the same random planes and options, NaN, infinities and
// signed zeros included: the fast paths are only correct if they agree bit
// for bit everywhere, borders included.
func TestTensorFastPathsMatchGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	type path struct {
		op     Op
		kw, sw int
	}
	covered := map[path]int{}
	for i := range 4000 {
		o := randomTensorOptions(rng)
		in := Size{1 + rng.IntN(33), 1 + rng.IntN(33)}
		if rng.IntN(8) == 0 {
			in.W = 1 + rng.IntN(300) // rows longer than any block of the kernels
		}
		g, err := o.withDefaults().Resolve(in)
		if err != nil {
			continue
		}
		checkTensorKernel(t, rng, o.Op, &g, "case "+strconv.Itoa(i)+": "+in.String()+" "+optionsString(o))
		if regularAxis(&g.H) && regularAxis(&g.W) {
			covered[path{o.Op, g.W.Kernel, g.W.Stride}]++
		}
	}
	for _, p := range []path{{Max, 2, 2}, {Max, 3, 2}, {Max, 3, 1}, {Max, 5, 1}, {Min, 3, 1}, {Avg, 2, 2}, {Avg, 3, 1}, {Avg, 3, 2}} {
		require.Greater(t, covered[p], 20, "fast path %+v is barely exercised: %v", p, covered)
	}
	vhgw := 0
	for p, n := range covered {
		if p.op != Avg && p.kw >= hVHGWFrom*p.sw {
			vhgw += n
		}
	}
	require.Greater(t, vhgw, 50, "van Herk/Gil-Werman is barely exercised: %v", covered)
}

// TestTensorFastPathsAsymmetricPadding builds geometries with more padding on
// one side than the other, as ONNX's pads allow, which the fast paths must
// read from Geometry rather than assume symmetric.
func TestTensorFastPathsAsymmetricPadding(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for i := range 1500 {
		ops := []Op{Max, Min, Avg}
		op := ops[rng.IntN(len(ops))]
		g := Geometry{H: randomAxis(rng), W: randomAxis(rng)}
		checkTensorKernel(t, rng, op, &g, "case "+strconv.Itoa(i)+" "+op.String()+" "+axisString(&g.H)+" x "+axisString(&g.W))
	}
}

// TestTensorFastPathsBands pools planes of more cells than a band holds, so
// that the kernels run band after band, the rows two bands share pooled by
// both.
func TestTensorFastPathsBands(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, c := range []struct {
		in Size
		o  Options
	}{
		{Size{560, 501}, Options{Op: Max, Kernel: Square(3), Stride: Square(2), Padding: Square(1)}},
		{Size{531, 500}, Options{Op: Min, Kernel: Square(5), Stride: Square(1), Padding: Square(2)}},
		{Size{520, 530}, Options{Op: Max, Kernel: Size{7, 6}, Stride: Square(1), CeilMode: true}},
		{Size{560, 501}, Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Padding: Square(1), ExcludePad: true}},
		{Size{560, 500}, Options{Op: Avg, Kernel: Square(2)}},
	} {
		g, err := c.o.withDefaults().Resolve(c.in)
		require.NoError(t, err)
		require.Greater(t, g.H.In*g.W.In, bandCells, "the plane fits one band")
		checkTensorKernel(t, rng, c.o.Op, &g, c.in.String()+" "+optionsString(c.o))
	}
}

// globalMeans takes planes eight at a time and the rest one by one; every
// plane's mean must be the general kernel's, whatever the count of planes.
func TestTensorGlobalAverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, in := range []Size{{1, 1}, {7, 7}, {1, 300}, {13, 5}} {
		o := Options{Op: Avg, Kernel: in}
		g, err := o.withDefaults().Resolve(in)
		require.NoError(t, err)
		require.True(t, globalWindow(&g))
		means := globalMeans(Avg, &g, false)
		require.NotNil(t, means)
		cells := in.H * in.W
		for _, planes := range []int{1, 7, 8, 9, 17, 24} {
			src := randomPlaneValues(rng, planes*cells)
			got := make([]float32, planes)
			means(got, src, cells)
			for p := range planes {
				sameBits(t, generalPlane(Avg, &g, src[p*cells:(p+1)*cells]), got[p:p+1], true, "global "+in.String()+" plane "+strconv.Itoa(p)+" of "+strconv.Itoa(planes))
			}
		}
		require.Nil(t, globalMeans(Avg, &g, true), "indices take the general kernel")
		require.Nil(t, globalMeans(Max, &g, false), "only averages")
	}
}

var testScratch tensorScratch

func checkTensorKernel(t *testing.T, rng *rand.Rand, op Op, g *Geometry, msg string) {
	t.Helper()
	// One scratch for every check: a kernel must not depend on what an
	// earlier one, of another geometry, left in its buffers.
	kernel := tensorPlaneKernel(op, 2, g, false, &testScratch)
	inHW, outHW := g.H.In*g.W.In, g.H.Out*g.W.Out
	// Two planes through one kernel: its buffers must carry nothing over.
	for range 2 {
		src := randomPlaneValues(rng, inHW)
		got := make([]float32, outHW)
		kernel(got, nil, src)
		sameBits(t, generalPlane(op, g, src), got, op == Avg, msg)
	}
}

// randomAxis returns an axis with any padding on either side smaller than
// the kernel, resolved the way Resolve resolves a symmetric one.
func randomAxis(rng *rand.Rand) Axis {
	for {
		a := Axis{In: 1 + rng.IntN(30), Kernel: 1 + rng.IntN(8), Stride: 1 + rng.IntN(3), Dilation: 1}
		a.PadBefore, a.PadAfter = rng.IntN(a.Kernel), rng.IntN(a.Kernel)
		span := a.In + a.PadBefore + a.PadAfter - a.Kernel
		if span < 0 {
			continue
		}
		a.Out = span/a.Stride + 1
		countPad := rng.IntN(2) == 0
		ok := true
		for o := range a.Out {
			s := a.Start(o)
			first, end := max(s, 0), min(s+a.Kernel, a.In)
			if end <= first {
				ok = false
				break
			}
			w := Window{First: first, Count: end - first, Divisor: end - first}
			if countPad {
				w.Divisor = min(s+a.Kernel, a.In+a.PadAfter) - s
			}
			a.Windows = append(a.Windows, w)
		}
		if ok {
			return a
		}
	}
}

func axisString(a *Axis) string {
	return "in " + strconv.Itoa(a.In) + " k " + strconv.Itoa(a.Kernel) + " s " + strconv.Itoa(a.Stride) +
		" pad " + strconv.Itoa(a.PadBefore) + "," + strconv.Itoa(a.PadAfter)
}

func optionsString(o Options) string {
	return o.Op.String() + " k " + o.Kernel.String() + " s " + o.Stride.String() + " p " + o.Padding.String() +
		" same " + strconv.FormatBool(o.Same) + " ceil " + strconv.FormatBool(o.CeilMode) + " exclude " + strconv.FormatBool(o.ExcludePad)
}

// TestAdaptiveMaxFastPath pools to sizes that divide the input, whose
// windows the fast paths take, and to sizes that do not: every output must
// be the general kernel's.
func TestAdaptiveMaxFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	for i := range 300 {
		out := Size{1 + rng.IntN(9), 1 + rng.IntN(9)}
		in := Size{out.H * (1 + rng.IntN(5)), out.W * (1 + rng.IntN(5))}
		if i%3 == 0 {
			in = Size{1 + rng.IntN(40), 1 + rng.IntN(40)}
		}
		op := []Op{Max, Min}[rng.IntN(2)]
		x := Tensor{Shape: []int{2, in.H, in.W}, Data: randomPlaneValues(rng, 2*in.H*in.W)}
		got, err := AdaptivePool(x, op, out)
		require.NoError(t, err)
		g := Geometry{H: adaptiveAxis(in.H, out.H), W: adaptiveAxis(in.W, out.W)}
		msg := "case " + strconv.Itoa(i) + " " + op.String() + " " + in.String() + " to " + out.String()
		n := in.H * in.W
		for p := range 2 {
			sameBits(t, generalPlane(op, &g, x.Data[p*n:(p+1)*n]), got.Data[p*out.H*out.W:(p+1)*out.H*out.W], false, msg)
		}
	}
}

// TestAdaptiveAvgRowMatchesWindows holds adaptiveAvgRow (in wasm an
// assembly loop taking windows two at a time) to adaptiveAvgWindow, window
// by window: adaptive windows of every size around each other's, 2-D and
// 3-D, on planes with NaNs, signed zeros, infinities and ties.
func TestAdaptiveAvgRowMatchesWindows(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for i := range 300 {
		d, h, w := 1+rng.IntN(4), 1+rng.IntN(12), 1+rng.IntN(40)
		az, ay, ax := adaptiveAxis(d, 1+rng.IntN(d)), adaptiveAxis(h, 1+rng.IntN(h)), adaptiveAxis(w, 1+rng.IntN(w+3))
		src := randomPlaneValues(rng, d*h*w)
		if rng.IntN(4) == 0 {
			for j := range src {
				src[j] = specials[rng.IntN(2)] // +0 and -0 only
			}
		}
		wz, wy := az.Windows[rng.IntN(az.Out)], ay.Windows[rng.IntN(ay.Out)]
		row := unsafe.Add(ptr(src), 4*(wz.First*h+wy.First)*w)
		d1, d2 := float32(wz.Divisor), float32(wy.Divisor)
		got := make([]float32, ax.Out)
		adaptiveAvgRow(ptr(got), row, ax.Windows, wz.Count, 4*h*w, wy.Count, 4*w, d1, d2)
		want := make([]float32, ax.Out)
		for j, wx := range ax.Windows {
			adaptiveAvgWindow(unsafe.Pointer(&want[j]), row, wx, wz.Count, 4*h*w, wy.Count, 4*w, d1, d2)
		}
		sameBits(t, want, got, true, "case "+strconv.Itoa(i))
	}
}
