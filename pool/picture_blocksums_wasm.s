#include "textflag.h"
#include "picture_ninths_wasm.h"

// blockColumnSums, blocks3x3Row and blocksPow2Row of picture_blocksums_other.go.
// Go compiles their loops to a dispatch over their basic blocks; here they
// are wasm loops (blockColumnSums takes the rows two a turn) and the sums
// stay in locals.

// Locals of blockColumnSums: R0 sums, R1 the pair's top, R2 stride, R3 kh,
// R4 pairs left, R5 the row, R6 rows left, R7 and R8 the sums (R and B; G
// and A), R9 a loaded word.

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

// COL3 sets E and O to the column sums over the three rows (R1, R2, R3)
// of the word at byte OFF: its even bytes and its odd bytes.
#define COL3(OFF, E, O) \
	Get R1; I32WrapI64; I64Load $OFF; Set R11; \
	Get R11; I64Const $0x00FF00FF00FF00FF; I64And; Set E; \
	Get R11; I64Const $8; I64ShrU; I64Const $0x00FF00FF00FF00FF; I64And; Set O; \
	Get R2; I32WrapI64; I64Load $OFF; Set R11; \
	Get E; Get R11; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set E; \
	Get O; Get R11; I64Const $8; I64ShrU; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set O; \
	Get R3; I32WrapI64; I64Load $OFF; Set R11; \
	Get E; Get R11; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set E; \
	Get O; Get R11; I64Const $8; I64ShrU; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set O

// BLOCKS leaves on the stack the sums of two 3x3 blocks from the column
// sums W0, W1, W2 of their three words, plus 4 in every lane: the first
// block in the low halves, the second in the high ones.
#define BLOCKS(W0, W1, W2) \
	Get W0; Get W0; I64Const $32; I64ShrU; I64Add; Get W1; I64Add; I64Const $0xFFFFFFFF; I64And; \
	Get W1; I64Const $32; I64ShrU; Get W2; I64Add; Get W2; I64Const $32; I64ShrU; I64Add; I64Const $32; I64Shl; \
	I64Or; I64Const $0x0004000400040004; I64Add

// Locals of blocks3x3Row: R0 out, R1-R3 the rows, R4 pairs of blocks left,
// R5-R10 the column sums of the three words (R and B; G and A), R11 a
// loaded word, R12 and R13 the blocks' sums.

// func blocks3x3Row(out, src unsafe.Pointer, stride, n int)
TEXT ·blocks3x3Row(SB), NOSPLIT, $0-32
	I64Load out+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load stride+16(FP); Set R11
	Get R1; Get R11; I64Add; Set R2
	Get R2; Get R11; I64Add; Set R3
	I64Load n+24(FP); Set R4
	Block
	Loop
		Get R4; I64Eqz; BrIf $1
		COL3(0, R5, R6)
		COL3(8, R7, R8)
		COL3(16, R9, R10)
		BLOCKS(R5, R7, R9); Set R12
		BLOCKS(R6, R8, R10); Set R13
		Get R0; I32WrapI64
		NINTHS(R12, R13)
		I64Store $0
		Get R0; I64Const $8; I64Add; Set R0
		Get R1; I64Const $24; I64Add; Set R1
		Get R2; I64Const $24; I64Add; Set R2
		Get R3; I64Const $24; I64Add; Set R3
		Get R4; I64Const $1; I64Sub; Set R4
		Br $0
	End
	End
	RET

// Locals of blocksPow2Row: R0 out, R1 the pair of blocks' words, R2 half,
// R3 shift, R4 pairs of blocks left, R5 the rounding bias, R6 words left,
// R7 and R8 the first block's sums (R and B; G and A), R9 and R10 the
// second's, R11 the word walking the first block, R12 the bytes from one
// block's words to the next's, R13 a sum.

// HALVES leaves on the stack the first block's sum A in the low half, the
// second's B in the high one, each folded from the two pixels of its lanes.
#define HALVES(A, B) \
	Get A; Get A; I64Const $32; I64ShrU; I64Add; I64Const $0xFFFFFFFF; I64And; \
	Get B; Get B; I64Const $32; I64Shl; I64Add; I64Const $0xFFFFFFFF00000000; I64And; \
	I64Or

// POW2Q leaves on the stack pow2Quotients of R13.
#define POW2Q \
	Get R13; Get R5; I64Add; \
	Get R13; Get R3; I64ShrU; I64Const $0x0001000100010001; I64And; I64Add; \
	Get R3; I64ShrU; I64Const $0x00FF00FF00FF00FF; I64And

// func blocksPow2Row(out, sums unsafe.Pointer, half, shift, n int)
TEXT ·blocksPow2Row(SB), NOSPLIT, $0-40
	I64Load out+0(FP); Set R0
	I64Load sums+8(FP); Set R1
	I64Load half+16(FP); Set R2
	I64Load shift+24(FP); Set R3
	I64Load n+32(FP); Set R4
	// bias = (2^(shift-1) - 1) in every lane
	I64Const $1; Get R3; I64Const $1; I64Sub; I64Shl; I64Const $1; I64Sub
	I64Const $0x0001000100010001; I64Mul; Set R5
	Get R2; I64Const $4; I64Shl; Set R12
	Block
	Loop
		Get R4; I64Eqz; BrIf $1
		I64Const $0; Set R7
		I64Const $0; Set R8
		I64Const $0; Set R9
		I64Const $0; Set R10
		Get R1; Set R11
		Get R2; Set R6
		Block
		Loop
			Get R6; I64Eqz; BrIf $1
			Get R7; Get R11; I32WrapI64; I64Load $0; I64Add; Set R7
			Get R8; Get R11; I32WrapI64; I64Load $8; I64Add; Set R8
			Get R9; Get R11; Get R12; I64Add; I32WrapI64; I64Load $0; I64Add; Set R9
			Get R10; Get R11; Get R12; I64Add; I32WrapI64; I64Load $8; I64Add; Set R10
			Get R11; I64Const $16; I64Add; Set R11
			Get R6; I64Const $1; I64Sub; Set R6
			Br $0
		End
		End
		Get R0; I32WrapI64
		HALVES(R7, R9); Set R13
		POW2Q
		HALVES(R8, R10); Set R13
		POW2Q
		I64Const $8; I64Shl; I64Or
		I64Store $0
		Get R0; I64Const $8; I64Add; Set R0
		Get R1; Get R12; I64Const $1; I64Shl; I64Add; Set R1
		Get R4; I64Const $1; I64Sub; Set R4
		Br $0
	End
	End
	RET
