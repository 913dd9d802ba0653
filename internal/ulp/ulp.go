// Package ulp measures how far apart two float32 values are, for the tests
// that hold results to PyTorch's golden vectors within a tolerance: one
// measure, so that every golden test means the same by "n ulps".
package ulp

import "math"

// Distance counts the float32 values between a and b. It is 0 only for the
// same bits, so -0 and +0 are one apart: a tolerance of 0 asks for PyTorch's
// signed zeros too. NaNs have no place in the order; callers decide how they
// match before asking.
func Distance(a, b float32) int64 {
	d := ordinal(a) - ordinal(b)
	if d < 0 {
		return -d
	}
	return d
}

// ordinal numbers the float32 values in order, -0 just below +0.
func ordinal(f float32) int64 {
	b := int64(math.Float32bits(f))
	if b&(1<<31) != 0 {
		return -(b & (1<<31 - 1)) - 1
	}
	return b
}
