package pool

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFastPathsMatchGeneral runs every fast kernel and the general kernel on
// the same random pictures and options: the fast paths are only correct if
// they agree byte for byte everywhere, borders and bands included.
func TestFastPathsMatchGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ops := []Op{Max, Min, Avg, Lp}
	checked := map[kernelPath]int{}
	for i := range 6000 {
		w, h := 1+rng.IntN(40), 1+rng.IntN(40)
		o := Options{
			Op:     ops[rng.IntN(len(ops))],
			Kernel: Size{1 + rng.IntN(9), 1 + rng.IntN(9)},
			Stride: Size{1 + rng.IntN(4), 1 + rng.IntN(4)},
		}
		switch rng.IntN(5) {
		case 0:
			o.Same = true
		case 1:
			o.Padding = Size{rng.IntN(o.Kernel.H/2 + 1), rng.IntN(o.Kernel.W/2 + 1)}
			o.CeilMode = rng.IntN(2) == 0
			o.ExcludePad = rng.IntN(2) == 0
		case 2:
			o.Kernel, o.Stride = Square(2), Square(2)
		case 3:
			// Blocks that tile the picture (a downscale by a whole factor),
			// sometimes up to 16x16 and past the 16-bit lanes.
			o.Kernel = Size{1 + rng.IntN(6), 1 + rng.IntN(6)}
			if rng.IntN(4) == 0 {
				o.Kernel = Size{1 + rng.IntN(18), 1 + rng.IntN(18)}
			}
			o.Stride = o.Kernel
			o.CeilMode = rng.IntN(4) == 0
		}
		if o.Op == Lp {
			o.P = []float64{1, 2, 2, 3}[rng.IntN(4)]
		} else if rng.IntN(4) == 0 {
			o.ColorSpace = Linear
		}
		if o.Op == Avg && rng.IntN(3) == 0 {
			o.Alpha = Premultiplied
		}
		px := randomPixels(rng, w, h)
		g, err := o.withDefaults().Resolve(Size{h, w})
		if err != nil {
			continue
		}
		want := make([]byte, 4*g.W.Out*g.H.Out)
		k := kernelPixels{src: px.Pix, stride: 4 * w, g: &g, o: o.withDefaults()}
		k.general(want, 0, g.H.Out)

		got, err := PoolPixels(nil, px, o)
		require.NoError(t, err, "case %d: %+v", i, o)
		require.Equal(t, want, got.Pix, "case %d: %dx%d %+v", i, w, h, o)
		checked[choosePath(&g, o.withDefaults())]++

		// A band of output rows from a band of input rows gives the same bytes.
		from := rng.IntN(g.H.Out)
		to := from + 1 + rng.IntN(g.H.Out-from)
		y0, y1, err := o.InputRows(Size{h, w}, from, to)
		require.NoError(t, err)
		band := Pixels{Pix: px.Pix[4*w*y0 : 4*w*y1], Width: w, Height: y1 - y0}
		part, err := PoolPixelRows(nil, band, o, Rows{Height: h, SrcY: y0, From: from, To: to})
		require.NoError(t, err, "case %d band [%d, %d): %+v", i, from, to, o)
		require.Equal(t, want[4*g.W.Out*from:4*g.W.Out*to], part.Pix, "case %d band [%d, %d): %+v", i, from, to, o)
	}
	for _, path := range []kernelPath{pathExtreme2x2, pathAvg2x2, pathLp2x2, pathPremultiplied2x2, pathLinear2x2, pathExtremeBlocks, pathAvgBlocks,
		pathPremultipliedLanes, pathLinearLanes, pathExtremeSeparable, pathAvgLanes} {
		require.Greater(t, checked[path], 50, "fast path %d is barely exercised: %v", path, checked)
	}
}

// TestVanHerkGilWermanLargeWindows covers windows long enough for the
// van Herk/Gil-Werman passes on both axes, and averages too large for 16-bit
// lanes, with padding on every side.
func TestVanHerkGilWermanLargeWindows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	paths := map[kernelPath]int{}
	for _, tc := range []struct {
		size   Size
		kernel Size
		stride Size
		same   bool
	}{
		{Size{37, 41}, Square(15), Square(1), true},
		{Size{64, 3}, Size{31, 3}, Square(1), true},
		{Size{20, 50}, Size{7, 13}, Size{2, 3}, false},
		{Size{1, 1}, Square(9), Square(1), true},
		// Over 257 cells: the average leaves 16-bit lanes for uint32 sums.
		{Size{70, 45}, Square(17), Square(1), true},
		{Size{40, 41}, Size{33, 9}, Size{2, 1}, false},
		// Over 1024 cells: no quotient table, every value divided.
		{Size{50, 60}, Size{35, 33}, Size{3, 2}, false},
		// One window over the whole picture, of odd width and even.
		{Size{37, 41}, Size{37, 41}, Square(1), false},
		{Size{300, 260}, Size{300, 260}, Square(1), false},
		{Size{9, 601}, Size{9, 601}, Square(1), false},
	} {
		for _, op := range []Op{Max, Min, Avg} {
			o := Options{Op: op, Kernel: tc.kernel, Stride: tc.stride, Same: tc.same}
			px := randomPixels(rng, tc.size.W, tc.size.H)
			g, err := o.withDefaults().Resolve(tc.size)
			require.NoError(t, err)
			want := make([]byte, 4*g.W.Out*g.H.Out)
			k := kernelPixels{src: px.Pix, stride: 4 * px.Width, g: &g, o: o.withDefaults()}
			k.general(want, 0, g.H.Out)
			got, err := PoolPixels(nil, px, o)
			require.NoError(t, err)
			require.Equal(t, want, got.Pix, "%v %+v", tc.size, o)
			paths[choosePath(&g, o.withDefaults())]++
		}
	}
	require.Positive(t, paths[pathAvgSeparable], "%v", paths)
	require.Positive(t, paths[pathAvgLanes], "%v", paths)
	require.Positive(t, paths[pathAvgGlobal], "%v", paths)
}

func randomPixels(rng *rand.Rand, w, h int) Pixels {
	px := Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
	for i := range px.Pix {
		px.Pix[i] = byte(rng.Uint32())
	}
	return px
}

func TestDivRoundEvenRecip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	check := func(n, d uint32) {
		require.Equal(t, uint32(divRoundEven(uint64(n), uint64(d))), divRoundEvenRecip(n, d, reciprocal(d)), "%d/%d", n, d)
	}
	for range 500000 {
		d := uint32(1 + rng.IntN(1<<24))
		check(uint32(rng.Uint64N(uint64(d)*256)), d)
	}
	// Exact multiples and ties are where a reciprocal rounds the wrong way.
	for d := uint32(1); d < 5000; d++ {
		for _, q := range []uint32{0, 1, 2, 127, 254, 255} {
			check(q*d, d)
			check(q*d+d/2, d)
			if q*d+d-1 >= q*d {
				check(q*d+d-1, d)
			}
		}
	}
	check(maxSumCells*255, maxSumCells)
	check(maxSumCells*255-1, maxSumCells)
}

// TestDivRoundEvenMagic checks every numerator of every divisor an alpha sum
// of a 2x2 block can be, then random and boundary ones up to maxMagicDivisor.
func TestDivRoundEvenMagic(t *testing.T) {
	check := func(n, d uint64) {
		if got := divRoundEvenMagic(n, d, magic(d)); got != divRoundEven(n, d) {
			require.Equal(t, divRoundEven(n, d), got, "%d/%d", n, d)
		}
	}
	for d := uint64(1); d <= 255*4; d++ {
		for n := range 255*d + 1 {
			check(n, d)
		}
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 500000 {
		d := 1 + rng.Uint64N(maxMagicDivisor)
		check(rng.Uint64N(255*d+1), d)
	}
	for _, d := range []uint64{maxMagicDivisor, maxMagicDivisor - 1, 255 * 64, 255*64 + 1, 1 << 20, 1<<20 - 1} {
		for q := range uint64(256) {
			for _, n := range []uint64{q * d, q*d + d/2, q*d + (d-1)/2, q*d + d - 1} {
				if n <= 255*d {
					check(n, d)
				}
			}
		}
	}
}

// TestGeMask compares every pair of byte values in every byte position.
func TestGeMask(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for x := range 256 {
		for y := range 256 {
			pos := uint(rng.IntN(8)) * 8
			noise := rng.Uint64() &^ (0xFF << pos)
			a, b := noise|uint64(x)<<pos, rng.Uint64()&^(0xFF<<pos)|uint64(y)<<pos
			got := geMask(a, b) >> pos & 0xFF
			want := uint64(0)
			if x >= y {
				want = 0xFF
			}
			require.Equal(t, want, got, "%d >= %d at bit %d", x, y, pos)
			require.Equal(t, uint64(max(x, y)), max8(a, b)>>pos&0xFF)
			require.Equal(t, uint64(min(x, y)), min8(a, b)>>pos&0xFF)
			require.Equal(t, uint64(min(x, y)), extreme8(a, b, true)>>pos&0xFF)
		}
	}
}

// TestAvgGlobalSaturated sums the largest bytes over rows longer than the
// kernel's flush interval: a lane that overflowed would show.
func TestAvgGlobalSaturated(t *testing.T) {
	for _, w := range []int{1, 2, 513, 514, 1025, 2053} {
		px := Pixels{Pix: make([]byte, 4*w*3), Width: w, Height: 3}
		fill(px.Pix, 255)
		px.Pix[0] = 0 // one dark red value: the mean stays just under 255
		got, err := PoolPixels(nil, px, Options{Op: Avg, Kernel: Size{3, w}})
		require.NoError(t, err)
		wantR := byte(divRoundEven(uint64(255*(3*w-1)), uint64(3*w)))
		require.Equal(t, []byte{wantR, 255, 255, 255}, got.Pix, "width %d", w)
	}
}

// TestNinthsMatchGeneral covers the kernels that divide by 9 in lanes: the
// 3x3 stride-1 average on every padding, both parities of width and of the
// whole windows' start, pictures too small for its word loop; 3x3 blocks
// of both parities in number; bytes near 0 and 255, and bands of rows.
func TestNinthsMatchGeneral(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	paths := map[kernelPath]int{}
	for i := range 4000 {
		w, h := 1+rng.IntN(70), 1+rng.IntN(12)
		o := Options{Op: Avg, Kernel: Square(3), Stride: Square(1)}
		switch rng.IntN(4) {
		case 0:
			o.Same = true
		case 1:
			o.Padding = Size{rng.IntN(3), rng.IntN(3)}
			o.CeilMode = rng.IntN(2) == 0
			o.ExcludePad = rng.IntN(2) == 0
		case 2:
			o.Stride = Square(3)
		}
		px := randomPixels(rng, w, h)
		if rng.IntN(3) == 0 {
			// Sums at and next to the multiples of 9 a rounding error would
			// cross: runs of 0, 1, 254 and 255.
			for j := range px.Pix {
				px.Pix[j] = [...]byte{0, 1, 254, 255}[rng.IntN(4)]
			}
		}
		g, err := o.withDefaults().Resolve(Size{h, w})
		if err != nil {
			continue
		}
		paths[choosePath(&g, o.withDefaults())]++
		want := make([]byte, 4*g.W.Out*g.H.Out)
		k := kernelPixels{src: px.Pix, stride: 4 * w, g: &g, o: o.withDefaults()}
		k.general(want, 0, g.H.Out)
		got, err := PoolPixels(nil, px, o)
		require.NoError(t, err)
		require.Equal(t, want, got.Pix, "case %d: %dx%d %+v", i, w, h, o)

		from := rng.IntN(g.H.Out)
		to := from + 1 + rng.IntN(g.H.Out-from)
		y0, y1, err := o.InputRows(Size{h, w}, from, to)
		require.NoError(t, err)
		band := Pixels{Pix: px.Pix[4*w*y0 : 4*w*y1], Width: w, Height: y1 - y0}
		part, err := PoolPixelRows(nil, band, o, Rows{Height: h, SrcY: y0, From: from, To: to})
		require.NoError(t, err)
		require.Equal(t, want[4*g.W.Out*from:4*g.W.Out*to], part.Pix, "case %d band [%d, %d): %+v", i, from, to, o)
	}
	require.Greater(t, paths[pathAvgBox3], 2000, "%v", paths)
	require.Greater(t, paths[pathAvgBlocks], 500, "%v", paths)
}

// TestRoundedRoot checks lp2x2's integer rounding of a root against lp's
// on every sum of four squared bytes.
func TestRoundedRoot(t *testing.T) {
	for s := range 4*255*255 + 1 {
		want := clampByte(math.RoundToEven(math.Sqrt(float64(s))))
		if got := roundedRoot(s); got != want {
			require.Equal(t, want, got, "root of %d", s)
		}
	}
}

// TestNinth checks the multiply-shift division by 9 on every sum it meets.
func TestNinth(t *testing.T) {
	for n := range uint64(9*255 + 1) {
		require.Equal(t, divRoundEven(n, 9), (n+4)*ninth>>16, "%d/9", n)
	}
}

// TestPow2Quotients checks the lane division by 2^s on every sum of 2^s
// bytes, in every lane, beside lanes that would carry into it if it leaked.
func TestPow2Quotients(t *testing.T) {
	for shift := 1; shift <= 8; shift++ {
		d := uint64(1) << shift
		bias := uint64(1<<(shift-1)-1) * laneOne
		for n := range 255*d + 1 {
			for lane := range 4 {
				w := (255*d)*laneOne&^(0xFFFF<<(16*lane)) | n<<(16*lane)
				got := pow2Quotients(w, shift, bias) >> (16 * lane) & 0xFFFF
				require.Equal(t, divRoundEven(n, d), got, "%d/%d in lane %d", n, d, lane)
			}
		}
	}
}
