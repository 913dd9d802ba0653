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

// adaptiveAvgRow writes to dst the adaptive averages over the windows wins
// of a row of windows: row is the first cell (column 0) of their first
// depth and row; each window sums depth x rows x its Count cells, dpitch
// and rpitch bytes apart, as sumRows adds them, and is divided by d1, d2
// and its Divisor.
func adaptiveAvgRow(dst, row unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch int, d1, d2 float32) {
	for i, wx := range wins {
		adaptiveAvgWindow(unsafe.Add(dst, 4*i), row, wx, depth, dpitch, rows, rpitch, d1, d2)
	}
}
