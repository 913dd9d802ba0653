//go:build !goexperiment.simd || !(amd64 || wasm)

package pool

import "unsafe"

// Without the vector kernels (pixels_vectors.go), their names run the
// portable kernels, so that the dispatch and the tests that compare the two
// build everywhere; vectorsRun being false, only the tests call them.

const vectorsBuilt = false

func (k *kernelPixels) extreme2x2Vectors(dst []byte, from, to int, isMin bool) {
	k.extreme2x2(dst, from, to, isMin)
}

func (k *kernelPixels) avg2x2Vectors(dst []byte, from, to int) { k.avg2x2(dst, from, to) }

func (k *kernelPixels) avgGlobalVectors(dst []byte) { k.avgGlobal(dst) }

func extremeRowsVectors(dst, a, b unsafe.Pointer, n int, isMin bool) {
	var flip uint64
	if isMin {
		flip = ^uint64(0)
	}
	extremeRowsInto(dst, a, b, n, flip)
}
