package pool

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// modesPicture fills a w x h picture for the picture options' kernels:
// random colours under alphas drawn from one of a few mixes, so that windows
// are fully transparent, opaque, or mixed, and sums reach their extremes.
func modesPicture(rng *rand.Rand, w, h int, mix int) Pixels {
	px := vectorPicture(rng, w, h)
	for i := 3; i < len(px.Pix); i += 4 {
		switch mix % 4 {
		case 0: // as vectorPicture left it
		case 1:
			px.Pix[i] = []byte{0, 255}[rng.IntN(2)]
		case 2:
			px.Pix[i] = []byte{0, 1, 254, 255}[rng.IntN(4)]
		case 3:
			if rng.IntN(8) != 0 {
				px.Pix[i] = 0
			}
		}
	}
	return px
}

// modesOptions returns options that reach the vector kernels of the
// premultiplied average: 2x2 blocks, blocks a multiple of four pixels wide,
// windows with stride 1 (padded or not), or blocks that leave them to the
// column sums of premultipliedLanes.
func modesOptions(kind, kh, kw int) Options {
	switch kind % 4 {
	case 0:
		return Options{Op: Avg, Kernel: Square(2), Alpha: Premultiplied}
	case 1:
		kw = 4 * (1 + kw%4)
		kh = 1 + kh%(64/kw)
		return Options{Op: Avg, Kernel: Size{kh, kw}, Alpha: Premultiplied}
	case 2:
		return Options{Op: Avg, Kernel: Size{1 + kh%9, 1 + kw%9}, Stride: Square(1), Same: (kh+kw)%2 == 0,
			ExcludePad: kh%3 == 0, Alpha: Premultiplied}
	}
	return Options{Op: Avg, Kernel: Size{1 + kh%9, 1 + kw%9}, Alpha: Premultiplied}
}

// checkModes wants the same bytes from the vector and the portable kernels
// for o on px, and on a band of its output rows.
func checkModes(t *testing.T, rng *rand.Rand, px Pixels, o Options) {
	g, err := o.withDefaults().Resolve(Size{px.Height, px.Width})
	if err != nil {
		return
	}
	vec, port, path := poolBoth(t, px, px.Height, 0, o, 0, g.H.Out)
	require.Equal(t, port, vec, "%dx%d %+v (path %d)", px.Width, px.Height, o, path)
	from := rng.IntN(g.H.Out)
	to := from + 1 + rng.IntN(g.H.Out-from)
	y0, y1 := g.inputRows(from, to)
	y0 = max(0, y0)
	band := Pixels{Pix: px.Pix[4*px.Width*y0 : 4*px.Width*y1], Width: px.Width, Height: y1 - y0}
	vec, port, _ = poolBoth(t, band, px.Height, y0, o, from, to)
	require.Equal(t, port, vec, "%dx%d %+v band [%d, %d)", px.Width, px.Height, o, from, to)
}

// TestPremultipliedVectorsMatchPortable compares the premultiplied average's
// vector kernels with the portable ones over random pictures of every width
// phase, alpha mixes and block shapes.
func TestPremultipliedVectorsMatchPortable(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 20))
	for i := range 2000 {
		o := modesOptions(i, rng.IntN(64), rng.IntN(64))
		w, h := 1+rng.IntN(90), 1+rng.IntN(40)
		if i%50 == 0 {
			w, h = 300+rng.IntN(500), 60+rng.IntN(70)
		}
		checkModes(t, rng, modesPicture(rng, w, h, i/3), o)
	}
}

// TestPremultipliedVectorsExtremeSums runs the blocks and the windows of
// stride 1 whose sums are the largest the vector kernels take, all opaque
// white, and the ties of a half: colours c and c+1 under one alpha, their
// mean exactly c + 1/2.
func TestPremultipliedVectorsExtremeSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	var cases []Options
	for _, k := range []Size{{2, 2}, {4, 4}, {16, 4}, {8, 8}, {4, 16}, {1, 4}, {3, 12}} {
		cases = append(cases, Options{Op: Avg, Kernel: k, Alpha: Premultiplied})
	}
	for _, k := range []Size{{3, 3}, {8, 8}, {4, 16}, {1, 64}, {2, 5}} {
		cases = append(cases, Options{Op: Avg, Kernel: k, Stride: Square(1), Same: k.W%2 == 1, Alpha: Premultiplied})
	}
	for _, o := range cases {
		k := o.Kernel
		for _, fill := range []func(i int) byte{
			func(int) byte { return 255 },
			func(i int) byte {
				if i%4 == 3 {
					return byte(1 + i/4%255)
				}
				return byte(i / 4 % 2 * 255) // 0 and 255 side by side
			},
			func(i int) byte {
				if i%4 == 3 {
					return 77
				}
				return byte(100 + i/4%2)
			},
		} {
			w, h := 8*k.W+3, 2*k.H+1
			px := Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
			for i := range px.Pix {
				px.Pix[i] = fill(i)
			}
			checkModes(t, rng, px, o)
		}
	}
}

// FuzzPremultipliedVectors compares the premultiplied average's vector
// kernels with the portable ones on fuzzed shapes, sizes and alpha mixes.
func FuzzPremultipliedVectors(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint8(0), uint8(17), uint8(9), uint8(0), uint64(1))
	f.Add(uint8(1), uint8(3), uint8(0), uint8(67), uint8(13), uint8(1), uint64(2))
	f.Add(uint8(1), uint8(15), uint8(0), uint8(33), uint8(33), uint8(2), uint64(3))
	f.Add(uint8(1), uint8(1), uint8(3), uint8(70), uint8(5), uint8(3), uint64(4))
	f.Add(uint8(2), uint8(2), uint8(2), uint8(40), uint8(20), uint8(0), uint64(5))
	f.Add(uint8(3), uint8(2), uint8(2), uint8(40), uint8(20), uint8(1), uint64(6))
	f.Fuzz(func(t *testing.T, kind, kh, kw, w, h, mix uint8, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 1))
		o := modesOptions(int(kind), int(kh), int(kw))
		checkModes(t, rng, modesPicture(rng, 1+int(w)%100, 1+int(h)%50, int(mix)), o)
	})
}

// TestPremultipliedBlocksAllBytes runs the block kernels over every pair of
// a colour byte and an alpha byte, in order and shuffled, so that the
// blocks' sums and quotients reach every alpha sum with colours at both ends.
func TestPremultipliedBlocksAllBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(22, 22))
	w, h := 256, 258
	px := Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
	for i := range w * h {
		c, a := byte(i), byte(i>>8)
		px.Pix[4*i], px.Pix[4*i+1], px.Pix[4*i+2], px.Pix[4*i+3] = c, ^c, c*7+a, a
	}
	kernels := []Size{{2, 2}, {4, 4}, {8, 8}, {3, 16}}
	for _, k := range kernels {
		checkModes(t, rng, px, Options{Op: Avg, Kernel: k, Alpha: Premultiplied})
	}
	rng.Shuffle(w*h, func(i, j int) {
		p, q := px.Pix[4*i:4*i+4], px.Pix[4*j:4*j+4]
		var s [4]byte
		copy(s[:], p)
		copy(p, q)
		copy(q, s[:])
	})
	for _, k := range kernels {
		checkModes(t, rng, px, Options{Op: Avg, Kernel: k, Alpha: Premultiplied})
	}
}
