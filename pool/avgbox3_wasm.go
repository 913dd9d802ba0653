package pool

import "unsafe"

// box3Loop is avgbox3_other.go's, in avgbox3_wasm.s.
//
//go:noescape
func box3Loop(out, src unsafe.Pointer, stride, pairs int, prevE, prevO, curE, curO uint64)
