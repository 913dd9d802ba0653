// The linear-light encoder in wasm loops (linear_2x2_wasm.s,
// linear_lanes_wasm.s): R5 holds the encoder (linearEncoder: its code, then
// lo and hi), F16 the factor from a sum to its mean; F17 is scratch.

// LINEAR_LO and LINEAR_HI are the offsets of linearEncoder.lo and .hi
// (TestLinearEncoderLayout).
#define LINEAR_LO (2*2*16384)
#define LINEAR_HI (2*2*16384+8*257)

// FLOOR leaves the floor of the float64 on the stack, at least 0 and below
// 2^52, in the low bits of an int64: floor, then 2^52 added, exactly, sets
// the exponent so that the mantissa holds the integer. Engines convert a
// float to an integer with saturation (Go's int(x)) several times slower.
#define FLOOR F64Floor; F64Const $4503599627370496.0; F64Add; I64ReinterpretF64

// STEP leaves on the stack the step of the mean of the sum S.
#define STEPOF(S) Get S; F64ConvertI64U; Get F16; F64Mul; F64Const $16384.0; F64Mul; FLOOR

// LOOKUP sets X to the code of the step on the stack.
#define LOOKUP(X) I64Const $32767; I64And; I64Const $1; I64Shl; Get R5; I64Add; I32WrapI64; I64Load16U $0; Set X

// CERTAIN leaves on the stack whether the mean in F17 is certain of byte X:
// lo[X] < F17 < hi[X].
#define CERTAIN(X) \
	Get X; I64Const $3; I64Shl; Get R5; I64Add; I32WrapI64; F64Load $LINEAR_LO; Get F17; F64Lt; \
	Get F17; Get X; I64Const $3; I64Shl; Get R5; I64Add; I32WrapI64; F64Load $LINEAR_HI; F64Lt; \
	I32And

// SETTLE settles the code X of the mean of the sum S where its step is
// uncertain (linearEncoder.settle): the byte of either end of the step
// whose bounds hold the mean, else X still uncertain.
#define SETTLE(X, S) \
	Get X; I64Const $0x100; I64And; I64Eqz; I32Eqz; \
	If; \
		Get S; F64ConvertI64U; Get F16; F64Mul; Set F17; \
		Get X; I64Const $0xFF; I64And; Set X; \
		CERTAIN(X); I32Eqz; \
		If; \
			Get X; I64Const $1; I64Add; Set X; \
			CERTAIN(X); I32Eqz; \
			If; Get X; I64Const $0x100; I64Or; Set X; End; \
		End; \
	End

// CODEOF sets X to the code of the step on the stack, an i64, unsettled.
#define CODEOF(X) I32WrapI64; I32Const $1; I32Shl; Get R5; I32WrapI64; I32Add; I64Load16U $0; Set X

// SETTLED settles the code X of the mean in F17 with no branch: a certain
// code's byte b is certain by its bounds too, so that the code is b where
// b is certain, else b+1 where that is, else uncertain still. T holds b.
#define SETTLED(X, T) \
	Get X; I64Const $0xFF; I64And; Set T; \
	Get T; \
	Get T; I64Const $1; I64Add; Get X; \
	Get T; I64Const $3; I64Shl; Get R5; I64Add; I32WrapI64; F64Load $(LINEAR_LO+8); Get F17; F64Lt; \
	Get F17; Get T; I64Const $3; I64Shl; Get R5; I64Add; I32WrapI64; F64Load $(LINEAR_HI+8); F64Lt; \
	I32And; Select; \
	CERTAIN(T); Select; \
	Set X

// UNSETTLED leaves on the stack whether one of the codes in A, B and C is
// uncertain.
#define UNSETTLED(A, B, C) Get A; Get B; I64Or; Get C; I64Or; I64Const $0x100; I64And; I64Eqz; I32Eqz
