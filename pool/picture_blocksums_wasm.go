package pool

import "unsafe"

// blockColumnSums, blocks3x3Row and blocksPow2Row are picture_blocksums_other.go's,
// in picture_blocksums_wasm.s.
//
//go:noescape
func blockColumnSums(sums, src unsafe.Pointer, stride, kh, pairs int)

//go:noescape
func blocks3x3Row(out, src unsafe.Pointer, stride, n int)

//go:noescape
func blocksPow2Row(out, sums unsafe.Pointer, half, shift, n int)
