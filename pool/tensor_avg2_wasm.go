//go:build goexperiment.simd

package pool

import "unsafe"

// avg2x2s2Free is avgTensor's plane sum for windows 2x2 at stride 2, for
// rows of at least four outputs (tensor_avg2_wasm.s): the windows at every
// cell four to a vector, in each window's row-major order, whose even
// lanes the byte shuffles keep, as avg2x2s2Vec does natively. A wasm loop:
// Go's loop over the same vectors took longer than the portable kernel
// natively.
//
//go:noescape
func avg2x2s2Free(dst, src, divs unsafe.Pointer, pitch, rows, cols int)

// avg2x2s2Vec is avg2x2s2Free for rows of any width.
func avg2x2s2Vec(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	if cols < 4 {
		for r := range rows {
			avgRowDirect(unsafe.Add(dst, 4*cols*r), unsafe.Add(src, 2*pitch*r), uintptr(pitch), 2, cols, 2, 2, unsafe.Add(divs, 4*cols*r))
		}
		return
	}
	avg2x2s2Free(dst, src, divs, pitch, rows, cols)
}
