//go:build !goexperiment.simd || !(amd64 || wasm)

package pool

// premultipliedBox3 is a vector kernel (premul_box3.go); without them
// premultipliedLanes runs, and nothing calls it.
func (k *kernelPixels) premultipliedBox3(dst []byte, from, to int) {
	panic("pool: premultipliedBox3 has no kernel here")
}
