//go:build goexperiment.simd

package pool

import "unsafe"

// avg3x3s1Free is avgTensor's plane sum for Inception's windows, 3x3 at
// stride 1, for rows of at least four outputs: lane j of a vector sums
// output o+j's nine cells in row-major order from +0, as avgRowDirect adds
// them, then divides the sum by its divisor. A wasm loop: Go's loop over
// the same vectors (tensor_avg3_amd64.go) made a whole Inception layer's
// call (avg 3x3/1 on [1, 256, 28, 28]) take a fifth longer.
//
//go:noescape
func avg3x3s1Free(dst, src, divs unsafe.Pointer, pitch, rows, cols int)

// avg3x3s1Vec is avg3x3s1Free for rows of any width.
func avg3x3s1Vec(dst, src, divs unsafe.Pointer, pitch, rows, cols int) {
	if cols < 4 {
		for r := range rows {
			avgRowDirect(unsafe.Add(dst, 4*cols*r), unsafe.Add(src, pitch*r), uintptr(pitch), 3, cols, 3, 1, unsafe.Add(divs, 4*cols*r))
		}
		return
	}
	avg3x3s1Free(dst, src, divs, pitch, rows, cols)
}
