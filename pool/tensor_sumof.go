package pool

import "unsafe"

// sumOf sums s in float64 in eight running sums, which a processor adds side
// by side where one sum waits for each addition before the next: the global
// average of a ResNet head is several times faster. Float64 holds the sum of
// float32s of similar size exactly, so the order changes nothing there.
func sumOf(s []float32) float64 {
	var a, b, c, d, e, f, g, h float64
	// Walked by pointer: in wasm a slice's bounds checks cost more than
	// the additions.
	p := unsafe.Pointer(unsafe.SliceData(s))
	n, i := len(s), 0
	for ; i+8 <= n; i += 8 {
		p := unsafe.Add(p, 4*i)
		a += float64(*(*float32)(p))
		b += float64(*(*float32)(unsafe.Add(p, 4)))
		c += float64(*(*float32)(unsafe.Add(p, 8)))
		d += float64(*(*float32)(unsafe.Add(p, 12)))
		e += float64(*(*float32)(unsafe.Add(p, 16)))
		f += float64(*(*float32)(unsafe.Add(p, 20)))
		g += float64(*(*float32)(unsafe.Add(p, 24)))
		h += float64(*(*float32)(unsafe.Add(p, 28)))
	}
	for ; i < n; i++ {
		a += float64(*(*float32)(unsafe.Add(p, 4*i)))
	}
	return ((a + b) + (c + d)) + ((e + f) + (g + h))
}

// planeMeansF64 writes to each of dst's cells the mean of its plane of n
// values in src, summed by sumOf.
func planeMeansF64(dst, src []float32, n int) {
	for i := range dst {
		dst[i] = float32(sumOf(src[i*n:(i+1)*n]) / float64(n))
	}
}
