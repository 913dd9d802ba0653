#include "textflag.h"
#include "picture_ninths_wasm.h"

// box3Loop of picture_box3_other.go. Go compiles a loop to a dispatch over its
// basic blocks and keeps values it cannot hold in locals on its stack; here
// the loop is a wasm loop, two pairs a turn, and every lane word stays in a
// local.

// Locals: R0 out, R1-R3 the three rows, R4 pairs left; three pairs' column
// sums, R5 and R6, R7 and R8, R9 and R10 (R and B; G and A), whose roles
// (before, this and next pair) turn; R11 a loaded word, R12 and R13 the
// window sums.

// COL adds the even bytes of the word at byte OFF of the address in P to E
// and its odd bytes to O, in 16-bit lanes.
#define COL(P, OFF, E, O) \
	Get P; I32WrapI64; I64Load $OFF; Set R11; \
	Get E; Get R11; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set E; \
	Get O; Get R11; I64Const $8; I64ShrU; I64Const $0x00FF00FF00FF00FF; I64And; I64Add; Set O

// COLS sets E and O to the column sums of the pair at byte OFF of the rows.
#define COLS(OFF, E, O) \
	Get R1; I32WrapI64; I64Load $OFF; Set R11; \
	Get R11; I64Const $0x00FF00FF00FF00FF; I64And; Set E; \
	Get R11; I64Const $8; I64ShrU; I64Const $0x00FF00FF00FF00FF; I64And; Set O; \
	COL(R2, OFF, E, O); \
	COL(R3, OFF, E, O)

// WIN leaves on the stack the window sums of the pair's two pixels, plus 4
// in every lane: C, C with its halves swapped, the high half of P and the
// low half of N.
#define WIN(C, P, N) \
	Get C; Get C; I64Const $32; I64Rotl; I64Add; \
	Get P; I64Const $32; I64ShrU; I64Add; \
	Get N; I64Const $32; I64Shl; I64Add; \
	I64Const $0x0004000400040004; I64Add

// PAIR writes at byte OFF of out the pair whose column sums are in CE and
// CO, between the pairs in PE, PO and NE, NO; it loads NE and NO first.
#define PAIR(OFF, PE, PO, CE, CO, NE, NO) \
	COLS(OFF, NE, NO); \
	WIN(CE, PE, NE); Set R12; \
	WIN(CO, PO, NO); Set R13; \
	Get R0; I32WrapI64; \
	NINTHS(R12, R13); \
	I64Store $OFF

// ADV adds N to R.
#define ADV(R, N) Get R; I64Const $N; I64Add; Set R

// func box3Loop(out, src unsafe.Pointer, stride, pairs int, prevE, prevO, curE, curO uint64)
TEXT ·box3Loop(SB), NOSPLIT, $0-64
	I64Load out+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load stride+16(FP); Set R11
	Get R1; Get R11; I64Add; Set R2
	Get R2; Get R11; I64Add; Set R3
	I64Load pairs+24(FP); Set R4
	I64Load prevE+32(FP); Set R5
	I64Load prevO+40(FP); Set R6
	I64Load curE+48(FP); Set R7
	I64Load curO+56(FP); Set R8
	Block
	Loop
		Get R4; I64Const $2; I64LtS; BrIf $1
		PAIR(0, R5, R6, R7, R8, R9, R10)
		PAIR(8, R7, R8, R9, R10, R5, R6)
		// Back to the roles the turn began with.
		Get R5; Set R7; Get R9; Set R5
		Get R6; Set R8; Get R10; Set R6
		ADV(R0, 16); ADV(R1, 16); ADV(R2, 16); ADV(R3, 16); ADV(R4, -2)
		Br $0
	End
	End
	Get R4; I64Eqz; I32Eqz
	If
		PAIR(0, R5, R6, R7, R8, R9, R10)
	End
	RET
