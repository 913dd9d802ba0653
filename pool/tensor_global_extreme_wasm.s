//go:build goexperiment.simd

#include "textflag.h"

// extremesMax and extremesMin: GlobalPool's max and min over planes of
// n >= 8 cells, every plane in one loop, as extremeVec folds a plane: each
// of four lanes of two vectors (V0, V1) keeps every eighth cell's winner,
// the last four cells are folded again where n is no multiple of four,
// then V1 into V0, and the lanes two by two. That order shows only where
// the result is a zero (+0 or -0 first) or a NaN (which one last): the
// caller takes those planes again in order (globalExtremes).
//
// Locals: R0 the plane, R1 the cells taken, R2 n, R3 the next cells, R4
// the planes left, R5 dst; V2 the vector loaded; F0-F3 the lanes.

// BEAT sets ACC to V2's lanes that replace ACC's (V2 CMP ACC, or V2 NaN).
#define BEAT(ACC, CMP) Get V2; Get ACC; Get V2; Get ACC; CMP; Get V2; Get V2; F32x4Ne; V128Or; V128Bitselect; Set ACC

// STEP sets R to V where V replaces it (V CMP R, or V NaN).
#define STEP(R, V, CMP) Get V; Get R; Get V; Get R; CMP; Get V; Get V; F32Ne; I32Or; Select; Set R

#define LOADV(P, OFF) Get P; I32WrapI64; V128Load $OFF; Set V2

// PLANES is the loop over the planes: VCMP and SCMP the vector and scalar
// comparisons a winner makes.
#define PLANES(VCMP, SCMP) \
	I64Load dst+0(FP); Set R5; \
	I64Load src+8(FP); Set R0; \
	I64Load planes+16(FP); Set R4; \
	I64Load n+24(FP); Set R2; \
	Block; Loop; \
		Get R4; I64Eqz; BrIf $1; \
		LOADV(R0, 0); Get V2; Set V0; \
		LOADV(R0, 16); Get V2; Set V1; \
		Get R0; I64Const $32; I64Add; Set R3; \
		I64Const $8; Set R1; \
		Block; Loop; \
			Get R1; I64Const $8; I64Add; Get R2; I64GtU; BrIf $1; \
			LOADV(R3, 0); BEAT(V0, VCMP); \
			LOADV(R3, 16); BEAT(V1, VCMP); \
			Get R3; I64Const $32; I64Add; Set R3; \
			Get R1; I64Const $8; I64Add; Set R1; \
			Br $0; \
		End; End; \
		Get R1; I64Const $4; I64Add; Get R2; I64LeU; \
		If; \
			LOADV(R3, 0); BEAT(V0, VCMP); \
			Get R1; I64Const $4; I64Add; Set R1; \
		End; \
		Get R1; Get R2; I64LtU; \
		If; \
			Get R2; I64Const $2; I64Shl; Get R0; I64Add; I64Const $16; I64Sub; Set R3; \
			LOADV(R3, 0); BEAT(V1, VCMP); \
		End; \
		Get V1; Set V2; BEAT(V0, VCMP); \
		Get V0; F32x4ExtractLane $0, $0; Set F0; \
		Get V0; F32x4ExtractLane $0, $1; Set F1; \
		Get V0; F32x4ExtractLane $0, $2; Set F2; \
		Get V0; F32x4ExtractLane $0, $3; Set F3; \
		STEP(F0, F2, SCMP); STEP(F1, F3, SCMP); STEP(F0, F1, SCMP); \
		Get R5; I32WrapI64; Get F0; F32Store $0; \
		Get R5; I64Const $4; I64Add; Set R5; \
		Get R2; I64Const $2; I64Shl; Get R0; I64Add; Set R0; \
		Get R4; I64Const $1; I64Sub; Set R4; \
		Br $0; \
	End; End

// func extremesMax(dst, src unsafe.Pointer, planes, n int)
TEXT ·extremesMax(SB), NOSPLIT, $0-32
	PLANES(F32x4Gt, F32Gt)
	RET

// func extremesMin(dst, src unsafe.Pointer, planes, n int)
TEXT ·extremesMin(SB), NOSPLIT, $0-32
	PLANES(F32x4Lt, F32Lt)
	RET
