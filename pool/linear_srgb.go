package pool

import "math"

// srgbToLinear decodes each sRGB byte to linear light in [0, 1] with the
// exact transfer function of IEC 61966-2-1.
var srgbToLinear = func() (t [256]float64) {
	for i := range t {
		t[i] = srgbDecode(float64(i) / 255)
	}
	return t
}()

// linearThreshold[b] is the linear value whose encoding is exactly b + 0.5:
// a linear value above it encodes to a byte above b. linearThreshold[255]
// lies above every linear value, so that the encoder may look one past the
// last threshold without a bounds test.
var linearThreshold = func() (t [256]float64) {
	for b := range 255 {
		t[b] = srgbDecode((float64(b) + 0.5) / 255)
	}
	t[255] = 2
	return t
}()

func srgbDecode(u float64) float64 {
	if u <= 0.04045 {
		return u / 12.92
	}
	return math.Pow((u+0.055)/1.055, 2.4)
}

// linearGuess[i] is the number of thresholds below i/linearSteps. The
// thresholds lie further apart than 1/linearSteps (the closest pair, on the
// transfer function's linear segment, 1/(255*12.92) ~ 3.0e-4 apart), so a
// value between steps i and i+1 lies above at most one more threshold:
// encoding is one lookup and one comparison, with no call to math.Pow and no
// loop.
const linearSteps = 4096

var linearGuess = func() (t [linearSteps + 1]uint8) {
	b := 0
	for i := range t {
		for b < 255 && linearThreshold[b] < float64(i)/linearSteps {
			b++
		}
		t[i] = uint8(b)
	}
	return t
}()

// linearToSRGB encodes a linear value in [0, 1] to the nearest sRGB byte,
// ties to even.
func linearToSRGB(l float64) byte {
	i := int(l * linearSteps)
	i = max(0, min(i, linearSteps)) // also maps NaN, which no byte input produces, to 0
	b := linearGuess[i]
	if t := linearThreshold[b]; t < l || t == l && b&1 == 1 {
		b++ // above the threshold, or on it (b + 0.5) with b odd: round to the even byte
	}
	return b
}
