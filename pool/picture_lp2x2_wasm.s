//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// lp2x2Quads as picture_vectors_amd64.go's: each block's two pixels of a
// row swizzled to R R G G B B A A in 16-bit lanes (lp2x2Pairs), multiplied
// by themselves and added in pairs by one i32x4.dot_i16x8_s, where widening
// the pixels and multiplying each half took four instructions, and the
// rounding of NORM below: in Node, on 512x512 pixels, about 290 µs before
// these two, 111 µs after.
//
// Locals: R0 r0, R1 r1, R2 d, R3 quads left; V0 to V3 a turn's rows, V5
// scratch, V8 and V9 the swizzles of lp2x2Pairs, V10 2^23 in each float32
// lane.

// SQUARES leaves on the stack each channel's squares of the two pixels of
// the vector V that the swizzle in P picks, summed in 32-bit lanes (at most
// 2·255², well within the signed range).
#define SQUARES(V, P) Get V; Get P; I8x16Swizzle; Tee V5; Get V5; I32x4DotI16x8S

// NORM leaves on the stack the rounded norms of the sums of squares on the
// stack: converted to float32 (exact below 2^24), the square root rounded
// to the nearest integer, ties to even, by adding 2^23 (V10) and taking
// its bits away. The sums are below 2^31, so the signed conversion
// serves: V8 turns the unsigned conversion and truncation into several
// instructions each.
#define NORM F32x4ConvertI32x4S; F32x4Sqrt; Get V10; F32x4Add; Get V10; I32x4Sub

// OUT leaves on the stack the norms of the output pixel whose block's
// pixels the swizzle P picks from the vectors A (row r0) and B (row r1).
#define OUT(A, B, P) SQUARES(A, P); SQUARES(B, P); I32x4Add; NORM

// func lp2x2Quads(d, r0, r1 unsafe.Pointer, quads int)
// Four output pixels a turn, from 32 bytes of each of the rows r0 and r1.
// The norms narrow to bytes with unsigned saturation: a norm over 255 (at
// most 510) becomes 255.
TEXT ·lp2x2Quads(SB), NOSPLIT, $0-32
	I64Load d+0(FP); Set R2
	I64Load r0+8(FP); Set R0
	I64Load r1+16(FP); Set R1
	I64Load quads+24(FP); Set R3
	MOVD $·lp2x2Pairs(SB), R5
	Get R5; I32WrapI64; V128Load $0; Set V8
	Get R5; I32WrapI64; V128Load $16; Set V9
	V128Const $0x4b0000004b000000, $0x4b0000004b000000; Set V10
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		LD(R0, 0); Set V0; LD(R1, 0); Set V1; LD(R0, 16); Set V2; LD(R1, 16); Set V3
		Get R2; I32WrapI64
		OUT(V0, V1, V8); OUT(V0, V1, V9); I16x8NarrowI32x4U
		OUT(V2, V3, V8); OUT(V2, V3, V9); I16x8NarrowI32x4U
		I8x16NarrowI16x8U
		V128Store $0
		ADV(R0, 32); ADV(R1, 32); ADV(R2, 16); ADV(R3, -1)
		Br $0
	End; End
	RET
