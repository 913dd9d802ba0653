//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// The premultiplied average's lanes in wasm, as premul_runs_amd64.go makes
// them: per pixel R·a, B·a, G·a and a in four 32-bit lanes. Go's wasm code
// for the vector form moves every vector through memory.

// premulLanes holds the constants of these loops, loaded from memory:
// Node's and Chromium's engine builds a v128.const anew wherever it is
// used, two to four instructions each time, in the loop. They are
// - +0: the swizzle that swaps the middle bytes of each 32-bit lane,
//   taking an RGBA pixel to R, B, G, A and back;
// - +16: the swizzle that spreads each pixel's alpha to its first three
//   bytes, zero in the last; +32: a 1 in each pixel's last byte;
// - +48: the swizzle that spreads lane 3's bytes to lanes 0 to 2, lane 3
//   zero; +64: 2^23 in every lane;
// - for premul_wasm.s's CONSTANTS: +80 the lanes 0 0 1 1, +96 a 1 in each
//   16-bit lane of the upper half, +112 the floats 0 0 4 4 (the 2x2
//   blocks' divisors).
DATA ·premulLanes+0(SB)/8, $0x0705060403010200
DATA ·premulLanes+8(SB)/8, $0x0f0d0e0c0b090a08
DATA ·premulLanes+16(SB)/8, $0x8007070780030303
DATA ·premulLanes+24(SB)/8, $0x800f0f0f800b0b0b
DATA ·premulLanes+32(SB)/8, $0x0100000001000000
DATA ·premulLanes+40(SB)/8, $0x0100000001000000
DATA ·premulLanes+48(SB)/8, $0x0f0e0d0c0f0e0d0c
DATA ·premulLanes+56(SB)/8, $0x808080800f0e0d0c
DATA ·premulLanes+64(SB)/8, $0x4b0000004b000000
DATA ·premulLanes+72(SB)/8, $0x4b0000004b000000
DATA ·premulLanes+80(SB)/8, $0
DATA ·premulLanes+88(SB)/8, $0x0000000100000001
DATA ·premulLanes+96(SB)/8, $0
DATA ·premulLanes+104(SB)/8, $0x0001000100010001
DATA ·premulLanes+112(SB)/8, $0
DATA ·premulLanes+120(SB)/8, $0x4080000040800000
GLOBL ·premulLanes(SB), RODATA, $128

// LANE pushes the constant at OFF of premulLanes, whose address is in R5.
#define LANE(OFF) Get R5; I32WrapI64; V128Load $OFF

// RUNSUMS sets V2 to the window's lanes in the runSums at the address in
// R, DEN to its divisors, and R5 to premulLanes.
#define RUNSUMS(R, DEN) \
	Get R; I32WrapI64; V128Load $0; Set V2; \
	Get R; I32WrapI64; V128Load $16; Set DEN; \
	MOVD $·premulLanes(SB), R5

// PRODUCTS sets V5 to the lanes of the first two of the four pixels at
// the address in R2, in 16-bit lanes, and V6 to those of the last two: the
// pixels' bytes as R, B, G, A (the swizzle in ORDER) and their alphas as a,
// a, a, 1 (the swizzle in ALPHAS, or ONES), widened to 16 bits and
// multiplied; a product of two bytes fits. V0 scratch.
#define PRODUCTS(ORDER, ALPHAS, ONES) \
	Get R2; I32WrapI64; V128Load $0; Tee V6; Get ORDER; I8x16Swizzle; Set V0; \
	Get V6; Get ALPHAS; I8x16Swizzle; Get ONES; V128Or; Set V6; \
	Get V0; I16x8ExtendLowI8x16U; Get V6; I16x8ExtendLowI8x16U; I16x8Mul; Set V5; \
	Get V0; I16x8ExtendHighI8x16U; Get V6; I16x8ExtendHighI8x16U; I16x8Mul; Set V6

// The stores name their offset as a second operand: Go's assembler reads
// a lone V128Store operand as a source and would store at offset 0.

// KEEP stores the lanes in V1 at OFF of the slot (R1) and adds them to the
// column sums at OFF of R0.
#define KEEP(OFF) \
	Get R1; I32WrapI64; Get V1; V128Store $0, $OFF; \
	SUM(OFF)

// SUM adds the lanes in V1 to the column sums at OFF of R0.
#define SUM(OFF) \
	Get R0; I32WrapI64; Get R0; I32WrapI64; V128Load $OFF; Get V1; I32x4Add; V128Store $0, $OFF

// ENTER adds the lanes in V1 to the column sums at OFF of R0, takes from
// them those at OFF of the slot (R1), and stores V1 there; it leaves the
// column's new sums in V0.
#define ENTER(OFF) \
	Get R0; I32WrapI64; Get R0; I32WrapI64; V128Load $OFF; Get V1; I32x4Add; \
	Get R1; I32WrapI64; V128Load $OFF; I32x4Sub; Tee V0; V128Store $0, $OFF; \
	Get R1; I32WrapI64; Get V1; V128Store $0, $OFF

// QUADS(DO) runs DO on the lanes (in V1) of each pixel of the row (R2),
// 4*R3 pixels, the column sums at R0 and the slot at R1 advancing with
// them; R5 premulLanes.
#define QUADS(DO) \
	MOVD $·premulLanes(SB), R5; \
	LANE(0); Set V8; LANE(16); Set V9; LANE(32); Set V10; \
	Block; Loop; \
		Get R3; I64Eqz; BrIf $1; \
		PRODUCTS(V8, V9, V10); \
		Get V5; I32x4ExtendLowI16x8U; Set V1; DO(0); \
		Get V5; I32x4ExtendHighI16x8U; Set V1; DO(16); \
		Get V6; I32x4ExtendLowI16x8U; Set V1; DO(32); \
		Get V6; I32x4ExtendHighI16x8U; Set V1; DO(48); \
		ADV(R0, 64); ADV(R1, 64); ADV(R2, 16); ADV(R3, -1); \
		Br $0; \
	End; End

// SLOTARGS loads the arguments cols, slot, row and quads into R0 to R3.
#define SLOTARGS \
	I64Load cols+0(FP); Set R0; \
	I64Load slot+8(FP); Set R1; \
	I64Load row+16(FP); Set R2; \
	I64Load quads+24(FP); Set R3

// func addProductQuads(cols, slot, row unsafe.Pointer, quads int)
// Locals: R0 cols, R1 slot, R2 row, R3 quads left.
TEXT ·addProductQuads(SB), NOSPLIT, $0-32
	SLOTARGS
	QUADS(KEEP)
	RET

// func sumProductQuads(cols, row unsafe.Pointer, quads int)
// Locals: R0 cols, R1 unused (advances from 0), R2 row, R3 quads left.
TEXT ·sumProductQuads(SB), NOSPLIT, $0-24
	I64Load cols+0(FP); Set R0
	I64Const $0; Set R1
	I64Load row+8(FP); Set R2
	I64Load quads+16(FP); Set R3
	QUADS(SUM)
	RET

// func replaceProductQuads(cols, slot, row unsafe.Pointer, quads int)
// Locals: R0 cols, R1 slot, R2 row, R3 quads left.
TEXT ·replaceProductQuads(SB), NOSPLIT, $0-32
	SLOTARGS
	QUADS(ENTER)
	RET

// QUOTIENTS sets Q to the quotients of the window whose lanes are on the
// stack, each the byte alone in its lane: the float32 sums divided by the
// alpha sum spread from the last lane (the swizzle in SPREAD) and made at
// least 1, div beside it (the max with runSums' divisors in DEN: the
// spread's last lane is zero), plus 2^23 (V12), whose bits less those of
// 2^23 are the byte. V1 scratch.
#define QUOTIENTS(SPREAD, DEN, Q) \
	F32x4ConvertI32x4S; Tee V1; \
	Get V1; Get SPREAD; I8x16Swizzle; Get DEN; F32x4Pmax; \
	F32x4Div; Get V12; F32x4Add; Get V12; I32x4Sub; Set Q

// STOREQ stores at the address in P the four windows' quotients in A, B,
// C and D, narrowed to bytes and put in RGBA order (the swizzle in ORDER).
#define STOREQ(P, A, B, C, D, ORDER) \
	Get P; I32WrapI64; \
	Get A; Get B; I16x8NarrowI32x4U; Get C; Get D; I16x8NarrowI32x4U; I8x16NarrowI16x8U; \
	Get ORDER; I8x16Swizzle; \
	V128Store $0

// WINDOW slides the window's lanes (V2) one pixel, the lanes at OFF of R1
// entering and those at OFF of R2 leaving, and sets Q to its quotients,
// the spread in V9 and the divisors in V10.
#define WINDOW(OFF, Q) \
	Get V2; Get R1; I32WrapI64; V128Load $OFF; I32x4Add; \
	Get R2; I32WrapI64; V128Load $OFF; I32x4Sub; Tee V2; \
	QUOTIENTS(V9, V10, Q)

// RUNCONSTANTS sets what the runs' windows take from the runSums at R4
// (RUNSUMS: V2, its divisors in V10, R5), and the constants of QUOTIENTS
// and STOREQ: the spread in V9, 2^23 in V12, the lane order in V13.
#define RUNCONSTANTS \
	RUNSUMS(R4, V10); \
	LANE(48); Set V9; \
	LANE(64); Set V12; \
	LANE(0); Set V13

// func premultipliedRunQuads(out, enter, leave unsafe.Pointer, quads int, r *runSums)
// Locals: R0 out, R1 enter, R2 leave, R3 quads left, R4 r, R5
// premulLanes; V2 the window's lanes, V3 to V6 four windows' quotients, V9,
// V10, V12 and V13 the constants.
TEXT ·premultipliedRunQuads(SB), NOSPLIT, $0-40
	I64Load out+0(FP); Set R0
	I64Load enter+8(FP); Set R1
	I64Load leave+16(FP); Set R2
	I64Load quads+24(FP); Set R3
	I64Load r+32(FP); Set R4
	RUNCONSTANTS
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		WINDOW(0, V3); WINDOW(16, V4); WINDOW(32, V5); WINDOW(48, V6)
		STOREQ(R0, V3, V4, V5, V6, V13)
		ADV(R0, 16); ADV(R1, 64); ADV(R2, 64); ADV(R3, -1)
		Br $0
	End; End
	Get R4; I32WrapI64; Get V2; V128Store $0
	RET

// SLIDE is WINDOW with the entering column's sums in V0 and the leaving
// one at OFF of R6, the spread in V10 and the divisors in V11.
#define SLIDE(OFF, Q) \
	Get V2; Get V0; I32x4Add; Get R6; I32WrapI64; V128Load $OFF; I32x4Sub; Tee V2; \
	QUOTIENTS(V10, V11, Q)

// func premultipliedFusedQuads(out, cols, slot, row unsafe.Pointer, quads, k int, r *runSums)
// Locals: R0 cols (the entering columns), R1 slot, R2 row, R3 quads left,
// R4 out, R5 premulLanes, R6 the leaving columns (k columns left of R0),
// R7 r; V2 the window's lanes, V3, V4, V13 and V14 four windows'
// quotients; V5 and V6 the pixels' lanes (PRODUCTS), V7 to V12 the
// constants.
TEXT ·premultipliedFusedQuads(SB), NOSPLIT, $0-56
	I64Load out+0(FP); Set R4
	I64Load cols+8(FP); Set R0
	I64Load slot+16(FP); Set R1
	I64Load row+24(FP); Set R2
	I64Load quads+32(FP); Set R3
	Get R0; I64Load k+40(FP); I64Const $4; I64Shl; I64Sub; Set R6
	I64Load r+48(FP); Set R7
	RUNSUMS(R7, V11)
	LANE(0); Set V7
	LANE(16); Set V9
	LANE(32); Set V8
	LANE(48); Set V10
	LANE(64); Set V12
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		PRODUCTS(V7, V9, V8)
		Get V5; I32x4ExtendLowI16x8U; Set V1; ENTER(0); SLIDE(0, V3)
		Get V5; I32x4ExtendHighI16x8U; Set V1; ENTER(16); SLIDE(16, V4)
		Get V6; I32x4ExtendLowI16x8U; Set V1; ENTER(32); SLIDE(32, V13)
		Get V6; I32x4ExtendHighI16x8U; Set V1; ENTER(48); SLIDE(48, V14)
		STOREQ(R4, V3, V4, V13, V14, V7)
		ADV(R0, 64); ADV(R1, 64); ADV(R2, 16); ADV(R3, -1); ADV(R4, 16); ADV(R6, 64)
		Br $0
	End; End
	Get R7; I32WrapI64; Get V2; V128Store $0
	RET

// PUT stores the lanes in V1 at OFF of the slot (R1).
#define PUT(OFF) Get R1; I32WrapI64; Get V1; V128Store $0, $OFF

// func productQuads(slot, row unsafe.Pointer, quads int)
// Locals: R0 unused (advances from 0), R1 slot, R2 row, R3 quads left.
TEXT ·productQuads(SB), NOSPLIT, $0-24
	I64Const $0; Set R0
	I64Load slot+0(FP); Set R1
	I64Load row+8(FP); Set R2
	I64Load quads+16(FP); Set R3
	QUADS(PUT)
	RET

// COLUMN sets V to the sums of the lanes at OFF of the three rows R1, R2
// and R6: a column of a window.
#define COLUMN(OFF, V) LD(R1, OFF); LD(R2, OFF); I32x4Add; LD(R6, OFF); I32x4Add; Set V

// WINDOW3 sets Q to the quotients of the window of the columns A, B and C,
// the spread in V9 and the divisors in V10.
#define WINDOW3(A, B, C, Q) Get A; Get B; I32x4Add; Get C; I32x4Add; QUOTIENTS(V9, V10, Q)

// func premultipliedBox3Quads(out, p0, p1, p2 unsafe.Pointer, quads int, r *runSums)
// Four windows a turn from six columns, the first two the last two of the
// turn before. Locals: R0 out, R1, R2 and R6 the rows of lanes, R3 quads
// left, R4 r, R5 premulLanes; V5 to V7 the columns, V3, V4, V8 and V11
// four windows' quotients, V9, V10, V12 and V13 the constants.
TEXT ·premultipliedBox3Quads(SB), NOSPLIT, $0-48
	I64Load out+0(FP); Set R0
	I64Load p0+8(FP); Set R1
	I64Load p1+16(FP); Set R2
	I64Load p2+24(FP); Set R6
	I64Load quads+32(FP); Set R3
	I64Load r+40(FP); Set R4
	RUNCONSTANTS
	COLUMN(0, V5); COLUMN(16, V6)
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		COLUMN(32, V7); WINDOW3(V5, V6, V7, V3)
		COLUMN(48, V5); WINDOW3(V6, V7, V5, V4)
		COLUMN(64, V6); WINDOW3(V7, V5, V6, V8)
		COLUMN(80, V7); WINDOW3(V5, V6, V7, V11)
		Get V6; Set V5; Get V7; Set V6
		STOREQ(R0, V3, V4, V8, V11, V13)
		ADV(R0, 16); ADV(R1, 64); ADV(R2, 64); ADV(R6, 64); ADV(R3, -1)
		Br $0
	End; End
	RET
