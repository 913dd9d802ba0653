// Division by 9 in lanes, for the kernels whose windows hold nine pixels
// (picture_box3_wasm.s, picture_blocksums_wasm.s); picture_box3.go says why it is exact.

// QUO9 leaves on the stack the product of lanes 0 and 2 of W by ceil(2^16/9),
// whose bits 16-23 and 48-55 are their quotients by 9.
#define QUO9(W) Get W; I64Const $0x0000FFFF0000FFFF; I64And; I64Const $7282; I64Mul

// NINTHS leaves on the stack the two pixels whose channel sums plus 4 are
// in E (R, B) and O (G, A), divided by 9; it shifts E and O.
#define NINTHS(E, O) \
	QUO9(E); I64Const $16; I64ShrU; I64Const $0x000000FF000000FF; I64And; \
	QUO9(O); I64Const $8; I64ShrU; I64Const $0x0000FF000000FF00; I64And; I64Or; \
	Get E; I64Const $16; I64ShrU; Set E; \
	Get O; I64Const $16; I64ShrU; Set O; \
	QUO9(E); I64Const $0x00FF000000FF0000; I64And; I64Or; \
	QUO9(O); I64Const $8; I64Shl; I64Const $0xFF000000FF000000; I64And; I64Or
