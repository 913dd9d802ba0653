// Macros of the wasm assembly kernels, the tensors' and the pictures'.
// Pointers are byte addresses in i64 registers; a load or store takes the
// low 32 bits, the wasm address.

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

// EVENSIN is EVENS with its two swizzles in V6 and V7, which EVENSWIZZLES
// sets once before a loop: the engine builds a v128.const anew wherever it
// is used.
#define EVENSWIZZLES \
	V128Const $0x0b0a090803020100, $0x8080808080808080; Set V6; \
	V128Const $0x8080808080808080, $0x0b0a090803020100; Set V7
#define EVENSIN(A, B) Get A; Get V6; I8x16Swizzle; Get B; Get V7; I8x16Swizzle; V128Or

// FOLDPAIR sets V to the bytewise OP of each 64-bit lane's two pixels, in
// the lane's low half.
#define FOLDPAIR(V, OP) Get V; Get V; I32Const $32; I64x2ShrU; OP; Set V

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

// Two planes (or windows) to a vector: lanes 0 and 1 hold two cells of the
// first, lanes 2 and 3 two of the second. AT(B, O) pushes the wasm address
// B + O. JOIN adds to ACC the two cells at OFF of each of the addresses P
// and Q push (a 128-bit load from P, its high half replaced by a 64-bit
// load from Q), then the vector again shifted down one lane within each
// half, so that lanes 0 and 2 each add their plane's two cells in order
// (lanes 1 and 3 add whatever, unused). LAST adds to lanes 0 and 2 of ACC
// the cell at P and the one at Q. Bits move unchanged: loads and lane
// replacements never touch a NaN.
#define AT(B, O) Get B; Get O; I64Add; I32WrapI64
#define JOIN(ACC, P, Q, OFF) \
	Get ACC; P; V128Load $OFF; Q; F64Load $OFF; F64x2ReplaceLane $0, $1; Tee V5; F32x4Add; \
	Get V5; I32Const $32; I64x2ShrU; F32x4Add; Set ACC
#define LAST(ACC, P, Q) Get ACC; P; V128Load $0; Q; F32Load $0; F32x4ReplaceLane $0, $2; F32x4Add; Set ACC

// INTERLEAVE leaves on the stack lanes 0 and 2 of A between lanes 0 and 2
// of B (A's lane 0, B's, A's lane 2, B's).
#define INTERLEAVE(A, B) Get A; Get B; I32Const $32; I64x2Shl; V128Const $0x00000000ffffffff, $0x00000000ffffffff; V128Bitselect
