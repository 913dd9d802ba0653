package pool

import "math"

// stepOf returns the step of the mean l, floor(l·linearCodeSteps), masked
// to the table: every mean is at most 1 + linearMargin, below twice the
// steps, and the mask spares a bounds check. The floor is taken by adding
// 2^52, exactly, which leaves the integer in the low bits: wasm engines run
// Go's int(x), a saturating conversion, several times slower.
func stepOf(l float64) int {
	return int(math.Float64bits(math.Floor(l*linearCodeSteps)+0x1p52) & (2*linearCodeSteps - 1))
}
