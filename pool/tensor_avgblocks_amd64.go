//go:build goexperiment.simd

package pool

import (
	"unsafe"

	"simd/archsimd"
)

// blocksAvgRow returns avgTensor's row kernel for windows as wide as their
// stride, k >= 2 cells: avgBlocksRow.
func blocksAvgRow() func(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	return avgBlocksRow
}

// avgBlocksRow is avgRowDirect for windows as wide as their stride, four
// windows to a vector: lane i sums window o+i, each lane its window's cells
// in row-major order from +0, as avgRowDirect adds them. A window's cells
// come four at a time, one load from each of the four windows, transposed
// so that each vector holds one cell of every window. Where k is not a
// multiple of four the last four cells read past a window into the next, so
// the windows of a row whose last load would pass the row's end are left
// to avgRowDirect.
func avgBlocksRow(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer) {
	whole, part := k/4*4, k%4
	o := 0
	for ; o+4 <= n && (part == 0 || (o+4)*k+3 <= n*k); o += 4 {
		var s archsimd.Float32x4
		p := unsafe.Add(src, 4*o*k)
		for r, off := 0, uintptr(0); r < rows; r, off = r+1, off+stride {
			q := unsafe.Add(p, off)
			j := 0
			for ; j < whole; j += 4 {
				c0, c1, c2, c3 := columns4(load4(q, j), load4(q, k+j), load4(q, 2*k+j), load4(q, 3*k+j))
				s = s.Add(c0).Add(c1).Add(c2).Add(c3)
			}
			if part > 0 {
				c0, c1, c2, _ := columns4(load4(q, j), load4(q, k+j), load4(q, 2*k+j), load4(q, 3*k+j))
				s = s.Add(c0)
				if part > 1 {
					s = s.Add(c1)
				}
				if part > 2 {
					s = s.Add(c2)
				}
			}
		}
		store4(dst, o, s.Div(load4(divs, o)))
	}
	if o < n {
		avgRowDirect(unsafe.Add(dst, 4*o), unsafe.Add(src, 4*o*k), stride, rows, n-o, k, k, unsafe.Add(divs, 4*o))
	}
}

// columns4 returns the columns of the 4x4 matrix whose rows are a, b, c
// and d: lane i of the j-th result is lane j of the i-th row.
func columns4(a, b, c, d archsimd.Float32x4) (archsimd.Float32x4, archsimd.Float32x4, archsimd.Float32x4, archsimd.Float32x4) {
	ab01, ab23 := a.ConcatPermuteScalars(0, 1, 4, 5, b), a.ConcatPermuteScalars(2, 3, 6, 7, b)
	cd01, cd23 := c.ConcatPermuteScalars(0, 1, 4, 5, d), c.ConcatPermuteScalars(2, 3, 6, 7, d)
	return ab01.ConcatPermuteScalars(0, 2, 4, 6, cd01), ab01.ConcatPermuteScalars(1, 3, 5, 7, cd01),
		ab23.ConcatPermuteScalars(0, 2, 4, 6, cd23), ab23.ConcatPermuteScalars(1, 3, 5, 7, cd23)
}
