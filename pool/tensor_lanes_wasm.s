//go:build goexperiment.simd

#include "textflag.h"

// The Lp lane rows: four interleaved planes' float64 sums, two to a vector,
// over one window row. Go's wasm has the widening of float32 to float64 only
// here (f64x2.promote_low_f32x4). The sums leave by stores to computed
// addresses: the assembler drops a store's offset and a lane index.

// HALF pushes the two floats at byte offset OFF of the address in R0,
// widened to float64.
#define HALF(OFF) Get R0; I32WrapI64; I64Load $OFF; I64x2Splat; F64x2PromoteLowF32x4

#define LOADSUMS I64Load acc+0(FP); Set R2; Get R2; I32WrapI64; V128Load $0; Set V0; Get R2; I64Const $16; I64Add; I32WrapI64; V128Load $0; Set V1; I64Load p+8(FP); Set R0; I64Load n+16(FP); Set R1; I64Load step+24(FP); I64Const $4; I64Shl; Set R3
#define STORESUMS Get R2; I32WrapI64; Get V0; V128Store $0; Get R2; I64Const $16; I64Add; I32WrapI64; Get V1; V128Store $0
#define NEXT Get R0; Get R3; I64Add; Set R0; Get R1; I64Const $1; I64Sub; Set R1

// func lpRow4Square(acc *[4]float64, p unsafe.Pointer, n, step int)
TEXT ·lpRow4Square(SB), NOSPLIT, $0-32
	LOADSUMS
	Block; Loop
		Get R1; I64Eqz; BrIf $1
		Get V0; HALF(0); Set V2; Get V2; Get V2; F64x2Mul; F64x2Add; Set V0
		Get V1; HALF(8); Set V2; Get V2; Get V2; F64x2Mul; F64x2Add; Set V1
		NEXT
		Br $0
	End; End
	STORESUMS
	RET

// func lpRow4Abs(acc *[4]float64, p unsafe.Pointer, n, step int)
TEXT ·lpRow4Abs(SB), NOSPLIT, $0-32
	LOADSUMS
	Block; Loop
		Get R1; I64Eqz; BrIf $1
		Get V0; HALF(0); F64x2Abs; F64x2Add; Set V0
		Get V1; HALF(8); F64x2Abs; F64x2Add; Set V1
		NEXT
		Br $0
	End; End
	STORESUMS
	RET
