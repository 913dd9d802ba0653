package pool

import "unsafe"

// linear2x2Row and linear2x2PremulRow are linear_2x2_other.go's, in
// linear_2x2_wasm.s.
//
//go:noescape
func linear2x2Row(d, r0, r1 unsafe.Pointer, from, n int, e *linearEncoder, dec *[256]uint64) int

//go:noescape
func linear2x2PremulRow(d, r0, r1 unsafe.Pointer, from, n int, e *linearEncoder, dec *[256]uint64, recips *[1024]float64) int
