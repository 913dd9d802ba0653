//go:build !wasm

package pool

// stepOf returns the step of the mean l, floor(l·linearCodeSteps), masked
// to the table: every mean is at most 1 + linearMargin, below twice the
// steps, and the mask spares a bounds check.
func stepOf(l float64) int { return int(l*linearCodeSteps) & (2*linearCodeSteps - 1) }
