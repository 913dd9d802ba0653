//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// The global averages of four planes at a time, two planes to a vector:
// lanes 0 and 2 of a vector each run one plane's chain of float32
// additions from +0 in row-major order, the order of sumRowMajor, so each
// mean is the portable one to the last bit (lanes 1 and 3 add whatever,
// unused), two cells of each of two planes a vector (JOIN). wasm has no
// strided load, and Go's assembler no lane load and no byte shuffle that
// would gather one cell of four planes; this takes four vector operations
// per four cells, of which only the two additions need the engine's adders,
// where the scalar chains took four additions.
//
// Registers: R0 the first plane's next cell; R1, R2, R3 the byte offsets
// from it of the second, third and fourth planes' cells; V0 the sums of
// planes 0 and 2, V1 those of planes 1 and 3.

// CELLS2 adds the two cells at OFF of each of the four planes.
#define CELLS2(OFF) JOIN(V0, Get R0; I32WrapI64, AT(R0, R2), OFF); JOIN(V1, AT(R0, R1), AT(R0, R3), OFF)

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
			LAST(V0, Get R0; I32WrapI64, AT(R0, R2)); LAST(V1, AT(R0, R1), AT(R0, R3))
		End
		// The four sums in plane order.
		Get R10; I32WrapI64
		INTERLEAVE(V0, V1)
		Get F0; F32x4Splat; F32x4Div; V128Store $0
		ADV(R10, 16)
		Get R1; I64Const $2; I64Shl; Get R13; I64Add; Set R13
		ADV(R11, -1)
		Br $0
	End; End
	RET
