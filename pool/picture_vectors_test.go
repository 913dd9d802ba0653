package pool

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// poolBoth pools a band of src's output rows [from, to) with the vector
// kernels and with the portable ones; src holds the input rows from y0 on of
// a picture h rows tall.
func poolBoth(t testing.TB, src Pixels, h, y0 int, o Options, from, to int) (vectors, portable []byte, path kernelPath) {
	o = o.withDefaults()
	g, err := o.Resolve(Size{h, src.Width})
	require.NoError(t, err)
	for _, on := range []bool{true, false} {
		// The result, then a margin that no kernel may write: the loops
		// write through pointers, which no bounds check stops at the end.
		n := 4 * g.W.Out * (to - from)
		buf := make([]byte, n+64)
		for i := range buf {
			buf[i] = 0xA5 // a byte every result must overwrite
		}
		out := buf[:n]
		k := kernelPixels{src: src.Pix, stride: 4 * src.Width, srcY: y0, g: &g, o: o, vectors: on && vectorsRun}
		k.run(out, from, to)
		for i, b := range buf[n:] {
			if b != 0xA5 {
				t.Fatalf("vectors %v: byte %d past the result written (%dx%d %+v, rows [%d, %d))", on, i, src.Width, h, o, from, to)
			}
		}
		if on {
			vectors = out
		} else {
			portable = out
		}
	}
	return vectors, portable, choosePath(&g, o)
}

// vectorPicture fills a w x h picture for the vector tests: random bytes,
// or, now and then, planes of one value, of the extremes, or of fully
// transparent and opaque pixels, where rounding and ties are decided.
func vectorPicture(rng *rand.Rand, w, h int) Pixels {
	px := randomPixels(rng, w, h)
	switch rng.IntN(6) {
	case 0:
		v := byte(rng.IntN(256))
		fill(px.Pix, v)
	case 1:
		for i := range px.Pix {
			px.Pix[i] = []byte{0, 255}[rng.IntN(2)]
		}
	case 2:
		for i := range px.Pix {
			px.Pix[i] = byte(rng.IntN(4)) * 85
		}
	}
	if rng.IntN(2) == 0 {
		for i := 3; i < len(px.Pix); i += 4 {
			switch rng.IntN(3) {
			case 0:
				px.Pix[i] = 0
			case 1:
				px.Pix[i] = 255
			}
		}
	}
	return px
}

// TestPixelVectorsMatchPortable runs the vector kernels and the portable ones
// on the same random pictures, shapes and options, including widths whose
// last pixels a vector does not cover and bands of rows, and wants the same
// bytes. Where the vector kernels do not run, both runs are portable.
func TestPixelVectorsMatchPortable(t *testing.T) {
	if !vectorsRun {
		t.Log("the vector kernels do not run here: both runs are portable")
	}
	families := []struct {
		name string
		o    func(rng *rand.Rand, h, w int) Options
	}{
		{"max2x2s2", func(*rand.Rand, int, int) Options { return Options{Op: Max, Kernel: Square(2)} }},
		{"min2x2s2", func(*rand.Rand, int, int) Options { return Options{Op: Min, Kernel: Square(2)} }},
		{"avg2x2s2", func(*rand.Rand, int, int) Options { return Options{Op: Avg, Kernel: Square(2)} }},
		{"lp2x2s2", func(rng *rand.Rand, _, _ int) Options {
			return Options{Op: Lp, P: []float64{0, 2, 1, 3}[rng.IntN(4)], Kernel: Square(2)}
		}},
		{"avg2x2s2-options", func(rng *rand.Rand, _, _ int) Options {
			return Options{Op: Avg, Kernel: Square(2), Alpha: Alpha(rng.IntN(2)), ColorSpace: ColorSpace(rng.IntN(2))}
		}},
		{"extreme-blocks", func(rng *rand.Rand, _, _ int) Options {
			kern := Size{1 + rng.IntN(9), 1 + rng.IntN(9)}
			return Options{Op: []Op{Max, Min}[rng.IntN(2)], Kernel: kern, CeilMode: rng.IntN(4) == 0}
		}},
		{"avg-blocks", func(rng *rand.Rand, _, _ int) Options {
			kern := Size{1 + rng.IntN(17), 1 + rng.IntN(17)}
			return Options{Op: Avg, Kernel: kern, Alpha: Alpha(rng.IntN(2)), ColorSpace: ColorSpace(rng.IntN(2))}
		}},
		{"avg-blocks4", func(rng *rand.Rand, _, _ int) Options {
			// 4, 8 or 16 pixels wide, a power of two in all (avgBlocksVectors).
			kw := []int{4, 8, 16}[rng.IntN(3)]
			return Options{Op: Avg, Kernel: Size{[]int{1, 2, 4, 8, 16}[rng.IntN(5)], kw}, CeilMode: rng.IntN(4) == 0}
		}},
		{"box3", func(rng *rand.Rand, _, _ int) Options {
			return Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Same: rng.IntN(2) == 0,
				Padding: Square(rng.IntN(2)), ExcludePad: rng.IntN(2) == 0, Alpha: Alpha(rng.IntN(2))}
		}},
		{"extreme-separable", func(rng *rand.Rand, _, _ int) Options {
			// Past directMaxKernel too, where the direct kernel hands over.
			most := 2 * max(directMaxKernel, 16)
			kern := Size{1 + rng.IntN(most), 1 + rng.IntN(most)}
			stride := Size{1 + rng.IntN(3), 1 + rng.IntN(3)}
			if rng.IntN(2) == 0 {
				stride = Square(1)
			}
			return Options{Op: []Op{Max, Min}[rng.IntN(2)], Kernel: kern, Stride: stride, Same: rng.IntN(2) == 0, ColorSpace: ColorSpace(rng.IntN(2))}
		}},
		{"premultiplied", func(rng *rand.Rand, _, _ int) Options {
			kern := Size{1 + rng.IntN(9), 1 + rng.IntN(9)}
			stride := Size{1 + rng.IntN(3), 1 + rng.IntN(3)}
			switch rng.IntN(3) {
			case 0:
				stride = Square(1)
			case 1:
				stride = kern
			}
			return Options{Op: Avg, Kernel: kern, Stride: stride, Same: rng.IntN(2) == 0, Alpha: Premultiplied, ExcludePad: rng.IntN(2) == 0}
		}},
		{"global", func(_ *rand.Rand, h, w int) Options { return Options{Op: Avg, Kernel: Size{h, w}} }},
		{"any", func(rng *rand.Rand, _, _ int) Options {
			kern := Size{1 + rng.IntN(7), 1 + rng.IntN(7)}
			return Options{Op: []Op{Max, Min, Avg}[rng.IntN(3)], Kernel: kern, Stride: Size{1 + rng.IntN(4), 1 + rng.IntN(4)},
				Padding: Size{rng.IntN(kern.H/2 + 1), rng.IntN(kern.W/2 + 1)}, CeilMode: rng.IntN(2) == 0,
				ExcludePad: rng.IntN(2) == 0}
		}},
	}
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(20, uint64(len(f.name))))
			paths := map[kernelPath]int{}
			for i := range 300 {
				// Mostly narrow pictures, so that rows end in every phase of
				// a vector; now and then a wide one.
				w, h := 1+rng.IntN(40), 1+rng.IntN(24)
				if i%10 == 0 {
					w = 1 + rng.IntN(700)
				}
				if i%20 == 1 {
					h = 1 + rng.IntN(300) // past a flush of 16-bit sums
				}
				o := f.o(rng, h, w)
				px := vectorPicture(rng, w, h)
				g, err := o.withDefaults().Resolve(Size{h, w})
				if err != nil || o.withDefaults().validatePicture() != nil {
					continue
				}
				vec, port, path := poolBoth(t, px, h, 0, o, 0, g.H.Out)
				paths[path]++
				require.Equal(t, port, vec, "%dx%d %+v (path %d)", w, h, o, path)
				// A band, from input rows that start past row 0.
				from := rng.IntN(g.H.Out)
				to := from + 1 + rng.IntN(g.H.Out-from)
				y0, y1 := g.inputRows(from, to)
				y0 = max(0, y0)
				band := Pixels{Pix: px.Pix[4*w*y0 : 4*w*y1], Width: w, Height: y1 - y0}
				vec, port, _ = poolBoth(t, band, h, y0, o, from, to)
				require.Equal(t, port, vec, "%dx%d %+v band [%d, %d)", w, h, o, from, to)
			}
			require.NotEmpty(t, paths)
		})
	}
}

// TestNinthsByQ15 checks the division by 9 of picture_box3quads_wasm.s, which
// i16x8.q15mulr_sat_s makes as (s*3641 + 2^14) >> 15, against round(s/9)
// for every sum of nine bytes, and shows where it stops being exact.
func TestNinthsByQ15(t *testing.T) {
	q15 := func(s int) int { return (s*3641 + 1<<14) >> 15 }
	for s := 0; s <= 9*255; s++ {
		require.Equal(t, (s+4)/9, q15(s), "sum %d", s)
	}
	require.NotEqual(t, (16384+4)/9, q15(16384))
}

// FuzzPixelVectors compares the vector kernels with the portable ones on
// fuzzed shapes and options.
func FuzzPixelVectors(f *testing.F) {
	// op, kernel, stride, padding, flags (same, ceil, exclude-pad, premultiplied, linear), w, h, seed
	f.Add(uint8(0), uint8(2), uint8(2), uint8(2), uint8(2), uint8(0), uint8(0), uint8(0), uint8(17), uint8(9), uint64(1))
	f.Add(uint8(2), uint8(2), uint8(2), uint8(2), uint8(2), uint8(0), uint8(0), uint8(0), uint8(31), uint8(4), uint64(2))
	f.Add(uint8(2), uint8(3), uint8(3), uint8(1), uint8(1), uint8(0), uint8(0), uint8(1), uint8(23), uint8(7), uint64(3))
	f.Add(uint8(0), uint8(15), uint8(15), uint8(1), uint8(1), uint8(7), uint8(7), uint8(0), uint8(60), uint8(30), uint64(4))
	f.Add(uint8(1), uint8(3), uint8(3), uint8(2), uint8(2), uint8(1), uint8(1), uint8(0), uint8(45), uint8(13), uint64(5))
	f.Add(uint8(2), uint8(4), uint8(4), uint8(4), uint8(4), uint8(0), uint8(0), uint8(8), uint8(37), uint8(9), uint64(6))
	f.Add(uint8(3), uint8(2), uint8(2), uint8(2), uint8(2), uint8(0), uint8(0), uint8(0), uint8(41), uint8(6), uint64(7))
	f.Fuzz(func(t *testing.T, op, kh, kw, sh, sw, ph, pw, flags, w, h uint8, seed uint64) {
		o := Options{
			Op:         []Op{Max, Min, Avg, Lp}[op%4],
			Kernel:     Size{1 + int(kh%20), 1 + int(kw%20)},
			Stride:     Size{1 + int(sh%5), 1 + int(sw%5)},
			Same:       flags&1 != 0,
			CeilMode:   flags&2 != 0,
			ExcludePad: flags&4 != 0,
		}
		if !o.Same {
			o.Padding = Size{int(ph) % (o.Kernel.H/2 + 1), int(pw) % (o.Kernel.W/2 + 1)}
		}
		if o.Op == Avg && flags&8 != 0 {
			o.Alpha = Premultiplied
		}
		if flags&16 != 0 {
			o.ColorSpace = Linear
		}
		ww, hh := 1+int(w)%80, 1+int(h)%40
		g, err := o.withDefaults().Resolve(Size{hh, ww})
		if err != nil || o.withDefaults().validatePicture() != nil {
			return
		}
		px := vectorPicture(rand.New(rand.NewPCG(seed, 1)), ww, hh)
		vec, port, path := poolBoth(t, px, hh, 0, o, 0, g.H.Out)
		if string(vec) != string(port) {
			t.Fatalf("%dx%d %+v (path %d): vectors %v, portable %v", ww, hh, o, path, vec, port)
		}
	})
}

// BenchmarkPixelVectors times each family's vector kernel against its
// portable kernel in one process (sub-benchmarks vectors and portable), on
// the picture sizes of BenchmarkPixels.
func BenchmarkPixelVectors(b *testing.B) {
	cases := []struct {
		name string
		w, h int
		o    Options
	}{
		{"max2x2s2", 4096, 4096, Options{Op: Max, Kernel: Square(2)}},
		{"min2x2s2", 4096, 4096, Options{Op: Min, Kernel: Square(2)}},
		// A camera frame, which stays in the cache from call to call.
		{"max2x2s2-720p", 1280, 720, Options{Op: Max, Kernel: Square(2)}},
		{"avg2x2s2", 4096, 4096, Options{Op: Avg, Kernel: Square(2)}},
		{"avg2x2s2-premultiplied", 4096, 4096, Options{Op: Avg, Kernel: Square(2), Alpha: Premultiplied}},
		{"avg4x4s4-premultiplied", 4000, 3000, Options{Op: Avg, Kernel: Square(4), Alpha: Premultiplied}},
		{"avg3x3s1same-premultiplied", 1024, 1024, Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Same: true, Alpha: Premultiplied}},
		{"max3x3s3", 4000, 3000, Options{Op: Max, Kernel: Square(3)}},
		{"max4x4s4", 4000, 3000, Options{Op: Max, Kernel: Square(4)}},
		{"avg4x4s4", 4000, 3000, Options{Op: Avg, Kernel: Square(4)}},
		{"max3x3s2same", 4096, 4096, Options{Op: Max, Kernel: Square(3), Stride: Square(2), Same: true}},
		{"max15x15s1", 1024, 1024, Options{Op: Max, Kernel: Square(15), Stride: Square(1)}},
		{"avg3x3s1same", 4096, 4096, Options{Op: Avg, Kernel: Square(3), Stride: Square(1), Same: true}},
		{"global-avg", 4096, 4096, Options{Op: Avg, Kernel: Size{4096, 4096}}},
	}
	for _, c := range cases {
		src := randomPixels(rand.New(rand.NewPCG(1, 1)), c.w, c.h)
		o := c.o.withDefaults()
		g, err := o.Resolve(Size{c.h, c.w})
		if err != nil {
			b.Fatal(err)
		}
		dst := make([]byte, 4*g.W.Out*g.H.Out)
		for _, on := range []bool{true, false} {
			name := "portable"
			if on {
				name = "vectors"
			}
			b.Run(c.name+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(len(src.Pix)))
				for b.Loop() {
					k := kernelPixels{src: src.Pix, stride: 4 * c.w, g: &g, o: o, vectors: on && vectorsRun}
					k.run(dst, 0, g.H.Out)
				}
			})
		}
	}
}
