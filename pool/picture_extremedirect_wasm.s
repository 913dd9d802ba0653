//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// The loops of picture_extremedirect.go: max or min of a few rows, sixteen bytes a
// vector, and of a few neighbouring pixels along a row, four outputs a
// vector. Each takes four vectors a turn, with the rows or the window's
// pixels as the inner loop, then one.
//
// Locals: R0 the output, R1 the input, R2 its step (stride, or 4 bytes a
// pixel), R3 the rows or pixels, R4 the vectors left, R5 the inner
// pointer, R6 the inner count; V0 to V3 the results, V6 and V7 the
// swizzles that gather outputs at stride 2.


// FOLD4 sets V0 to V3 to the OP of R3 vectors each, the first ones the
// four at R1, the next R2 bytes on, and so on; it stores them at R0 and
// moves R0 and R1 on by four vectors. FOLD1 does the same for one vector.
#define FOLD4(OP) \
	LD(R1, 0); Set V0; LD(R1, 16); Set V1; LD(R1, 32); Set V2; LD(R1, 48); Set V3; \
	Get R1; Get R2; I64Add; Set R5; \
	Get R3; I64Const $1; I64Sub; Set R6; \
	Block; Loop; \
		Get R6; I64Eqz; BrIf $1; \
		Get V0; LD(R5, 0); OP; Set V0; \
		Get V1; LD(R5, 16); OP; Set V1; \
		Get V2; LD(R5, 32); OP; Set V2; \
		Get V3; LD(R5, 48); OP; Set V3; \
		Get R5; Get R2; I64Add; Set R5; \
		ADV(R6, -1); \
		Br $0; \
	End; End; \
	ST(R0, 0, V0); ST(R0, 16, V1); ST(R0, 32, V2); ST(R0, 48, V3); \
	ADV(R0, 64); ADV(R1, 64)

#define FOLD1(OP) \
	LD(R1, 0); Set V0; \
	Get R1; Get R2; I64Add; Set R5; \
	Get R3; I64Const $1; I64Sub; Set R6; \
	Block; Loop; \
		Get R6; I64Eqz; BrIf $1; \
		Get V0; LD(R5, 0); OP; Set V0; \
		Get R5; Get R2; I64Add; Set R5; \
		ADV(R6, -1); \
		Br $0; \
	End; End; \
	ST(R0, 0, V0); \
	ADV(R0, 16); ADV(R1, 16)

// FOLDS runs FOLD4 while four vectors are left, then FOLD1.
#define FOLDS(OP) \
	Block; Loop; \
		Get R4; I64Const $4; I64LtS; BrIf $1; \
		FOLD4(OP); ADV(R4, -4); \
		Br $0; \
	End; End; \
	Block; Loop; \
		Get R4; I64Eqz; BrIf $1; \
		FOLD1(OP); ADV(R4, -1); \
		Br $0; \
	End; End; \
	RET

// SLIDE2_4 sets V0 to V3 to the OP of R3 vectors each, the first ones the
// four at R1, the next 4 bytes on, and so on, and stores at R0 the even
// pixels of V0 and V1, then of V2 and V3, gathered by the swizzles in V6
// and V7: the outputs of eight windows at stride 2. It moves R0 on by two
// vectors and R1 by four. SLIDE2_1 does the same for four outputs.
#define SLIDE2_4(OP) \
	LD(R1, 0); Set V0; LD(R1, 16); Set V1; LD(R1, 32); Set V2; LD(R1, 48); Set V3; \
	Get R1; I64Const $4; I64Add; Set R5; \
	Get R3; I64Const $1; I64Sub; Set R6; \
	Block; Loop; \
		Get R6; I64Eqz; BrIf $1; \
		Get V0; LD(R5, 0); OP; Set V0; \
		Get V1; LD(R5, 16); OP; Set V1; \
		Get V2; LD(R5, 32); OP; Set V2; \
		Get V3; LD(R5, 48); OP; Set V3; \
		ADV(R5, 4); ADV(R6, -1); \
		Br $0; \
	End; End; \
	Get R0; I32WrapI64; EVENSIN(V0, V1); V128Store $0; \
	Get R0; I32WrapI64; EVENSIN(V2, V3); V128Store $0, $16; \
	ADV(R0, 32); ADV(R1, 64)

#define SLIDE2_1(OP) \
	LD(R1, 0); Set V0; LD(R1, 16); Set V1; \
	Get R1; I64Const $4; I64Add; Set R5; \
	Get R3; I64Const $1; I64Sub; Set R6; \
	Block; Loop; \
		Get R6; I64Eqz; BrIf $1; \
		Get V0; LD(R5, 0); OP; Set V0; \
		Get V1; LD(R5, 16); OP; Set V1; \
		ADV(R5, 4); ADV(R6, -1); \
		Br $0; \
	End; End; \
	Get R0; I32WrapI64; EVENSIN(V0, V1); V128Store $0; \
	ADV(R0, 16); ADV(R1, 32)

// SLIDES2 runs SLIDE2_4 while two quads of outputs are left, then SLIDE2_1.
#define SLIDES2(OP) \
	EVENSWIZZLES; \
	Block; Loop; \
		Get R4; I64Const $2; I64LtS; BrIf $1; \
		SLIDE2_4(OP); ADV(R4, -2); \
		Br $0; \
	End; End; \
	Get R4; I64Eqz; I32Eqz; \
	If; \
		SLIDE2_1(OP); \
	End; \
	RET

#define ROWS_ARGS \
	I64Load dst+0(FP); Set R0; \
	I64Load top+8(FP); Set R1; \
	I64Load stride+16(FP); Set R2; \
	I64Load rows+24(FP); Set R3; \
	I64Load vecs+32(FP); Set R4

#define SLIDE_ARGS \
	I64Load out+0(FP); Set R0; \
	I64Load cells+8(FP); Set R1; \
	I64Const $4; Set R2; \
	I64Load kern+16(FP); Set R3; \
	I64Load quads+24(FP); Set R4

// func maxRows(dst, top unsafe.Pointer, stride, rows, vecs int)
TEXT ·maxRows(SB), NOSPLIT, $0-40
	ROWS_ARGS
	FOLDS(I8x16MaxU)

// func minRows(dst, top unsafe.Pointer, stride, rows, vecs int)
TEXT ·minRows(SB), NOSPLIT, $0-40
	ROWS_ARGS
	FOLDS(I8x16MinU)

// func maxSlide(out, cells unsafe.Pointer, kern, quads int)
TEXT ·maxSlide(SB), NOSPLIT, $0-32
	SLIDE_ARGS
	FOLDS(I8x16MaxU)

// func minSlide(out, cells unsafe.Pointer, kern, quads int)
TEXT ·minSlide(SB), NOSPLIT, $0-32
	SLIDE_ARGS
	FOLDS(I8x16MinU)

// func maxSlide2(out, cells unsafe.Pointer, kern, quads int)
TEXT ·maxSlide2(SB), NOSPLIT, $0-32
	SLIDE_ARGS
	SLIDES2(I8x16MaxU)

// func minSlide2(out, cells unsafe.Pointer, kern, quads int)
TEXT ·minSlide2(SB), NOSPLIT, $0-32
	SLIDE_ARGS
	SLIDES2(I8x16MinU)
