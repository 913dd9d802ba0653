package pool

import "unsafe"

// sumRows adds to sum, in order, the n cells at p and those of the rows-1
// rows after it, pitch cells apart: an adaptive average's window (or, one
// row, a plane: sumRowMajor), one chain of float32 additions as the general
// kernel makes. In wasm it is a loop of the engine's own
// (tensor_adaptive_sum_wasm.s), where Go's loop over a window
// costs several times the additions.
//
//go:noescape
func sumRows(sum float32, p unsafe.Pointer, n, rows, pitch int) float32

// adaptiveAvgRow writes to dst the adaptive averages over the windows wins
// of a row of windows: row is the first cell (column 0) of their first
// depth and row; each window sums depth x rows x its Count cells, dpitch
// and rpitch bytes apart, as sumRows adds them, and is divided by d1, d2
// and its Divisor. The windows go two at a time to one assembly loop
// (tensor_adaptive_sum_wasm.s), whose chains of additions the engine overlaps.
func adaptiveAvgRow(dst, row unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch int, d1, d2 float32) {
	pairs := len(wins) / 2
	if pairs > 0 {
		avgPairsRow(dst, row, unsafe.Pointer(unsafe.SliceData(wins)), pairs, depth, dpitch, rows, rpitch, d1, d2)
	}
	if len(wins)%2 == 1 {
		adaptiveAvgWindow(unsafe.Add(dst, 8*pairs), row, wins[len(wins)-1], depth, dpitch, rows, rpitch, d1, d2)
	}
}

//go:noescape
func avgPairsRow(dst, row, wins unsafe.Pointer, pairs, depth, dpitch, rows, rpitch int, d1, d2 float32)
