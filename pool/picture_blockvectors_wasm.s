//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// Blocks 4, 8 or 16 pixels wide (q = 1, 2 or 4 vectors a row of a block),
// two blocks a turn: each vector of a block's rows widened to 16-bit lanes
// (pixels 0 and 1, then 2 and 3) and added to the block's sums, the two
// halves of each block's sums then added together, both blocks' sums in
// one vector, divided by a shift in lanes and narrowed back to bytes. A lane
// holds at most the sum of a block's bytes of one channel, 255 times its
// pixels: at most 257 pixels (maxLaneCells).
//
// Locals: R0 out, R1 the pair's top, R2 stride, R3 kh, R4 shift, R5 pairs
// left, R6 rows left, R7 the row; V0 and V1 the blocks' sums, V14 a 1 in
// every lane, V15 the rounding bias 2^(shift-1) - 1.

// ACC adds the vector at OFF of the row at R7, widened, to V.
#define ACC(V, OFF) Get V; LD(R7, OFF); Tee V2; I16x8ExtendLowI8x16U; Get V2; I16x8ExtendHighI8x16U; I16x8Add; I16x8Add; Set V

// BLOCKPAIRS writes the pairs of blocks, PAIR bytes of a row each, whose
// rows ROW adds to V0 and V1.
#define BLOCKPAIRS(ROW, PAIR) \
	Block; Loop; \
		Get R5; I64Eqz; BrIf $1; \
		V128Const $0, $0; Set V0; \
		Get V0; Set V1; \
		Get R1; Set R7; \
		Get R3; Set R6; \
		Block; Loop; \
			Get R6; I64Eqz; BrIf $1; \
			ROW; \
			ADDR(R7, R2); ADV(R6, -1); \
			Br $0; \
		End; End; \
		Get V0; Get V1; I64x2ExtractLane $0, $0; I64x2ReplaceLane $0, $1; \
		Get V1; Get V0; I64x2ExtractLane $0, $1; I64x2ReplaceLane $0, $0; \
		I16x8Add; Set V2; \
		Get V2; Get V15; I16x8Add; \
		Get V2; Get R4; I32WrapI64; I16x8ShrU; Get V14; V128And; \
		I16x8Add; Get R4; I32WrapI64; I16x8ShrU; Set V2; \
		Get R0; I32WrapI64; \
		Get V2; Get V2; I8x16NarrowI16x8U; I64x2ExtractLane $0, $0; \
		I64Store $0; \
		ADV(R0, 8); ADV(R1, PAIR); ADV(R5, -1); \
		Br $0; \
	End; End

// func blocksRowVectors(out, top unsafe.Pointer, stride, kh, q, shift, pairs int)
// Writes 2*pairs pixels at out, each the average of a block of kh rows
// (stride bytes apart) of 4*q pixels from top, 2^shift pixels in all,
// rounded half to even ((s + 2^(shift-1) - 1 + (s>>shift & 1)) >> shift).
TEXT ·blocksRowVectors(SB), NOSPLIT, $0-56
	I64Load out+0(FP); Set R0
	I64Load top+8(FP); Set R1
	I64Load stride+16(FP); Set R2
	I64Load kh+24(FP); Set R3
	I64Load shift+40(FP); Set R4
	I64Load pairs+48(FP); Set R5
	I32Const $1; I16x8Splat; Set V14
	I32Const $1; Get R4; I32WrapI64; I32Const $1; I32Sub; I32Shl; I32Const $1; I32Sub; I16x8Splat; Set V15
	I64Load q+32(FP); I64Const $1; I64Eq
	If
		BLOCKPAIRS(ACC(V0, 0); ACC(V1, 16), 32)
	Else
		I64Load q+32(FP); I64Const $2; I64Eq
		If
			BLOCKPAIRS(ACC(V0, 0); ACC(V0, 16); ACC(V1, 32); ACC(V1, 48), 64)
		Else
			BLOCKPAIRS(ACC(V0, 0); ACC(V0, 16); ACC(V0, 32); ACC(V0, 48); ACC(V1, 64); ACC(V1, 80); ACC(V1, 96); ACC(V1, 112), 128)
		End
	End
	RET
