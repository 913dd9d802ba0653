//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// The average of windows as wide as their stride (blocks: 1-D averages 4/4,
// 4x4/4 and the like), eight outputs a turn, then four, two windows to a
// vector: lanes 0 and 2 of V0 sum windows 0 and 2, of V1 windows 1 and 3,
// each lane its window's cells in row-major order from +0, as avgRowDirect
// adds them (lanes 1 and 3 add whatever, unused), two cells of each of two
// windows a vector (JOIN); V2 and V3 sum windows 4 to 7 alike.
//
// Registers: R7 the pair of cells of window 0 in the current row, R15
// window 4's, R9, R10, R11 the byte offsets from them of windows 1, 2 and 3
// (5, 6 and 7).

// STORE4 stores at byte OFF of R0 the four outputs whose sums lanes 0 and
// 2 of A and of B hold, FIX done to the sums, divided by the divisors at
// OFF of R6. STORE8 stores the eight of V0 to V3.
#define STORE4(OFF, A, B, FIX) \
	Get R0; I32WrapI64; I32Const $OFF; I32Add; \
	INTERLEAVE(A, B); FIX; \
	LD(R6, OFF); F32x4Div; V128Store $0
#define STORE8 STORE4(0, V0, V1, Nop); STORE4(16, V2, V3, Nop)

// BLOCK4 stores at R0 the four outputs whose windows start at R1, divided
// by the divisors at R6.
#define BLOCK4 \
	V128Const $0, $0; Set V0; Get V0; Set V1; \
	Get R1; Set R13; Get R3; Set R12; \
	Block; Loop; \
		Get R12; I64Eqz; BrIf $1; \
		Get R13; Set R7; Get R13; Get R8; I64Add; Set R14; \
		Block; Loop; \
			Get R7; Get R14; I64Eq; BrIf $1; \
			JOIN(V0, Get R7; I32WrapI64, AT(R7, R10), 0); JOIN(V1, AT(R7, R9), AT(R7, R11), 0); \
			ADV(R7, 8); \
			Br $0; \
		End; End; \
		Block; \
			Get R5; I64Const $1; I64And; I64Eqz; BrIf $0; \
			LAST(V0, Get R7; I32WrapI64, AT(R7, R10)); LAST(V1, AT(R7, R9), AT(R7, R11)); \
		End; \
		ADDR(R13, R2); ADV(R12, -1); \
		Br $0; \
	End; End; \
	STORE4(0, V0, V1, Nop)

// BLOCK8 is BLOCK4 for eight outputs, whose windows start at R1 and at R15
// (R1 plus four windows): four chains of additions, not two, for the
// engine to overlap, each waiting on its last addition.
#define BLOCK8 \
	V128Const $0, $0; Set V0; Get V0; Set V1; Get V0; Set V2; Get V0; Set V3; \
	Get R1; Set R13; Get R3; Set R12; \
	Block; Loop; \
		Get R12; I64Eqz; BrIf $1; \
		Get R13; Set R7; Get R13; Get R8; I64Add; Set R14; \
		Get R9; I64Const $2; I64Shl; Get R13; I64Add; Set R15; \
		Block; Loop; \
			Get R7; Get R14; I64Eq; BrIf $1; \
			JOIN(V0, Get R7; I32WrapI64, AT(R7, R10), 0); JOIN(V1, AT(R7, R9), AT(R7, R11), 0); \
			JOIN(V2, Get R15; I32WrapI64, AT(R15, R10), 0); JOIN(V3, AT(R15, R9), AT(R15, R11), 0); \
			ADV(R7, 8); ADV(R15, 8); \
			Br $0; \
		End; End; \
		Block; \
			Get R5; I64Const $1; I64And; I64Eqz; BrIf $0; \
			LAST(V0, Get R7; I32WrapI64, AT(R7, R10)); LAST(V1, AT(R7, R9), AT(R7, R11)); \
			LAST(V2, Get R15; I32WrapI64, AT(R15, R10)); LAST(V3, AT(R15, R9), AT(R15, R11)); \
		End; \
		ADDR(R13, R2); ADV(R12, -1); \
		Br $0; \
	End; End; \
	STORE8

// JOIN4 is JOIN for windows of four cells, the pair at OFF of the row at R7
// and the one two windows (32 bytes) further (PAIRS4 loads them): their
// addresses take no additions.
#define PAIRS4(OFF) Get R7; I32WrapI64; V128Load $OFF; Get R7; I32WrapI64; F64Load $(OFF+32); F64x2ReplaceLane $0, $1
#define JOIN4(ACC, OFF) \
	Get ACC; PAIRS4(OFF); Tee V5; F32x4Add; \
	Get V5; I32Const $32; I64x2ShrU; F32x4Add; Set ACC

// BLOCK8K4 is BLOCK8 for windows of four cells (1-D 4/4, 4x4/4), each row
// of the eight windows written out.
#define BLOCK8K4 \
	V128Const $0, $0; Set V0; Get V0; Set V1; Get V0; Set V2; Get V0; Set V3; \
	Get R1; Set R7; Get R3; Set R12; \
	Block; Loop; \
		Get R12; I64Eqz; BrIf $1; \
		JOIN4(V0, 0); JOIN4(V1, 16); JOIN4(V2, 64); JOIN4(V3, 80); \
		JOIN4(V0, 8); JOIN4(V1, 24); JOIN4(V2, 72); JOIN4(V3, 88); \
		ADDR(R7, R2); ADV(R12, -1); \
		Br $0; \
	End; End; \
	STORE8

// LINE16K4 is BLOCK8K4 twice for windows one row tall (1-D 4/4), sixteen
// outputs a turn without a loop over rows: each sum starts at its pair of
// cells rather than at +0, and +0 is added last, which gives the same bits
// (a sum from +0 differs only where the one without it is -0, and is +0
// there). JOIN4 takes V5 for its own, so the sums skip it.
#define START4(ACC, OFF) \
	PAIRS4(OFF); Tee V5; \
	Get V5; I32Const $32; I64x2ShrU; F32x4Add; Set ACC
#define PLUSZERO V128Const $0, $0; F32x4Add
#define LINE16K4 \
	Get R1; Set R7; \
	START4(V0, 0); START4(V1, 16); START4(V2, 64); START4(V3, 80); \
	START4(V4, 128); START4(V8, 144); START4(V6, 192); START4(V7, 208); \
	JOIN4(V0, 8); JOIN4(V1, 24); JOIN4(V2, 72); JOIN4(V3, 88); \
	JOIN4(V4, 136); JOIN4(V8, 152); JOIN4(V6, 200); JOIN4(V7, 216); \
	STORE4(0, V0, V1, PLUSZERO); STORE4(16, V2, V3, PLUSZERO); \
	STORE4(32, V4, V8, PLUSZERO); STORE4(48, V6, V7, PLUSZERO)

// TURNS runs BODY while N outputs or more are left (R4), each turn moving
// the outputs (R0) and their divisors (R6) BYTES on and the windows (R1)
// by SRC.
#define TURNS(N, BYTES, BODY, SRC) \
	Block; Loop; \
		Get R4; I64Const $N; I64LtS; BrIf $1; \
		BODY; \
		SRC; ADV(R0, BYTES); ADV(R6, BYTES); ADV(R4, -N); \
		Br $0; \
	End; End

// func avgBlocksFree(dst, src unsafe.Pointer, stride uintptr, rows, n, k int, divs unsafe.Pointer)
// n >= 4 outputs of windows k >= 2 cells wide at stride k, rows rows
// stride bytes apart. It reads no cell outside the windows' rows.
TEXT ·avgBlocksFree(SB), NOSPLIT, $0-56
	I64Load dst+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load stride+16(FP); Set R2
	I64Load rows+24(FP); Set R3
	I64Load n+32(FP); Set R4
	I64Load k+40(FP); Set R5
	I64Load divs+48(FP); Set R6
	Get R5; I64Const $2; I64Shl; Set R9
	Get R9; I64Const $1; I64Shl; Set R10
	Get R9; Get R10; I64Add; Set R11
	// R8: the bytes of a window's whole pairs of cells.
	Get R9; I64Const $-8; I64And; Set R8
	Get R5; I64Const $4; I64Eq; Get R3; I64Const $1; I64Eq; I32And
	If
		TURNS(16, 64, LINE16K4, ADV(R1, 256))
	End
	Get R5; I64Const $4; I64Eq
	If
		TURNS(8, 32, BLOCK8K4, ADV(R1, 128))
	End
	TURNS(8, 32, BLOCK8, Get R9; I64Const $3; I64Shl; Get R1; I64Add; Set R1)
	TURNS(4, 16, BLOCK4, Get R9; I64Const $2; I64Shl; Get R1; I64Add; Set R1)
	Block
		Get R4; I64Eqz; BrIf $0
		// The last four outputs again, overlapping the ones before.
		Get R4; I64Const $4; I64Sub; Set R4
		Get R4; I64Const $2; I64Shl; Set R12
		ADDR(R0, R12); ADDR(R6, R12)
		Get R4; Get R9; I64Mul; Get R1; I64Add; Set R1
		BLOCK4
	End
	RET
