//go:build goexperiment.simd && (amd64 || wasm)

package pool

import (
	"runtime"

	"simd/archsimd"
)

// vectorsRun reports whether the vector kernels run in this process: always
// in wasm (every engine poolkit supports has 128-bit SIMD, and the loader
// refuses one without it), and on amd64 where the CPU has AVX2, which the
// 128-bit integer forms the kernels use (byte shuffles, 32-bit broadcasts)
// need. Elsewhere the portable kernels run.
var vectorsRun = runtime.GOARCH == "wasm" || archsimd.X86.AVX2()
