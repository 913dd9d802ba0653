package pool

import "unsafe"

// box3Loop is picture_box3_other.go's, in picture_box3_wasm.s.
//
//go:noescape
func box3Loop(out, src unsafe.Pointer, stride, pairs int, prevE, prevO, curE, curO uint64)
