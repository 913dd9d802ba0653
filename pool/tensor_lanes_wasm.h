// The lane windows' wasm loops (tensor_lanes_gen_wasm.s,
// tensor_lanes_adaptive_wasm.s). Locals: R10 dst, R11 src, R12 the window
// (a Window: First at 0, Count at 8, Divisor at 16), R13 the windows left,
// R4-R7 depth, dpitch, rows and rpitch, R8 the window's Count, R9 its first
// cell of the depth being summed; while summing R14, R15 and R1 the depths,
// rows and cells left, R2 the row and R0 the cell.

// LANE_ARGS loads the arguments every lane loop takes first: dst, src,
// wins, nwin, depth, dpitch, rows and rpitch.
#define LANE_ARGS \
	I64Load dst+0(FP); Set R10; \
	I64Load src+8(FP); Set R11; \
	I64Load wins+16(FP); Set R12; \
	I64Load nwin+24(FP); Set R13; \
	I64Load depth+32(FP); Set R4; \
	I64Load dpitch+40(FP); Set R5; \
	I64Load rows+48(FP); Set R6; \
	I64Load rpitch+56(FP); Set R7

// LANE_WINDOW sets R9 and R8 to the first cell and the Count of the window
// at R12.
#define LANE_WINDOW \
	Get R12; I32WrapI64; I64Load $0; I64Const $4; I64Shl; Get R11; I64Add; Set R9; \
	Get R12; I32WrapI64; I64Load $8; Set R8

// LANE_SUMS adds the window's cells in the general kernels' order, depth by
// depth, row by row, each by ADD, STEP pushing the bytes from a cell to the
// next.
#define LANE_SUMS(ADD, STEP) \
	Get R4; Set R14; \
	Block; Loop; \
		Get R14; I64Eqz; BrIf $1; \
		Get R9; Set R2; Get R6; Set R15; \
		Block; Loop; \
			Get R15; I64Eqz; BrIf $1; \
			Get R2; Set R0; Get R8; Set R1; \
			Block; Loop; \
				Get R1; I64Eqz; BrIf $1; \
				ADD; \
				Get R0; STEP; I64Add; Set R0; \
				Get R1; I64Const $1; I64Sub; Set R1; \
				Br $0; \
			End; End; \
			Get R2; Get R7; I64Add; Set R2; \
			Get R15; I64Const $1; I64Sub; Set R15; \
			Br $0; \
		End; End; \
		Get R9; Get R5; I64Add; Set R9; \
		Get R14; I64Const $1; I64Sub; Set R14; \
		Br $0; \
	End; End

// LANE_NEXT moves on to the next window, whose outputs lie OUT bytes after
// this one's.
#define LANE_NEXT(OUT) \
	Get R10; I64Const $OUT; I64Add; Set R10; \
	Get R12; I64Const $24; I64Add; Set R12; \
	Get R13; I64Const $1; I64Sub; Set R13
