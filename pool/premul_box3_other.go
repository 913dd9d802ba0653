//go:build !goexperiment.simd || !wasm

package pool

// premultipliedBox3 exists in wasm only (premul_box3_wasm.go); elsewhere
// premultipliedLanes runs, and nothing calls it.
func premultipliedBox3Fits(g *Geometry) bool { return false }

func (k *kernelPixels) premultipliedBox3(dst []byte, from, to int) {
	panic("pool: premultipliedBox3 has no kernel here")
}
