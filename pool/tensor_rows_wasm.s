#include "textflag.h"

// The max passes of tensor_extreme.go in WebAssembly, for planes with no
// NaN. Go compiles a loop to a dispatch over its basic blocks and sends a
// float's bits through memory; here a loop is a wasm loop and cells stay in
// locals. Without NaN, "b replaces a if b > a" is the whole rule (+0 and -0
// compare equal, so the first stays), one comparison where a NaN would need
// two; tensor_rows.go's passes take the planes with a NaN.

// A cell is held twice: as a float in an f32 local (F), to compare, and as
// its bits in an i64 local (B), to select; V8 selects integers with a
// conditional move but floats with a branch, which random data mispredicts
// half the time.

// LD loads the cell at byte offset OFF of the address in P into F and B.
#define LD(P, OFF, F, B) Get P; I32WrapI64; I64Load32U $OFF; Tee B; I32WrapI64; F32ReinterpretI32; Set F

// BEAT sets the bits A to those of B when the float FB is greater than FA:
// A then B folded by max, ties to A. FA is left stale.
#define BEAT(FA, A, FB, B) Get B; Get A; Get FB; Get FA; F32Gt; Select; Set A

// FIX brings the float FA back in line with its bits A after a BEAT.
#define FIX(FA, A) Get A; I32WrapI64; F32ReinterpretI32; Set FA

// ST stores the bits B at byte offset OFF of the address in P.
#define ST(P, OFF, B) Get P; I32WrapI64; Get B; I64Store32 $OFF

// ADV adds N to R.
#define ADV(R, N) Get R; I64Const $N; I64Add; Set R

// ACC adds the float at byte offset OFF of the address in R0 to F.
#define ACC(F, OFF) Get F; Get R0; I32WrapI64; F32Load $OFF; F32Add; Set F

// func hmax2s2Ordered(dst, src unsafe.Pointer, n int)
TEXT ·hmax2s2Ordered(SB), NOSPLIT, $0-24
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load n+16(FP); Set R2
	Block
	Loop
		Get R2; I64Const $2; I64LtS; BrIf $1
		LD(R1, 0, F0, R5)
		LD(R1, 4, F1, R6)
		LD(R1, 8, F2, R7)
		LD(R1, 12, F3, R8)
		BEAT(F0, R5, F1, R6)
		BEAT(F2, R7, F3, R8)
		ST(R0, 0, R5)
		ST(R0, 4, R7)
		ADV(R0, 8); ADV(R1, 16); ADV(R2, -2)
		Br $0
	End
	End
	Get R2; I64Eqz; I32Eqz
	If
		LD(R1, 0, F0, R5)
		LD(R1, 4, F1, R6)
		BEAT(F0, R5, F1, R6)
		ST(R0, 0, R5)
	End
	RET

// func max2x2s2Ordered(dst, src unsafe.Pointer, pitch, step, k, rows, cols int)
// Output (r, x) folds cells 2x and 2x+1 of the rows at src + r*step and
// pitch bytes below it, in row-major order; k is 2. Two outputs an
// iteration give the engine two independent chains to interleave.
TEXT ·max2x2s2Ordered(SB), NOSPLIT, $0-56
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load pitch+16(FP); Set R2
	I64Load step+24(FP); Set R3
	I64Load rows+40(FP); Set R4
	Block
	Loop
		Get R4; I64Eqz; BrIf $1
		Get R1; Set R11
		Get R1; Get R2; I64Add; Set R12
		I64Load cols+48(FP); Set R13
		Block
		Loop
			Get R13; I64Const $2; I64LtS; BrIf $1
			LD(R11, 0, F0, R5)
			LD(R11, 4, F1, R6)
			LD(R12, 0, F2, R7)
			LD(R12, 4, F3, R8)
			LD(R11, 8, F4, R9)
			LD(R11, 12, F5, R10)
			LD(R12, 8, F6, R14)
			LD(R12, 12, F7, R15)
			BEAT(F0, R5, F1, R6)
			BEAT(F2, R7, F3, R8)
			BEAT(F4, R9, F5, R10)
			BEAT(F6, R14, F7, R15)
			FIX(F0, R5)
			FIX(F2, R7)
			FIX(F4, R9)
			FIX(F6, R14)
			BEAT(F0, R5, F2, R7)
			BEAT(F4, R9, F6, R14)
			ST(R0, 0, R5)
			ST(R0, 4, R9)
			ADV(R0, 8); ADV(R11, 16); ADV(R12, 16); ADV(R13, -2)
			Br $0
		End
		End
		Get R13; I64Eqz; I32Eqz
		If
			LD(R11, 0, F0, R5)
			LD(R11, 4, F1, R6)
			LD(R12, 0, F2, R7)
			LD(R12, 4, F3, R8)
			BEAT(F0, R5, F1, R6)
			BEAT(F2, R7, F3, R8)
			FIX(F0, R5)
			FIX(F2, R7)
			BEAT(F0, R5, F2, R7)
			ST(R0, 0, R5)
			ADV(R0, 4)
		End
		Get R1; Get R3; I64Add; Set R1
		ADV(R4, -1)
		Br $0
	End
	End
	RET

// func hmax3s2Ordered(dst, src unsafe.Pointer, n int)
TEXT ·hmax3s2Ordered(SB), NOSPLIT, $0-24
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load n+16(FP); Set R2
	Block
	Loop
		Get R2; I64Eqz; BrIf $1
		LD(R1, 0, F0, R5)
		LD(R1, 4, F1, R6)
		LD(R1, 8, F2, R7)
		BEAT(F0, R5, F1, R6)
		FIX(F0, R5)
		BEAT(F0, R5, F2, R7)
		ST(R0, 0, R5)
		ADV(R0, 4); ADV(R1, 8); ADV(R2, -1)
		Br $0
	End
	End
	RET

// func hmax3s1Ordered(dst, src unsafe.Pointer, n int)
// Two outputs from four cells a, b, c, d share the max of b and c.
TEXT ·hmax3s1Ordered(SB), NOSPLIT, $0-24
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load n+16(FP); Set R2
	Block
	Loop
		Get R2; I64Const $2; I64LtS; BrIf $1
		LD(R1, 0, F0, R5)
		LD(R1, 4, F1, R6)
		LD(R1, 8, F2, R7)
		LD(R1, 12, F3, R8)
		BEAT(F1, R6, F2, R7)
		FIX(F1, R6)
		BEAT(F0, R5, F1, R6)
		BEAT(F1, R6, F3, R8)
		ST(R0, 0, R5)
		ST(R0, 4, R6)
		ADV(R0, 8); ADV(R1, 8); ADV(R2, -2)
		Br $0
	End
	End
	Get R2; I64Eqz; I32Eqz
	If
		LD(R1, 0, F0, R5)
		LD(R1, 4, F1, R6)
		LD(R1, 8, F2, R7)
		BEAT(F0, R5, F1, R6)
		FIX(F0, R5)
		BEAT(F0, R5, F2, R7)
		ST(R0, 0, R5)
	End
	RET

// func hmax5s1Ordered(dst, src unsafe.Pointer, n int)
// Two outputs from six cells a..f share the max of b, c, d, e.
TEXT ·hmax5s1Ordered(SB), NOSPLIT, $0-24
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load n+16(FP); Set R2
	Block
	Loop
		Get R2; I64Const $2; I64LtS; BrIf $1
		LD(R1, 0, F0, R5)
		LD(R1, 4, F1, R6)
		LD(R1, 8, F2, R7)
		LD(R1, 12, F3, R8)
		LD(R1, 16, F4, R9)
		LD(R1, 20, F5, R10)
		BEAT(F1, R6, F2, R7)
		FIX(F1, R6)
		BEAT(F1, R6, F3, R8)
		FIX(F1, R6)
		BEAT(F1, R6, F4, R9)
		FIX(F1, R6)
		BEAT(F0, R5, F1, R6)
		BEAT(F1, R6, F5, R10)
		ST(R0, 0, R5)
		ST(R0, 4, R6)
		ADV(R0, 8); ADV(R1, 8); ADV(R2, -2)
		Br $0
	End
	End
	Get R2; I64Eqz; I32Eqz
	If
		LD(R1, 0, F0, R5)
		LD(R1, 4, F1, R6)
		LD(R1, 8, F2, R7)
		LD(R1, 12, F3, R8)
		LD(R1, 16, F4, R9)
		BEAT(F0, R5, F1, R6)
		FIX(F0, R5)
		BEAT(F0, R5, F2, R7)
		FIX(F0, R5)
		BEAT(F0, R5, F3, R8)
		FIX(F0, R5)
		BEAT(F0, R5, F4, R9)
		ST(R0, 0, R5)
	End
	RET

// func vmaxRowsOrdered(dst, src unsafe.Pointer, pitch, step, k, rows, cols int)
// Each output row folds its first three rows (or fewer) in one loop over
// the columns, then every further row in one more.
TEXT ·vmaxRowsOrdered(SB), NOSPLIT, $0-56
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load pitch+16(FP); Set R2
	I64Load step+24(FP); Set R3
	I64Load k+32(FP); Set R4
	I64Load rows+40(FP); Set R5
	I64Load cols+48(FP); Set R6
	Block
	Loop
		Get R5; I64Eqz; BrIf $1
		Get R0; Set R7
		Get R1; Set R8
		Get R1; Get R2; I64Add; Set R9
		Get R9; Get R2; I64Add; Set R10
		Get R6; Set R11
		Get R4; I64Const $3; I64GeS
		If
			Block; Loop
				Get R11; I64Eqz; BrIf $1
				LD(R8, 0, F0, R12)
				LD(R9, 0, F1, R13)
				LD(R10, 0, F2, R14)
				BEAT(F0, R12, F1, R13)
				FIX(F0, R12)
				BEAT(F0, R12, F2, R14)
				ST(R7, 0, R12)
				ADV(R7, 4); ADV(R8, 4); ADV(R9, 4); ADV(R10, 4); ADV(R11, -1)
				Br $0
			End; End
		Else
			Block; Loop
				Get R11; I64Eqz; BrIf $1
				LD(R8, 0, F0, R12)
				Get R4; I64Const $2; I64Eq
				If
					LD(R9, 0, F1, R13)
					BEAT(F0, R12, F1, R13)
				End
				ST(R7, 0, R12)
				ADV(R7, 4); ADV(R8, 4); ADV(R9, 4); ADV(R11, -1)
				Br $0
			End; End
		End
		Get R1; Get R2; I64Const $3; I64Mul; I64Add; Set R10
		I64Const $3; Set R9
		Block; Loop
			Get R9; Get R4; I64GeS; BrIf $1
			Get R0; Set R7
			Get R10; Set R8
			Get R6; Set R11
			Block; Loop
				Get R11; I64Eqz; BrIf $1
				LD(R7, 0, F0, R12)
				LD(R8, 0, F1, R13)
				BEAT(F0, R12, F1, R13)
				ST(R7, 0, R12)
				ADV(R7, 4); ADV(R8, 4); ADV(R11, -1)
				Br $0
			End; End
			Get R10; Get R2; I64Add; Set R10
			ADV(R9, 1)
			Br $0
		End; End
		Get R0; Get R6; I64Const $2; I64Shl; I64Add; Set R0
		Get R1; Get R3; I64Add; Set R1
		ADV(R5, -1)
		Br $0
	End
	End
	RET

// func vmax3PairsOrdered(dst, src unsafe.Pointer, pitch, pairs, cols int)
// Stride 1, three rows: output rows 2i and 2i+1 share the max of input rows
// 2i+1 and 2i+2.
TEXT ·vmax3PairsOrdered(SB), NOSPLIT, $0-40
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load pitch+16(FP); Set R2
	I64Load pairs+24(FP); Set R3
	I64Load cols+32(FP); Set R4
	Get R4; I64Const $2; I64Shl; Set R5
	Block
	Loop
		Get R3; I64Eqz; BrIf $1
		Get R0; Set R6
		Get R1; Set R7
		Get R7; Get R2; I64Add; Set R8
		Get R8; Get R2; I64Add; Set R9
		Get R9; Get R2; I64Add; Set R10
		Get R4; Set R11
		Block; Loop
			Get R11; I64Eqz; BrIf $1
			LD(R7, 0, F0, R12)
			LD(R8, 0, F1, R13)
			LD(R9, 0, F2, R14)
			LD(R10, 0, F3, R15)
			BEAT(F1, R13, F2, R14)
			FIX(F1, R13)
			BEAT(F0, R12, F1, R13)
			BEAT(F1, R13, F3, R15)
			ST(R6, 0, R12)
			Get R6; Get R5; I64Add; I32WrapI64; Get R13; I64Store32 $0
			ADV(R6, 4); ADV(R7, 4); ADV(R8, 4); ADV(R9, 4); ADV(R10, 4); ADV(R11, -1)
			Br $0
		End; End
		Get R0; Get R5; I64Const $1; I64Shl; I64Add; Set R0
		Get R1; Get R2; I64Const $1; I64Shl; I64Add; Set R1
		ADV(R3, -1)
		Br $0
	End
	End
	RET

// func vmax5PairsOrdered(dst, src unsafe.Pointer, pitch, pairs, cols int)
// Stride 1, five rows: output rows 2i and 2i+1 share the max of input rows
// 2i+1 to 2i+4.
TEXT ·vmax5PairsOrdered(SB), NOSPLIT, $0-40
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load pitch+16(FP); Set R2
	I64Load pairs+24(FP); Set R3
	I64Load cols+32(FP); Set R4
	Get R4; I64Const $2; I64Shl; Set R5
	Block
	Loop
		Get R3; I64Eqz; BrIf $1
		Get R0; Set R6
		Get R1; Set R7
		Get R4; Set R11
		Block; Loop
			Get R11; I64Eqz; BrIf $1
			Get R7; Set R8
			LD(R8, 0, F0, R12)
			Get R8; Get R2; I64Add; Set R8
			LD(R8, 0, F1, R13)
			Get R8; Get R2; I64Add; Set R8
			LD(R8, 0, F2, R14)
			BEAT(F1, R13, F2, R14)
			FIX(F1, R13)
			Get R8; Get R2; I64Add; Set R8
			LD(R8, 0, F2, R14)
			BEAT(F1, R13, F2, R14)
			FIX(F1, R13)
			Get R8; Get R2; I64Add; Set R8
			LD(R8, 0, F2, R14)
			BEAT(F1, R13, F2, R14)
			FIX(F1, R13)
			Get R8; Get R2; I64Add; Set R8
			LD(R8, 0, F2, R14)
			BEAT(F0, R12, F1, R13)
			BEAT(F1, R13, F2, R14)
			ST(R6, 0, R12)
			Get R6; Get R5; I64Add; I32WrapI64; Get R13; I64Store32 $0
			ADV(R6, 4); ADV(R7, 4); ADV(R11, -1)
			Br $0
		End; End
		Get R0; Get R5; I64Const $1; I64Shl; I64Add; Set R0
		Get R1; Get R2; I64Const $1; I64Shl; I64Add; Set R1
		ADV(R3, -1)
		Br $0
	End
	End
	RET

// func hasNaN(p unsafe.Pointer, n int) bool
// Reports whether the sum of the n floats at p, in eight chains (an
// addition waits for the one before it in its chain), is NaN: true for any
// NaN among them, and for the odd sum of infinities, which only sends the
// plane to the passes that handle NaN.
TEXT ·hasNaN(SB), NOSPLIT, $0-17
	I64Load p+0(FP); Set R0
	I64Load n+8(FP); Set R1
	I32Const $0; F32ReinterpretI32; Set F0
	Get F0; Set F1; Get F0; Set F2; Get F0; Set F3
	Get F0; Set F4; Get F0; Set F5; Get F0; Set F6; Get F0; Set F7
	Block; Loop
		Get R1; I64Const $8; I64LtS; BrIf $1
		ACC(F0, 0); ACC(F1, 4); ACC(F2, 8); ACC(F3, 12)
		ACC(F4, 16); ACC(F5, 20); ACC(F6, 24); ACC(F7, 28)
		ADV(R0, 32); ADV(R1, -8)
		Br $0
	End; End
	Block; Loop
		Get R1; I64Eqz; BrIf $1
		ACC(F0, 0)
		ADV(R0, 4); ADV(R1, -1)
		Br $0
	End; End
	Get SP
	Get F0; Get F1; F32Add; Get F2; F32Add; Get F3; F32Add
	Get F4; F32Add; Get F5; F32Add; Get F6; F32Add; Get F7; F32Add; Set F0
	Get F0; Get F0; F32Ne
	I32Store8 ret+16(FP)
	RET
