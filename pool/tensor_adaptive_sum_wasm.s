#include "textflag.h"

// func sumRows(sum float32, p unsafe.Pointer, n, rows, pitch int) float32
// One chain of float32 additions continuing from sum: n cells of a row,
// then the next row pitch cells further, as the general kernel adds them.
TEXT ·sumRows(SB), NOSPLIT, $0-44
	F32Load sum+0(FP); Set F0
	I64Load p+8(FP); Set R0
	I64Load n+16(FP); Set R1
	I64Load rows+24(FP); Set R2
	I64Load pitch+32(FP); I64Const $2; I64Shl; Set R3
	Block; Loop
		Get R2; I64Eqz; BrIf $1
		Get R0; Set R4
		Get R1; Set R5
		Block; Loop
			Get R5; I64Eqz; BrIf $1
			Get F0; Get R4; I32WrapI64; F32Load $0; F32Add; Set F0
			Get R4; I64Const $4; I64Add; Set R4
			Get R5; I64Const $1; I64Sub; Set R5
			Br $0
		End; End
		Get R0; Get R3; I64Add; Set R0
		Get R2; I64Const $1; I64Sub; Set R2
		Br $0
	End; End
	Get SP
	Get F0
	F32Store ret+40(FP)
	RET

// ADDF adds the float at the address in P to F, and moves P a cell on.
#define ADDF(F, P) Get F; Get P; I32WrapI64; F32Load $0; F32Add; Set F; Get P; I64Const $4; I64Add; Set P

// C0 and C1 push the cell counts of the pair's windows (Window.Count).
#define C0 Get R12; I32WrapI64; I64Load $8
#define C1 Get R12; I32WrapI64; I64Load $32

// MEAN stores at OFF of R10 the sum in F divided by d1, d2 and the Divisor
// at DIV of R12, in that order.
#define MEAN(F, OFF, DIV) Get R10; I32WrapI64; Get F; Get F8; F32Div; Get F9; F32Div; Get R12; I32WrapI64; I64Load $DIV; F32ConvertI64S; F32Div; F32Store $OFF

// func avgPairsRow(dst, row, wins unsafe.Pointer, pairs, depth, dpitch, rows, rpitch int, d1, d2 float32)
// Adaptive averages of a row of windows two at a time: each window's one
// chain of float32 additions from +0, depth by depth, row by row, its cells
// in order (the two chains side by side, which the engine overlaps), then
// divided by d1, by d2 and by the window's Divisor. row is the first cell
// of the windows' first depth and row, at column 0; dpitch and rpitch are
// bytes.
TEXT ·avgPairsRow(SB), NOSPLIT, $0-72
	I64Load dst+0(FP); Set R10
	I64Load row+8(FP); Set R11
	I64Load wins+16(FP); Set R12
	I64Load pairs+24(FP); Set R13
	I64Load depth+32(FP); Set R4
	I64Load dpitch+40(FP); Set R5
	I64Load rows+48(FP); Set R6
	I64Load rpitch+56(FP); Set R7
	F32Load d1+64(FP); Set F8
	F32Load d2+68(FP); Set F9
	Block; Loop
		Get R13; I64Eqz; BrIf $1
		Get R12; I32WrapI64; I64Load $0; I64Const $2; I64Shl; Set R8
		Get R12; I32WrapI64; I64Load $24; I64Const $2; I64Shl; Set R9
		I32Const $0; F32ReinterpretI32; Set F0
		Get F0; Set F1
		Get R4; Set R14
		Block; Loop
			Get R14; I64Eqz; BrIf $1
			Get R11; Set R3
			Get R6; Set R15
			Block; Loop
				Get R15; I64Eqz; BrIf $1
				Get R3; Get R8; I64Add; Set R0
				Get R3; Get R9; I64Add; Set R1
				// The cells both windows have, side by side.
				C0; C1; C0; C1; I64LtS; Select; Set R2
				Block; Loop
					Get R2; I64Eqz; BrIf $1
					ADDF(F0, R0); ADDF(F1, R1)
					Get R2; I64Const $1; I64Sub; Set R2
					Br $0
				End; End
				// The longer window's cells past the other's.
				C0; C1; I64Sub; Set R2
				Block; Loop
					Get R2; I64Const $0; I64LeS; BrIf $1
					ADDF(F0, R0)
					Get R2; I64Const $1; I64Sub; Set R2
					Br $0
				End; End
				C1; C0; I64Sub; Set R2
				Block; Loop
					Get R2; I64Const $0; I64LeS; BrIf $1
					ADDF(F1, R1)
					Get R2; I64Const $1; I64Sub; Set R2
					Br $0
				End; End
				Get R3; Get R7; I64Add; Set R3
				Get R15; I64Const $1; I64Sub; Set R15
				Br $0
			End; End
			Get R11; Get R5; I64Add; Set R11
			Get R14; I64Const $1; I64Sub; Set R14
			Br $0
		End; End
		// R11 back at the first depth.
		Get R11; Get R4; Get R5; I64Mul; I64Sub; Set R11
		MEAN(F0, 0, 16); MEAN(F1, 4, 40)
		Get R10; I64Const $8; I64Add; Set R10
		Get R12; I64Const $48; I64Add; Set R12
		Get R13; I64Const $1; I64Sub; Set R13
		Br $0
	End; End
	RET
