//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestExtremeVecEveryLength compares extremeVec with the cells' own order on
// every length from 8, the fewest GlobalPool takes on vectors, to 40: the
// two vectors, their remainder and the overlapping last four cells. Where the result is a zero or a NaN, which
// callers take again in order, only its class is compared.
func TestExtremeVecEveryLength(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for n := 8; n <= 40; n++ {
		for trial := range 200 {
			s := planeOf(rng, rng.IntN(4), n)
			if trial%7 == 0 {
				s[rng.IntN(n)] = float32(math.NaN())
			}
			for _, isMin := range []bool{false, true} {
				want := float32(math.Inf(-1))
				if isMin {
					want = float32(math.Inf(1))
				}
				for _, v := range s {
					if (v > want && !isMin) || (v < want && isMin) || v != v {
						want = v
					}
				}
				got := extremeVec(ptr(s), n, isMin)
				at := "n " + strconv.Itoa(n) + " trial " + strconv.Itoa(trial)
				switch {
				case want != want:
					require.True(t, got != got, at)
				case want == 0:
					require.Equal(t, float32(0), got, at)
				default:
					require.Equal(t, math.Float32bits(want), math.Float32bits(got), at)
				}
			}
		}
	}
}

// TestGlobalExtremesMatchInOrder runs GlobalPool's max and min over many
// planes of every length from 1 to 40 (in wasm one assembly loop over all
// of them) against extremeOf cell by cell in order, with the vector kernels
// off: every bit must agree, the zeros' signs and the NaNs' payloads too.
func TestGlobalExtremesMatchInOrder(t *testing.T) {
	if !vectorsRun {
		t.Skip("this machine runs no vector kernels")
	}
	rng := rand.New(rand.NewPCG(43, 44))
	for n := 1; n <= 40; n++ {
		planes := 1 + rng.IntN(12)
		var src []float32
		for range planes {
			src = append(src, planeOf(rng, rng.IntN(6), n)...)
		}
		for _, isMin := range []bool{false, true} {
			got := make([]float32, planes)
			globalExtremes(got, src, n, isMin)
			want := make([]float32, planes)
			vectorsRun = false
			globalExtremes(want, src, n, isMin)
			vectorsRun = true
			for i := range want {
				require.Equal(t, math.Float32bits(want[i]), math.Float32bits(got[i]), "n %d plane %d min %v", n, i, isMin)
			}
		}
	}
}
