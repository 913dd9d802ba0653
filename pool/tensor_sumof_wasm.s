//go:build goexperiment.simd

#include "textflag.h"

// LOAD2 adds the two floats at byte offset OFF of the address in R0,
// widened to float64, to the two running sums in V: the low half of a
// 128-bit load, whose high half (read past the two) is dropped. LOAD2LAST
// is LOAD2 reading only the two (one 64-bit load, into both halves of a
// vector), for a plane's last eight cells, past which may lie no memory; it
// costs the engine two moves more.
#define LOAD2(V, OFF) Get V; Get R0; I32WrapI64; V128Load $OFF; F64x2PromoteLowF32x4; F64x2Add; Set V
#define LOAD2LAST(V, OFF) Get V; Get R0; I32WrapI64; I64Load $OFF; I64x2Splat; F64x2PromoteLowF32x4; F64x2Add; Set V

// LANE pushes lane L of V (the lane index goes second: Go's assembler
// takes it from the instruction's destination).
#define LANE(V, L) Get V; F64x2ExtractLane $0, $L

// func meansF64(dst, src unsafe.Pointer, planes, n int)
// For each of planes runs of n cells at src, their sum as sumOf adds them,
// in eight running sums a pair to a vector: (a, b), (c, d), (e, f), (g, h)
// over the whole eights, the rest added to a, then
// ((a+b)+(c+d))+((e+f)+(g+h)); divided by n and rounded to float32 into
// dst.
TEXT ·meansF64(SB), NOSPLIT, $0-32
	I64Load dst+0(FP); Set R10
	I64Load src+8(FP); Set R0
	I64Load planes+16(FP); Set R11
	I64Load n+24(FP); Set R12
	Get R12; F64ConvertI64S; Set F17
	Block; Loop
		Get R11; I64Eqz; BrIf $1
		I64Const $0; I64x2Splat; Set V0
		Get V0; Set V1; Get V0; Set V2; Get V0; Set V3
		Get R12; Set R1
		// Eight cells a turn while two more follow them, which the
		// last 128-bit load reads.
		Block; Loop
			Get R1; I64Const $10; I64LtU; BrIf $1
			LOAD2(V0, 0); LOAD2(V1, 8); LOAD2(V2, 16); LOAD2(V3, 24)
			Get R0; I64Const $32; I64Add; Set R0
			Get R1; I64Const $8; I64Sub; Set R1
			Br $0
		End; End
		Block
			Get R1; I64Const $8; I64LtU; BrIf $0
			LOAD2(V0, 0); LOAD2(V1, 8); LOAD2(V2, 16); LOAD2LAST(V3, 24)
			Get R0; I64Const $32; I64Add; Set R0
			Get R1; I64Const $8; I64Sub; Set R1
		End
		// a, and the cells past the whole eights added to it.
		LANE(V0, 0); Set F16
		Block; Loop
			Get R1; I64Eqz; BrIf $1
			Get F16; Get R0; I32WrapI64; F32Load $0; F64PromoteF32; F64Add; Set F16
			Get R0; I64Const $4; I64Add; Set R0
			Get R1; I64Const $1; I64Sub; Set R1
			Br $0
		End; End
		Get R10; I32WrapI64
		Get F16; LANE(V0, 1); F64Add; LANE(V1, 0); LANE(V1, 1); F64Add; F64Add
		LANE(V2, 0); LANE(V2, 1); F64Add; LANE(V3, 0); LANE(V3, 1); F64Add; F64Add
		F64Add
		Get F17; F64Div; F32DemoteF64
		F32Store $0
		Get R10; I64Const $4; I64Add; Set R10
		Get R11; I64Const $1; I64Sub; Set R11
		Br $0
	End; End
	RET
