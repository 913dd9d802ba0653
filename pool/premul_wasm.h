// Macros of premul_wasm.s, the premultiplied average's loops in wasm: the
// sums and quotients of premul_vectors_amd64.go, every vector in a local.
// Registers they share: V0 and V1 scratch; V7 the lanes 0 0 1 1 (noZero);
// V8 to V11 the swizzles and ones of DOTS; V12 alphaBoth, V13 alphaLow,
// V14 the floats 0 0 d d, d the divisor of alpha, V15 2^23 in every lane.

// CONSTANTS sets V7 to V13 and V15, and R15 to premulLanes. The
// constants that no swizzle takes as indices come from memory: Node's and
// Chromium's engine builds a v128.const anew in the loop wherever it is
// used, but corrects the indices of a swizzle that it cannot see.
#define CONSTANTS \
	MOVD $·premulLanes(SB), R15; \
	Get R15; I32WrapI64; V128Load $80; Set V7; \
	V128Const $0x800c800880048000, $0x800d800980058001; Set V8; \
	V128Const $0x800f800b80078003, $0x800f800b80078003; Set V9; \
	V128Const $0x800e800a80068002, $0x8080808080808080; Set V10; \
	Get R15; I32WrapI64; V128Load $96; Set V11; \
	V128Const $0x0f0e0d0c0b0a0908, $0x0f0e0d0c0b0a0908; Set V12; \
	V128Const $0x0f0e0d0c0b0a0908, $0xffffffffffffffff; Set V13; \
	Get R15; I32WrapI64; V128Load $64; Set V15

// DOTS leaves on the stack the products of the four pixels in the sixteen
// bytes at OFF of the address in P, two vectors of 32-bit lanes: R R G G
// and B B A A, each lane the sum over two pixels (0 and 1, then 2 and 3),
// as weighted and pairHalves make them. The swizzles spread the bytes to
// 16-bit lanes (out-of-range indices give zero bytes), R0 R1 R2 R3 G0 G1 G2
// G3 (V8), B0 B1 B2 B3 1 1 1 1 (V10, then the ones of V11) and a0 a1 a2 a3
// a0 a1 a2 a3 (V9); i32x4.dot_i16x8_s multiplies them lane by lane and
// adds each pair, exactly: a sum of two products of bytes is below 2^17.
// One instruction where the widening multiplication and the sum of halves
// take several.
#define DOTS(P, OFF) \
	Get P; I32WrapI64; V128Load $OFF; Tee V0; Get V8; I8x16Swizzle; \
	Get V0; Get V9; I8x16Swizzle; Tee V1; I32x4DotI16x8S; \
	Get V0; Get V10; I8x16Swizzle; Get V11; V128Or; Get V1; I32x4DotI16x8S

// QUOT leaves on the stack premulQuotients of the sums in X (R R G G) and
// Y (B B A A) of two windows: the same f32x4 divisions, so the same bytes.
#define QUOT(X, Y) \
	Get Y; Get V7; I32x4MaxU; F32x4ConvertI32x4S; Set V1; \
	Get X; F32x4ConvertI32x4S; Get V1; Get V12; I8x16Swizzle; F32x4Div; Get V15; F32x4Add; \
	V128Const $0x000000ff000000ff, $0x000000ff000000ff; V128And; \
	Get V1; Get V1; Get V13; I8x16Swizzle; Get V14; F32x4Add; F32x4Div; Get V15; F32x4Add; \
	I32Const $8; I32x4Shl; V128Or

// STORE4 stores at the address in D the four pixels of the quotients on
// the stack, the left two windows' below the right two's: merged, their
// bytes in RGBA order (fourPixels).
#define STORE4(D) \
	I32Const $16; I32x4Shl; V128Or; \
	V128Const $0x0d050c0409010800, $0x0f070e060b030a02; I8x16Swizzle; \
	Set V0; Get D; I32WrapI64; Get V0; V128Store $0

