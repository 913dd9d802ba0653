//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// SQ2(LOW) leaves on the stack, in 32-bit lanes, each channel's sum of the
// squares of the two pixels in the low (LOW: ExtendLow) or high half of the
// vector on the stack: the bytes widened to 16 bits, squared (at most
// 255^2, which 16 bits hold) into 32 bits, the two pixels' lanes added.
#define SQ2(EXT) EXT; Tee V6; Get V6; I32x4ExtmulLowI16x8U; Get V6; Get V6; I32x4ExtmulHighI16x8U; I32x4Add

// NORM leaves on the stack the rounded norms of the sums of squares on the
// stack: converted to float32 (exact below 2^24), the square root rounded
// to the nearest integer, ties to even.
#define NORM F32x4ConvertI32x4U; F32x4Sqrt; F32x4Nearest; I32x4TruncSatF32x4U

// OUT(OFF, EXT) leaves on the stack the norms of the output pixel whose
// block's pixels are in the EXT half of the sixteen bytes at OFF of R0 and
// of R1.
#define OUT(OFF, EXT) LD(R0, OFF); SQ2(EXT); LD(R1, OFF); SQ2(EXT); I32x4Add; NORM

// func lp2x2Quads(d, r0, r1 unsafe.Pointer, quads int)
// Four output pixels a turn, from 32 bytes of each of the rows r0 and r1.
// The norms narrow to bytes with unsigned saturation: a norm over 255 (at
// most 510) becomes 255.
TEXT ·lp2x2Quads(SB), NOSPLIT, $0-32
	I64Load d+0(FP); Set R2
	I64Load r0+8(FP); Set R0
	I64Load r1+16(FP); Set R1
	I64Load quads+24(FP); Set R3
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		Get R2; I32WrapI64
		OUT(0, I16x8ExtendLowI8x16U); OUT(0, I16x8ExtendHighI8x16U); I16x8NarrowI32x4U
		OUT(16, I16x8ExtendLowI8x16U); OUT(16, I16x8ExtendHighI8x16U); I16x8NarrowI32x4U
		I8x16NarrowI16x8U
		V128Store $0
		ADV(R0, 32); ADV(R1, 32); ADV(R2, 16); ADV(R3, -1)
		Br $0
	End; End
	RET
