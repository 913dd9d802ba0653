//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// The max passes for planes without NaN (see tensor_pmax_wasm.go), each a
// wasm loop over four outputs a vector. A pass whose outputs do not fill a
// last vector computes the last four again, overlapping the ones before.

// NANOF pushes the address of the results and whether a lane of the sums
// in V is a NaN, for a function's bool result.
#define NANOF(V) Get SP; Get V; Get V; F32x4Ne; V128AnyTrue

// func anyNaN(p unsafe.Pointer, n int) bool
// Four sums of the cells: a NaN makes its sum NaN, and nothing else but
// +Inf and -Inf in one sum does (the caller then takes the exact passes,
// which a plane without NaN does not need but gets right).
TEXT ·anyNaN(SB), NOSPLIT, $0-17
	I64Load p+0(FP); Set R0
	I64Load n+8(FP); Set R1
	V128Const $0, $0; Set V0
	Get V0; Set V1; Get V0; Set V2; Get V0; Set V3
	Block; Loop
		Get R1; I64Const $16; I64LtS; BrIf $1
		Get V0; LD(R0, 0); F32x4Add; Set V0
		Get V1; LD(R0, 16); F32x4Add; Set V1
		Get V2; LD(R0, 32); F32x4Add; Set V2
		Get V3; LD(R0, 48); F32x4Add; Set V3
		ADV(R0, 64); ADV(R1, -16)
		Br $0
	End; End
	Block; Loop
		Get R1; I64Eqz; BrIf $1
		Get V0; Get R0; I32WrapI64; F32Load $0; F32x4Splat; F32x4Add; Set V0
		ADV(R0, 4); ADV(R1, -1)
		Br $0
	End; End
	Get V0; Get V1; F32x4Add; Get V2; F32x4Add; Get V3; F32x4Add; Set V0
	NANOF(V0)
	I32Store8 ret+16(FP)
	RET

// func copyRowsNaN(dst, src unsafe.Pointer, pitch, rows, cols int) bool
// Copies rows of cols cells, one after another at src, to rows pitch bytes
// apart at dst, sixteen cells a turn, then four, then one, and reports what
// anyNaN would of them, from two sums of the cells it moves.
TEXT ·copyRowsNaN(SB), NOSPLIT, $0-41
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load pitch+16(FP); Set R2
	I64Load rows+24(FP); Set R4
	I64Load cols+32(FP); Set R5
	V128Const $0, $0; Set V0
	Get V0; Set V1
	Block; Loop
		Get R4; I64Eqz; BrIf $1
		Get R0; Set R10
		Get R5; Set R11
		Block; Loop
			Get R11; I64Const $16; I64LtS; BrIf $1
			LD(R1, 0); Set V2; LD(R1, 16); Set V3; LD(R1, 32); Set V4; LD(R1, 48); Set V5
			ST(R10, 0, V2); ST(R10, 16, V3); ST(R10, 32, V4); ST(R10, 48, V5)
			Get V0; Get V2; F32x4Add; Get V4; F32x4Add; Set V0
			Get V1; Get V3; F32x4Add; Get V5; F32x4Add; Set V1
			ADV(R1, 64); ADV(R10, 64); ADV(R11, -16)
			Br $0
		End; End
		Block; Loop
			Get R11; I64Const $4; I64LtS; BrIf $1
			LD(R1, 0); Set V2
			ST(R10, 0, V2)
			Get V0; Get V2; F32x4Add; Set V0
			ADV(R1, 16); ADV(R10, 16); ADV(R11, -4)
			Br $0
		End; End
		Block; Loop
			Get R11; I64Eqz; BrIf $1
			Get R1; I32WrapI64; F32Load $0; Set F0
			Get R10; I32WrapI64; Get F0; F32Store $0
			Get V0; Get F0; F32x4Splat; F32x4Add; Set V0
			ADV(R1, 4); ADV(R10, 4); ADV(R11, -1)
			Br $0
		End; End
		ADDR(R0, R2)
		ADV(R4, -1)
		Br $0
	End; End
	Get V0; Get V1; F32x4Add; Set V0
	NANOF(V0)
	I32Store8 ret+40(FP)
	RET

// V2X2 leaves on the stack the four outputs of 2x2 windows at stride 2
// whose rows start at R7 and R8: each row's pairs (PAIRS), then the second
// row's folded into the first's, then the even lanes of both halves.
#define V2X2 \
	LD(R7, 0); Set V0; LD(R8, 0); Set V2; \
	PAIRS(V0); PAIRS(V2); F32x4Pmax; Set V4; \
	LD(R7, 16); Set V1; LD(R8, 16); Set V3; \
	PAIRS(V1); PAIRS(V3); F32x4Pmax; Set V5; \
	EVENS(V4, V5)

// func max2x2s2Free(dst, src unsafe.Pointer, pitch, rows, cols int)
// Both passes of max 2x2 at stride 2 in one: output row r from the input
// rows at src + 2*r*pitch and pitch bytes after (pitch in bytes); cols >= 4,
// each row at least 2*cols cells.
TEXT ·max2x2s2Free(SB), NOSPLIT, $0-40
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load pitch+16(FP); Set R2
	I64Load rows+24(FP); Set R4
	I64Load cols+32(FP); Set R5
	Block; Loop
		Get R4; I64Eqz; BrIf $1
		Get R1; Set R7
		Get R1; Get R2; I64Add; Set R8
		Get R0; Set R10
		Get R5; Set R11
		Block; Loop
			Get R11; I64Const $4; I64LtS; BrIf $1
			V2X2; Set V6; ST(R10, 0, V6)
			ADV(R7, 32); ADV(R8, 32); ADV(R10, 16); ADV(R11, -4)
			Br $0
		End; End
		Block
			Get R11; I64Eqz; BrIf $0
			TAIL4(R11, R10, R7, 8)
			Get R12; I64Const $2; I64Mul; Get R8; I64Add; Set R8
			V2X2; Set V6; ST(R10, 0, V6)
		End
		Get R1; Get R2; I64Const $1; I64Shl; I64Add; Set R1
		Get R5; I64Const $2; I64Shl; Get R0; I64Add; Set R0
		ADV(R4, -1)
		Br $0
	End; End
	RET

// H3S2 leaves on the stack, in lanes 0 and 2, the max of the 3-cell windows
// of the row at R whose first cells are at byte offsets OFF and OFF+8: the
// cells at OFF (a window's first in lanes 0 and 2), at OFF+4 (its second)
// and those shifted down one lane (its third), X the ones at OFF+4. FIRST
// is H3S2 for a row's first two windows, whose first cell is padding: the
// second cell stands in for it (a cell repeated before itself changes no
// max). LATER folds in the second and third cells of the windows whose
// first are on the stack.
#define LATER(R, OFF, X) LD(R, (OFF+4)); Tee X; F32x4Pmax; Get X; I32Const $32; I64x2ShrU; F32x4Pmax
#define H3S2(R, OFF, X) LD(R, OFF); LATER(R, OFF, X)
#define FIRST(R, X) LD(R, 0); Get R; I32WrapI64; F32Load $4; F32x4ReplaceLane $0, $0; LATER(R, 0, X)

// HALF folds, in row order, two windows of the row above (their maxima kept
// at OFF of the buffer at R13), of the row at R8 (H8 leaves them, its cells
// in V1) and of the row at R9 (H9, V2), and sets V to them; it keeps R9's
// in the buffer for the next output row, and adds the cells of both rows to
// S.
#define HALF(OFF, H8, H9, V, S) \
	LD(R13, OFF); H8; F32x4Pmax; H9; Tee V6; F32x4Pmax; Set V; \
	ST(R13, OFF, V6); \
	Get S; Get V1; Get V2; F32x4Add; F32x4Add; Set S

// STEM4OF stores four outputs of max3x3s2p1Free at R10 from the rows at
// R8 and R9 and the buffer at R13, the rows at the cell before the
// outputs' first window's middle (so that every load's offset is
// positive); H8 and H9 leave the first two windows of R8's and R9's rows.
// STEM4 is it for any four, STEM4FIRST for a row's first.
#define STEM4OF(H8, H9) \
	HALF(0, H8, H9, V3, V14); \
	HALF(16, H3S2(R8, 16, V1), H3S2(R9, 16, V2), V4, V15); \
	EVENS(V3, V4); Set V5; ST(R10, 0, V5)
#define STEM4 STEM4OF(H3S2(R8, 0, V1), H3S2(R9, 0, V2))
#define STEM4FIRST STEM4OF(FIRST(R8, V1), FIRST(R9, V2))

// func max3x3s2p1Free(dst, src, buf unsafe.Pointer, w, rows int) bool
// Max 3x3 at stride 2 with one padded cell before each axis and none after
// (ResNet's stem), both passes in one over a plane of 2*rows rows of w cells
// read in place, w even and w/2 >= 4: output row r folds the windows of
// input rows 2r-1 (kept in buf from the output row before), 2r and 2r+1,
// in row order, as the exact passes do. The windows of a row's last four
// outputs, which overlap the ones before where w/2 is not a multiple of
// four, have a place of their own in buf, after the others'. Row 0's row
// above is row 0 again (a row repeated before itself changes no max), whose
// windows a first pass puts in buf, its outputs past them (buf holds
// 3*w/2 + 8 cells). Like anyNaN it reports a NaN from sums of the cells,
// row 0's twice: wherever the plane holds one, and where the sums meet both
// infinities (or overflow to both); the outputs are wrong where it reports
// one.
TEXT ·max3x3s2p1Free(SB), NOSPLIT, $0-41
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); I64Const $4; I64Sub; Set R1
	I64Load buf+16(FP); Set R3
	I64Load w+24(FP); I64Const $2; I64Shl; Set R2
	I64Load rows+32(FP); Set R4
	V128Const $0, $0; Set V14
	Get V14; Set V15
	Get R1; Set R8
	Get R1; Set R9
	Get R3; Get R2; I64Add; I64Const $32; I64Add; Set R10
	Block; Loop
		Get R3; Set R13
		STEM4FIRST
		ADV(R8, 32); ADV(R9, 32); ADV(R10, 16); ADV(R13, 32)
		Get R2; I64Const $3; I64ShrU; I64Const $4; I64Sub; Set R11
		Block; Loop
			Get R11; I64Const $4; I64LtS; BrIf $1
			STEM4
			ADV(R8, 32); ADV(R9, 32); ADV(R10, 16); ADV(R13, 32); ADV(R11, -4)
			Br $0
		End; End
		Block
			Get R11; I64Eqz; BrIf $0
			TAIL4(R11, R10, R8, 8)
			Get R12; I64Const $1; I64Shl; Set R12
			ADDR(R9, R12)
			STEM4
		End
		Get R4; I64Eqz; BrIf $1
		Get R1; Set R8
		Get R1; Get R2; I64Add; Set R9
		Get R0; Set R10
		Get R1; Get R2; I64Const $1; I64Shl; I64Add; Set R1
		Get R2; I64Const $1; I64ShrU; Get R0; I64Add; Set R0
		ADV(R4, -1)
		Br $0
	End; End
	Get V14; Get V15; F32x4Add; Set V0
	NANOF(V0)
	I32Store8 ret+40(FP)
	RET
