//go:build goexperiment.simd

package pool

import "unsafe"

// extremeDirectFast: extremeDirect's loops are wasm assembly here.
const extremeDirectFast = true

// directMaxKernel is the largest kernel, along either axis, that
// extremeDirect takes: well short of where the two costs meet.
const directMaxKernel = 32

// maxRows and minRows set the vecs vectors at dst to the bytewise max (min)
// of those at top and in the rows-1 rows after it, stride bytes apart
// (picture_extremedirect_wasm.s).
//
//go:noescape
func maxRows(dst, top unsafe.Pointer, stride, rows, vecs int)

//go:noescape
func minRows(dst, top unsafe.Pointer, stride, rows, vecs int)

// maxSlide and minSlide write 4*quads output pixels at out, each the max
// (min) of kern consecutive pixels from cells on (picture_extremedirect_wasm.s).
//
//go:noescape
func maxSlide(out, cells unsafe.Pointer, kern, quads int)

//go:noescape
func minSlide(out, cells unsafe.Pointer, kern, quads int)

// maxSlide2 and minSlide2 are maxSlide and minSlide at stride 2, output i
// from pixel 2i on (picture_extremedirect_wasm.s).
//
//go:noescape
func maxSlide2(out, cells unsafe.Pointer, kern, quads int)

//go:noescape
func minSlide2(out, cells unsafe.Pointer, kern, quads int)
