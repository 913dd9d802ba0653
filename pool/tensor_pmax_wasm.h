// Macros of tensor_pmax_wasm.s. Pointers are byte addresses in i64
// registers; a load or store takes the low 32 bits, the wasm address.

// LD pushes the four floats at byte offset OFF of the address in P.
#define LD(P, OFF) Get P; I32WrapI64; V128Load $OFF

// PM folds the four floats at OFF of P into the vector on the stack, as the
// later cells: f32x4.pmax keeps the earlier lane unless the later one is
// greater.
#define PM(P, OFF) LD(P, OFF); F32x4Pmax

// ST stores the vector in V at byte offset OFF of the address in P. The
// offset goes into the address: Go's assembler reads V128Store's operand as
// a source, and would store at offset 0.
#define ST(P, OFF, V) Get P; I32WrapI64; I32Const $OFF; I32Add; Get V; V128Store $0

// ADV adds N to R; ADDR adds register S to R.
#define ADV(R, N) Get R; I64Const $N; I64Add; Set R
#define ADDR(R, S) Get R; Get S; I64Add; Set R

// EVENS leaves on the stack lanes 0 and 2 of A, then lanes 0 and 2 of B
// (i8x16.swizzle's out-of-range indices give zero bytes).
#define EVENS(A, B) \
	Get A; V128Const $0x0b0a090803020100, $0x8080808080808080; I8x16Swizzle; \
	Get B; V128Const $0x8080808080808080, $0x0b0a090803020100; I8x16Swizzle; \
	V128Or

// PAIRS leaves on the stack the vector in V with lane 0 the max of its
// lanes 0 and 1 and lane 2 that of lanes 2 and 3 (lanes 1 and 3: the odd
// lanes again, unused): each odd lane shifted down onto the even one
// before it and folded in as the later cell.
#define PAIRS(V) Get V; Get V; I32Const $32; I64x2ShrU; F32x4Pmax

// TAIL4 moves the pointers in D and S back so that the last vector ends
// with the last of the R outputs left (0 < R < 4), S at SB bytes an output.
#define TAIL4(R, D, S, SB) \
	Get R; I64Const $4; I64Sub; I64Const $2; I64Shl; Set R12; \
	ADDR(D, R12); \
	Get R12; I64Const $SB/4; I64Mul; Get S; I64Add; Set S

// VROWS is the frame of the vertical passes: for each of rows output rows,
// R7 (and the rows after it, which SETUP points at) at the row's first
// input row, R10 at its outputs, R11 the columns left. BODY16 stores
// sixteen outputs at R10 and ADVANCE64 moves every input pointer 64 bytes
// on; then BODY leaves four outputs on the stack and ADVANCE moves the
// pointers 16 bytes on; BACK moves them back by R12 for the last four.
#define VROWS(SETUP, BODY16, ADVANCE64, BODY, ADVANCE, BACK) \
	I64Load dst+0(FP); Set R0; \
	I64Load src+8(FP); Set R1; \
	I64Load pitch+16(FP); Set R2; \
	I64Load step+24(FP); Set R3; \
	I64Load rows+32(FP); Set R4; \
	I64Load cols+40(FP); Set R5; \
	Block; Loop; \
		Get R4; I64Eqz; BrIf $1; \
		Get R1; Set R7; SETUP; \
		Get R0; Set R10; \
		Get R5; Set R11; \
		Block; Loop; \
			Get R11; I64Const $16; I64LtS; BrIf $1; \
			BODY16; \
			ADVANCE64; ADV(R10, 64); ADV(R11, -16); \
			Br $0; \
		End; End; \
		Block; Loop; \
			Get R11; I64Const $4; I64LtS; BrIf $1; \
			BODY; Set V0; ST(R10, 0, V0); \
			ADVANCE; ADV(R10, 16); ADV(R11, -4); \
			Br $0; \
		End; End; \
		Block; \
			Get R11; I64Eqz; BrIf $0; \
			TAIL4(R11, R10, R7, 4); BACK; \
			BODY; Set V0; ST(R10, 0, V0); \
		End; \
		ADDR(R1, R3); \
		Get R5; I64Const $2; I64Shl; Get R0; I64Add; Set R0; \
		ADV(R4, -1); \
		Br $0; \
	End; End

#define NEXT(R, P) Get P; Get R2; I64Add; Set R
