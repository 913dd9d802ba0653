//go:build goexperiment.simd

#include "textflag.h"

// premultiplied2x2Vectors of premul2x2_amd64.go as a wasm loop, every
// vector in a local: Go's wasm code for the vector form moves each through
// memory. The same sums and quotients, so the same bytes, but each
// window's products are summed by i32x4.dot_i16x8_s (one instruction where
// the widening multiplication and the sum of halves take several).
//
// Locals: R0 d, R1 r0, R2 r1, R3 quads left; V0 to V6 scratch; V7 the
// lanes 0 0 1 1 (noZero); V8 to V11 the swizzles and ones of DOTS; V12
// alphaBoth, V13 alphaLow, V14 the floats 0 0 4 4, V15 2^23 in every lane
// (modes_vectors.go).

// DOTS leaves on the stack the products of the four pixels in the sixteen
// bytes at OFF of the address in P, two vectors of 32-bit lanes: R R G G
// and B B A A, each lane the sum over a window's two pixels, as weighted
// and pairHalves make them. The swizzles spread the bytes to 16-bit lanes
// (out-of-range indices give zero bytes), R0 R1 R2 R3 G0 G1 G2 G3 (V8),
// B0 B1 B2 B3 1 1 1 1 (V10, then the ones of V11) and a0 a1 a2 a3 a0 a1
// a2 a3 (V9); i32x4.dot_i16x8_s multiplies them lane by lane and adds
// each pair, exact: a sum of two products of bytes is below 2^17.
#define DOTS(P, OFF) \
	Get P; I32WrapI64; V128Load $OFF; Tee V0; Get V8; I8x16Swizzle; \
	Get V0; Get V9; I8x16Swizzle; Tee V1; I32x4DotI16x8S; \
	Get V0; Get V10; I8x16Swizzle; Get V11; V128Or; Get V1; I32x4DotI16x8S

// HALF leaves on the stack the quotients (premulQuotients) of the two
// windows in the sixteen bytes at OFF of both rows.
#define HALF(OFF) \
	DOTS(R1, OFF); Set V2; Set V3; DOTS(R2, OFF); Get V2; I32x4Add; Set V2; Get V3; I32x4Add; Set V6; \
	Get V2; Get V7; I32x4MaxU; F32x4ConvertI32x4S; Set V5; \
	Get V6; F32x4ConvertI32x4S; Get V5; Get V12; I8x16Swizzle; F32x4Div; Get V15; F32x4Add; \
	V128Const $0x000000ff000000ff, $0x000000ff000000ff; V128And; \
	Get V5; Get V5; Get V13; I8x16Swizzle; Get V14; F32x4Add; F32x4Div; Get V15; F32x4Add; \
	I32Const $8; I32x4Shl; V128Or

// func premultiplied2x2Vectors(d, r0, r1 unsafe.Pointer, quads int)
TEXT ·premultiplied2x2Vectors(SB), NOSPLIT, $0-32
	I64Load d+0(FP); Set R0
	I64Load r0+8(FP); Set R1
	I64Load r1+16(FP); Set R2
	I64Load quads+24(FP); Set R3
	V128Const $0x800c800880048000, $0x800d800980058001; Set V8
	V128Const $0x800f800b80078003, $0x800f800b80078003; Set V9
	V128Const $0x800e800a80068002, $0x8080808080808080; Set V10
	V128Const $0x0000000000000000, $0x0001000100010001; Set V11
	V128Const $0x0000000000000000, $0x0000000100000001; Set V7
	V128Const $0x0f0e0d0c0b0a0908, $0x0f0e0d0c0b0a0908; Set V12
	V128Const $0x0f0e0d0c0b0a0908, $0xffffffffffffffff; Set V13
	V128Const $0x0000000000000000, $0x4080000040800000; Set V14
	V128Const $0x4b0000004b000000, $0x4b0000004b000000; Set V15
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		Get R0; I32WrapI64
		HALF(0); HALF(16); I32Const $16; I32x4Shl; V128Or
		// fourPixels: the quotients' bytes in RGBA order.
		V128Const $0x0d050c0409010800, $0x0f070e060b030a02; I8x16Swizzle
		V128Store $0
		Get R0; I64Const $16; I64Add; Set R0
		Get R1; I64Const $32; I64Add; Set R1
		Get R2; I64Const $32; I64Add; Set R2
		Get R3; I64Const $1; I64Sub; Set R3
		Br $0
	End; End
	RET
