//go:build 386 || amd64 || arm64 || loong64 || ppc64le || wasm

package pool

import "unsafe"

// These machines are little-endian, so a native load is the little-endian
// load, and Go's compiler itself treats unaligned loads and stores as legal
// and cheap on every one of them (cmd/compile's unalignedOK). The caller has
// checked the bounds; the explicit index keeps Go's check to one per call.

func load64(b []byte, i int) uint64 {
	_ = b[i+7]
	return *(*uint64)(unsafe.Pointer(&b[i]))
}

func store64(b []byte, i int, v uint64) {
	_ = b[i+7]
	*(*uint64)(unsafe.Pointer(&b[i])) = v
}

func load32(b []byte, i int) uint32 {
	_ = b[i+3]
	return *(*uint32)(unsafe.Pointer(&b[i]))
}

func store32(b []byte, i int, v uint32) {
	_ = b[i+3]
	*(*uint32)(unsafe.Pointer(&b[i])) = v
}

// wordViews says that words and the pointer-walking kernels may read any
// byte offset as a little-endian word: the kernels that need it run.
const wordViews = true

// words returns b's bytes as little-endian words, sharing its memory; the
// tail of fewer than eight bytes is left out.
func words(b []byte) []uint64 {
	if len(b) < 8 {
		return nil
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), len(b)/8)
}
