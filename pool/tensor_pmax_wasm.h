// Macros of the tensor kernels' wasm assembly. Pointers are byte addresses
// in i64 registers; a load or store takes the low 32 bits, the wasm address.

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
