//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// avg2x2Row of picture_avg2x2_amd64.go as a wasm loop, four output pixels
// a turn: each row's sixteen bytes swizzled by avg2x2Order, added in pairs
// into 16-bit lanes (i16x8.extadd_pairwise_i8x16_u), the two rows' lanes
// added: eight lanes, the four sums of two output pixels. In Node, on
// 512x512 pixels, picture-avg2x2s2 took about 105 µs with Go's wasm code
// for the vector form, 55 µs with this loop.
//
// Locals: R0 d, R1 r0, R2 r1, R3 quads left; V5 scratch, V8 the swizzle,
// V9 a 1 in each 16-bit lane.

// SUMS leaves on the stack each channel's sum of the 2x2 blocks of the
// sixteen bytes at OFF of both rows: two output pixels in 16-bit lanes.
#define SUMS(OFF) \
	LD(R1, OFF); Get V8; I8x16Swizzle; I16x8ExtaddPairwiseI8x16U; \
	LD(R2, OFF); Get V8; I8x16Swizzle; I16x8ExtaddPairwiseI8x16U; \
	I16x8Add

// QUARTER divides the sums on the stack by four, rounded half to even:
// n/4 is (n + 1 + (n/4 odd)) / 4, that is the rounding average of n and
// (n/4 odd), halved.
#define QUARTER Tee V5; Get V5; I32Const $2; I16x8ShrU; Get V9; V128And; I16x8AvgrU; I32Const $1; I16x8ShrU

// func avg2x2Row(d, r0, r1 unsafe.Pointer, quads int)
TEXT ·avg2x2Row(SB), NOSPLIT, $0-32
	I64Load d+0(FP); Set R0
	I64Load r0+8(FP); Set R1
	I64Load r1+16(FP); Set R2
	I64Load quads+24(FP); Set R3
	MOVD $·avg2x2Order(SB), R5
	Get R5; I32WrapI64; V128Load $0; Set V8
	V128Const $0x0001000100010001, $0x0001000100010001; Set V9
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		Get R0; I32WrapI64
		SUMS(0); QUARTER; SUMS(16); QUARTER; I8x16NarrowI16x8U
		V128Store $0
		ADV(R0, 16); ADV(R1, 32); ADV(R2, 32); ADV(R3, -1)
		Br $0
	End; End
	RET
