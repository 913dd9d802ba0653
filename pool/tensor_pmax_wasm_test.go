//go:build goexperiment.simd

package pool

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAnyNaN puts one NaN at every place of planes of every length up to
// past two of anyNaN's turns, among values with -0 and one infinity (whose
// sums stay finite or that infinity), which must read as no NaN.
func TestAnyNaN(t *testing.T) {
	nans := []float32{math.Float32frombits(0x7fc00000), math.Float32frombits(0xffc00001), math.Float32frombits(0x7f800001)}
	for n := range 40 {
		v := make([]float32, n+1) // one more cell, past the n read, holds a NaN
		for i := range v {
			v[i] = []float32{0, float32(math.Copysign(0, -1)), -1, 1e30, float32(math.Inf(-1))}[i%5]
		}
		v[n] = nans[0]
		require.False(t, anyNaN(ptr(v), n), "n=%d without NaN", n)
		for i := range n {
			old := v[i]
			v[i] = nans[i%len(nans)]
			require.True(t, anyNaN(ptr(v), n), "n=%d NaN at %d", n, i)
			v[i] = old
		}
	}
}

// TestCopyRowsNaN copies rows of every width up to past two of the copy's
// turns, padded apart, with one NaN at every place in turn.
func TestCopyRowsNaN(t *testing.T) {
	for cols := 1; cols < 40; cols++ {
		const rows, pitch = 3, 45
		src := make([]float32, rows*cols)
		for i := range src {
			src[i] = []float32{0, float32(math.Copysign(0, -1)), -1, 1e30, float32(math.Inf(-1)), 7}[i%6]
		}
		dst := make([]float32, rows*pitch)
		require.False(t, copyRowsNaN(ptr(dst), ptr(src), 4*pitch, rows, cols), "cols=%d without NaN", cols)
		for r := range rows {
			sameBits(t, src[r*cols:(r+1)*cols], dst[r*pitch:r*pitch+cols], false, "cols="+strconv.Itoa(cols))
		}
		for i := range src {
			old := src[i]
			src[i] = math.Float32frombits(0x7fc00000)
			require.True(t, copyRowsNaN(ptr(dst), ptr(src), 4*pitch, rows, cols), "cols=%d NaN at %d", cols, i)
			src[i] = old
		}
	}
}

// TestNaNFreePassesMatchExact runs each pass for planes without NaN beside
// the exact one it stands for, on every length around its vectors' ends, on
// values whose ties (+0 and -0, equal numbers) show which cell won.
func TestNaNFreePassesMatchExact(t *testing.T) {
	vals := []float32{0, float32(math.Copysign(0, -1)), 1, -1, float32(math.Inf(1)), float32(math.Inf(-1)), 2}
	src := make([]float32, 256)
	for i := range src {
		src[i] = vals[(i*i+3*i)%len(vals)]
	}
	for _, c := range []struct{ k, s int }{{3, 1}, {5, 1}, {3, 2}} {
		h, _, _ := nanFreePasses(c.k, c.s, 1, 1)
		exact := exactHPass(c.k, c.s)
		for n := 1; n < 40; n++ {
			want, got := make([]float32, n), make([]float32, n)
			exact(ptr(want), ptr(src), n)
			h(ptr(got), ptr(src), n)
			sameBits(t, want, got, false, "h "+strconv.Itoa(c.k)+"/"+strconv.Itoa(c.s)+" n="+strconv.Itoa(n))
		}
	}
	for _, k := range []int{3, 5} {
		_, v, _ := nanFreePasses(1, 1, k, 1)
		for cols := 1; cols < 20; cols++ {
			for _, step := range []int{1, 2} {
				rows := 3
				pitch := 4 * (cols + 3)
				want, got := make([]float32, rows*cols), make([]float32, rows*cols)
				vmaxRows(ptr(want), ptr(src), pitch, step*pitch, k, rows, cols)
				v(ptr(got), ptr(src), pitch, step*pitch, k, rows, cols)
				sameBits(t, want, got, false, "v "+strconv.Itoa(k)+" cols="+strconv.Itoa(cols))
			}
		}
	}
	_, _, fused := nanFreePasses(2, 2, 2, 2)
	for cols := 4; cols < 20; cols++ {
		for _, extra := range []int{0, 1, 3} {
			w, rows := 2*cols+extra, 3
			want, got := make([]float32, rows*cols), make([]float32, rows*cols)
			for r := range rows {
				for x := range cols {
					a, b := src[2*r*w+2*x:], src[(2*r+1)*w+2*x:]
					m := beat(beat(beat(u32(ptr(a), 0), u32(ptr(a), 1)), u32(ptr(b), 0)), u32(ptr(b), 1))
					want[r*cols+x] = math.Float32frombits(m)
				}
			}
			fused(ptr(got), ptr(src), 4*w, rows, cols)
			sameBits(t, want, got, false, "2x2 cols="+strconv.Itoa(cols)+" w="+strconv.Itoa(w))
		}
	}
}

// TestStemPassMatchesExact runs the stem pass beside the general kernel on
// random planes of every even size around its vectors' ends, ties of +0 and
// -0 included (which the pass takes again row by row), and checks that a
// plane with a NaN is reported and left to the exact passes.
func TestStemPassMatchesExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	stem := stemPassFor()
	o := Options{Op: Max, Kernel: Square(3), Stride: Square(2), Padding: Square(1)}
	for w := 8; w <= 42; w += 2 {
		for h := 2; h <= 10; h += 2 {
			for range 6 {
				g, err := o.withDefaults().Resolve(Size{h, w})
				require.NoError(t, err)
				src := randomPlaneValues(rng, h*w)
				msg := "[" + strconv.Itoa(h) + ", " + strconv.Itoa(w) + "]"
				// A sum of huge values overflows to an infinity, and one of
				// each to NaN: the pass may report a NaN there too.
				nan, huge := false, false
				for _, v := range src {
					nan = nan || v != v
					huge = huge || math.Abs(float64(v)) >= 1e30
				}
				got := make([]float32, g.H.Out*g.W.Out)
				reported := stem(ptr(got), ptr(src), ptr(make([]float32, 3*w/2+8)), w, g.H.Out)
				if nan {
					require.True(t, reported, "%s: a NaN not reported", msg)
					continue
				}
				if !huge {
					require.False(t, reported, "%s: a NaN reported in a plane without", msg)
				}
				if !reported {
					sameBits(t, generalPlane(Max, &g, src), got, false, msg)
				}
			}
		}
	}
}
