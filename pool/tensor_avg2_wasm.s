//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// SUM4(OFF) leaves on the stack the sums of the 2x2 windows whose first
// cells are at byte offset OFF of R7 (first row) and R8 (second row) and at
// every cell after it, four a vector (lane j: the window at cell j), each
// adding its cells in row-major order. The sum starts from the first cell
// rather than from +0 as the portable kernel's does: the two differ only in
// a sum of -0s, -0 here and +0 there, which the +0 that AVG2 adds to the
// outputs puts right, changing no other sum.
#define SUM4(OFF) LD(R7, OFF); LD(R7, OFF+4); F32x4Add; LD(R8, OFF); F32x4Add; LD(R8, OFF+4); F32x4Add

// AVG2 leaves on the stack the four outputs at R10, from the window sums at
// cells 0 and 2 of R7 (lanes 0 and 2 of the first) and 4 and 6 (lanes 1
// and 3 of the second, whose loads start a cell early: none reads a cell
// past the fourth window), divided by the divisors at R13.
#define AVG2 \
	SUM4(0); V128Const $0x0b0a090803020100, $0x8080808080808080; I8x16Swizzle; \
	SUM4(12); V128Const $0x8080808080808080, $0x0f0e0d0c07060504; I8x16Swizzle; \
	V128Or; V128Const $0, $0; F32x4Add; \
	LD(R13, 0); F32x4Div

// func avg2x2s2Free(dst, src, divs unsafe.Pointer, pitch, rows, cols int)
// Output row r averages the windows of rows src + 2r*pitch and the one
// after it; cols >= 4. It reads no cell outside the windows.
TEXT ·avg2x2s2Free(SB), NOSPLIT, $0-48
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
		Get R0; Set R10
		Get R3; Set R13
		Get R5; Set R11
		Block; Loop
			Get R11; I64Const $4; I64LtS; BrIf $1
			AVG2; Set V0; ST(R10, 0, V0)
			ADV(R7, 32); ADV(R8, 32); ADV(R13, 16); ADV(R10, 16); ADV(R11, -4)
			Br $0
		End; End
		Block
			Get R11; I64Eqz; BrIf $0
			// The last four outputs again, overlapping the ones before.
			Get R11; I64Const $4; I64Sub; I64Const $2; I64Shl; Set R12
			ADDR(R13, R12); ADDR(R10, R12)
			Get R12; I64Const $1; I64Shl; Set R12
			ADDR(R7, R12); ADDR(R8, R12)
			AVG2; Set V0; ST(R10, 0, V0)
		End
		// Two input rows on.
		ADDR(R1, R2); ADDR(R1, R2)
		Get R5; I64Const $2; I64Shl; Set R12
		ADDR(R0, R12); ADDR(R3, R12)
		ADV(R4, -1)
		Br $0
	End; End
	RET
