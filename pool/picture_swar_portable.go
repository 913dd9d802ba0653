//go:build !(386 || amd64 || arm64 || loong64 || ppc64le || wasm)

package pool

import "encoding/binary"

// Big-endian machines, and those where an unaligned word access may trap or
// be emulated (arm, mips, riscv64), compose the little-endian words byte by
// byte.

func load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

func store64(b []byte, i int, v uint64) { binary.LittleEndian.PutUint64(b[i:], v) }

func load32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[i:]) }

func store32(b []byte, i int, v uint32) { binary.LittleEndian.PutUint32(b[i:], v) }

// wordViews says that words cannot share memory here, so the kernels that
// view bytes as words, or walk them with pointers, stand down and the
// general kernel runs.
const wordViews = false

func words(b []byte) []uint64 { panic("pool: words without word views") }
