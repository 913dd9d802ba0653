#include "textflag.h"
#include "linear_wasm.h"

// linearSlide, linearSlidePremul, linearBlocks, linearBlocksPremul and
// linearRowLanes of linear_lanes_other.go, as wasm loops with every value in
// a local (Go compiles a loop to a dispatch over its basic blocks).

// Locals: R0 out, R1 enter, R2 leave, R3 the window, R5 the encoder, R6-R9
// the sums (R, G, B, alpha), R10 div, R11 its magic, R12-R14 the colours'
// codes, R15 the pixel; F16 the factor from a sum to its mean, F17 a mean
// (linear_wasm.h).

// SETUP loads the arguments and the sums, and moves to window from.
#define SETUP \
	I64Load from+24(FP); Set R3; \
	I64Load out+0(FP); Get R3; I64Const $2; I64Shl; I64Add; Set R0; \
	I64Load enter+8(FP); Get R3; I64Const $5; I64Shl; I64Add; Set R1; \
	I64Load leave+16(FP); Get R3; I64Const $5; I64Shl; I64Add; Set R2; \
	I64Load sums+40(FP); I32WrapI64; I64Load $0; Set R6; \
	I64Load sums+40(FP); I32WrapI64; I64Load $8; Set R7; \
	I64Load sums+40(FP); I32WrapI64; I64Load $16; Set R8; \
	I64Load sums+40(FP); I32WrapI64; I64Load $24; Set R9; \
	I64Load div+48(FP); Set R10; \
	I64Load dm+56(FP); Set R11; \
	F64Load inv+64(FP); Set F16; \
	I64Load e+72(FP); Set R5

// linearBlocks and linearBlocksPremul: locals as the slide's, but R1 the
// window's first column, R2 the bytes from one window's to the next's, and
// R12, R13 the column and the columns left while summing.

// BSETUP loads the arguments and moves to window from.
#define BSETUP \
	I64Load from+16(FP); Set R3; \
	I64Load out+0(FP); Get R3; I64Const $2; I64Shl; I64Add; Set R0; \
	I64Load stride+32(FP); I64Const $5; I64Shl; Set R2; \
	I64Load cols+8(FP); Get R3; Get R2; I64Mul; I64Add; Set R1; \
	I64Load div+48(FP); Set R10; \
	I64Load dm+56(FP); Set R11; \
	F64Load inv+64(FP); Set F16; \
	I64Load e+72(FP); Set R5

// BADD adds the word at OFF of the column at R12 to S.
#define BADD(S, OFF) Get S; Get R12; I32WrapI64; I64Load $OFF; I64Add; Set S

// BSUMS sets R6-R9 to the sums of the window's columns.
#define BSUMS \
	I64Const $0; Set R6; I64Const $0; Set R7; I64Const $0; Set R8; I64Const $0; Set R9; \
	Get R1; Set R12; \
	I64Load kw+40(FP); Set R13; \
	Block; Loop; \
		Get R13; I64Eqz; BrIf $1; \
		BADD(R6, 0); BADD(R7, 8); BADD(R8, 16); BADD(R9, 24); \
		Get R12; I64Const $32; I64Add; Set R12; \
		Get R13; I64Const $1; I64Sub; Set R13; \
		Br $0; \
	End; End

#define BNEXT \
	Get R0; I64Const $4; I64Add; Set R0; \
	Get R1; Get R2; I64Add; Set R1; \
	Get R3; I64Const $1; I64Add; Set R3

// linearBlockRow and linearBlockRowPremul: R0 out, R1 the block's top
// left, R2 a row of it, R3 the block, R4 dec, R5 the encoder, R6-R9 the
// sums, R10 div, R11 its magic; while summing R12 and R13 the rows and
// pixels left, R14 the pixel and R15 its weight (alpha, premultiplied);
// then R12-R14 the codes and R15 the pixel.

// DSETUP loads the arguments and moves to block from.
#define DSETUP \
	I64Load from+40(FP); Set R3; \
	I64Load out+0(FP); Get R3; I64Const $2; I64Shl; I64Add; Set R0; \
	I64Load top+8(FP); Get R3; I64Load kw+32(FP); I64Mul; I64Const $2; I64Shl; I64Add; Set R1; \
	I64Load dec+88(FP); Set R4; \
	I64Load div+56(FP); Set R10; \
	I64Load dm+64(FP); Set R11; \
	F64Load inv+72(FP); Set F16; \
	I64Load e+80(FP); Set R5

// DDEC leaves on the stack the decoding of the byte at OFF of the pixel.
#define DDEC(OFF) Get R14; I32WrapI64; I32Load8U $OFF; I32Const $3; I32Shl; Get R4; I32WrapI64; I32Add; I64Load $0

// DSUMS sets R6-R9 to the block's sums, each colour's decoding times W
// (WEIGHT sets R15 to each pixel's weight first).
#define DSUMS(WEIGHT, W) \
	I64Const $0; Set R6; I64Const $0; Set R7; I64Const $0; Set R8; I64Const $0; Set R9; \
	Get R1; Set R2; \
	I64Load kh+24(FP); Set R12; \
	Block; Loop; \
		Get R12; I64Eqz; BrIf $1; \
		Get R2; Set R14; \
		I64Load kw+32(FP); Set R13; \
		Block; Loop; \
			Get R13; I64Eqz; BrIf $1; \
			Get R14; I32WrapI64; I64Load8U $3; Set R15; \
			Get R9; Get R15; I64Add; Set R9; \
			WEIGHT; \
			Get R6; DDEC(0); W; I64Add; Set R6; \
			Get R7; DDEC(1); W; I64Add; Set R7; \
			Get R8; DDEC(2); W; I64Add; Set R8; \
			Get R14; I64Const $4; I64Add; Set R14; \
			Get R13; I64Const $1; I64Sub; Set R13; \
			Br $0; \
		End; End; \
		Get R2; I64Load stride+16(FP); I64Add; Set R2; \
		Get R12; I64Const $1; I64Sub; Set R12; \
		Br $0; \
	End; End

// ROW4 adds to R6-R9 the decodings and alphas of the four pixels at R14,
// the alphas two to a load, in two 32-bit lanes of R9.
#define ROW4 \
	Get R9; \
	Get R14; I32WrapI64; I64Load $0; I64Const $24; I64ShrU; I64Const $0xFF000000FF; I64And; I64Add; \
	Get R14; I32WrapI64; I64Load $8; I64Const $24; I64ShrU; I64Const $0xFF000000FF; I64And; I64Add; \
	Set R9; \
	Get R6; DDEC(0); I64Add; DDEC(4); I64Add; DDEC(8); I64Add; DDEC(12); I64Add; Set R6; \
	Get R7; DDEC(1); I64Add; DDEC(5); I64Add; DDEC(9); I64Add; DDEC(13); I64Add; Set R7; \
	Get R8; DDEC(2); I64Add; DDEC(6); I64Add; DDEC(10); I64Add; DDEC(14); I64Add; Set R8

// SUMS sets R6-R9 to the block's sums, not premultiplied: those of a 4x4
// block, the downscale by four, with no loop (DSUMS' two loops took a
// quarter of the kernel's time there: BenchmarkFamilies'
// picture-avg4x4s4-linear, 467 µs with them, 358 µs without), else DSUMS.
#define SUMS \
	I64Load kh+24(FP); I64Const $4; I64Eq; I64Load kw+32(FP); I64Const $4; I64Eq; I32And; \
	If; \
		I64Const $0; Set R6; I64Const $0; Set R7; I64Const $0; Set R8; I64Const $0; Set R9; \
		I64Load stride+16(FP); Set R2; \
		Get R1; Set R14; ROW4; \
		Get R14; Get R2; I64Add; Set R14; ROW4; \
		Get R14; Get R2; I64Add; Set R14; ROW4; \
		Get R14; Get R2; I64Add; Set R14; ROW4; \
		Get R9; I64Const $0xFFFFFFFF; I64And; Get R9; I64Const $32; I64ShrU; I64Add; Set R9; \
	Else; \
		DSUMS(Nop, Nop); \
	End

#define DNEXT \
	Get R0; I64Const $4; I64Add; Set R0; \
	Get R1; I64Load kw+32(FP); I64Const $2; I64Shl; I64Add; Set R1; \
	Get R3; I64Const $1; I64Add; Set R3

// STEP adds the word at OFF of the column entering to S, and takes the
// leaving one's.
#define STEP(S, OFF) Get S; Get R1; I32WrapI64; I64Load $OFF; I64Add; Get R2; I32WrapI64; I64Load $OFF; I64Sub; Set S

// ALPHA sets R15 to the alpha sum divided by div, rounded half to even
// (divRoundEvenMagic), in the top byte.
#define ALPHA \
	Get R9; Get R11; I64Mul; I64Const $48; I64ShrU; Set R15; \
	Get R15; Get R10; Get R9; Get R15; Get R10; I64Mul; I64Sub; I64Const $1; I64Shl; I64Sub; \
	Get R15; I64Const $1; I64And; I64Sub; I64Const $63; I64ShrU; I64Add; \
	I64Const $24; I64Shl; Set R15

// CODE sets X to the code of the mean of the sum S, settled (SETTLE)
// where its step is uncertain.
#define CODE(X, S) STEPOF(S); LOOKUP(X); SETTLE(X, S)

// ICODE is CODE for windows of one divisor, div, whose mean's step is
// floor(S/(div·2^18)), the step of the exact fixed-point mean (see
// linear.go): floor(S/2^18) times div's magic, shifted right by 48, exact
// since floor(S/2^18) is at most div·2^14 and div below 2^17 (see
// divRoundEvenMagic's bound: x·e < 2^48), all in integers.
#define ICODE(X, S) \
	Get S; I64Const $18; I64ShrU; Get R11; I64Mul; I64Const $48; I64ShrU; \
	LOOKUP(X); SETTLE(X, S)

// ENCODE leaves the loop if a code is of an uncertain step, else writes the
// pixel; IENCODE is ENCODE by ICODE.
#define ENCODE CODE(R12, R6); CODE(R13, R7); CODE(R14, R8); STORE
#define IENCODE ICODE(R12, R6); ICODE(R13, R7); ICODE(R14, R8); STORE
#define STORE \
	Get R12; Get R13; I64Or; Get R14; I64Or; I64Const $0x100; I64And; I64Eqz; I32Eqz; BrIf $1; \
	Get R0; I32WrapI64; \
	Get R15; Get R12; I64Or; Get R13; I64Const $8; I64Shl; I64Or; Get R14; I64Const $16; I64Shl; I64Or; \
	I64Store32 $0

#define NEXT \
	Get R0; I64Const $4; I64Add; Set R0; \
	Get R1; I64Const $32; I64Add; Set R1; \
	Get R2; I64Const $32; I64Add; Set R2; \
	Get R3; I64Const $1; I64Add; Set R3

// DONE stores the sums back.
#define DONE \
	I64Load sums+40(FP); I32WrapI64; Get R6; I64Store $0; \
	I64Load sums+40(FP); I32WrapI64; Get R7; I64Store $8; \
	I64Load sums+40(FP); I32WrapI64; Get R8; I64Store $16; \
	I64Load sums+40(FP); I32WrapI64; Get R9; I64Store $24;

// MARK shifts the marks in M by one and adds whether a code of R12-R14 is
// uncertain (MARKS leaves that on the stack); FMARK does so in an f64
// register holding the bits. A code is at most 0x1FF: its bit 8 is the
// uncertain one. Where it is set, it spills into the next byte of the
// pixel, which is written again.
#define MARKS Get R12; Get R13; I64Or; Get R14; I64Or; I64Const $8; I64ShrU
#define MARK(M) Get M; I64Const $1; I64Shl; MARKS; I64Or; Set M
#define FMARK(M) Get M; I64ReinterpretF64; I64Const $1; I64Shl; MARKS; I64Or; F64ReinterpretI64; Set M

// PIXELOF leaves on the stack the pixel of the alpha in R15 and the codes.
#define PIXELOF Get R15; Get R12; I64Or; Get R13; I64Const $8; I64Shl; I64Or; Get R14; I64Const $16; I64Shl; I64Or

// PSUMS stores the sums R6 and R7 at sums (linearPackedSlide).
#define PSUMS \
	I64Load sums+40(FP); I32WrapI64; Get R6; I64Store $0; \
	I64Load sums+40(FP); I32WrapI64; Get R7; I64Store $8

// func linearSlide(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, inv float64, e *linearEncoder) int
TEXT ·linearSlide(SB), NOSPLIT, $0-88
	SETUP
	Block; Loop
		Get R3; I64Load n+32(FP); I64GeS; BrIf $1
		STEP(R6, 0); STEP(R7, 8); STEP(R8, 16); STEP(R9, 24)
		ALPHA
		IENCODE
		NEXT
		Br $0
	End; End
	DONE
	Get SP
	Get R3
	I64Store ret+80(FP)
	RET

// func linearSlidePremul(out, enter, leave unsafe.Pointer, from, n int, sums *[4]uint64, div, dm uint64, inv float64, e *linearEncoder) int
TEXT ·linearSlidePremul(SB), NOSPLIT, $0-88
	SETUP
	Block; Loop
		Get R3; I64Load n+32(FP); I64GeS; BrIf $1
		STEP(R6, 0); STEP(R7, 8); STEP(R8, 16); STEP(R9, 24)
		ALPHA
		Get R9; I64Eqz
		If
			// A transparent window: its colours are 0.
			Get R0; I32WrapI64; Get R15; I64Store32 $0
			NEXT
			Br $1
		End
		F64Const $1.0; Get R9; F64ConvertI64U; F64Const $4294967296.0; F64Mul; F64Div; Set F16
		ENCODE
		NEXT
		Br $0
	End; End
	DONE
	Get SP
	Get R3
	I64Store ret+80(FP)
	RET

// func linearBlocks(out, cols unsafe.Pointer, from, n, stride, kw int, div, dm uint64, inv float64, e *linearEncoder) int
TEXT ·linearBlocks(SB), NOSPLIT, $0-88
	BSETUP
	Block; Loop
		Get R3; I64Load n+24(FP); I64GeS; BrIf $1
		BSUMS
		ALPHA
		IENCODE
		BNEXT
		Br $0
	End; End
	Get SP
	Get R3
	I64Store ret+80(FP)
	RET

// func linearBlocksPremul(out, cols unsafe.Pointer, from, n, stride, kw int, div, dm uint64, inv float64, e *linearEncoder) int
TEXT ·linearBlocksPremul(SB), NOSPLIT, $0-88
	BSETUP
	Block; Loop
		Get R3; I64Load n+24(FP); I64GeS; BrIf $1
		BSUMS
		ALPHA
		Get R9; I64Eqz
		If
			// A transparent window: its colours are 0.
			Get R0; I32WrapI64; Get R15; I64Store32 $0
			BNEXT
			Br $1
		End
		F64Const $1.0; Get R9; F64ConvertI64U; F64Const $4294967296.0; F64Mul; F64Div; Set F16
		ENCODE
		BNEXT
		Br $0
	End; End
	Get SP
	Get R3
	I64Store ret+80(FP)
	RET

// ISTEP leaves on the stack the step of the mean of the sum on the stack,
// for windows of one divisor (see ICODE).
#define ISTEP I64Const $18; I64ShrU; Get R11; I64Mul; I64Const $48; I64ShrU

// IFIX sets X to the settled code of the mean of the sum S (SETTLED, R2
// holding the byte).
#define IFIX(X, S) Get S; ISTEP; CODEOF(X); Get S; F64ConvertI64S; Get F16; F64Mul; Set F17; SETTLED(X, R2)

// BACK leaves on the stack how many blocks back from R3 the chunk's first
// marked block lies (see linearBlockRow).
#define BACK I64Const $64; Get F18; I64ReinterpretF64; I64Clz; I64Sub

// func linearBlockRow(out, top unsafe.Pointer, stride, kh, kw, from, n int, div, dm uint64, inv float64, e *linearEncoder, dec *[256]uint64) int
//
// As linearPackedSlide, in chunks of up to 64 blocks, marked where a step
// is uncertain, and the marked ones summed again and settled after; every
// i64 local taken, F18 holds the marks' bits and F19 the chunk's end's.
TEXT ·linearBlockRow(SB), NOSPLIT, $0-104
	DSETUP
	Block; Loop
		Get R3; I64Load n+48(FP); I64GeS; BrIf $1
		Get R3; I64Const $64; I64Add; Set R2
		Get R2; I64Load n+48(FP); I64GtS
		If; I64Load n+48(FP); Set R2; End
		Get R2; F64ReinterpretI64; Set F19
		I64Const $0; F64ReinterpretI64; Set F18
		Block; Loop
			Get R3; Get F19; I64ReinterpretF64; I64GeS; BrIf $1
			SUMS
			ALPHA
			Get R6; ISTEP; CODEOF(R12)
			Get R7; ISTEP; CODEOF(R13)
			Get R8; ISTEP; CODEOF(R14)
			FMARK(F18)
			Get R0; I32WrapI64; PIXELOF; I64Store32 $0
			DNEXT
			Br $0
		End; End
		// The marked blocks, first to last: the chunk, ending at block R3,
		// holds block R3-BACK at its top marked bit.
		Block; Loop
			Get F18; I64ReinterpretF64; I64Eqz; BrIf $1
			I64Load top+8(FP); Get R3; BACK; I64Sub; I64Load kw+32(FP); I64Mul; I64Const $2; I64Shl; I64Add; Set R1
			SUMS
			ALPHA
			IFIX(R12, R6); IFIX(R13, R7); IFIX(R14, R8)
			UNSETTLED(R12, R13, R14)
			If
				// Settled by neither byte: the caller computes it, and the
				// rest.
				Get R3; BACK; I64Sub; Set R3
				Br $4
			End
			Get R0; BACK; I64Const $2; I64Shl; I64Sub; I32WrapI64; PIXELOF; I64Store32 $0
			Get F18; I64ReinterpretF64; I64Const $1; I64Const $63; Get F18; I64ReinterpretF64; I64Clz; I64Sub; I64Shl; I64Xor; F64ReinterpretI64; Set F18
			Br $0
		End; End
		I64Load top+8(FP); Get R3; I64Load kw+32(FP); I64Mul; I64Const $2; I64Shl; I64Add; Set R1
		Br $0
	End; End
	Get SP
	Get R3
	I64Store ret+96(FP)
	RET

// func linearBlockRowPremul(out, top unsafe.Pointer, stride, kh, kw, from, n int, div, dm uint64, inv float64, e *linearEncoder, dec *[256]uint64) int
TEXT ·linearBlockRowPremul(SB), NOSPLIT, $0-104
	DSETUP
	Block; Loop
		Get R3; I64Load n+48(FP); I64GeS; BrIf $1
		DSUMS(Nop, Get R15; I64Mul)
		ALPHA
		Get R9; I64Eqz
		If
			// A transparent block: its colours are 0.
			Get R0; I32WrapI64; Get R15; I64Store32 $0
			DNEXT
			Br $1
		End
		F64Const $1.0; Get R9; F64ConvertI64U; F64Const $4294967296.0; F64Mul; F64Div; Set F16
		ENCODE
		DNEXT
		Br $0
	End; End
	Get SP
	Get R3
	I64Store ret+96(FP)
	RET

// linearRowLanes: R0 cols, R1 slot, R2 row, R3 pixels left, R4 wmask, R5
// wone, R6 dec, R7 alpha, R8 the weight, R9-R11 the decoded colours.

// WDEC leaves on the stack the decoding of the byte at OFF of the row's
// pixel, times the weight.
#define WDEC(OFF) Get R2; I32WrapI64; I32Load8U $OFF; I32Const $3; I32Shl; Get R6; I32WrapI64; I32Add; I64Load $0; Get R8; I64Mul

// ADDTO adds X to the word at OFF of the address in P.
#define ADDTO(P, OFF, X) Get P; I32WrapI64; Get P; I32WrapI64; I64Load $OFF; Get X; I64Add; I64Store $OFF

// PUT stores X at OFF of the address in P.
#define PUT(P, OFF, X) Get P; I32WrapI64; Get X; I64Store $OFF

// SWAP adds X less the word at OFF of the slot to the column's, and puts X
// in the slot.
#define SWAP(OFF, X) \
	Get R0; I32WrapI64; Get R0; I32WrapI64; I64Load $OFF; Get X; I64Add; Get R1; I32WrapI64; I64Load $OFF; I64Sub; I64Store $OFF; \
	PUT(R1, OFF, X)

// PIXELIN decodes the row's pixel into R7 and R9-R11.
#define PIXELIN \
	Get R2; I32WrapI64; I64Load8U $3; Set R7; \
	Get R7; Get R4; I64And; Get R5; I64Or; Set R8; \
	WDEC(0); Set R9; WDEC(1); Set R10; WDEC(2); Set R11

#define ROWNEXT \
	Get R0; I64Const $32; I64Add; Set R0; \
	Get R1; I64Const $32; I64Add; Set R1; \
	Get R2; I64Const $4; I64Add; Set R2; \
	Get R3; I64Const $1; I64Sub; Set R3

// func linearRowLanes(cols, slot, row unsafe.Pointer, n int, wmask, wone uint64, mode rowMode, dec *[256]uint64)
TEXT ·linearRowLanes(SB), NOSPLIT, $0-64
	I64Load cols+0(FP); Set R0
	I64Load slot+8(FP); Set R1
	I64Load row+16(FP); Set R2
	I64Load n+24(FP); Set R3
	I64Load wmask+32(FP); Set R4
	I64Load wone+40(FP); Set R5
	I64Load dec+56(FP); Set R6
	I64Load8U mode+48(FP); I64Const $0; I64Eq
	If
		Block; Loop
			Get R3; I64Eqz; BrIf $1
			PIXELIN
			ADDTO(R0, 0, R9); ADDTO(R0, 8, R10); ADDTO(R0, 16, R11); ADDTO(R0, 24, R7)
			ROWNEXT
			Br $0
		End; End
		RET
	End
	I64Load8U mode+48(FP); I64Const $1; I64Eq
	If
		Block; Loop
			Get R3; I64Eqz; BrIf $1
			PIXELIN
			PUT(R1, 0, R9); PUT(R1, 8, R10); PUT(R1, 16, R11); PUT(R1, 24, R7)
			ADDTO(R0, 0, R9); ADDTO(R0, 8, R10); ADDTO(R0, 16, R11); ADDTO(R0, 24, R7)
			ROWNEXT
			Br $0
		End; End
		RET
	End
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		PIXELIN
		SWAP(0, R9); SWAP(8, R10); SWAP(16, R11); SWAP(24, R7)
		ROWNEXT
		Br $0
	End; End
	RET

// linearPackedRow: R0 cols, R1 slot, R2 row, R3 pixels left, R6 dec, R9
// and R10 the pixel's two words (linear_packed.go).

// PDEC leaves on the stack the decoding of the byte at OFF of the row's
// pixel.
#define PDEC(OFF) Get R2; I32WrapI64; I32Load8U $OFF; I32Const $3; I32Shl; Get R6; I32WrapI64; I32Add; I64Load $0

// PIN sets R9 and R10 to the row's pixel in packed lanes.
#define PIN \
	PDEC(0); PDEC(1); I64Const $32; I64Shl; I64Or; Set R9; \
	PDEC(2); Get R2; I32WrapI64; I64Load8U $3; I64Const $32; I64Shl; I64Or; Set R10

#define PNEXT \
	Get R0; I64Const $16; I64Add; Set R0; \
	Get R1; I64Const $16; I64Add; Set R1; \
	Get R2; I64Const $4; I64Add; Set R2; \
	Get R3; I64Const $1; I64Sub; Set R3

// func linearPackedRow(cols, slot, row unsafe.Pointer, n int, mode rowMode, dec *[256]uint64)
TEXT ·linearPackedRow(SB), NOSPLIT, $0-48
	I64Load cols+0(FP); Set R0
	I64Load slot+8(FP); Set R1
	I64Load row+16(FP); Set R2
	I64Load n+24(FP); Set R3
	I64Load dec+40(FP); Set R6
	I64Load8U mode+32(FP); I64Const $0; I64Eq
	If
		Block; Loop
			Get R3; I64Eqz; BrIf $1
			PIN
			ADDTO(R0, 0, R9); ADDTO(R0, 8, R10)
			PNEXT
			Br $0
		End; End
		RET
	End
	I64Load8U mode+32(FP); I64Const $1; I64Eq
	If
		Block; Loop
			Get R3; I64Eqz; BrIf $1
			PIN
			PUT(R1, 0, R9); PUT(R1, 8, R10)
			ADDTO(R0, 0, R9); ADDTO(R0, 8, R10)
			PNEXT
			Br $0
		End; End
		RET
	End
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		PIN
		SWAP(0, R9); SWAP(8, R10)
		PNEXT
		Br $0
	End; End
	RET

// linearPackedSlide: as linearSlide's, but R6 and R7 the packed sums, R10
// the alpha quotients, R4 the chunk's end (see below), R8 its marks.

// PSTEP leaves on the stack the step of the mean of the lane sum on the
// stack, that of the fixed-point mean (linear_packed.go).
#define PSTEP I64Const $13; I64ShrU; Get R11; I64Mul; I64Const $48; I64ShrU

// LANE0, LANE1 and LANE2 leave on the stack lane 0 (R), 1 (G) or 2 (B) of
// the sums in R6 and R7.
#define LANE0 Get R6; I64Const $0xFFFFFFFF; I64And
#define LANE1 Get R6; I64Const $32; I64ShrU
#define LANE2 Get R7; I64Const $0xFFFFFFFF; I64And

// PFIX sets X to the settled code of the mean of a lane sum, LANE leaving
// it on the stack (SETTLED, R4 holding the byte).
#define PFIX(X, LANE) LANE; PSTEP; CODEOF(X); LANE; F64ConvertI64S; Get F16; F64Mul; Set F17; SETTLED(X, R4)

// QALPHA sets R15 to the alpha byte of the sum in R7's high lane, from
// the quotient table at R10, in the top byte.
#define QALPHA Get R7; I64Const $32; I64ShrU; Get R10; I64Add; I32WrapI64; I64Load8U $0; I64Const $24; I64Shl; Set R15

// func linearPackedSlide(out, enter, leave unsafe.Pointer, from, n int, sums *[2]uint64, quot unsafe.Pointer, dm uint64, inv float64, e *linearEncoder) int
//
// A branch on each window's step, taken for about one window in twenty,
// cost the loop a quarter of its time, so the loop takes the windows in chunks
// of up to 64 with no branch of that kind: each writes its pixel as if
// certain, and marks it, one bit in R8, where a step is uncertain; then the
// marked windows are summed again from their columns, settled with no
// branch, and rewritten; where one stays uncertain the loop returns its
// index and sums, the pixels after it rewritten by the caller as it goes
// on. While they are, the running sums wait at sums.
TEXT ·linearPackedSlide(SB), NOSPLIT, $0-88
	I64Load from+24(FP); Set R3
	I64Load out+0(FP); Get R3; I64Const $2; I64Shl; I64Add; Set R0
	I64Load enter+8(FP); Get R3; I64Const $4; I64Shl; I64Add; Set R1
	I64Load leave+16(FP); Get R3; I64Const $4; I64Shl; I64Add; Set R2
	I64Load sums+40(FP); I32WrapI64; I64Load $0; Set R6
	I64Load sums+40(FP); I32WrapI64; I64Load $8; Set R7
	I64Load quot+48(FP); Set R10
	I64Load dm+56(FP); Set R11
	F64Load inv+64(FP); Set F16
	I64Load e+72(FP); Set R5
	Block; Loop
		Get R3; I64Load n+32(FP); I64GeS; BrIf $1
		Get R3; I64Const $64; I64Add; Set R4
		Get R4; I64Load n+32(FP); I64GtS
		If; I64Load n+32(FP); Set R4; End
		I64Const $0; Set R8
		Block; Loop
			Get R3; Get R4; I64GeS; BrIf $1
			STEP(R6, 0); STEP(R7, 8)
			LANE0; PSTEP; CODEOF(R12)
			LANE1; PSTEP; CODEOF(R13)
			LANE2; PSTEP; CODEOF(R14)
			MARK(R8)
			QALPHA
			Get R0; I32WrapI64; PIXELOF; I64Store32 $0
			Get R0; I64Const $4; I64Add; Set R0
			Get R1; I64Const $16; I64Add; Set R1
			Get R2; I64Const $16; I64Add; Set R2
			Get R3; I64Const $1; I64Add; Set R3
			Br $0
		End; End
		PSUMS
		// The marked windows, first to last: the chunk, ending at window
		// R3, holds window R3-64+clz at its top marked bit. R9 holds the
		// windows it lies back, R15 a column while summing.
		Block; Loop
			Get R8; I64Eqz; BrIf $1
			I64Const $64; Get R8; I64Clz; I64Sub; Set R9
			Get R8; I64Const $1; I64Const $63; Get R8; I64Clz; I64Sub; I64Shl; I64Xor; Set R8
			// Its sums, the columns after leave up to enter.
			I64Const $0; Set R6; I64Const $0; Set R7
			Get R2; Get R9; I64Const $4; I64Shl; I64Sub; Set R15
			Block; Loop
				Get R15; I64Const $16; I64Add; Set R15
				Get R6; Get R15; I32WrapI64; I64Load $0; I64Add; Set R6
				Get R7; Get R15; I32WrapI64; I64Load $8; I64Add; Set R7
				Get R15; Get R1; Get R9; I64Const $4; I64Shl; I64Sub; I64LtU; BrIf $0
			End; End
			PFIX(R12, LANE0); PFIX(R13, LANE1); PFIX(R14, LANE2)
			UNSETTLED(R12, R13, R14)
			If
				// Settled by neither byte: the caller computes it, and the
				// rest from its sums (stored on the way out).
				Get R3; Get R9; I64Sub; Set R3
				Br $4
			End
			QALPHA
			Get R0; Get R9; I64Const $2; I64Shl; I64Sub; I32WrapI64; PIXELOF; I64Store32 $0
			Br $0
		End; End
		I64Load sums+40(FP); I32WrapI64; I64Load $0; Set R6
		I64Load sums+40(FP); I32WrapI64; I64Load $8; Set R7
		Br $0
	End; End
	PSUMS
	Get SP
	Get R3
	I64Store ret+80(FP)
	RET
