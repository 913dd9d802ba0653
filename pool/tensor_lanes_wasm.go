//go:build goexperiment.simd

package pool

import "unsafe"

// lpWindows4 writes to dst, four floats an output, the norms of order p
// (1 or 2) of four interleaved planes over the windows wins of a row of
// windows: src is the first cell of the row of their first depth and row;
// each window sums depth x rows x its Count cells, dpitch, rpitch and step
// bytes apart, in lpVolume's order (tensor_lanes_gen_wasm.s).
func lpWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch, step int, p float64) {
	if len(wins) == 0 {
		return
	}
	w := unsafe.Pointer(unsafe.SliceData(wins))
	if p == 2 {
		lpWindows4Square(dst, src, w, len(wins), depth, dpitch, rows, rpitch, step)
	} else {
		lpWindows4Abs(dst, src, w, len(wins), depth, dpitch, rows, rpitch, step)
	}
}

//go:noescape
func lpWindows4Square(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch, step int)

//go:noescape
func lpWindows4Abs(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch, step int)

// avgWindows4 writes to dst, four floats an output, the averages of four
// interleaved planes over the windows wins of a row of windows, laid out as
// lpWindows4's, each sum divided by div times the window's Divisor
// (tensor_lanes_gen_wasm.s).
func avgWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch, step, div int) {
	if len(wins) == 0 {
		return
	}
	avgWindows4Free(dst, src, unsafe.Pointer(unsafe.SliceData(wins)), len(wins), depth, dpitch, rows, rpitch, step, div)
}

//go:noescape
func avgWindows4Free(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch, step, div int)
