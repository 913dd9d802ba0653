package pool

import "unsafe"

// linearSlide, linearSlidePremul, linearBlocks, linearBlocksPremul,
// linearBlockRow, linearBlockRowPremul and linearRowLanes are
// linear_lanes_other.go's, in linear_lanes_wasm.s.
//
//go:noescape
func linearSlide(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, inv float64, e *linearEncoder) int

//go:noescape
func linearSlidePremul(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, inv float64, e *linearEncoder) int

//go:noescape
func linearRowLanes(cols, slot, row unsafe.Pointer, n int, wmask, wone uint64, mode rowMode, dec *[256]uint64)

//go:noescape
func linearBlocks(out, cols unsafe.Pointer, from, n, stride, kw int, div, dm uint64, inv float64, e *linearEncoder) int

//go:noescape
func linearBlocksPremul(out, cols unsafe.Pointer, from, n, stride, kw int, div, dm uint64, inv float64, e *linearEncoder) int

//go:noescape
func linearBlockRow(out, top unsafe.Pointer, stride, kh, kw, from, n int, div, dm uint64, inv float64, e *linearEncoder, dec *[256]uint64) int

//go:noescape
func linearBlockRowPremul(out, top unsafe.Pointer, stride, kh, kw, from, n int, div, dm uint64, inv float64, e *linearEncoder, dec *[256]uint64) int
