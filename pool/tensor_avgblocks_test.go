//go:build goexperiment.simd && (wasm || amd64)

package pool

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestAvgBlocksRowMatchesDirect runs the blocks row kernel beside
// avgRowDirect on every width of window from 2 to 6, one to three rows, and
// every count of outputs around its turns of sixteen, eight and four, on
// values with ties of +0 and -0 (a sum of -0 cells from +0 is +0) and
// NaNs, the last row ending where its memory does.
func TestAvgBlocksRowMatchesDirect(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// Each case's cells end where this allocation does (one on the heap,
	// too large for the stack, of whole pages): a read past them straddles
	// its end, which -race's pointer checks report.
	mem := make([]float32, 1<<15)
	for k := 2; k <= 6; k++ {
		for rows := 1; rows <= 3; rows++ {
			for n := 1; n <= 40; n++ {
				for range 3 {
					stride := k*n + rng.IntN(3)
					src := mem[len(mem)-rows*stride:]
					copy(src, randomPlaneValues(rng, rows*stride))
					if rng.IntN(2) == 0 {
						for i := range src {
							src[i] = specials[rng.IntN(2)] // +0 and -0 alone
						}
					}
					divs := make([]float32, n)
					for i := range divs {
						divs[i] = float32(1 + rng.IntN(9))
					}
					want, got := make([]float32, n), make([]float32, n)
					avgRowDirect(ptr(want), ptr(src), uintptr(4*stride), rows, n, k, k, ptr(divs))
					avgBlocksRow(ptr(got), ptr(src), uintptr(4*stride), rows, n, k, ptr(divs))
					sameBits(t, want, got, true, fmt.Sprintf("k=%d rows=%d n=%d", k, rows, n))
				}
			}
		}
	}
}
