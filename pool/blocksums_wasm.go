package pool

import "unsafe"

// blockColumnSums is blocksums_other.go's, in blocksums_wasm.s.
//
//go:noescape
func blockColumnSums(sums, src unsafe.Pointer, stride, kh, pairs int)
