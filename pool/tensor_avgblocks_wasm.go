//go:build goexperiment.simd

package pool

import "unsafe"

// blocksAvgRow returns avgTensor's row kernel for windows as wide as their
// stride, k >= 2 cells (tensor_avgblocks_wasm.s): two windows to a vector,
// each lane adding its window's cells in avgRowDirect's order.
func blocksAvgRow() func(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	return avgBlocksRow
}

func avgBlocksRow(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	if n < 4 {
		avgRowDirect(dst, src, stride, rows, n, k, k, divs)
		return
	}
	avgBlocksFree(dst, src, stride, rows, n, k, divs)
}

//go:noescape
func avgBlocksFree(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer)
