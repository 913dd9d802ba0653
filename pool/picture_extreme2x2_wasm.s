//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// max2x2Row and min2x2Row of picture_extreme2x2_amd64.go as wasm loops, eight output
// pixels a turn, then four: about twice the speed of Go's wasm code for the
// vector form on rows in the cache. A turn is the rows' extreme of sixteen
// pixels, each pair's extreme by a shift of the 64-bit lanes, and two
// swizzles that gather the pairs' results in order.
//
// Locals: R0 d, R1 r0, R2 r1, R3 quads left; V0 to V5 a turn's vectors,
// V6 to V8 a last quad's.

// ROWS sets V to the bytewise OP of the sixteen bytes at OFF of both rows.
#define ROWS(OFF, V, OP) \
	Get R1; I32WrapI64; V128Load $OFF; \
	Get R2; I32WrapI64; V128Load $OFF; \
	OP; Set V

// STORE stores V at OFF of d: Go's assembler reads V128Store's operand as
// a source, so the offset goes into the address.
#define STORE(OFF, V) Get R0; I32WrapI64; I32Const $OFF; I32Add; Get V; V128Store $0

// QUAD computes four output pixels from the 32 bytes at OFF of both rows
// into V8, with V6 and V7 as scratch.
#define QUAD(OFF, OP) \
	ROWS(OFF, V6, OP); ROWS(OFF+16, V7, OP); \
	FOLDPAIR(V6, OP); FOLDPAIR(V7, OP); \
	EVENS(V6, V7); Set V8

#define EXTREME2X2ROW(OP) \
	I64Load d+0(FP); Set R0; \
	I64Load r0+8(FP); Set R1; \
	I64Load r1+16(FP); Set R2; \
	I64Load quads+24(FP); Set R3; \
	Block; Loop; \
		Get R3; I64Const $2; I64LtS; BrIf $1; \
		ROWS(0, V0, OP); ROWS(16, V1, OP); ROWS(32, V2, OP); ROWS(48, V3, OP); \
		FOLDPAIR(V0, OP); FOLDPAIR(V1, OP); FOLDPAIR(V2, OP); FOLDPAIR(V3, OP); \
		EVENS(V0, V1); Set V4; \
		EVENS(V2, V3); Set V5; \
		STORE(0, V4); STORE(16, V5); \
		Get R0; I64Const $32; I64Add; Set R0; \
		Get R1; I64Const $64; I64Add; Set R1; \
		Get R2; I64Const $64; I64Add; Set R2; \
		Get R3; I64Const $2; I64Sub; Set R3; \
		Br $0; \
	End; End; \
	Get R3; I64Eqz; I32Eqz; \
	If; \
		QUAD(0, OP); \
		STORE(0, V8); \
	End; \
	RET

// func max2x2Row(d, r0, r1 unsafe.Pointer, quads int)
TEXT ·max2x2Row(SB), NOSPLIT, $0-32
	EXTREME2X2ROW(I8x16MaxU)

// func min2x2Row(d, r0, r1 unsafe.Pointer, quads int)
TEXT ·min2x2Row(SB), NOSPLIT, $0-32
	EXTREME2X2ROW(I8x16MinU)
