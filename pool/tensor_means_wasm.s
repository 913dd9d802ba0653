//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_pmax_wasm.h"

// The global averages of four planes at a time, two planes to a vector:
// lanes 0 and 2 of a vector each run one plane's chain of float32
// additions from +0 in row-major order, the order of sumRowMajor, so each
// mean is the portable one to the last bit (lanes 1 and 3 add whatever,
// unused). Two cells of each of two planes make one vector: lanes 0 and 1
// loaded from the first plane, its high half replaced by the second
// plane's two cells (one 64-bit load); the vector is added, then again
// shifted down by one lane within each half, each second cell onto the
// first. wasm has no strided load, and Go's assembler no lane load and no
// byte shuffle that would gather one cell of four planes; this takes four
// vector operations per four cells, of which only the two additions need
// the engine's adders, where the scalar chains took four additions.
// Bits move unchanged: loads and lane replacements never touch a NaN.
//
// Registers: R0 the first plane's next cell; R1, R2, R3 the byte offsets
// from it of the second, third and fourth planes' cells; V0 the sums of
// planes 0 and 2, V1 those of planes 1 and 3.

// AT pushes the wasm address R0 + O.
#define AT(O) Get R0; Get O; I64Add; I32WrapI64

// JOIN adds to ACC the two cells at OFF of the planes at P and Q.
#define JOIN(ACC, P, Q, OFF) \
	Get ACC; P; V128Load $OFF; Q; F64Load $OFF; F64x2ReplaceLane $0, $1; Tee V5; F32x4Add; \
	Get V5; I32Const $32; I64x2ShrU; F32x4Add; Set ACC
#define CELLS2(OFF) JOIN(V0, Get R0; I32WrapI64, AT(R2), OFF); JOIN(V1, AT(R1), AT(R3), OFF)

// LAST adds to ACC the last cell of the planes at P and Q.
#define LAST(ACC, P, Q) Get ACC; P; V128Load $0; Q; F32Load $0; F32x4ReplaceLane $0, $2; F32x4Add; Set ACC

// func means4Lanes(dst, src unsafe.Pointer, groups, n int, div float32)
// n >= 2: the vector of a group's second plane's last cell reads the
// third plane's first two.
TEXT ·means4Lanes(SB), NOSPLIT, $0-36
	I64Load dst+0(FP); Set R10
	I64Load src+8(FP); Set R13
	I64Load groups+16(FP); Set R11
	I64Load n+24(FP); Set R12
	F32Load div+32(FP); Set F0
	Get R12; I64Const $2; I64Shl; Set R1
	Get R1; I64Const $1; I64Shl; Set R2
	Get R1; Get R2; I64Add; Set R3
	Block; Loop
		Get R11; I64Eqz; BrIf $1
		Get R13; Set R0
		// R8: where the runs of four cells end.
		Get R12; I64Const $-4; I64And; I64Const $2; I64Shl; Get R13; I64Add; Set R8
		V128Const $0, $0; Set V0
		Get V0; Set V1
		Block; Loop
			Get R0; Get R8; I64Eq; BrIf $1
			CELLS2(0); CELLS2(8)
			ADV(R0, 16)
			Br $0
		End; End
		Block
			Get R12; I64Const $2; I64And; I64Eqz; BrIf $0
			CELLS2(0)
			ADV(R0, 8)
		End
		Block
			Get R12; I64Const $1; I64And; I64Eqz; BrIf $0
			LAST(V0, Get R0; I32WrapI64, AT(R2)); LAST(V1, AT(R1), AT(R3))
		End
		// The four sums in plane order: lanes 0 and 2 of V0 between
		// those of V1 shifted up one lane.
		Get R10; I32WrapI64
		Get V0; Get V1; I32Const $32; I64x2Shl; V128Const $0x00000000ffffffff, $0x00000000ffffffff; V128Bitselect
		Get F0; F32x4Splat; F32x4Div; V128Store $0
		ADV(R10, 16)
		Get R1; I64Const $2; I64Shl; Get R13; I64Add; Set R13
		ADV(R11, -1)
		Br $0
	End; End
	RET
