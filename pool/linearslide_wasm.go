package pool

import "unsafe"

// linearSlide and linearSlidePremul are linearslide_other.go's, in
// linearslide_wasm.s.
//
//go:noescape
func linearSlide(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, inv float64, e *linearEncoder) int

//go:noescape
func linearSlidePremul(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, inv float64, e *linearEncoder) int
