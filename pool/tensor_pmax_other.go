//go:build !wasm || !goexperiment.simd

package pool

import "unsafe"

// Outside wasm's vector build, every plane takes the exact passes.

func nanFreePasses(kw, sw, kh, sh int) (h hPass, v vPass, fused fusedPass) { return nil, nil, nil }

func stemPassFor() stemPass { return nil }

// anyNaN is never called where nanFreePasses returns no pass.
func anyNaN(p unsafe.Pointer, n int) bool { return true }

// copyRowsNaN is never called where nanFreePasses returns no pass.
func copyRowsNaN(dst, src unsafe.Pointer, pitch, rows, cols int) bool { return true }
