//go:build goexperiment.simd

package pool

import "unsafe"

// sumOf sums s in float64 in eight running sums, as the portable sumOf
// (see there for why eight, and why the order changes nothing), which the
// engine adds two to a vector (sumof_wasm.s; Go's assembler knows wasm's
// vectors from the simd experiment on).
func sumOf(s []float32) float64 {
	var sums [8]float64
	i := sums8F64(&sums, unsafe.Pointer(unsafe.SliceData(s)), len(s))
	a, b, c, d, e, f, g, h := sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7]
	for _, v := range s[i:] {
		a += float64(v)
	}
	return ((a + b) + (c + d)) + ((e + f) + (g + h))
}

//go:noescape
func sums8F64(sums *[8]float64, p unsafe.Pointer, n int) int
