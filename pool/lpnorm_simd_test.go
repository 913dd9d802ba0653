//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCbrt4IsCbrt(t *testing.T) {
	sums := cbrtSums()
	for i := 0; i+4 <= len(sums); i++ {
		four := (*[4]float64)(sums[i : i+4])
		var got [4]float32
		cbrt4(&got, four)
		for c, s := range four {
			if want := float32(math.Cbrt(s)); math.Float32bits(want) != math.Float32bits(got[c]) {
				require.Failf(t, "cbrt4 differs from math.Cbrt", "s %v: %v, want %v", s, got[c], want)
			}
		}
	}
}

func BenchmarkCubeRoot4(b *testing.B) {
	sums := cubeRootBenchSums()
	out := make([]float32, len(sums))
	for b.Loop() {
		for i := 0; i < len(sums); i += 4 {
			cbrt4((*[4]float32)(out[i:]), (*[4]float64)(sums[i:]))
		}
	}
}
