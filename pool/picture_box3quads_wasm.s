//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// box3Quads of picture_vectors.go as a wasm loop, four output pixels a turn,
// on the column sums of the three rows in 16-bit lanes, two pixels a
// vector: A, from the sixteen bytes of the turn's own pixels, and B, from
// those one pixel before, whose low half holds the pixels before and at each
// of A's first pixels and whose high half those after. A window's sum is A
// plus the two B vectors around it, with no shuffle across vectors (Go's
// assembler has no i8x16.shuffle). i16x8.q15mulr_sat_s by 3641 divides by
// 9 rounded to nearest: (s*3641 + 2^14) >> 15 is s/9 + 1/2 + s/294912
// rounded down, and for s < 16384 that last term never carries a ninth's
// fraction past the next integer (4/9 + 1/2 + 1/18 is 1).
//
// Locals: R0 out, R1-R3 the three rows, R4 quads left; V0 and V1 B's
// vectors before and after the turn's first pixel pair, V2 and V3 A's, V4
// and V5 the next turn's B, V6 the divisor, V7 the turn's result, V14 and
// V15 loaded rows.

// SUM3 sets LO and HI to the sums of the three rows' sixteen bytes at OFF,
// widened to 16-bit lanes: pixels 0, 1 and 2, 3.
#define SUM3(OFF, LO, HI) \
	Get R1; I32WrapI64; V128Load $OFF; Set V14; \
	Get R2; I32WrapI64; V128Load $OFF; Set V15; \
	Get V14; I16x8ExtendLowI8x16U; Get V15; I16x8ExtendLowI8x16U; I16x8Add; Set LO; \
	Get V14; I16x8ExtendHighI8x16U; Get V15; I16x8ExtendHighI8x16U; I16x8Add; Set HI; \
	Get R3; I32WrapI64; V128Load $OFF; Set V14; \
	Get LO; Get V14; I16x8ExtendLowI8x16U; I16x8Add; Set LO; \
	Get HI; Get V14; I16x8ExtendHighI8x16U; I16x8Add; Set HI

// ROWPAIR pushes row R's two pixels at OFF widened to 16-bit lanes, and
// SUM3PAIR sets LO to the three rows' sums of them: a last turn's B, which
// must not read past them.
#define ROWPAIR(R, OFF) Get R; I32WrapI64; I64Load $OFF; I64x2Splat; I16x8ExtendLowI8x16U
#define SUM3PAIR(OFF, LO) \
	ROWPAIR(R1, OFF); ROWPAIR(R2, OFF); I16x8Add; ROWPAIR(R3, OFF); I16x8Add; Set LO

// TURN stores at out the turn's four pixels, from V0 to V3 and the next
// turn's first B vector, V4.
#define TURN \
	Get V2; Get V0; I16x8Add; Get V1; I16x8Add; Get V6; I16x8Q15MulrSatS; \
	Get V3; Get V1; I16x8Add; Get V4; I16x8Add; Get V6; I16x8Q15MulrSatS; \
	I8x16NarrowI16x8U; Set V7; \
	Get R0; I32WrapI64; Get V7; V128Store $0

// func box3Quads(out, src unsafe.Pointer, stride, quads int)
TEXT ·box3Quads(SB), NOSPLIT, $0-32
	I64Load out+0(FP); Set R0
	I64Load src+8(FP); Set R1
	I64Load stride+16(FP); Set R5
	Get R1; Get R5; I64Add; Set R2
	Get R2; Get R5; I64Add; Set R3
	I64Load quads+24(FP); Set R4
	I32Const $3641; I16x8Splat; Set V6
	SUM3(0, V0, V1)
	Block
	Loop
		Get R4; I64Const $2; I64LtS; BrIf $1
		SUM3(4, V2, V3)
		SUM3(16, V4, V5)
		TURN
		Get V4; Set V0; Get V5; Set V1
		ADV(R0, 16); ADV(R1, 16); ADV(R2, 16); ADV(R3, 16); ADV(R4, -1)
		Br $0
	End
	End
	SUM3(4, V2, V3)
	SUM3PAIR(16, V4)
	TURN
	RET
