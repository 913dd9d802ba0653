//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// SUM9 leaves on the stack the four sums of the 3x3 windows whose first
// cells are at OFF of R7 (rows at R7, R8, R9), each lane adding its nine
// cells in row-major order from +0; divided by the four divisors at OFF of
// R13.
#define ADD(P, OFF) LD(P, OFF); F32x4Add
#define SUM9(OFF, O1, O2) \
	V128Const $0, $0; \
	ADD(R7, OFF); ADD(R7, O1); ADD(R7, O2); \
	ADD(R8, OFF); ADD(R8, O1); ADD(R8, O2); \
	ADD(R9, OFF); ADD(R9, O1); ADD(R9, O2); \
	LD(R13, OFF); F32x4Div

// func avg3x3s1Free(dst, src, divs unsafe.Pointer, pitch, rows, cols int)
// Output row r sums the rows from src + r*pitch; cols >= 4.
TEXT ·avg3x3s1Free(SB), NOSPLIT, $0-48
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load divs+16(FP); Set R3
	I64Load pitch+24(FP); Set R2
	I64Load rows+32(FP); Set R4
	I64Load cols+40(FP); Set R5
	Block; Loop
		Get R4; I64Eqz; BrIf $1
		Get R1; Set R7
		Get R7; Get R2; I64Add; Set R8
		Get R8; Get R2; I64Add; Set R9
		Get R0; Set R10
		Get R3; Set R13
		Get R5; Set R11
		Block; Loop
			Get R11; I64Const $8; I64LtS; BrIf $1
			SUM9(0, 4, 8); Set V0
			SUM9(16, 20, 24); Set V1
			ST(R10, 0, V0); ST(R10, 16, V1)
			ADV(R7, 32); ADV(R8, 32); ADV(R9, 32); ADV(R13, 32); ADV(R10, 32); ADV(R11, -8)
			Br $0
		End; End
		Block
			Get R11; I64Const $4; I64LtS; BrIf $0
			SUM9(0, 4, 8); Set V0; ST(R10, 0, V0)
			ADV(R7, 16); ADV(R8, 16); ADV(R9, 16); ADV(R13, 16); ADV(R10, 16); ADV(R11, -4)
		End
		Block
			Get R11; I64Eqz; BrIf $0
			// The last four outputs again, overlapping the ones before.
			Get R11; I64Const $4; I64Sub; I64Const $2; I64Shl; Set R12
			ADDR(R7, R12); ADDR(R8, R12); ADDR(R9, R12); ADDR(R13, R12); ADDR(R10, R12)
			SUM9(0, 4, 8); Set V0; ST(R10, 0, V0)
		End
		ADDR(R1, R2)
		Get R5; I64Const $2; I64Shl; Set R12
		ADDR(R0, R12); ADDR(R3, R12)
		ADV(R4, -1)
		Br $0
	End; End
	RET
