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

// TestSumOfOrder holds sumOf (a wasm vector loop, or the portable one) to
// its order, on lengths around the whole eights and planes of wide
// magnitudes, where another order rounds differently.
func TestSumOfOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for n := 1; n < 80; n++ {
		for round := range 4 {
			s := randomPlaneValues(rng, n)
			for i := range s {
				if round == 0 {
					s[i] *= float32(math.Ldexp(1, rng.IntN(60)-30))
				}
			}
			want, got := eightSums(s), sumOf(s)
			if math.Float64bits(want) != math.Float64bits(got) && !(want != want && got != got) {
				t.Fatalf("n %d round %d: sumOf %v, want %v", n, round, got, want)
			}
		}
	}
}
