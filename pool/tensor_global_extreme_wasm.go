//go:build goexperiment.simd

package pool

import "unsafe"

// globalExtremes writes to each of dst's cells the max (or min) of its plane
// of n values in src, as extremeOf finds it; planes of 8 cells or more go to
// one assembly loop (tensor_global_extreme_wasm.s), whose vectors cost Go's
// per-plane calls nothing, and those whose result is not order-free are
// taken again in order.
func globalExtremes(dst, src []float32, n int, isMin bool) {
	if !vectorsRun || n < 8 || len(dst) == 0 {
		globalExtremesEach(dst, src, n, isMin)
		return
	}
	_ = src[:len(dst)*n]
	if isMin {
		extremesMin(ptr(dst), ptr(src), len(dst), n)
	} else {
		extremesMax(ptr(dst), ptr(src), len(dst), n)
	}
	for i, m := range dst {
		if !orderFree(m) {
			dst[i] = extremeInOrder(src[i*n:(i+1)*n], isMin)
		}
	}
}

//go:noescape
func extremesMax(dst, src unsafe.Pointer, planes, n int)

//go:noescape
func extremesMin(dst, src unsafe.Pointer, planes, n int)
