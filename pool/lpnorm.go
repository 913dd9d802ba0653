package pool

import "math"

// The Lp norm's two halves, shared by every Lp kernel: the power of each
// cell and the root of the window's float64 sum.

// lpPower returns x -> x^p for x = |a float32|. Orders 2 and 3 multiply:
// a float32 has 24 significant bits, so x*x is exact in float64 and x*x*x
// rounds once, the same one rounding math.Pow's repeated squaring makes
// (TestLpPowerIsPow); math.Pow costs tens of nanoseconds a cell, and in
// wasm, where its Exp and Log are not assembly, several times that.
func lpPower(p float64) func(float64) float64 {
	switch p {
	case 1:
		return func(x float64) float64 { return x }
	case 2:
		return func(x float64) float64 { return x * x }
	case 3:
		return func(x float64) float64 { return x * x * x }
	}
	return func(x float64) float64 { return math.Pow(x, p) }
}

// lpRoot returns sum^(1/p): for the pictures, which round it to a byte,
// and for the Lp gradient.
// The cube root is math.Cbrt, within 0.67 float64 ulps where
// math.Pow(sum, 1.0/3) (Exp of a third of Log) is within a few, and about
// four times faster.
func lpRoot(sum, p float64) float64 {
	switch p {
	case 1:
		return sum
	case 2:
		return math.Sqrt(sum)
	case 3:
		return math.Cbrt(sum)
	}
	return math.Pow(sum, 1/p)
}

// lpRoot32 is float32(lpRoot(sum, p)), for the tensors.
func lpRoot32(sum, p float64) float32 {
	if p == 3 {
		return cbrt32(sum)
	}
	return float32(lpRoot(sum, p))
}

// cbrt32 returns float32(math.Cbrt(s)), in wasm in half its time: four
// Newton steps of s^(-1/3) need no division, where Cbrt divides three
// times. The steps square the error of a first guess good to 2^-3.8, to
// 2^-50 (TestCbrt32ErrorBound); a result is taken only where cbrtSure says
// it is Cbrt's.
func cbrt32(s float64) float32 {
	r, t := cbrtGuess(s), s*(1.0/3)
	for range 4 {
		r = cbrtStep(r, t)
	}
	if a := s * (r * r); cbrtSure(a, s) {
		return float32(a)
	}
	return cbrtSlow(s)
}

// cbrtSure reports whether float32(a), a the Newton root of s, is
// float32(math.Cbrt(s)) for certain: the float32 rounding of everything
// within 2^-36 of a is the same, and Cbrt's value is within 2^-52 of the
// root, a within 2^-50. It says no for 0 (whose steps do not converge) and
// for sums whose roots lie beyond float32's normal range, where the guess's
// exponent arithmetic does not hold and float32's spacing changes.
func cbrtSure(a, s float64) bool {
	f := float32(a)
	return s >= 0x1p-378 && s <= 0x1p380 && float32(a*(1-0x1p-36)) == f && float32(a*(1+0x1p-36)) == f
}

//go:noinline
func cbrtSlow(s float64) float32 { return float32(math.Cbrt(s)) }

// cbrtGuess returns s^(-1/3) to within 2^-3.8: the high word's exponent
// divided by 3 and negated, as the fast inverse square root does for
// square roots, with a constant tuned for the least worst error.
func cbrtGuess(s float64) float64 {
	hi := uint32(math.Float64bits(s) >> 32)
	return math.Float64frombits(uint64(0x553ef0ff-hi/3) << 32)
}

// cbrtStep is one Newton step towards s^(-1/3), given s3 = s/3.
func cbrtStep(r, s3 float64) float64 {
	return r * (4.0/3 - s3*(r*r*r))
}
