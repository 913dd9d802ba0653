//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// globalMeansF64 writes to each of dst's cells the mean of its plane of n
// values in src, summed as sumOf adds them: on vectors where the processor
// has them (meansF64Vectors), else by sumOf itself.
func globalMeansF64(dst, src []float32, n int) {
	if !vectorsRun || len(dst) == 0 {
		planeMeansF64(dst, src, n)
		return
	}
	_ = src[:len(dst)*n]
	meansF64Vectors(dst, src, n)
}

// meansF64Chunk is how many planes meansF64Vectors sums on vectors before
// it finishes them.
const meansF64Chunk = 64

// meansF64Vectors is planeMeansF64 with sumOf's eight running sums in two
// vectors of four float64, a plane's cells i%8 < 4 and i%8 >= 4 over its
// whole eights, four cells widened by one instruction. The cells past them
// go to the first sum, and the eight are added in sumOf's order, in scalar
// code that runs after the vectors of a chunk of planes: Go's scalar float
// instructions are SSE ones, each of which waits on the vector registers'
// upper halves until they are cleared, and the compiler moves a plane's
// vectors past any clearing placed among them (planes of 49 cells took 30
// times as long as sumOf).
func meansF64Vectors(dst, src []float32, n int) {
	p, whole := ptr(src), n/8*8
	div := float64(n)
	var sums [meansF64Chunk][8]float64
	for first := 0; first < len(dst); first += meansF64Chunk {
		planes := min(meansF64Chunk, len(dst)-first)
		for k := range planes {
			q := unsafe.Add(p, 4*(first+k)*n)
			var lo, hi archsimd.Float64x4
			for j := 0; j < whole; j += 8 {
				lo = lo.Add(load4(q, j).ConvertToFloat64())
				hi = hi.Add(load4(q, j+4).ConvertToFloat64())
			}
			lo.StoreArray((*[4]float64)(sums[k][:4]))
			hi.StoreArray((*[4]float64)(sums[k][4:]))
		}
		clearUpper()
		for k := range planes {
			s, q := &sums[k], unsafe.Add(p, 4*(first+k)*n)
			a := s[0]
			for j := whole; j < n; j++ {
				a += float64(f32(q, j))
			}
			dst[first+k] = float32((((a + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))) / div)
		}
	}
}
