#include "textflag.h"

// Float32 sums in WebAssembly loops, each one chain of additions from +0 in
// row-major order, as the general kernel adds: the order is what keeps the
// bits. Go compiles a loop to a dispatch over its basic blocks; here a loop
// is a wasm loop and the sum stays on the stack.

// ADDAT adds the float at byte offset OFF of the address in P to the sum on
// the stack.
#define ADDAT(P, OFF) Get P; I32WrapI64; F32Load $OFF; F32Add

// ADV adds N to R.
#define ADV(R, N) Get R; I64Const $N; I64Add; Set R

// func sumF32(p unsafe.Pointer, n int) float32
TEXT ·sumF32(SB), NOSPLIT, $0-20
	I64Load p+0(FP); Set R0
	I64Load n+8(FP); Set R1
	I32Const $0; F32ReinterpretI32; Set F0
	Block; Loop
		Get R1; I64Eqz; BrIf $1
		Get F0
		ADDAT(R0, 0)
		Set F0
		ADV(R0, 4); ADV(R1, -1)
		Br $0
	End; End
	Get SP
	Get F0
	F32Store ret+16(FP)
	RET

// func sums8RowMajor(sums *[8]float32, src unsafe.Pointer, n int)
// Eight chains, one a plane, each adding its plane's values in order.
#define ACC8(F, P) Get F; ADDAT(P, 0); Set F; ADV(P, 4)
TEXT ·sums8RowMajor(SB), NOSPLIT, $0-24
	I64Load src+8(FP); Set R1
	I64Load n+16(FP); Set R0
	Get R0; I64Const $2; I64Shl; Set R9
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
	Block; Loop
		Get R0; I64Eqz; BrIf $1
		ACC8(F0, R1); ACC8(F1, R2); ACC8(F2, R3); ACC8(F3, R4)
		ACC8(F4, R5); ACC8(F5, R6); ACC8(F6, R7); ACC8(F7, R8)
		ADV(R0, -1)
		Br $0
	End; End
	I64Load sums+0(FP); Set R10
	Get R10; I32WrapI64; Get F0; F32Store $0
	Get R10; I32WrapI64; Get F1; F32Store $4
	Get R10; I32WrapI64; Get F2; F32Store $8
	Get R10; I32WrapI64; Get F3; F32Store $12
	Get R10; I32WrapI64; Get F4; F32Store $16
	Get R10; I32WrapI64; Get F5; F32Store $20
	Get R10; I32WrapI64; Get F6; F32Store $24
	Get R10; I32WrapI64; Get F7; F32Store $28
	RET
