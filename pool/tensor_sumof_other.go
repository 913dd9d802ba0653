//go:build !(wasm || amd64) || !goexperiment.simd

package pool

// globalMeansF64 writes to each of dst's cells the mean of its plane of n
// values in src, summed by sumOf.
func globalMeansF64(dst, src []float32, n int) { planeMeansF64(dst, src, n) }
