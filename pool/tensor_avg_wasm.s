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
