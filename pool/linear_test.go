package pool

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// tiedPixels returns a picture whose colours are c or c+1 for small c and
// alphas from a few values: in the transfer function's linear segment the
// mean of c and c+1 is exactly the threshold between them, so that windows
// of such pixels land on thresholds or within float64 rounding of them, the
// means the fixed-point kernels must not settle themselves.
func tiedPixels(rng *rand.Rand, w, h int) Pixels {
	px := Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
	c := byte(rng.IntN(11))
	alphas := []byte{255, 255, 1, 2, 3, 128, 254, 0}
	for i := 0; i < len(px.Pix); i += 4 {
		for j := range 3 {
			px.Pix[i+j] = c + byte(rng.IntN(2))
		}
		px.Pix[i+3] = alphas[rng.IntN(len(alphas))]
	}
	return px
}

// TestLinearKernelsMatchGeneral runs the linear-light kernels with the
// default encoder, and with one whose margin is wide enough to send a good
// part of the windows down the general way, against the general kernel, on
// random and on tied pictures.
func TestLinearKernelsMatchGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	wide := newLinearEncoder(1.0 / 4000)
	kernels := map[string]linearKernel{
		"2x2":    (*kernelPixels).linear2x2,
		"lanes":  (*kernelPixels).linearLanesWith,
		"blocks": (*kernelPixels).linearBlockRows,
		"packed": (*kernelPixels).linearPacked,
	}
	counts := map[string]int{}
	for i := range 5000 {
		w, h := 1+rng.IntN(30), 1+rng.IntN(30)
		o := Options{Op: Avg, ColorSpace: Linear, Kernel: Size{1 + rng.IntN(6), 1 + rng.IntN(6)}}
		switch rng.IntN(3) {
		case 0:
			o.Kernel = Square(2)
		case 1:
			o.Stride = Size{1 + rng.IntN(3), 1 + rng.IntN(3)}
			o.Same = rng.IntN(2) == 0
		}
		if rng.IntN(2) == 0 {
			o.Alpha = Premultiplied
		}
		px := randomPixels(rng, w, h)
		if i%2 == 0 {
			px = tiedPixels(rng, w, h)
		}
		o = o.withDefaults()
		g, err := o.Resolve(Size{h, w})
		if err != nil {
			continue
		}
		k := kernelPixels{src: px.Pix, stride: 4 * w, g: &g, o: o}
		want := make([]byte, 4*g.W.Out*g.H.Out)
		k.general(want, 0, g.H.Out)
		var name string
		switch choosePath(&g, o) {
		case pathLinear2x2:
			name = "2x2"
		case pathLinearLanes:
			name = "lanes"
			switch {
			case fitsBlocks(&g) && rng.IntN(2) == 0:
				name = "blocks"
			case linearPackedFit(&g, o) && rng.IntN(2) == 0:
				name = "packed"
			}
		default:
			continue
		}
		run := kernels[name]
		counts[name]++
		encoders := []*linearEncoder{defaultLinearEncoder, wide}
		if name == "packed" {
			encoders[0] = packedLinearEncoder
		}
		requireLinearKernel(t, &k, want, run, encoders, i)
	}
	for path := range kernels {
		require.Greater(t, counts[path], 100, "%v", counts)
	}
}

// TestLinearKernelsLongRows runs the linear-light kernels on rows long
// enough that their wasm loops take several chunks of windows, and settle
// marked windows within and across chunks, with the default encoder and one
// whose margin is wide enough to mark a good part of them and leave some
// unsettled.
func TestLinearKernelsLongRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(29, 30))
	wide := newLinearEncoder(1.0 / 4000)
	for i := range 40 {
		w, h := 130+rng.IntN(400), 2+rng.IntN(6)
		px := randomPixels(rng, w, h)
		if i%2 == 0 {
			px = tiedPixels(rng, w, h)
		}
		for _, o := range linearGeometries {
			o.ColorSpace = Linear
			if i%4 < 2 {
				o.Alpha = Premultiplied
			}
			o = o.withDefaults()
			g, err := o.Resolve(Size{h, w})
			if err != nil {
				continue
			}
			k := kernelPixels{src: px.Pix, stride: 4 * w, g: &g, o: o}
			want := make([]byte, 4*g.W.Out*g.H.Out)
			k.general(want, 0, g.H.Out)
			var run linearKernel
			encoders := []*linearEncoder{defaultLinearEncoder, wide}
			switch path := choosePath(&g, o); {
			case path == pathLinear2x2:
				run = (*kernelPixels).linear2x2
			case path != pathLinearLanes:
				continue
			case fitsBlocks(&g):
				run = (*kernelPixels).linearBlockRows
			case linearPackedFit(&g, o):
				run = (*kernelPixels).linearPacked
				encoders[0] = packedLinearEncoder
			default:
				run = (*kernelPixels).linearLanesWith
			}
			requireLinearKernel(t, &k, want, run, encoders, i)
		}
	}
}

// linearKernel is a linear-light kernel of kernelPixels with its encoder.
type linearKernel = func(k *kernelPixels, dst []byte, from, to int, e *linearEncoder)

// requireLinearKernel runs run on every output row of k with each encoder
// and requires want, the general kernel's bytes, of case i.
func requireLinearKernel(t *testing.T, k *kernelPixels, want []byte, run linearKernel, encoders []*linearEncoder, i int) {
	t.Helper()
	g := k.g
	for _, e := range encoders {
		got := make([]byte, len(want))
		run(k, got, 0, g.H.Out, e)
		require.Equal(t, want, got, "case %d: %dx%d %+v, margin %v", i, g.W.In, g.H.In, k.o, e.hi[0])
	}
}

// TestLinearFixedPointBound checks the bound the linear-light kernels rest
// on: the fixed-point mean of a window lies within 2^-32.8 of the general
// kernel's float64 mean, on random windows of random sizes and on tied ones,
// well inside linearMargin.
func TestLinearFixedPointBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	worst := 0.0
	for i := range 20000 {
		n := 1 + rng.IntN(64)
		if i%100 == 0 {
			n = 1 + rng.IntN(maxProductCells)
		}
		px := randomPixels(rng, n, 1)
		if i%2 == 0 {
			px = tiedPixels(rng, n, 1)
		}
		for _, premul := range []bool{false, true} {
			var fl [3]float64
			var fx [3]uint64
			var sa uint64
			for p := 0; p < len(px.Pix); p += 4 {
				a := uint64(px.Pix[p+3])
				w := uint64(1)
				if premul {
					w = a
				}
				sa += a
				for c := range 3 {
					fl[c] += srgbToLinear[px.Pix[p+c]] * float64(w)
					fx[c] += linearFixed[px.Pix[p+c]] * w
				}
			}
			d := uint64(n)
			if premul {
				d = sa
			}
			if d == 0 {
				continue
			}
			f := 1 / (float64(d) * (1 << 32))
			for c := range 3 {
				l, l2 := fl[c]/float64(d), float64(fx[c])*f
				worst = max(worst, math.Abs(l-l2))
			}
		}
	}
	require.Less(t, worst, math.Exp2(-32.8))
	require.Less(t, math.Exp2(-32.8), linearMargin)
}

// TestLinearPackedBound checks the bound the packed lanes rest on: the
// mean of their 27-bit decodings lies within 2^-27.9 of the general
// kernel's float64 mean, for windows of up to maxPackedCells pixels, random
// and tied, inside packedLinearMargin; and their sums stay below 2^32.
func TestLinearPackedBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	require.Less(t, uint64(maxPackedCells)*linearFixed27[255], uint64(1)<<32)
	worst := 0.0
	for i := range 20000 {
		n := 1 + rng.IntN(maxPackedCells)
		px := randomPixels(rng, n, 1)
		if i%2 == 0 {
			px = tiedPixels(rng, n, 1)
		}
		for c := range 3 {
			var fl float64
			var fx uint64
			for p := 0; p < len(px.Pix); p += 4 {
				fl += srgbToLinear[px.Pix[p+c]]
				fx += linearFixed27[px.Pix[p+c]]
			}
			worst = max(worst, math.Abs(fl/float64(n)-float64(fx)/(float64(n)*(1<<27))))
		}
	}
	require.Less(t, worst, math.Exp2(-27.9))
	require.Less(t, math.Exp2(-27.9), packedLinearMargin)
}

// TestLinearEncoder checks the encoder's table against the search it
// replaces: a step marked certain gives linearToSRGB's byte for every mean
// in it, at least the margin from either threshold.
func TestLinearEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	e := defaultLinearEncoder
	uncertain := 0
	for i, c := range e.code[:linearCodeSteps+1] {
		if c&uncertainStep != 0 {
			uncertain++
			continue
		}
		b := byte(c)
		for _, l := range []float64{float64(i) / linearCodeSteps, (float64(i) + rng.Float64()) / linearCodeSteps, math.Nextafter(float64(i+1)/linearCodeSteps, 0)} {
			require.Equal(t, b, linearToSRGB(l), "step %d mean %v", i, l)
			require.True(t, e.lo[b] < l && l < e.hi[b], "step %d mean %v", i, l)
			if b > 0 {
				require.Greater(t, l-linearThreshold[b-1], linearMargin)
			}
			require.Greater(t, linearThreshold[b]-l, linearMargin)
		}
	}
	// The table settles most steps; the others go to the search.
	require.Less(t, uncertain, linearCodeSteps/20)
	for b := range 256 {
		if b > 0 {
			_, ok := e.certain(linearThreshold[b-1] + linearMargin/2)
			require.False(t, ok, "just above threshold %d", b-1)
		}
		got, ok := e.certain(srgbToLinear[b])
		require.True(t, ok)
		require.Equal(t, byte(b), got)
	}
}

// linearGeometries are the shapes of the linear-light kernels' own paths:
// 2x2 blocks, other blocks, and overlapping windows.
var linearGeometries = []Options{
	{Op: Avg, Kernel: Square(2)},
	{Op: Avg, Kernel: Square(4)},
	{Op: Avg, Kernel: Size{3, 2}, Stride: Size{3, 2}},
	{Op: Avg, Kernel: Square(3), Stride: Square(1), Same: true},
	{Op: Avg, Kernel: Square(3), Stride: Square(1)},
	{Op: Avg, Kernel: Size{2, 5}, Stride: Size{1, 2}, Same: true},
}

// requireLinearMatchesGeneral runs the path the options choose on px, and
// the general kernel, premultiplied or not, and requires the same bytes.
func requireLinearMatchesGeneral(t testing.TB, px Pixels, o Options, what string) {
	for _, alpha := range []Alpha{Straight, Premultiplied} {
		o := o
		o.ColorSpace, o.Alpha = Linear, alpha
		o = o.withDefaults()
		g, err := o.Resolve(Size{px.Height, px.Width})
		if err != nil {
			continue
		}
		k := kernelPixels{src: px.Pix, stride: 4 * px.Width, g: &g, o: o, vectors: vectorsRun}
		want := make([]byte, 4*g.W.Out*g.H.Out)
		k.general(want, 0, g.H.Out)
		got := make([]byte, len(want))
		k.run(got, 0, g.H.Out)
		require.Equal(t, want, got, "%s: %dx%d %+v (path %v)", what, px.Width, px.Height, o, choosePath(&g, o))
	}
}

// TestLinearKernelsAllBytes runs the linear-light kernels on pictures of
// every byte value: each value alone (all pixels alike, the mean exactly a
// table value), and every value beside every other in pictures of all 256
// values in each channel.
func TestLinearKernelsAllBytes(t *testing.T) {
	for c := range 256 {
		px := Pixels{Pix: make([]byte, 4*8*6), Width: 8, Height: 6}
		for i := 0; i < len(px.Pix); i += 4 {
			px.Pix[i], px.Pix[i+1], px.Pix[i+2], px.Pix[i+3] = byte(c), byte(c), byte(c), byte(255-c)
		}
		for _, o := range linearGeometries {
			requireLinearMatchesGeneral(t, px, o, "alike")
		}
	}
	for step := 1; step < 256; step += 2 {
		px := Pixels{Pix: make([]byte, 4*64*64), Width: 64, Height: 64}
		for i := 0; i < len(px.Pix); i += 4 {
			n := i / 4
			px.Pix[i], px.Pix[i+1], px.Pix[i+2] = byte(n), byte(n*step), byte(n*step+n/64)
			px.Pix[i+3] = byte(n*7 + step)
		}
		for _, o := range linearGeometries {
			requireLinearMatchesGeneral(t, px, o, "all bytes")
		}
	}
}

// FuzzLinearKernels checks the linear-light kernels against the general
// kernel on random and on tied pictures (see tiedPixels).
func FuzzLinearKernels(f *testing.F) {
	f.Add(uint8(0), uint8(8), uint8(8), uint64(1), false)
	f.Add(uint8(3), uint8(17), uint8(9), uint64(2), true)
	f.Add(uint8(5), uint8(30), uint8(3), uint64(3), false)
	f.Fuzz(func(t *testing.T, shape, w, h uint8, seed uint64, tied bool) {
		rng := rand.New(rand.NewPCG(seed, 7))
		ww, hh := 1+int(w%64), 1+int(h%64)
		px := randomPixels(rng, ww, hh)
		if tied {
			px = tiedPixels(rng, ww, hh)
		}
		requireLinearMatchesGeneral(t, px, linearGeometries[int(shape)%len(linearGeometries)], "fuzz")
	})
}

// TestLinearEncoderLayout checks the offsets linear_lanes_wasm.s reads the
// encoder at: lo after the code, hi right after lo.
func TestLinearEncoderLayout(t *testing.T) {
	var e linearEncoder
	require.Equal(t, uintptr(2*2*linearCodeSteps), unsafe.Offsetof(e.lo))
	require.Equal(t, unsafe.Offsetof(e.lo)+8*257, unsafe.Offsetof(e.hi))
}
