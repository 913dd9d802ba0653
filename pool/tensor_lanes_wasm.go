//go:build goexperiment.simd

package pool

import "unsafe"

// lpWindows4 writes to dst, four floats an output, the norms of order p
// (1, 2 or 3) of four interleaved planes over the windows wins of a row of
// windows: src is the first cell of the row of their first depth and row;
// each window sums depth x rows x its Count cells, dpitch, rpitch and step
// bytes apart, in lpVolume's order (tensor_lanes_gen_wasm.s). Order 3's
// sums come back in float64 for cbrt4, a chunk of windows at a time.
func lpWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch, step int, p float64) {
	if len(wins) == 0 {
		return
	}
	switch p {
	case 2:
		lpWindows4Square(dst, src, unsafe.Pointer(unsafe.SliceData(wins)), len(wins), depth, dpitch, rows, rpitch, step)
	case 1:
		lpWindows4Abs(dst, src, unsafe.Pointer(unsafe.SliceData(wins)), len(wins), depth, dpitch, rows, rpitch, step)
	default:
		var sums [64][4]float64
		for first := 0; first < len(wins); first += len(sums) {
			n := min(len(wins)-first, len(sums))
			lpSums4Cube(unsafe.Pointer(&sums), src, unsafe.Pointer(&wins[first]), n, depth, dpitch, rows, rpitch, step)
			// Each output's address from dst: a pointer advanced past the
			// last chunk would point past the allocation.
			for i := range n {
				cbrt4((*[4]float32)(unsafe.Add(dst, 16*(first+i))), &sums[i])
			}
		}
	}
}

//go:noescape
func lpSums4Cube(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch, step int)

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

// adaptiveAvgWindows4 writes to dst, four floats an output, the adaptive
// averages of four interleaved planes over the windows wins of a row of
// windows, laid out as lpWindows4's with cells 16 bytes apart, each sum
// divided by d1, by d2 and by the window's Divisor
// (tensor_lanes_adaptive_wasm.s).
func adaptiveAvgWindows4(dst, src unsafe.Pointer, wins []Window, depth, dpitch, rows, rpitch int, d1, d2 float32) {
	if len(wins) == 0 {
		return
	}
	adaptiveAvgWindows4Free(dst, src, unsafe.Pointer(unsafe.SliceData(wins)), len(wins), depth, dpitch, rows, rpitch, d1, d2)
}

//go:noescape
func adaptiveAvgWindows4Free(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch int, d1, d2 float32)
