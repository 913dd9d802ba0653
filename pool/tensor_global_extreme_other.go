//go:build !wasm || !goexperiment.simd

package pool

// globalExtremes writes to each of dst's cells the max (or min) of its plane
// of n values in src (extremeOf).
func globalExtremes(dst, src []float32, n int, isMin bool) {
	globalExtremesEach(dst, src, n, isMin)
}
