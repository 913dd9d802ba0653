package pool

import (
	"math"
	"math/rand/v2"
	"testing"
)

// eightSums is sumOf's order written plainly: cell i goes to running sum
// i%8 up to the last whole eight, the rest to the first.
func eightSums(s []float32) float64 {
	var sums [8]float64
	whole := len(s) / 8 * 8
	for i, v := range s {
		if i < whole {
			sums[i%8] += float64(v)
		} else {
			sums[0] += float64(v)
		}
	}
	return ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]))
}

// TestSumOfOrder holds globalMeansF64 (a vector loop in wasm and on amd64,
// or the portable sumOf plane by plane) to sumOf's order, on lengths around
// the whole eights, runs of planes (in round 3, more than the amd64 loop's
// chunk of 64), and planes of wide magnitudes, where another order rounds
// differently.
func TestSumOfOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for n := 1; n < 80; n++ {
		for round := range 4 {
			planes := 1 + rng.IntN(5)
			if round == 3 {
				planes = 129 + rng.IntN(64)
			}
			s := make([]float32, 0, planes*n)
			for range planes {
				s = append(s, randomPlaneValues(rng, n)...)
			}
			for i := range s {
				if round == 0 {
					s[i] *= float32(math.Ldexp(1, rng.IntN(60)-30))
				}
			}
			if round == 1 && n > 1 {
				// A huge value and its negation in each plane: what
				// survives of the rest depends on where each sum meets
				// them.
				for p := range planes {
					i, j := rng.IntN(n), rng.IntN(n)
					s[p*n+i], s[p*n+j] = 1<<60, -(1 << 60)
				}
			}
			got := make([]float32, planes)
			globalMeansF64(got, s, n)
			for p := range planes {
				want := float32(eightSums(s[p*n:(p+1)*n]) / float64(n))
				if math.Float32bits(want) != math.Float32bits(got[p]) && !(want != want && got[p] != got[p]) {
					t.Fatalf("n %d round %d plane %d of %d: mean %v, want %v", n, round, p, planes, got[p], want)
				}
			}
		}
	}
}
