//go:build !goexperiment.simd || !(amd64 || wasm)

package pool

import "unsafe"

// Without the vector kernels (picture_vectors.go) their names remain, so that
// the dispatch builds everywhere; vectorsRun being false, nothing calls them.

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

func (k *kernelPixels) extremeRowQuads(out, row []byte, isMin bool, s *extremeScratch) {
	panic("pool: extremeRowQuads without the vector kernels")
}

func box3Quads(out, src unsafe.Pointer, stride, quads int) {
	panic("pool: box3Quads without the vector kernels")
}

func (k *kernelPixels) extremeRowVectors(out, row []byte, isMin bool) (from, to int) {
	panic("pool: extremeRowVectors without the vector kernels")
}

func premultiplied2x2Vectors(d, r0, r1 unsafe.Pointer, quads int) {
	panic("pool: premultiplied2x2Vectors without the vector kernels")
}

func addProductRowVectors(cols, slot, row unsafe.Pointer, n int) { addProductRow(cols, slot, row, n) }

func sumProductRowVectors(cols, row unsafe.Pointer, n int) { sumProductRow(cols, row, n) }

func replaceProductRowVectors(cols, slot, row unsafe.Pointer, n int) {
	replaceProductRow(cols, slot, row, n)
}

func premultipliedRunVectors(out, enter, leave unsafe.Pointer, n int, rb, ga, div uint64) (uint64, uint64) {
	panic("pool: premultipliedRunVectors without the vector kernels")
}

func premultipliedFusedVectors(out, cols, slot, row unsafe.Pointer, n, k int, rb, ga, div uint64) (uint64, uint64, int) {
	panic("pool: premultipliedFusedVectors without the vector kernels")
}

func premultipliedBlockRunVectors(out, cols unsafe.Pointer, n, stride, kw int, div uint64) {
	panic("pool: premultipliedBlockRunVectors without the vector kernels")
}

func extremeBlocksRowVectors(out, col unsafe.Pointer, kw, quads int, isMin bool) {
	panic("pool: extremeBlocksRowVectors without the vector kernels")
}

func premultipliedBlocksRow(d, top unsafe.Pointer, stride, kh, vecs, quads int, div float32) {
	panic("pool: premultipliedBlocksRow without the vector kernels")
}

const lp2x2Fast = false

func lp2x2Quads(d, r0, r1 unsafe.Pointer, quads int) {
	panic("pool: lp2x2Quads without the vector kernels")
}

func (k *kernelPixels) avgBlocksVectors(dst []byte, from, to int) bool { return false }
