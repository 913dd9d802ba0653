#include "textflag.h"

// func sumRows(sum float32, p unsafe.Pointer, n, rows, pitch int) float32
// One chain of float32 additions continuing from sum: n cells of a row,
// then the next row pitch cells further, as the general kernel adds them.
TEXT ·sumRows(SB), NOSPLIT, $0-44
	F32Load sum+0(FP); Set F0
	I64Load p+8(FP); Set R0
	I64Load n+16(FP); Set R1
	I64Load rows+24(FP); Set R2
	I64Load pitch+32(FP); I64Const $2; I64Shl; Set R3
	Block; Loop
		Get R2; I64Eqz; BrIf $1
		Get R0; Set R4
		Get R1; Set R5
		Block; Loop
			Get R5; I64Eqz; BrIf $1
			Get F0; Get R4; I32WrapI64; F32Load $0; F32Add; Set F0
			Get R4; I64Const $4; I64Add; Set R4
			Get R5; I64Const $1; I64Sub; Set R5
			Br $0
		End; End
		Get R0; Get R3; I64Add; Set R0
		Get R2; I64Const $1; I64Sub; Set R2
		Br $0
	End; End
	Get SP
	Get F0
	F32Store ret+40(FP)
	RET
