//go:build goexperiment.simd

#include "textflag.h"

// Locals: R0 the row, R1 stride, R2 the rows left, R3 vecs, R4 total, R5
// the vector, R6 the row's vectors left, R7 the chunk's, R8-R11 the R, G, B
// and A totals; V0 and V1 the even (R, B) and odd (G, A) 16-bit lane sums,
// V2 a vector, V3 scratch, V7 the low byte of each 16-bit lane.

// ADD4 adds the vector at OFF of R5 to the lane sums.
#define ADD4(OFF) \
	Get R5; I32WrapI64; V128Load $OFF; Set V2; \
	Get V0; Get V2; Get V7; V128And; I16x8Add; Set V0; \
	Get V1; Get V2; I32Const $8; I16x8ShrU; I16x8Add; Set V1

// LANE pushes 32-bit lane L of V3, widened to 64 bits.
#define LANE(L) Get V3; I32x4ExtractLane $0, $L; I64ExtendI32U

// EMPTY adds the lane sums of V into the totals A (lanes 0, 2, 4 and 6) and
// B (1, 3, 5 and 7), widened to 32 bits, then to 64.
#define EMPTY(V, A, B) \
	Get V; I32x4ExtendLowI16x8U; Get V; I32x4ExtendHighI16x8U; I32x4Add; Set V3; \
	Get A; LANE(0); I64Add; LANE(2); I64Add; Set A; \
	Get B; LANE(1); I64Add; LANE(3); I64Add; Set B

// func byteSums4(p unsafe.Pointer, stride, rows, vecs int, total *[4]uint64)
TEXT ·byteSums4(SB), NOSPLIT, $0-40
	I64Load p+0(FP); Set R0
	I64Load stride+8(FP); Set R1
	I64Load rows+16(FP); Set R2
	I64Load vecs+24(FP); Set R3
	I64Load total+32(FP); Set R4
	V128Const $0x00ff00ff00ff00ff, $0x00ff00ff00ff00ff; Set V7
	Get R4; I32WrapI64; I64Load $0; Set R8
	Get R4; I32WrapI64; I64Load $8; Set R9
	Get R4; I32WrapI64; I64Load $16; Set R10
	Get R4; I32WrapI64; I64Load $24; Set R11
	Block; Loop
		Get R2; I64Eqz; BrIf $1
		Get R0; Set R5; Get R3; Set R6
		Block; Loop
			Get R6; I64Eqz; BrIf $1
			// Chunks of byteSumsFlush (256) vectors.
			Get R6; Set R7
			Get R7; I64Const $256; I64GtU
			If; I64Const $256; Set R7; End
			Get R6; Get R7; I64Sub; Set R6
			V128Const $0, $0; Set V0; Get V0; Set V1
			// Four vectors a turn, then one.
			Block; Loop
				Get R7; I64Const $4; I64LtU; BrIf $1
				ADD4(0); ADD4(16); ADD4(32); ADD4(48)
				Get R5; I64Const $64; I64Add; Set R5
				Get R7; I64Const $4; I64Sub; Set R7
				Br $0
			End; End
			Block; Loop
				Get R7; I64Eqz; BrIf $1
				ADD4(0)
				Get R5; I64Const $16; I64Add; Set R5
				Get R7; I64Const $1; I64Sub; Set R7
				Br $0
			End; End
			EMPTY(V0, R8, R10)
			EMPTY(V1, R9, R11)
			Br $0
		End; End
		Get R0; Get R1; I64Add; Set R0
		Get R2; I64Const $1; I64Sub; Set R2
		Br $0
	End; End
	Get R4; I32WrapI64; Get R8; I64Store $0
	Get R4; I32WrapI64; Get R9; I64Store $8
	Get R4; I32WrapI64; Get R10; I64Store $16
	Get R4; I32WrapI64; Get R11; I64Store $24
	RET
