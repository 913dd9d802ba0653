#include "textflag.h"

// Float32 sums in WebAssembly loops (see tensor_rows_wasm.s for why), each
// one chain of additions from +0 in row-major order, as the general kernel
// adds: the order is what keeps the bits.

// ADDAT adds the float at byte offset OFF of the address in P to the sum on
// the stack.
#define ADDAT(P, OFF) Get P; I32WrapI64; F32Load $OFF; F32Add

// ADV adds N to R.
#define ADV(R, N) Get R; I64Const $N; I64Add; Set R

// func avg3x3s1(dst, src, divs unsafe.Pointer, pitch, rows, cols int)
// Output (r, x) is the sum of the 3x3 cells at src + r*pitch + 4*x over its
// divisor divs[r*cols + x].
TEXT ·avg3x3s1(SB), NOSPLIT, $0-48
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load divs+16(FP); Set R2
	I64Load pitch+24(FP); Set R3
	I64Load rows+32(FP); Set R4
	Block; Loop
		Get R4; I64Eqz; BrIf $1
		Get R1; Set R6
		Get R6; Get R3; I64Add; Set R7
		Get R7; Get R3; I64Add; Set R8
		I64Load cols+40(FP); Set R9
		Block; Loop
			Get R9; I64Eqz; BrIf $1
			Get R0; I32WrapI64
			I32Const $0; F32ReinterpretI32
			ADDAT(R6, 0); ADDAT(R6, 4); ADDAT(R6, 8)
			ADDAT(R7, 0); ADDAT(R7, 4); ADDAT(R7, 8)
			ADDAT(R8, 0); ADDAT(R8, 4); ADDAT(R8, 8)
			Get R2; I32WrapI64; F32Load $0
			F32Div
			F32Store $0
			ADV(R0, 4); ADV(R2, 4); ADV(R6, 4); ADV(R7, 4); ADV(R8, 4); ADV(R9, -1)
			Br $0
		End; End
		Get R1; Get R3; I64Add; Set R1
		ADV(R4, -1)
		Br $0
	End; End
	RET

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
