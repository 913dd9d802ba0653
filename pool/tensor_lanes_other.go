//go:build !goexperiment.simd || !(amd64 || wasm)

package pool

// poolLanes declines where the vector kernels are not built: the general
// kernels pool every plane.
func poolLanes(dst, src []float32, planes int, axes *[3]Axis, kind laneKind, p float64) bool {
	return false
}
