package pool

import "unsafe"

// sumRows adds to sum, in order, the n cells at p and those of the rows-1
// rows after it, pitch cells apart: an adaptive average's window, one chain
// of float32 additions as the general kernel makes. In wasm it is a loop of
// the engine's own (adaptive_sum_wasm.s), where Go's loop over a window
// costs several times the additions.
//
//go:noescape
func sumRows(sum float32, p unsafe.Pointer, n, rows, pitch int) float32
