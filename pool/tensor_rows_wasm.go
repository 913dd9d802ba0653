package pool

import "unsafe"

// The row passes of the max kernels, in tensor_rows_wasm.s.

//go:noescape
func hmax2s2(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax3s2(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax3s1(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax5s1(dst, src unsafe.Pointer, n int)

//go:noescape
func vmaxRows(dst, src unsafe.Pointer, pitch, step, k, rows, cols int)
