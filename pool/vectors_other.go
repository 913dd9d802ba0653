//go:build !goexperiment.simd || !(amd64 || wasm)

package pool

// vectorsRun is false where the vector kernels are not built: without Go's
// simd experiment (a Go 1.26 user, GOEXPERIMENT=nosimd), or on an
// architecture the kernels have no form for.
const vectorsRun = false
