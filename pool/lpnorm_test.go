package pool

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lpPowerSamples returns float32 magnitudes over the whole range: every
// binade (subnormals too) at random significands, and the edges.
func lpPowerSamples(n int) []float64 {
	rng := rand.New(rand.NewPCG(3, 5))
	xs := []float64{0, math.SmallestNonzeroFloat32, math.MaxFloat32, 1, math.Inf(1)}
	for range n {
		xs = append(xs, float64(math.Float32frombits(rng.Uint32N(0x7f800000))))
	}
	return xs
}

func TestLpPowerIsPow(t *testing.T) {
	for _, p := range []float64{1, 2, 3} {
		pow := lpPower(p)
		for _, x := range lpPowerSamples(200000) {
			want, got := math.Pow(x, p), pow(x)
			if math.Float64bits(want) != math.Float64bits(got) {
				require.Failf(t, "lpPower differs from math.Pow", "p %v, x %v: %v, want %v", p, x, got, want)
			}
		}
	}
}

// TestCbrt32ErrorBound checks the claim cbrt32's exactness rests on: four
// Newton steps from cbrtGuess land within 2^-50 of the cube root, far
// inside the 2^-36 its rounding test allows, over every binade it takes.
func TestCbrt32ErrorBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 13))
	worst := 0.0
	for e := -378; e <= 380; e++ {
		for range 200 {
			s := math.Ldexp(1+rng.Float64(), e)
			r := cbrtGuess(s)
			assert.InDelta(t, 1, r*math.Cbrt(s), 0.08, "first guess for %v", s)
			s3 := s * (1.0 / 3)
			for range 4 {
				r = cbrtStep(r, s3)
			}
			c := math.Cbrt(s)
			worst = max(worst, math.Abs(s*(r*r)-c)/c)
		}
	}
	assert.Less(t, worst, 0x1p-50)
}

func TestCbrt32IsCbrt(t *testing.T) {
	for _, s := range cbrtSums() {
		want, got := float32(math.Cbrt(s)), cbrt32(s)
		if math.Float32bits(want) != math.Float32bits(got) {
			require.Failf(t, "cbrt32 differs from math.Cbrt", "s %v: %v, want %v", s, got, want)
		}
	}
}

// cbrtSums returns sums to take cube roots of: every binade cbrt32 takes
// and its edges, cubes of float32 values, whose roots sit exactly on a
// float32, and their neighbours, whose roots sit next to one.
func cbrtSums() []float64 {
	rng := rand.New(rand.NewPCG(17, 19))
	sums := []float64{0, 0x1p-378, 0x1p-379, 0x1p380, 0x1p381, math.MaxFloat64, math.Inf(1), math.NaN(),
		math.SmallestNonzeroFloat64, 1, 8, 27, 1e-300}
	for range 1000000 {
		sums = append(sums, math.Ldexp(1+rng.Float64(), rng.IntN(1000)-520))
	}
	for _, x := range lpPowerSamples(100000) {
		c := x * x * x
		sums = append(sums, c, math.Nextafter(c, 0), math.Nextafter(c, math.Inf(1)))
	}
	return sums
}

// cubeRootBenchSums returns the sums the cube-root benchmarks take the
// roots of: window sums of cubes of values around 1.
func cubeRootBenchSums() []float64 {
	rng := rand.New(rand.NewPCG(23, 29))
	sums := make([]float64, 1<<12)
	for i := range sums {
		sums[i] = rng.Float64() * 100
	}
	return sums
}

func BenchmarkCubeRoot(b *testing.B) {
	sums := cubeRootBenchSums()
	out := make([]float32, len(sums))
	b.Run("Cbrt", func(b *testing.B) {
		for b.Loop() {
			for i, s := range sums {
				out[i] = float32(math.Cbrt(s))
			}
		}
	})
	b.Run("cbrt32", func(b *testing.B) {
		for b.Loop() {
			for i, s := range sums {
				out[i] = cbrt32(s)
			}
		}
	})
}
