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

// lpRoot returns sum^(1/p), for the pictures, which round it to a byte.
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
// 2^-50 (TestCbrt32ErrorBound); a result is taken only when the float32
// rounding of everything within 2^-36 of it is the same, so that Cbrt's
// value, within 2^-52 of the root, rounds to it too. Anything else (0, a
// rounding too close to call, sums beyond float32's cubes) asks Cbrt.
func cbrt32(s float64) float32 {
	if s >= 0x1p-500 && s <= 0x1p380 {
		r := cbrtGuess(s)
		s3 := s * (1.0 / 3)
		for range 4 {
			r = cbrtStep(r, s3)
		}
		a := s * (r * r)
		f := float32(a)
		if float32(a*(1-0x1p-36)) == f && float32(a*(1+0x1p-36)) == f {
			return f
		}
	}
	return float32(math.Cbrt(s))
}

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
