#include "textflag.h"
#include "ninths_wasm.h"

// blockColumnSums and blocks3x3Pairs of blocksums_other.go. Go compiles its two loops to a
// dispatch over their basic blocks; here they are wasm loops, the rows two
// a turn, and the sums stay in locals.

// Locals: R0 sums, R1 the pair's top, R2 stride, R3 kh, R4 pairs left,
// R5 the row, R6 rows left, R7 and R8 the sums (R and B; G and A), R9 a
// loaded word.

// ROW adds the even and odd bytes of the word at the address in R5 to R7
// and R8 and moves R5 down a row.
#define ROW \
	Get R5; I32WrapI64; I64Load $0; Set R9; \
	Get R7; Get R9; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set R7; \
	Get R8; Get R9; I64Const $8; I64ShrU; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set R8; \
	Get R5; Get R2; I64Add; Set R5

// func blockColumnSums(sums, src unsafe.Pointer, stride, kh, pairs int)
TEXT ·blockColumnSums(SB), NOSPLIT, $0-40
	I64Load sums+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load stride+16(FP); Set R2
	I64Load kh+24(FP); Set R3
	I64Load pairs+32(FP); Set R4
	Block
	Loop
		Get R4; I64Eqz; BrIf $1
		Get R1; Set R5
		Get R3; Set R6
		I64Const $0; Set R7
		I64Const $0; Set R8
		Block
		Loop
			Get R6; I64Const $2; I64LtS; BrIf $1
			ROW
			ROW
			Get R6; I64Const $2; I64Sub; Set R6
			Br $0
		End
		End
		Get R6; I64Eqz; I32Eqz
		If
			ROW
		End
		Get R0; I32WrapI64; Get R7; I64Store $0
		Get R0; I32WrapI64; Get R8; I64Store $8
		Get R0; I64Const $16; I64Add; Set R0
		Get R1; I64Const $8; I64Add; Set R1
		Get R4; I64Const $1; I64Sub; Set R4
		Br $0
	End
	End
	RET

// SUMS3 leaves on the stack the lanes of two 3x3 blocks from the words at
// byte OFF, OFF+16 and OFF+32 of the address in R1, plus 4 in every lane:
// the first block the low halves, the second the high ones.
#define SUMS3(OFF) \
	Get R1; I32WrapI64; I64Load $OFF; Set R2; \
	Get R1; I32WrapI64; I64Load $(OFF+16); Set R3; \
	Get R1; I32WrapI64; I64Load $(OFF+32); Set R4; \
	Get R2; Get R2; I64Const $32; I64ShrU; I64Add; Get R3; I64Add; I64Const $0xFFFFFFFF; I64And; \
	Get R3; I64Const $32; I64ShrU; Get R4; I64Add; Get R4; I64Const $32; I64ShrU; I64Add; I64Const $32; I64Shl; \
	I64Or; I64Const $0x0004000400040004; I64Add

// func blocks3x3Pairs(out, sums unsafe.Pointer, n int)
TEXT ·blocks3x3Pairs(SB), NOSPLIT, $0-24
	I64Load out+0(FP); Set R0
	I64Load sums+8(FP); Set R1
	I64Load n+16(FP); Set R5
	Block
	Loop
		Get R5; I64Eqz; BrIf $1
		SUMS3(0); Set R6
		SUMS3(8); Set R7
		Get R0; I32WrapI64
		NINTHS(R6, R7)
		I64Store $0
		Get R0; I64Const $8; I64Add; Set R0
		Get R1; I64Const $48; I64Add; Set R1
		Get R5; I64Const $1; I64Sub; Set R5
		Br $0
	End
	End
	RET
