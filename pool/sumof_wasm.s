//go:build goexperiment.simd

#include "textflag.h"

// LOAD2 adds the two floats at byte offset OFF of the address in R0 (one
// 64-bit load, into both halves of a vector), widened to float64, to the
// two running sums in V.
#define LOAD2(V, OFF) Get V; Get R0; I32WrapI64; I64Load $OFF; I64x2Splat; F64x2PromoteLowF32x4; F64x2Add; Set V

// func sums8F64(sums *[8]float64, p unsafe.Pointer, n int) int
// sumOf's eight running sums over the first n/8*8 cells, a pair to a
// vector: (a, b), (c, d), (e, f), (g, h), stored to sums; it returns how
// many cells it read. (The assembler drops a lane index and a store's
// offset, so the sums leave by stores to computed addresses.)
#define STORE(V, OFF) Get R2; I64Const $OFF; I64Add; I32WrapI64; Get V; V128Store $0
TEXT ·sums8F64(SB), NOSPLIT, $0-32
	I64Load p+8(FP); Set R0
	I64Load n+16(FP); Set R1
	I64Const $0; Set R3
	I64Const $0; I64x2Splat; Set V0
	Get V0; Set V1; Get V0; Set V2; Get V0; Set V3
	Block; Loop
		Get R1; I64Const $8; I64LtU; BrIf $1
		LOAD2(V0, 0); LOAD2(V1, 8); LOAD2(V2, 16); LOAD2(V3, 24)
		Get R0; I64Const $32; I64Add; Set R0
		Get R1; I64Const $8; I64Sub; Set R1
		Get R3; I64Const $8; I64Add; Set R3
		Br $0
	End; End
	I64Load sums+0(FP); Set R2
	STORE(V0, 0); STORE(V1, 16); STORE(V2, 32); STORE(V3, 48)
	Get SP
	Get R3
	I64Store ret+24(FP)
	RET
