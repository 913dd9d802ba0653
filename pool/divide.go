package pool

// Exact rounded division, shared by the averaging kernels: by division,
// and by reciprocals where a branch or a division costs too much.

// divRoundEven returns n/d rounded to the nearest integer, ties to even.
func divRoundEven(n, d uint64) uint64 {
	q, r := n/d, n%d
	if 2*r > d || (2*r == d && q&1 == 1) {
		q++
	}
	return q
}

// reciprocal returns 1/d biased up by 2^-40 relative: for every n < 2^39,
// floor(n * reciprocal(d)) is then exactly floor(n / d), since the bias
// outweighs float64 rounding yet stays below the gap to the next integer.
func reciprocal(d uint32) float64 { return (1 + 0x1p-40) / float64(d) }

// divRoundEvenRecip is divRoundEven for a uint32 numerator, without a
// division or a branch: random pictures make a rounding branch unpredictable.
func divRoundEvenRecip(n, d uint32, recip float64) uint32 {
	q := uint32(float64(n) * recip)
	r := n - q*d
	// Round up when 2r > d, or 2r == d and q is odd: when d - 2r - (q&1) < 0.
	return q + (d-2*r-q&1)>>31
}
