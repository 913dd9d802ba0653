//go:build goexperiment.simd

#include "textflag.h"
#include "tensor_lanes_wasm.h"

// Locals as tensor_lanes_wasm.h says, and R3 the bytes from the window's
// first cell to the next window's, F8 and F9 the divisors d1 and d2.

// ADDA adds the cell at R0 to V0; ADDB also the next window's to V1.
#define ADDA Get V0; Get R0; I32WrapI64; V128Load $0; F32x4Add; Set V0
#define ADDB ADDA; Get V1; Get R0; Get R3; I64Add; I32WrapI64; V128Load $0; F32x4Add; Set V1

// MEAN leaves on the stack the sums in V divided by d1, by d2 and by the
// Divisor of the window at R12.
#define MEAN(V) \
	Get V; Get F8; F32x4Splat; F32x4Div; Get F9; F32x4Splat; F32x4Div; \
	Get R12; I32WrapI64; I64Load $16; F32ConvertI64S; F32x4Splat; F32x4Div

// func adaptiveAvgWindows4Free(dst, src, wins unsafe.Pointer, nwin, depth, dpitch, rows, rpitch int, d1, d2 float32)
// The adaptive averages of four interleaved planes over nwin windows (Window
// values at wins) of a row of windows: each window's float32 sums from +0 of
// its cells, depth by depth, row by row (dpitch and rpitch bytes apart),
// then divided by d1, by d2 and by its Divisor, in that order. Two windows
// of one size are summed side by side: each sum is one chain of additions,
// and two chains keep the engine busy while each waits on its last.
TEXT ·adaptiveAvgWindows4Free(SB), NOSPLIT, $0-72
	LANE_ARGS
	F32Load d1+64(FP); Set F8
	F32Load d2+68(FP); Set F9
	Block; Loop
		Get R13; I64Eqz; BrIf $1
		LANE_WINDOW
		V128Const $0, $0; Set V0
		Get V0; Set V1
		Get R13; I64Const $2; I64GeU
		If
			Get R12; I32WrapI64; I64Load $32; Get R8; I64Eq
			If
				// The next window has this one's size: both at once.
				Get R12; I32WrapI64; I64Load $24; Get R12; I32WrapI64; I64Load $0; I64Sub; I64Const $4; I64Shl; Set R3
				LANE_SUMS(ADDB, I64Const $16)
				Get R10; I32WrapI64; MEAN(V0); V128Store $0
				LANE_NEXT(16)
				Get R10; I32WrapI64; MEAN(V1); V128Store $0
				LANE_NEXT(16)
				Br $2
			End
		End
		LANE_SUMS(ADDA, I64Const $16)
		Get R10; I32WrapI64; MEAN(V0); V128Store $0
		LANE_NEXT(16)
		Br $0
	End; End
	RET
