#include "textflag.h"
#include "linear_wasm.h"

// linear2x2Row and linear2x2PremulRow of linear_2x2_other.go. Go compiles a
// loop to a dispatch over its basic blocks; here each is a wasm loop, every
// value in a local, each byte loaded on its own as the table's index.

// Locals: R0 d, R1 and R2 the block's pixels in r0 and r1, R3 the pixel,
// R4 n, R5 the encoder, R6 dec, R7 the alpha sum, R8-R10 the colours'
// codes, R11 a colour's sum; in the premultiplied loop R12-R15 the alphas;
// F16 the factor from a sum to its mean (linear_wasm.h).

// DEC leaves on the stack the decoding (dec) of the byte at OFF of the
// address in P.
#define DEC(P, OFF) Get P; I32WrapI64; I32Load8U $OFF; I32Const $3; I32Shl; Get R6; I32WrapI64; I32Add; I64Load $0

// ALPHA leaves on the stack the alpha at OFF of the address in P.
#define ALPHA(P, OFF) Get P; I32WrapI64; I64Load8U $OFF

// PIXEL leaves on the stack the alpha sum in R7, rounded half to even over
// four, in the top byte, and the codes in the low three.
#define PIXEL \
	Get R7; I64Const $1; I64Add; Get R7; I64Const $2; I64ShrU; I64Const $1; I64And; I64Add; \
	I64Const $2; I64ShrU; I64Const $24; I64Shl; \
	Get R8; I64Or; Get R9; I64Const $8; I64Shl; I64Or; Get R10; I64Const $16; I64Shl; I64Or

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
	I64Load e+40(FP); Set R5; \
	I64Load dec+48(FP); Set R6

// SUM4 leaves on the stack the sum of the decodings of channel C of the
// block K after R1 and R2's.
#define SUM4(C, K) DEC(R1, C+8*K); DEC(R1, 4+C+8*K); I64Add; DEC(R2, C+8*K); I64Add; DEC(R2, 4+C+8*K); I64Add

// END leaves on the stack the end of d.
#define END I64Load d+0(FP); I64Load n+32(FP); I64Const $2; I64Shl; I64Add

// FIX sets X to the code of channel C's mean, settled with no branch
// (SETTLED). R11 holds the sum, R4 the code's byte.
#define FIX(X, C) \
	SUM4(C, 0); Set R11; \
	Get R11; I64Const $20; I64ShrU; CODEOF(X); \
	Get R11; F64ConvertI64S; Get F16; F64Mul; Set F17; \
	SETTLED(X, R4)

// CODE4 sets X to the code of channel C's mean of the block K after R1
// and R2's, its step the sum shifted right by 20 (see linear_2x2_other.go),
// unsettled: no mask, the step of a mean, at most 1, being at most 2^14.
#define CODE4(X, C, K) SUM4(C, K); I64Const $20; I64ShrU; CODEOF(X)

// ONEPIXEL writes the pixel K after R0's, as if certain, from the block K
// after R1 and R2's, and marks it in R15 where a code is uncertain: a code
// is at most 0x1FF, its bit 8 the uncertain one (where it is set, it
// spills into the next byte of the pixel, which is written again).
#define ONEPIXEL(K) \
	CODE4(R8, 0, K); CODE4(R9, 1, K); CODE4(R10, 2, K); \
	Get R15; I64Const $1; I64Shl; Get R8; Get R9; I64Or; Get R10; I64Or; I64Const $8; I64ShrU; I64Or; Set R15; \
	ALPHA(R1, 3+8*K); ALPHA(R1, 7+8*K); I64Add; ALPHA(R2, 3+8*K); I64Add; ALPHA(R2, 7+8*K); I64Add; Set R7; \
	Get R0; I32WrapI64; I32Const $(4*K); I32Add; PIXEL; I64Store32 $0

// func linear2x2Row(d, r0, r1 unsafe.Pointer, from, n int, e *linearEncoder, dec *[256]uint64) int
//
// A branch on each pixel's step, taken for about one pixel in twenty, cost
// the loop two fifths of its time, so the loop takes the pixels in chunks
// of up to 64 with no branch of that kind: each writes its pixel as if
// certain, and marks it, one bit in R15, where a step is uncertain; then
// the marked pixels are taken again, settled with no branch, and
// rewritten; where one stays uncertain the loop returns its index, the
// pixels after it rewritten by the caller as it goes on. R3 holds the
// chunk's end, then a marked pixel's index in it; R12-R14 the chunk's
// start in d, r0 and r1.
TEXT ·linear2x2Row(SB), NOSPLIT, $0-64
	SETUP
	// 1/(4·2^32) = 2^-34.
	F64Const $5.82076609134674072265625e-11; Set F16
	Block; Loop
		Get R0; END; I64GeU; BrIf $1
		Get R0; Set R12; Get R1; Set R13; Get R2; Set R14
		Get R0; I64Const $256; I64Add; Set R3
		Get R3; END; I64GtU
		If; END; Set R3; End
		I64Const $0; Set R15
		// Four pixels a turn while four are left, then one at a time.
		Block; Loop
			Get R0; I64Const $12; I64Add; Get R3; I64GeU; BrIf $1
			ONEPIXEL(0); ONEPIXEL(1); ONEPIXEL(2); ONEPIXEL(3)
			Get R0; I64Const $16; I64Add; Set R0
			Get R1; I64Const $32; I64Add; Set R1
			Get R2; I64Const $32; I64Add; Set R2
			Br $0
		End; End
		Block; Loop
			Get R0; Get R3; I64GeU; BrIf $1
			ONEPIXEL(0)
			Get R0; I64Const $4; I64Add; Set R0
			Get R1; I64Const $8; I64Add; Set R1
			Get R2; I64Const $8; I64Add; Set R2
			Br $0
		End; End
		// The marked pixels, first to last: the chunk's pixel i of k is bit
		// k-1-i, so i = k - 64 + clz.
		Block; Loop
			Get R15; I64Eqz; BrIf $1
			Get R0; Get R12; I64Sub; I64Const $2; I64ShrU; I64Const $64; I64Sub; Get R15; I64Clz; I64Add; Set R3
			Get R15; I64Const $1; Get R0; Get R12; I64Sub; I64Const $2; I64ShrU; I64Const $1; I64Sub; Get R3; I64Sub; I64Shl; I64Xor; Set R15
			Get R3; I64Const $3; I64Shl; Get R13; I64Add; Set R1
			Get R3; I64Const $3; I64Shl; Get R14; I64Add; Set R2
			FIX(R8, 0); FIX(R9, 1); FIX(R10, 2)
			UNSETTLED(R8, R9, R10)
			If
				// Settled by neither byte: the caller computes it, and the
				// rest.
				Get R3; I64Const $2; I64Shl; Get R12; I64Add; Set R0
				Br $4
			End
			ALPHA(R1, 3); ALPHA(R1, 7); I64Add; ALPHA(R2, 3); I64Add; ALPHA(R2, 7); I64Add; Set R7
			Get R3; I64Const $2; I64Shl; Get R12; I64Add; I32WrapI64; PIXEL; I64Store32 $0
			Br $0
		End; End
		Get R0; Get R12; I64Sub; I64Const $1; I64Shl; Set R11
		Get R13; Get R11; I64Add; Set R1
		Get R14; Get R11; I64Add; Set R2
		Br $0
	End; End
	Get SP
	Get R0; I64Load d+0(FP); I64Sub; I64Const $2; I64ShrU
	I64Store ret+56(FP)
	RET

// PSUM4 leaves on the stack the sum of the decodings of channel C, each
// times its alpha.
#define PSUM4(C) \
	DEC(R1, C); Get R12; I64Mul; DEC(R1, 4+C); Get R13; I64Mul; I64Add; \
	DEC(R2, C); Get R14; I64Mul; I64Add; DEC(R2, 4+C); Get R15; I64Mul; I64Add

// PCODE4 sets X to the code of channel C's mean, settled where uncertain.
#define PCODE4(X, C) PSUM4(C); Set R11; STEPOF(R11); LOOKUP(X); SETTLE(X, R11)

// func linear2x2PremulRow(d, r0, r1 unsafe.Pointer, from, n int, e *linearEncoder, dec *[256]uint64, recips *[1024]float64) int
TEXT ·linear2x2PremulRow(SB), NOSPLIT, $0-72
	SETUP
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
		Get R7; I64Const $1023; I64And; I64Const $3; I64Shl; I64Load recips+56(FP); I64Add; I32WrapI64; F64Load $0; Set F16
		PCODE4(R8, 0); PCODE4(R9, 1); PCODE4(R10, 2)
		UNSETTLED(R8, R9, R10); BrIf $1
		Get R0; I32WrapI64; PIXEL; I64Store32 $0
		NEXT
		Br $0
	End; End
	Get SP
	Get R3
	I64Store ret+64(FP)
	RET
