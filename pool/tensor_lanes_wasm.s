//go:build goexperiment.simd

#include "textflag.h"

// The Lp lane windows: four interleaved planes' float64 sums, two to a
// vector, over a row of windows. Go's wasm has the widening of float32 to
// float64 only here (f64x2.promote_low_f32x4).

// LOW pushes the cell at R0's planes 0 and 1, widened to float64; HIGH its
// planes 2 and 3 (a 64-bit load into both halves: a 128-bit one at 8 would
// read past the last cell).
#define LOW Get R0; I32WrapI64; V128Load $0; F64x2PromoteLowF32x4
#define HIGH Get R0; I32WrapI64; I64Load $8; I64x2Splat; F64x2PromoteLowF32x4

#define SQUARE Set V2; Get V2; Get V2; F64x2Mul
#define ROOT2 F64x2Sqrt
#define ROOT1

// WINDOWS(TERM, ROOT): for each of nwin windows (Window values at wins),
// the sums of TERM of its cells in the order lpVolume adds them (depth,
// rows, then the window's cells, step bytes apart), from the cell First
// of the row at src; ROOT of each, rounded to float32, stored as four
// floats at dst.
#define WINDOWS(TERM, ROOT) \
	I64Load dst+0(FP); Set R10; \
	I64Load src+8(FP); Set R11; \
	I64Load wins+16(FP); Set R12; \
	I64Load nwin+24(FP); Set R13; \
	I64Load depth+32(FP); Set R4; \
	I64Load dpitch+40(FP); Set R5; \
	I64Load rows+48(FP); Set R6; \
	I64Load rpitch+56(FP); Set R7; \
	I64Load step+64(FP); Set R3; \
	Block; Loop; \
		Get R13; I64Eqz; BrIf $1; \
		Get R12; I32WrapI64; I64Load $0; I64Const $4; I64Shl; Get R11; I64Add; Set R9; \
		Get R12; I32WrapI64; I64Load $8; Set R8; \
		I64Const $0; I64x2Splat; Set V0; Get V0; Set V1; \
		Get R4; Set R14; \
		Block; Loop; \
			Get R14; I64Eqz; BrIf $1; \
			Get R9; Set R2; Get R6; Set R15; \
			Block; Loop; \
				Get R15; I64Eqz; BrIf $1; \
				Get R2; Set R0; Get R8; Set R1; \
				Block; Loop; \
					Get R1; I64Eqz; BrIf $1; \
					Get V0; LOW; TERM; F64x2Add; Set V0; \
					Get V1; HIGH; TERM; F64x2Add; Set V1; \
					Get R0; Get R3; I64Add; Set R0; \
					Get R1; I64Const $1; I64Sub; Set R1; \
					Br $0; \
				End; End; \
				Get R2; Get R7; I64Add; Set R2; \
				Get R15; I64Const $1; I64Sub; Set R15; \
				Br $0; \
			End; End; \
			Get R9; Get R5; I64Add; Set R9; \
			Get R14; I64Const $1; I64Sub; Set R14; \
			Br $0; \
		End; End; \
		Get R10; I32WrapI64; \
		Get V0; ROOT; F32x4DemoteF64x2Zero; \
		Get V1; ROOT; F32x4DemoteF64x2Zero; F64x2ExtractLane $0, $0; F64x2ReplaceLane $0, $1; \
		V128Store $0; \
		Get R10; I64Const $16; I64Add; Set R10; \
		Get R12; I64Const $24; I64Add; Set R12; \
		Get R13; I64Const $1; I64Sub; Set R13; \
		Br $0; \
	End; End; \
	RET

// func lpWindows4Square(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch, step int)
TEXT ·lpWindows4Square(SB), NOSPLIT, $0-72
	WINDOWS(SQUARE, ROOT2)

// func lpWindows4Abs(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch, step int)
TEXT ·lpWindows4Abs(SB), NOSPLIT, $0-72
	WINDOWS(F64x2Abs, ROOT1)

// func avgWindows4Free(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch, step, div int)
// avgLanes over a row of windows of four interleaved planes: each
// window's float32 sums from +0 in avgVolume's order (depth, rows, then the
// window's cells, step bytes apart), from the cell First of the row at src,
// divided by div times the window's Divisor, stored as four floats at dst.
TEXT ·avgWindows4Free(SB), NOSPLIT, $0-80
	I64Load dst+0(FP); Set R10
	I64Load src+8(FP); Set R11
	I64Load wins+16(FP); Set R12
	I64Load nwin+24(FP); Set R13
	I64Load depth+32(FP); Set R4
	I64Load dpitch+40(FP); Set R5
	I64Load rows+48(FP); Set R6
	I64Load rpitch+56(FP); Set R7
	I64Load step+64(FP); Set R3
	Block; Loop
		Get R13; I64Eqz; BrIf $1
		Get R12; I32WrapI64; I64Load $0; I64Const $4; I64Shl; Get R11; I64Add; Set R9
		Get R12; I32WrapI64; I64Load $8; Set R8
		V128Const $0, $0; Set V0
		Get R4; Set R14
		Block; Loop
			Get R14; I64Eqz; BrIf $1
			Get R9; Set R2; Get R6; Set R15
			Block; Loop
				Get R15; I64Eqz; BrIf $1
				Get R2; Set R0; Get R8; Set R1
				Block; Loop
					Get R1; I64Eqz; BrIf $1
					Get V0; Get R0; I32WrapI64; V128Load $0; F32x4Add; Set V0
					Get R0; Get R3; I64Add; Set R0
					Get R1; I64Const $1; I64Sub; Set R1
					Br $0
				End; End
				Get R2; Get R7; I64Add; Set R2
				Get R15; I64Const $1; I64Sub; Set R15
				Br $0
			End; End
			Get R9; Get R5; I64Add; Set R9
			Get R14; I64Const $1; I64Sub; Set R14
			Br $0
		End; End
		Get R10; I32WrapI64
		Get V0
		Get R12; I32WrapI64; I64Load $16; I64Load div+72(FP); I64Mul; F32ConvertI64S; F32x4Splat
		F32x4Div
		V128Store $0
		Get R10; I64Const $16; I64Add; Set R10
		Get R12; I64Const $24; I64Add; Set R12
		Get R13; I64Const $1; I64Sub; Set R13
		Br $0
	End; End
	RET
