//go:build goexperiment.simd

package pool

import "unsafe"

// blocksAvgRow returns nil: windows as wide as their stride have no amd64
// vector kernel; the portable row kernel sums them.
func blocksAvgRow() func(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	return nil
}
