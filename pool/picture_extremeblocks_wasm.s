//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_wasm.h"

// extremeBlocksRowVectors' loop (picture_extremeblocks_amd64.go) in wasm,
// its vectors in locals where Go's wasm code keeps them on its stack: max
// 4x4/4 on 512x512 pixels took about 55 µs in Node with the Go loop, 31
// with this one. The min is the same
// loop with the min instruction, its mask's bytes inverted: a 255 never
// wins a min as a 0 never wins a max.
//
// Locals: R0 out, R1 the turn's first block, R2 a block's bytes (4*kw),
// R3 quads left, R4 vectors a block (1 or 2), R5 to R7 the turn's other
// blocks; V0 to V3 the blocks' pairs, V6 and V7 the swizzles of EVENSIN,
// V8 the mask of a block's last vector.

// blockMasks: sixteen bytes of 255, then sixteen of 0; the sixteen from
// 16-n on are n bytes of 255 and the rest 0.
DATA ·blockMasks+0(SB)/8, $-1
DATA ·blockMasks+8(SB)/8, $-1
DATA ·blockMasks+16(SB)/8, $0
DATA ·blockMasks+24(SB)/8, $0
GLOBL ·blockMasks(SB), RODATA, $32

// BLOCK1 sets V to the pairs of the block of one vector at P, BLOCK2 of
// two; MASK is V128And for the max, V128Or for the min.
#define BLOCK1(P, V, OP, MASK) LD(P, 0); Get V8; MASK; Set V; FOLDPAIR(V, OP)
#define BLOCK2(P, V, OP, MASK) LD(P, 0); LD(P, 16); Get V8; MASK; OP; Set V; FOLDPAIR(V, OP)

// TURN writes four outputs from the blocks at R1, R5, R6 and R7 by BLOCK.
#define TURN(BLOCK, OP, MASK) \
	Get R1; Get R2; I64Add; Tee R5; Get R2; I64Add; Tee R6; Get R2; I64Add; Set R7; \
	BLOCK(R1, V0, OP, MASK); BLOCK(R5, V1, OP, MASK); BLOCK(R6, V2, OP, MASK); BLOCK(R7, V3, OP, MASK); \
	EVENSIN(V0, V1); Set V0; FOLDPAIR(V0, OP); \
	EVENSIN(V2, V3); Set V2; FOLDPAIR(V2, OP); \
	Get R0; I32WrapI64; EVENSIN(V0, V2); V128Store $0; \
	ADV(R0, 16); Get R7; Get R2; I64Add; Set R1; ADV(R3, -1)

// TURNS runs TURN by BLOCK for every quad.
#define TURNS(BLOCK, OP, MASK) \
	Block; Loop; \
		Get R3; I64Eqz; BrIf $1; \
		TURN(BLOCK, OP, MASK); \
		Br $0; \
	End; End

// BLOCKSROW sets up the locals, the mask (inverted by INVERT for the min),
// and runs the loop for blocks of one vector or of two.
#define BLOCKSROW(OP, MASK, INVERT) \
	I64Load out+0(FP); Set R0; \
	I64Load col+8(FP); Set R1; \
	I64Load kw+16(FP); I64Const $2; I64Shl; Set R2; \
	I64Load quads+24(FP); Set R3; \
	Get R2; I64Const $16; I64GtS; I64ExtendI32U; I64Const $1; I64Add; Set R4; \
	MOVD $·blockMasks(SB), R5; \
	Get R5; Get R4; I64Const $4; I64Shl; Get R2; I64Sub; I64Add; I32WrapI64; V128Load $0; INVERT; Set V8; \
	EVENSWIZZLES; \
	Get R4; I64Const $1; I64Eq; \
	If; \
		TURNS(BLOCK1, OP, MASK); \
	Else; \
		TURNS(BLOCK2, OP, MASK); \
	End; \
	RET

// func maxBlocksRow(out, col unsafe.Pointer, kw, quads int)
TEXT ·maxBlocksRow(SB), NOSPLIT, $0-32
	BLOCKSROW(I8x16MaxU, V128And, Nop)

// func minBlocksRow(out, col unsafe.Pointer, kw, quads int)
TEXT ·minBlocksRow(SB), NOSPLIT, $0-32
	BLOCKSROW(I8x16MinU, V128Or, V128Not)
