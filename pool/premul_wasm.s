//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"
#include "premul_wasm.h"

// premultiplied2x2Vectors and premultipliedBlocksRow of
// premul_vectors_amd64.go as wasm loops (premul_wasm.h): Go's wasm code for
// the vector form moves every vector through memory.

// HALF2 leaves on the stack the quotients of the two 2x2 windows in the
// sixteen bytes at OFF of rows R1 and R2; V2, V3 and V6 scratch.
#define HALF2(OFF) \
	DOTS(R1, OFF); Set V2; Set V3; DOTS(R2, OFF); \
	Get V2; I32x4Add; Set V2; Get V3; I32x4Add; Set V6; \
	QUOT(V6, V2)

// func premultiplied2x2Vectors(d, r0, r1 unsafe.Pointer, quads int)
// Locals: R0 d, R1 r0, R2 r1, R3 quads left.
TEXT ·premultiplied2x2Vectors(SB), NOSPLIT, $0-32
	I64Load d+0(FP); Set R0
	I64Load r0+8(FP); Set R1
	I64Load r1+16(FP); Set R2
	I64Load quads+24(FP); Set R3
	CONSTANTS
	Get R15; I32WrapI64; V128Load $112; Set V14
	Block; Loop
		Get R3; I64Eqz; BrIf $1
		HALF2(0); HALF2(16); STORE4(R0)
		ADV(R0, 16); ADV(R1, 32); ADV(R2, 32); ADV(R3, -1)
		Br $0
	End; End
	RET

// BLOCK sets V2 and V3 to the sums (R R G G, B B A A; each lane the sum of
// half the block's columns) of the block whose top left pixel is at the
// address in P: kh rows (R3) of vecs vectors (R4), stride (R2) bytes
// apart. R6 is the row, R7 the rows left, R8 the vector, R11 the vectors
// left of the row.
#define BLOCK(P) \
	V128Const $0, $0; Tee V2; Set V3; \
	Get P; Set R6; Get R3; Set R7; \
	Block; Loop; \
		Get R7; I64Eqz; BrIf $1; \
		Get R6; Set R8; Get R4; Set R11; \
		Block; Loop; \
			DOTS(R8, 0); Get V3; I32x4Add; Set V3; Get V2; I32x4Add; Set V2; \
			ADV(R8, 16); ADV(R11, -1); \
			Get R11; I64Eqz; BrIf $1; \
			Br $0; \
		End; End; \
		ADDR(R6, R2); ADV(R7, -1); \
		Br $0; \
	End; End

// MERGE leaves on the stack the lanes c c d d of two blocks from their
// lanes c c d d in A and B, each c the sum of its two (mergeBlocks).
#define MERGE(A, B) \
	Get A; Get A; I32Const $32; I64x2ShrU; I64x2Add; \
	V128Const $0x00000000ffffffff, $0x00000000ffffffff; V128And; \
	Get B; Get B; I32Const $32; I64x2ShrU; I64x2Add; I32Const $32; I64x2Shl; \
	V128Or

// PAIR leaves on the stack the quotients of the blocks at the address in
// R9 and the next (R10 bytes further); V4 to V6 scratch.
#define PAIR \
	BLOCK(R9); Get V2; Set V4; Get V3; Set V5; \
	ADDR(R9, R10); BLOCK(R9); \
	MERGE(V4, V2); Set V6; MERGE(V5, V3); Set V5; \
	QUOT(V6, V5)

// func premultipliedBlocksRow(d, top unsafe.Pointer, stride, kh, vecs, quads int, div float32)
// Locals: R0 d, R1 the quad's first block, R2 stride, R3 kh, R4 vecs (at
// least 1), R5 quads left, R9 a block, R10 a block's bytes in a row.
TEXT ·premultipliedBlocksRow(SB), NOSPLIT, $0-52
	I64Load d+0(FP); Set R0
	I64Load top+8(FP); Set R1
	I64Load stride+16(FP); Set R2
	I64Load kh+24(FP); Set R3
	I64Load vecs+32(FP); Set R4
	I64Load quads+40(FP); Set R5
	Get R4; I64Const $4; I64Shl; Set R10
	CONSTANTS
	F32Load div+48(FP); F32x4Splat
	V128Const $0x0000000000000000, $0xffffffffffffffff; V128And; Set V14
	Block; Loop
		Get R5; I64Eqz; BrIf $1
		Get R1; Set R9
		PAIR
		ADDR(R9, R10); PAIR
		STORE4(R0)
		ADV(R0, 16); ADDR(R1, R10); ADDR(R1, R10); ADDR(R1, R10); ADDR(R1, R10); ADV(R5, -1)
		Br $0
	End; End
	RET
