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

// magicShift is the scale of the reciprocals divRoundEvenMagic multiplies by.
const magicShift = 48

// maxMagicDivisor bounds the divisors whose magic reciprocals are exact for
// every numerator up to 255 times the divisor, the premultiplied average's
// colour sums: with m = ceil(2^48/d) = (2^48 + e)/d, 0 <= e < d, n*m/2^48 is
// n/d + n*e/(d*2^48), and the excess stays below 1/d, the least gap from n/d
// up to the next integer, as long as n*e < 2^48, which 255*d*d < 2^48 ensures.
// n*m itself stays below 255*2^48 + 255*d < 2^64.
const maxMagicDivisor = 1_050_000

// magic returns the reciprocal of d that divRoundEvenMagic takes.
func magic(d uint64) uint64 { return (1<<magicShift + d - 1) / d }

// divRoundEvenMagic is divRoundEven for n <= 255*d with d <= maxMagicDivisor,
// by one multiplication with m = magic(d): integer instructions only, with no
// division and no branch.
func divRoundEvenMagic(n, d, m uint64) uint64 {
	q := n * m >> magicShift
	r := n - q*d
	// Round up when 2r > d, or 2r == d and q is odd: when d - 2r - (q&1) < 0.
	return q + (d-2*r-q&1)>>63
}
