package pool_test

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/internal/ulp"
	"github.com/poolkit/poolkit/pool"
)

var allOps = []pool.Op{pool.Max, pool.Avg, pool.Min, pool.Lp}

// randomOptions draws options over every field that applies to op; they may
// still be invalid for a given input size (see randomCase).
func randomOptions(rng *rand.Rand, op pool.Op) pool.Options {
	o := pool.Options{Op: op, Kernel: pool.Size{H: 1 + rng.IntN(7), W: 1 + rng.IntN(7)}}
	if rng.IntN(3) > 0 {
		o.Stride = pool.Size{H: 1 + rng.IntN(4), W: 1 + rng.IntN(4)}
	}
	d := pool.Square(1)
	if rng.IntN(3) == 0 {
		d = pool.Size{H: 1 + rng.IntN(3), W: 1 + rng.IntN(3)}
		o.Dilation = d
	}
	switch rng.IntN(4) {
	case 0:
		o.Same = true
	case 1, 2:
		eff := pool.Size{H: (o.Kernel.H-1)*d.H + 1, W: (o.Kernel.W-1)*d.W + 1}
		o.Padding = pool.Size{H: rng.IntN(eff.H/2 + 1), W: rng.IntN(eff.W/2 + 1)}
		o.CeilMode = rng.IntN(2) == 0
	}
	o.ExcludePad = rng.IntN(2) == 0
	if op == pool.Lp {
		o.P = []float64{0, 1, 2, 3, 4.5, 0.5}[rng.IntN(6)]
	}
	return o
}

// randomCase draws options and a plane size on which they are valid.
func randomCase(rng *rand.Rand, op pool.Op, MaxSide int) (pool.Options, int, int) {
	for {
		o := randomOptions(rng, op)
		h, w := 1+rng.IntN(MaxSide), 1+rng.IntN(MaxSide)
		if _, _, _, ok := refGeometry(o, h, w); ok {
			return o, h, w
		}
	}
}

func randomTensor(rng *rand.Rand, shape ...int) pool.Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	t := pool.Tensor{Shape: shape, Data: make([]float32, n)}
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64())
	}
	return t
}

func randomPicture(rng *rand.Rand, w, h int) pool.Pixels {
	p := pool.Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
	for i := range p.Pix {
		p.Pix[i] = byte(rng.IntN(256))
	}
	// Some fully transparent and some opaque pixels, so that alpha weights
	// reach their extremes.
	for i := 3; i < len(p.Pix); i += 4 {
		switch rng.IntN(4) {
		case 0:
			p.Pix[i] = 0
		case 1:
			p.Pix[i] = 255
		}
	}
	return p
}

func randomPictureOptions(rng *rand.Rand, MaxSide int) (pool.Options, int, int) {
	op := allOps[rng.IntN(len(allOps))]
	o, h, w := randomCase(rng, op, MaxSide)
	if op == pool.Avg && rng.IntN(2) == 0 {
		o.Alpha = pool.Premultiplied
	}
	if op != pool.Lp && rng.IntN(2) == 0 {
		o.ColorSpace = pool.Linear
	}
	return o, h, w
}

// The engine, whatever kernel it picks, agrees with the naive reference on
// random options and inputs: bit for bit for max, min and average (the same
// float32 sums in the same order), within an ulp for Lp. The results go into
// one reused buffer, refilled with a value no result holds before each
// call, so that every kernel must write every output cell.
func TestMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var reused []float32
	for i := range 600 {
		op := allOps[i%len(allOps)]
		o, h, w := randomCase(rng, op, 24)
		x := randomTensor(rng, 1+rng.IntN(2), 1+rng.IntN(2), h, w)
		want, wantIdx, ok := refTensor(x, o)
		require.True(t, ok)
		reused = reused[:cap(reused)]
		for j := range reused {
			reused[j] = 1e30
		}
		got, err := pool.PoolInto(reused, x, o)
		require.NoError(t, err, "%+v on %dx%d", o, h, w)
		ulps := 0
		if op == pool.Lp {
			ulps = 1
		}
		checkTensor(t, want, got, ulps)
		reused = got.Data
		if op == pool.Max || op == pool.Min {
			_, idx, err := pool.PoolIndices(x, o)
			require.NoError(t, err)
			require.Equal(t, wantIdx, idx, "%+v on %dx%d", o, h, w)
		}
	}
}

func TestPixelsMatchReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 600 {
		o, h, w := randomPictureOptions(rng, 24)
		src := randomPicture(rng, w, h)
		want, ok, nearTie := refPixels(src, o)
		require.True(t, ok)
		if nearTie {
			continue
		}
		got, err := pool.PoolPixels(nil, src, o)
		require.NoError(t, err, "%+v on %dx%d", o, w, h)
		require.Equal(t, [2]int{want.Width, want.Height}, [2]int{got.Width, got.Height})
		require.Equal(t, want.Pix, got.Pix, "%+v on %dx%d:\n%s", o, w, h, diffBytes(want.Pix, got.Pix))
	}
}

// Per window, max >= avg >= min when the average counts only input cells,
// and the Lp norms fall between max|x| and the L1 norm.
func TestWindowOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 1))
	for range 300 {
		o, h, w := randomCase(rng, pool.Max, 20)
		o.ExcludePad = true
		x := randomTensor(rng, 2, h, w)
		run := func(op pool.Op, p float64) []float32 {
			o := o
			o.Op, o.P = op, p
			out, err := pool.Pool(x, o)
			require.NoError(t, err)
			return out.Data
		}
		hi, avg, lo := run(pool.Max, 0), run(pool.Avg, 0), run(pool.Min, 0)
		l1, l2, l45 := run(pool.Lp, 1), run(pool.Lp, 2), run(pool.Lp, 4.5)
		for i := range hi {
			mx, av, mn := float64(hi[i]), float64(avg[i]), float64(lo[i])
			// A float32 mean of equal values may round an ulp past them.
			slack := 1e-6 * math.Max(math.Abs(mx), math.Abs(mn))
			if !(mn <= mx && av <= mx+slack && av >= mn-slack) {
				t.Fatalf("%+v on %dx%d, window %d: max %v, avg %v, min %v", o, h, w, i, mx, av, mn)
			}
			m := math.Max(mx, -mn) // max |x| over the window
			tol := 1e-6 * m
			if !(float64(l45[i]) >= m-tol && float64(l45[i]) <= float64(l2[i])+tol && float64(l2[i]) <= float64(l1[i])+tol) {
				t.Fatalf("%+v on %dx%d, window %d: max|x| %v, L4.5 %v, L2 %v, L1 %v", o, h, w, i, m, l45[i], l2[i], l1[i])
			}
		}
	}
}

// A 1x1 kernel with stride 1 reads each cell once: max, min and avg return
// the input, Lp its absolute value.
func TestIdentityKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 1))
	x := randomTensor(rng, 2, 3, 17, 13)
	for _, op := range allOps {
		out, err := pool.Pool(x, pool.Options{Op: op, Kernel: pool.Square(1), Stride: pool.Square(1), P: 3})
		require.NoError(t, err)
		require.Equal(t, x.Shape, out.Shape)
		for i, v := range x.Data {
			if op == pool.Lp {
				v = float32(math.Abs(float64(v)))
			}
			require.Equal(t, math.Float32bits(v), math.Float32bits(out.Data[i]), "%v at %d", op, i)
		}
	}
	px := randomPicture(rng, 19, 11)
	for _, o := range []pool.Options{
		{Op: pool.Max}, {Op: pool.Min}, {Op: pool.Avg}, {Op: pool.Lp, P: 4.5},
		{Op: pool.Avg, ColorSpace: pool.Linear}, {Op: pool.Max, ColorSpace: pool.Linear},
		{Op: pool.Avg, Alpha: pool.Premultiplied}, {Op: pool.Avg, Alpha: pool.Premultiplied, ColorSpace: pool.Linear},
	} {
		o.Kernel = pool.Square(1)
		out, err := pool.PoolPixels(nil, px, o)
		require.NoError(t, err)
		want := slices.Clone(px.Pix)
		if o.Alpha == pool.Premultiplied {
			// A transparent pixel has no colour to weight.
			for i := 0; i < len(want); i += 4 {
				if want[i+3] == 0 {
					want[i], want[i+1], want[i+2] = 0, 0, 0
				}
			}
		}
		require.Equal(t, want, out.Pix, "%+v", o)
	}
}

func TestGlobalPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 1))
	for range 40 {
		h, w := 1+rng.IntN(40), 1+rng.IntN(40)
		x := randomTensor(rng, 1+rng.IntN(2), 1+rng.IntN(3), h, w)
		planes := len(x.Data) / (h * w)

		avg, err := pool.GlobalPool(x, pool.Avg)
		require.NoError(t, err)
		require.Equal(t, []int{x.Shape[0], x.Shape[1], 1, 1}, avg.Shape)
		for p := range planes {
			var sum float64
			for _, v := range x.Data[p*h*w : (p+1)*h*w] {
				sum += float64(v)
			}
			mean := float32(sum / float64(h*w))
			require.LessOrEqual(t, ulp.Distance(mean, avg.Data[p]), int64(1), "plane %d", p)
		}
		// Adaptive pooling to one cell is the same mean, as in PyTorch.
		ad, err := pool.AdaptivePool(x, pool.Avg, pool.Square(1))
		require.NoError(t, err)
		require.Equal(t, avg, ad)

		// Global max and min are the pooling whose kernel is the plane.
		for _, op := range []pool.Op{pool.Max, pool.Min} {
			g, err := pool.GlobalPool(x, op)
			require.NoError(t, err)
			whole, err := pool.Pool(x, pool.Options{Op: op, Kernel: pool.Size{H: h, W: w}})
			require.NoError(t, err)
			require.Equal(t, whole, g)
		}

		// Adaptive pooling to the input's own size is the identity.
		for _, op := range []pool.Op{pool.Max, pool.Avg, pool.Min} {
			same, err := pool.AdaptivePool(x, op, pool.Size{H: h, W: w})
			require.NoError(t, err)
			require.Equal(t, x, same, "%v", op)
		}
	}
}

// Adaptive windows cover the axis: consecutive windows overlap or touch,
// the first starts at 0 and the last ends at the input's end.
func TestAdaptiveWindowsCover(t *testing.T) {
	for in := 1; in <= 40; in++ {
		for n := 1; n <= 50; n++ {
			prevEnd := 0
			for i := range n {
				s, e := pool.AdaptiveWindow(i, in, n)
				if s >= e || s > prevEnd || e < prevEnd || (i == 0 && s != 0) {
					t.Fatalf("in %d, n %d: window %d is [%d, %d) after one ending at %d", in, n, i, s, e, prevEnd)
				}
				prevEnd = e
			}
			if prevEnd != in {
				t.Fatalf("in %d, n %d: the windows end at %d", in, n, prevEnd)
			}
		}
	}
}

// Max-unpooling scatters each window's winner back to its cell; pooling the
// result again with the same windows finds the same winners, since every
// other value that lands in a window came from inside it and is no larger.
func TestUnpoolThenPool(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 1))
	for range 200 {
		o, h, w := randomCase(rng, pool.Max, 24)
		x := randomTensor(rng, 2, h, w)
		for i := range x.Data {
			x.Data[i] = float32(math.Abs(float64(x.Data[i]))) + 0.5 // above the zeros unpooling leaves
		}
		pooled, idx, err := pool.PoolIndices(x, o)
		require.NoError(t, err)
		un, err := pool.MaxUnpool(pooled, idx, pool.Size{H: h, W: w})
		require.NoError(t, err)
		require.Equal(t, x.Shape, un.Shape)
		again, err := pool.Pool(un, o)
		require.NoError(t, err)
		require.Equal(t, pooled, again, "%+v on %dx%d", o, h, w)
		for i, at := range idx {
			p := i / (len(idx) / 2)
			require.Equal(t, x.Data[p*h*w+int(at)], pooled.Data[i])
		}
	}
}

// UnpoolSize inverts the pooled size of non-overlapping windows that tile
// the input exactly.
func TestUnpoolSizeInvertsPooling(t *testing.T) {
	for k := 1; k <= 5; k++ {
		for s := 1; s <= 5; s++ {
			for n := 1; n <= 6; n++ {
				in := (n-1)*s + k
				o := pool.Options{Op: pool.Max, Kernel: pool.Square(k), Stride: pool.Square(s)}
				g, err := o.Resolve(pool.Square(in))
				require.NoError(t, err)
				size, err := pool.UnpoolSize(g.Out(), o)
				require.NoError(t, err)
				require.Equal(t, pool.Square(in), size)
			}
		}
	}
}

// Bands of output rows, each pooled from only the input rows it needs,
// join into the whole picture's result byte for byte.
func TestBandsJoin(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 1))
	for range 300 {
		o, h, w := randomPictureOptions(rng, 30)
		src := randomPicture(rng, w, h)
		whole, err := pool.PoolPixels(nil, src, o)
		require.NoError(t, err)
		var joined []byte
		for from := 0; from < whole.Height; {
			to := min(whole.Height, from+1+rng.IntN(4))
			y0, y1, err := o.InputRows(pool.Size{H: h, W: w}, from, to)
			require.NoError(t, err)
			// Sometimes hand over more rows than needed.
			y0 = max(0, y0-rng.IntN(2))
			y1 = min(h, y1+rng.IntN(2))
			band := pool.Pixels{Pix: src.Pix[4*w*y0 : 4*w*y1], Width: w, Height: y1 - y0}
			dst := make([]byte, 0, 4*w*(to-from)+rng.IntN(8))
			part, err := pool.PoolPixelRows(dst, band, o, pool.Rows{Height: h, SrcY: y0, From: from, To: to})
			require.NoError(t, err, "%+v rows [%d, %d) of %dx%d", o, from, to, w, h)
			require.Equal(t, to-from, part.Height)
			require.Equal(t, whole.Width, part.Width)
			joined = append(joined, part.Pix...)
			from = to
		}
		require.Equal(t, whole.Pix, joined, "%+v on %dx%d", o, w, h)
	}
}

// PoolPixels writes into dst when it has room, as append does.
func TestDestinationReuse(t *testing.T) {
	src := randomPicture(rand.New(rand.NewPCG(7, 1)), 8, 8)
	o := pool.Options{Op: pool.Avg, Kernel: pool.Square(2)}
	want, err := pool.PoolPixels(nil, src, o)
	require.NoError(t, err)
	buf := make([]byte, 4*16+10)
	got, err := pool.PoolPixels(buf[:0], src, o)
	require.NoError(t, err)
	require.Equal(t, want.Pix, got.Pix)
	assert.Same(t, &buf[0], &got.Pix[0], "dst with room was not reused")
	small := make([]byte, 3)
	got, err = pool.PoolPixels(small, src, o)
	require.NoError(t, err)
	require.Equal(t, want.Pix, got.Pix)
	require.Equal(t, make([]byte, 3), small, "a dst without room must not be written")
}

// PoolInto writes into dst when it has room, as PoolPixels does.
func TestTensorDestinationReuse(t *testing.T) {
	x := randomTensor(rand.New(rand.NewPCG(7, 2)), 1, 2, 6, 6)
	o := pool.Options{Op: pool.Max, Kernel: pool.Square(2)}
	want, err := pool.Pool(x, o)
	require.NoError(t, err)
	buf := make([]float32, 2*9+4)
	got, err := pool.PoolInto(buf[:0], x, o)
	require.NoError(t, err)
	require.Equal(t, want, got)
	assert.Same(t, &buf[0], &got.Data[0], "dst with room was not reused")
	small := make([]float32, 3)
	got, err = pool.PoolInto(small, x, o)
	require.NoError(t, err)
	require.Equal(t, want, got)
	require.Equal(t, make([]float32, 3), small, "a dst without room must not be written")
}

// AdaptivePoolInto and GlobalPoolInto write into dst when it has room, over
// whatever it held, and leave a dst without room alone.
func TestAdaptiveGlobalDestinationReuse(t *testing.T) {
	x := randomTensor(rand.New(rand.NewPCG(7, 3)), 1, 3, 7, 5)
	calls := []struct {
		name string
		run  func(dst []float32) (pool.Tensor, error)
	}{
		{"adaptive max", func(dst []float32) (pool.Tensor, error) {
			return pool.AdaptivePoolInto(dst, x, pool.Max, pool.Size{H: 3, W: 2})
		}},
		{"adaptive avg", func(dst []float32) (pool.Tensor, error) {
			return pool.AdaptivePoolInto(dst, x, pool.Avg, pool.Size{H: 4, W: 3})
		}},
		{"adaptive avg to one cell", func(dst []float32) (pool.Tensor, error) {
			return pool.AdaptivePoolInto(dst, x, pool.Avg, pool.Size{H: 1, W: 1})
		}},
		{"global lp", func(dst []float32) (pool.Tensor, error) {
			return pool.GlobalPoolInto(dst, x, pool.Global{Op: pool.Lp, P: 3})
		}},
	}
	for _, c := range calls {
		want, err := c.run(nil)
		require.NoError(t, err, c.name)
		buf := make([]float32, len(want.Data)+4)
		for i := range buf {
			buf[i] = float32(math.NaN())
		}
		got, err := c.run(buf[:0])
		require.NoError(t, err, c.name)
		require.Equal(t, want, got, c.name)
		assert.Same(t, &buf[0], &got.Data[0], "%s: dst with room was not reused", c.name)
		small := make([]float32, len(want.Data)-1)
		got, err = c.run(small)
		require.NoError(t, err, c.name)
		require.Equal(t, want, got, c.name)
		require.Equal(t, make([]float32, len(small)), small, "%s: a dst without room must not be written", c.name)
	}
}

// PoolImage takes any image.Image, whatever its bounds and pixel format,
// and pools what color.NRGBAModel makes of it.
func TestPoolImage(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	base := image.NewNRGBA(image.Rect(-3, 5, 21, 30))
	for i := range base.Pix {
		base.Pix[i] = byte(rng.IntN(256))
	}
	rgba := image.NewRGBA(image.Rect(2, 2, 20, 17))
	gray := image.NewGray(image.Rect(10, -4, 27, 9))
	for y := rgba.Rect.Min.Y; y < rgba.Rect.Max.Y; y++ {
		for x := rgba.Rect.Min.X; x < rgba.Rect.Max.X; x++ {
			a := uint8(rng.IntN(256))
			rgba.SetRGBA(x, y, color.RGBA{R: uint8(rng.IntN(int(a) + 1)), G: uint8(rng.IntN(int(a) + 1)), B: a / 2, A: a})
		}
	}
	for i := range gray.Pix {
		gray.Pix[i] = byte(rng.IntN(256))
	}
	images := map[string]image.Image{
		"nrgba":               base,
		"nrgba sub-image":     base.SubImage(image.Rect(1, 8, 14, 19)),
		"nrgba full-width":    base.SubImage(image.Rect(-3, 9, 21, 20)), // contiguous rows, offset start
		"nrgba empty-ish row": base.SubImage(image.Rect(0, 29, 7, 30)),
		"rgba":                rgba,
		"rgba sub-image":      rgba.SubImage(image.Rect(5, 3, 16, 12)),
		"gray sub-image":      gray.SubImage(image.Rect(12, -1, 25, 8)),
	}
	for name, img := range images {
		t.Run(name, func(t *testing.T) {
			b := img.Bounds()
			px := pool.Pixels{Width: b.Dx(), Height: b.Dy()}
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
					px.Pix = append(px.Pix, c.R, c.G, c.B, c.A)
				}
			}
			before := slices.Clone(base.Pix)
			for _, o := range []pool.Options{
				{Op: pool.Max, Kernel: pool.Square(1)},
				{Op: pool.Avg, Kernel: pool.Size{H: 1, W: 2}, Stride: pool.Square(1)},
				{Op: pool.Min, Kernel: pool.Square(3), Padding: pool.Square(1), Stride: pool.Square(2), CeilMode: true},
				{Op: pool.Avg, Kernel: pool.Square(2), Same: true, Alpha: pool.Premultiplied, ColorSpace: pool.Linear},
			} {
				want, err := pool.PoolPixels(nil, px, o)
				require.NoError(t, err)
				got, err := pool.PoolImage(img, o)
				require.NoError(t, err)
				require.Equal(t, image.Rect(0, 0, want.Width, want.Height), got.Rect)
				require.Equal(t, 4*want.Width, got.Stride)
				require.Equal(t, want.Pix, got.Pix, "%+v", o)
			}
			require.Equal(t, before, base.Pix, "PoolImage changed its input")
		})
	}
	_, err := pool.PoolImage(base, pool.Options{Op: pool.Max, Kernel: pool.Square(99)})
	require.Error(t, err)
}

// Every rank pools its planes alike.
func TestRanksAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 1))
	for range 100 {
		op := allOps[rng.IntN(len(allOps))]
		o, h, w := randomCase(rng, op, 16)
		x := randomTensor(rng, 2, 3, h, w)
		all, err := pool.Pool(x, o)
		require.NoError(t, err)
		as3, err := pool.Pool(pool.Tensor{Shape: []int{6, h, w}, Data: x.Data}, o)
		require.NoError(t, err)
		require.Equal(t, all.Data, as3.Data)
		n := len(all.Data) / 6
		for p := range 6 {
			one, err := pool.Pool(pool.Tensor{Shape: []int{h, w}, Data: x.Data[p*h*w : (p+1)*h*w]}, o)
			require.NoError(t, err)
			require.Equal(t, all.Data[p*n:(p+1)*n], one.Data)
			require.Equal(t, all.Shape[2:], one.Shape)
		}
	}
}

// Min is max of the negated input, negated back: values and indices.
func TestMinIsNegatedMax(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 1))
	for range 200 {
		o, h, w := randomCase(rng, pool.Min, 20)
		x := randomTensor(rng, 1, 2, h, w)
		for i := range x.Data {
			x.Data[i] = float32(rng.IntN(5)) // ties, where the first cell must win both ways
		}
		neg := pool.Tensor{Shape: x.Shape, Data: make([]float32, len(x.Data))}
		for i, v := range x.Data {
			neg.Data[i] = -v
		}
		lo, loIdx, err := pool.PoolIndices(x, o)
		require.NoError(t, err)
		o.Op = pool.Max
		hi, hiIdx, err := pool.PoolIndices(neg, o)
		require.NoError(t, err)
		require.Equal(t, loIdx, hiIdx)
		for i := range lo.Data {
			require.Equal(t, math.Float32bits(lo.Data[i]), math.Float32bits(-hi.Data[i]))
		}
	}
}

// Picture max and min are tensor max and min on each channel's plane.
func TestPixelsMatchTensor(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 1))
	for range 150 {
		op := []pool.Op{pool.Max, pool.Min}[rng.IntN(2)]
		o, h, w := randomCase(rng, op, 24)
		src := randomPicture(rng, w, h)
		planes := pool.Tensor{Shape: []int{4, h, w}, Data: make([]float32, 4*h*w)}
		for i, b := range src.Pix {
			planes.Data[(i%4)*h*w+i/4] = float32(b)
		}
		got, err := pool.PoolPixels(nil, src, o)
		require.NoError(t, err)
		want, err := pool.Pool(planes, o)
		require.NoError(t, err)
		n := got.Width * got.Height
		require.Equal(t, []int{4, got.Height, got.Width}, want.Shape)
		for i, b := range got.Pix {
			require.Equal(t, want.Data[(i%4)*n+i/4], float32(b), "%+v byte %d", o, i)
		}
	}
}

// The geometry Resolve reports agrees with OutputSize and SamePadding, and
// every window reads at least one cell and divides by at least that many.
func TestResolveAgrees(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	for range 500 {
		o, h, w := randomCase(rng, allOps[rng.IntN(4)], 40)
		g, err := o.Resolve(pool.Size{H: h, W: w})
		require.NoError(t, err)
		for _, a := range []struct {
			ax             pool.Axis
			in, k, s, p, d int
		}{
			{g.H, h, o.Kernel.H, o.Stride.H, o.Padding.H, o.Dilation.H},
			{g.W, w, o.Kernel.W, o.Stride.W, o.Padding.W, o.Dilation.W},
		} {
			s, d := a.s, a.d
			if s == 0 {
				s = a.k
			}
			if d == 0 {
				d = 1
			}
			var out int
			if o.Same {
				var before, after int
				out, before, after, err = pool.SamePadding(a.in, a.k, s, d)
				require.NoError(t, err)
				require.Equal(t, (a.in+s-1)/s, out)
				require.Equal(t, [2]int{before, after}, [2]int{a.ax.PadBefore, a.ax.PadAfter})
				require.LessOrEqual(t, after-before, 1)
				require.GreaterOrEqual(t, after, before)
			} else {
				out, err = pool.OutputSize(a.in, a.k, s, a.p, d, o.CeilMode)
				require.NoError(t, err)
			}
			require.Equal(t, out, a.ax.Out)
			require.Len(t, a.ax.Windows, out)
			for i, win := range a.ax.Windows {
				if win.Count < 1 || win.First < a.ax.Start(i) || win.First < 0 || win.First+(win.Count-1)*d >= a.in ||
					win.Divisor < win.Count || win.Divisor > a.k {
					t.Fatalf("%+v on %dx%d: window %d is %+v", o, h, w, i, win)
				}
			}
		}
	}
}

// Pooling never writes to its input.
func TestInputUntouched(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	for _, op := range allOps {
		o, h, w := randomCase(rng, op, 12)
		x := randomTensor(rng, 2, h, w)
		keep := slices.Clone(x.Data)
		_, err := pool.Pool(x, o)
		require.NoError(t, err)
		require.Equal(t, keep, x.Data)
		px := randomPicture(rng, w, h)
		keepPix := slices.Clone(px.Pix)
		_, err = pool.PoolPixels(nil, px, o)
		require.NoError(t, err)
		require.Equal(t, keepPix, px.Pix)
	}
}

// The examples the picture options are defined by; their bytes are the spec.
func TestPictureOptionExamples(t *testing.T) {
	// Opaque red beside transparent black: straight alpha darkens the red,
	// premultiplied alpha keeps it pure, at half alpha (127.5 rounds to even).
	red := pool.Pixels{Width: 2, Height: 1, Pix: []byte{255, 0, 0, 255, 0, 0, 0, 0}}
	for _, c := range []struct {
		o    pool.Options
		want []byte
	}{
		{pool.Options{}, []byte{128, 0, 0, 128}},
		{pool.Options{Alpha: pool.Premultiplied}, []byte{255, 0, 0, 128}},
		{pool.Options{Alpha: pool.Premultiplied, ColorSpace: pool.Linear}, []byte{255, 0, 0, 128}},
	} {
		c.o.Op, c.o.Kernel = pool.Avg, pool.Size{H: 1, W: 2}
		got, err := pool.PoolPixels(nil, red, c.o)
		require.NoError(t, err)
		assert.Equal(t, c.want, got.Pix, "%+v", c.o)
	}
	// A one-pixel black and white checkerboard: 128 on the bytes, 188 in
	// linear light, where half the light is encoded as 187.5 + 0.016.
	checker := pool.Pixels{Width: 2, Height: 2, Pix: []byte{
		0, 0, 0, 255, 255, 255, 255, 255,
		255, 255, 255, 255, 0, 0, 0, 255,
	}}
	for space, want := range map[pool.ColorSpace]byte{pool.SRGB: 128, pool.Linear: 188} {
		got, err := pool.PoolPixels(nil, checker, pool.Options{Op: pool.Avg, Kernel: pool.Square(2), ColorSpace: space})
		require.NoError(t, err)
		assert.Equal(t, []byte{want, want, want, 255}, got.Pix, "%v", space)
	}
}
