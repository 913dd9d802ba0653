//go:build !wasm

package pool

import "unsafe"

// sumRows adds to sum, in order, the n cells at p and those of the rows-1
// rows after it, pitch cells apart: an adaptive average's window, one chain
// of float32 additions as the general kernel makes.
func sumRows(sum float32, p unsafe.Pointer, n, rows, pitch int) float32 {
	for y := range rows {
		for _, v := range unsafe.Slice((*float32)(unsafe.Add(p, 4*y*pitch)), n) {
			sum += v
		}
	}
	return sum
}
