#include "textflag.h"

// linear2x2Row and linear2x2PremulRow of linear2x2_other.go. Go compiles a
// loop to a dispatch over its basic blocks; here each is a wasm loop, every
// value in a local, each byte loaded on its own as the table's index.

// Locals: R0 d, R1 and R2 the block's pixels in r0 and r1, R3 the pixel,
// R4 n, R5 code, R6 dec, R7 the alpha sum, R8-R10 the colours' codes; in
// the premultiplied loop R11 recips, R12-R15 the alphas, F16 the
// reciprocal of the alpha sum.

// DEC leaves on the stack the decoding (dec) of the byte at OFF of the
// address in P.
#define DEC(P, OFF) Get P; I32WrapI64; I64Load8U $OFF; I64Const $3; I64Shl; Get R6; I64Add; I32WrapI64; I64Load $0

// CODE sets X to the code of the step whose index is on the stack.
#define CODE(X) I64Const $32767; I64And; I64Const $1; I64Shl; Get R5; I64Add; I32WrapI64; I64Load16U $0; Set X

// ALPHAS leaves on the stack the four alphas' sum.
#define ALPHA(P, OFF) Get P; I32WrapI64; I64Load8U $OFF

// PIXEL leaves on the stack the alpha sum in R7, rounded half to even over
// four, in the top byte, and the codes in the low three.
#define PIXEL \
	Get R7; I64Const $1; I64Add; Get R7; I64Const $2; I64ShrU; I64Const $1; I64And; I64Add; \
	I64Const $2; I64ShrU; I64Const $24; I64Shl; \
	Get R8; I64Or; Get R9; I64Const $8; I64Shl; I64Or; Get R10; I64Const $16; I64Shl; I64Or

// UNCERTAIN leaves on the stack whether a code is of an uncertain step.
#define UNCERTAIN Get R8; Get R9; I64Or; Get R10; I64Or; I64Const $0x100; I64And; I64Eqz; I32Eqz

// NEXT moves to the next pixel.
#define NEXT \
	Get R0; I64Const $4; I64Add; Set R0; \
	Get R1; I64Const $8; I64Add; Set R1; \
	Get R2; I64Const $8; I64Add; Set R2; \
	Get R3; I64Const $1; I64Add; Set R3

// SETUP loads the arguments they share and moves to pixel from.
#define SETUP \
	I64Load from+24(FP); Set R3; \
	I64Load d+0(FP); Get R3; I64Const $2; I64Shl; I64Add; Set R0; \
	I64Load r0+8(FP); Get R3; I64Const $3; I64Shl; I64Add; Set R1; \
	I64Load r1+16(FP); Get R3; I64Const $3; I64Shl; I64Add; Set R2; \
	I64Load n+32(FP); Set R4; \
	I64Load code+40(FP); Set R5; \
	I64Load dec+48(FP); Set R6

// SUM4 leaves on the stack the sum of the decodings of channel C.
#define SUM4(C) DEC(R1, C); DEC(R1, 4+C); I64Add; DEC(R2, C); I64Add; DEC(R2, 4+C); I64Add

// func linear2x2Row(d, r0, r1 unsafe.Pointer, from, n int, code *[2 * linearCodeSteps]uint16, dec *[256]uint64) int
TEXT ·linear2x2Row(SB), NOSPLIT, $0-64
	SETUP
	Block; Loop
		Get R3; Get R4; I64GeS; BrIf $1
		// The mean's step is the sum shifted right by 20 (see
		// linear2x2_other.go).
		SUM4(0); I64Const $20; I64ShrU; CODE(R8)
		SUM4(1); I64Const $20; I64ShrU; CODE(R9)
		SUM4(2); I64Const $20; I64ShrU; CODE(R10)
		UNCERTAIN; BrIf $1
		ALPHA(R1, 3); ALPHA(R1, 7); I64Add; ALPHA(R2, 3); I64Add; ALPHA(R2, 7); I64Add; Set R7
		Get R0; I32WrapI64; PIXEL; I64Store32 $0
		NEXT
		Br $0
	End; End
	Get SP
	Get R3
	I64Store ret+56(FP)
	RET

// PSUM4 leaves on the stack the sum of the decodings of channel C, each
// times its alpha.
#define PSUM4(C) \
	DEC(R1, C); Get R12; I64Mul; DEC(R1, 4+C); Get R13; I64Mul; I64Add; \
	DEC(R2, C); Get R14; I64Mul; I64Add; DEC(R2, 4+C); Get R15; I64Mul; I64Add

// FLOOR leaves the floor of the float64 on the stack, at least 0 and below
// 2^52, in the low bits of an int64: floor, then 2^52 added, exactly, sets
// the exponent so that the mantissa holds the integer. Engines convert a
// float to an integer with saturation (Go's int(x)) several times slower.
#define FLOOR F64Floor; F64Const $4503599627370496.0; F64Add; I64ReinterpretF64

// PCODE sets X to the code of the mean of the sum on the stack.
#define PCODE(X) F64ConvertI64U; Get F16; F64Mul; F64Const $16384.0; F64Mul; FLOOR; CODE(X)

// func linear2x2PremulRow(d, r0, r1 unsafe.Pointer, from, n int, code *[2 * linearCodeSteps]uint16, dec *[256]uint64, recips *[1024]float64) int
TEXT ·linear2x2PremulRow(SB), NOSPLIT, $0-72
	SETUP
	I64Load recips+56(FP); Set R11
	Block; Loop
		Get R3; Get R4; I64GeS; BrIf $1
		ALPHA(R1, 3); Set R12; ALPHA(R1, 7); Set R13
		ALPHA(R2, 3); Set R14; ALPHA(R2, 7); Set R15
		Get R12; Get R13; I64Add; Get R14; I64Add; Get R15; I64Add; Set R7
		Get R7; I64Eqz
		If
			// A transparent block: every byte 0.
			Get R0; I32WrapI64; I32Const $0; I32Store $0
			NEXT
			Br $1
		End
		Get R7; I64Const $1023; I64And; I64Const $3; I64Shl; Get R11; I64Add; I32WrapI64; F64Load $0; Set F16
		PSUM4(0); PCODE(R8)
		PSUM4(1); PCODE(R9)
		PSUM4(2); PCODE(R10)
		UNCERTAIN; BrIf $1
		Get R0; I32WrapI64; PIXEL; I64Store32 $0
		NEXT
		Br $0
	End; End
	Get SP
	Get R3
	I64Store ret+64(FP)
	RET
