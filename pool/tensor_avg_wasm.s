#include "textflag.h"

// Float32 sums in a WebAssembly loop, each one chain of additions from +0 in
// row-major order, as the general kernel adds: the order is what keeps the
// bits. Go compiles a loop to a dispatch over its basic blocks; here a loop
// is a wasm loop and the sums stay in locals. A single plane's sum is
// sumRows's (tensor_adaptive_sum_wasm.s).

// ADDAT adds the float at byte offset OFF of the address in P to the sum on
// the stack.
#define ADDAT(P, OFF) Get P; I32WrapI64; F32Load $OFF; F32Add

// ADV adds N to R.
#define ADV(R, N) Get R; I64Const $N; I64Add; Set R

// func means8RowMajor(dst, src unsafe.Pointer, groups, n int, div float32)
// For each of groups runs of eight planes of n values: eight chains, one a
// plane, each adding its plane's values in order, four values a turn (one
// pointer step for four additions), then the last few; then each sum
// divided by div into dst.
#define ACC8(F, P) Get F; ADDAT(P, 0); Set F; ADV(P, 4)
#define ACC8X4(F, P) Get F; ADDAT(P, 0); ADDAT(P, 4); ADDAT(P, 8); ADDAT(P, 12); Set F; ADV(P, 16)
#define MEAN(F, OFF) Get R10; I32WrapI64; Get F; Get F8; F32Div; F32Store $OFF
TEXT ·means8RowMajor(SB), NOSPLIT, $0-36
	I64Load dst+0(FP); Set R10
	I64Load src+8(FP); Set R8
	I64Load groups+16(FP); Set R11
	I64Load n+24(FP); Set R12
	F32Load div+32(FP); Set F8
	Get R12; I64Const $2; I64Shl; Set R9
	Block; Loop
		Get R11; I64Eqz; BrIf $1
		// R8 is where the last plane of the previous group ended.
		Get R8; Set R1
		Get R1; Get R9; I64Add; Set R2
		Get R2; Get R9; I64Add; Set R3
		Get R3; Get R9; I64Add; Set R4
		Get R4; Get R9; I64Add; Set R5
		Get R5; Get R9; I64Add; Set R6
		Get R6; Get R9; I64Add; Set R7
		Get R7; Get R9; I64Add; Set R8
		I32Const $0; F32ReinterpretI32; Set F0
		Get F0; Set F1; Get F0; Set F2; Get F0; Set F3
		Get F0; Set F4; Get F0; Set F5; Get F0; Set F6; Get F0; Set F7
		Get R12; Set R0
		Block; Loop
			Get R0; I64Const $4; I64LtU; BrIf $1
			ACC8X4(F0, R1); ACC8X4(F1, R2); ACC8X4(F2, R3); ACC8X4(F3, R4)
			ACC8X4(F4, R5); ACC8X4(F5, R6); ACC8X4(F6, R7); ACC8X4(F7, R8)
			ADV(R0, -4)
			Br $0
		End; End
		Block; Loop
			Get R0; I64Eqz; BrIf $1
			ACC8(F0, R1); ACC8(F1, R2); ACC8(F2, R3); ACC8(F3, R4)
			ACC8(F4, R5); ACC8(F5, R6); ACC8(F6, R7); ACC8(F7, R8)
			ADV(R0, -1)
			Br $0
		End; End
		MEAN(F0, 0); MEAN(F1, 4); MEAN(F2, 8); MEAN(F3, 12)
		MEAN(F4, 16); MEAN(F5, 20); MEAN(F6, 24); MEAN(F7, 28)
		ADV(R10, 32); ADV(R11, -1)
		Br $0
	End; End
	RET
