package pool

import "unsafe"

// linearPackedRow and linearPackedSlide are linear_packed_other.go's, in
// linear_lanes_wasm.s.
//
//go:noescape
func linearPackedRow(cols, slot, row unsafe.Pointer, n int, mode rowMode, dec *[256]uint64)

//go:noescape
func linearPackedSlide(out, enter, leave unsafe.Pointer, from, n int, sums *[2]uint64, quot unsafe.Pointer, dm uint64, inv float64, e *linearEncoder) int
