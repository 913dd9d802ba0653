//go:build goexperiment.simd

package pool

import "unsafe"

// The max passes for planes without NaN, in tensor_pmax_wasm.s and (the
// row passes, generated) tensor_pmax_gen_wasm.s. Without a
// NaN the exact rule, the later cell replaces the winner if greater, is
// wasm's f32x4.pmax (b if a < b, else a) with the winner first: one
// instruction where the rule takes four (a comparison for greater, one for
// NaN, their or, a select). It keeps the earlier of equal values as the rule
// does, so -0 and +0 come out as the exact passes give them; a NaN would be
// lost, so extremeTensor.plane first looks for one (anyNaN) and takes the
// exact passes where it finds one.

// anyNaN reports whether the n cells at p hold a NaN; it may also say so of
// cells holding both infinities.
//
//go:noescape
func anyNaN(p unsafe.Pointer, n int) bool

// copyRowsNaN copies rows of cols cells, one after another at src, to rows
// pitch bytes apart at dst, and reports what anyNaN would of the cells.
//
//go:noescape
func copyRowsNaN(dst, src unsafe.Pointer, pitch, rows, cols int) bool

//go:noescape
func hmax3s1Free(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax5s1Free(dst, src unsafe.Pointer, n int)

//go:noescape
func hmax3s2Free(dst, src unsafe.Pointer, n int)

//go:noescape
func vmax3Free(dst, src unsafe.Pointer, pitch, step, rows, cols int)

//go:noescape
func vmax5Free(dst, src unsafe.Pointer, pitch, step, rows, cols int)

//go:noescape
func max2x2s2Free(dst, src unsafe.Pointer, pitch, rows, cols int)

//go:noescape
func max3x3s2p1Free(dst, src, buf unsafe.Pointer, w, rows int) bool

// stemPassFor returns extremeTensor's stem pass: the look for a NaN, the
// row windows and their fold across rows in one pass over the plane, each
// row's windows taken once, where anyNaN, a row pass and a pass over its
// rows took three (PoolInto on ResNet's stem, [1, 64, 112, 112]: about 450
// to 250 us in Node).
func stemPassFor() stemPass { return max3x3s2p1Free }

// nanFreePasses returns the passes for planes without NaN for windows kw x
// kh at horizontal stride sw, each nil where there is none; fused, when not
// nil, does both passes of 2x2 at stride 2 over a plane read in place.
func nanFreePasses(kw, sw, kh, sh int) (h hPass, v vPass, fused fusedPass) {
	switch {
	case kw == 2 && sw == 2 && kh == 2 && sh == 2:
		fused = max2x2s2Free
	case kw == 3 && sw == 1:
		h = func(dst, src unsafe.Pointer, n int) {
			if n < 4 {
				hmax3s1(dst, src, n)
				return
			}
			hmax3s1Free(dst, src, n)
		}
	case kw == 5 && sw == 1:
		h = func(dst, src unsafe.Pointer, n int) {
			if n < 4 {
				hmax5s1(dst, src, n)
				return
			}
			hmax5s1Free(dst, src, n)
		}
	case kw == 3 && sw == 2:
		// The vectors read a cell past the last window's: the last
		// output is the exact pass's.
		h = func(dst, src unsafe.Pointer, n int) {
			if n < 5 {
				hmax3s2(dst, src, n)
				return
			}
			hmax3s2Free(dst, src, n-1)
			hmax3s2(unsafe.Add(dst, 4*(n-1)), unsafe.Add(src, 8*(n-1)), 1)
		}
	}
	switch kh {
	case 3:
		v = func(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
			if cols < 4 {
				vmaxFolds(dst, src, pitch, step, k, rows, cols)
				return
			}
			vmax3Free(dst, src, pitch, step, rows, cols)
		}
	case 5:
		v = func(dst, src unsafe.Pointer, pitch, step, k, rows, cols int) {
			if cols < 4 {
				vmaxRows(dst, src, pitch, step, k, rows, cols)
				return
			}
			vmax5Free(dst, src, pitch, step, rows, cols)
		}
	}
	return h, v, fused
}
