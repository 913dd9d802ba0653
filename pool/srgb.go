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
// a linear value above it encodes to a byte above b. Encoding searches these
// 255 thresholds instead of calling math.Pow for every pixel.
var linearThreshold = func() (t [255]float64) {
	for b := range t {
		t[b] = srgbDecode((float64(b) + 0.5) / 255)
	}
	return t
}()

func srgbDecode(u float64) float64 {
	if u <= 0.04045 {
		return u / 12.92
	}
	return math.Pow((u+0.055)/1.055, 2.4)
}

// linearGuess[i] is the number of thresholds below i/linearSteps: a lower
// bound on the encoding of any value from there up to the next step, from
// which a few comparisons reach the answer.
const linearSteps = 4096

var linearGuess = func() (t [linearSteps + 1]uint8) {
	b := 0
	for i := range t {
		for b < len(linearThreshold) && linearThreshold[b] < float64(i)/linearSteps {
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
	b := int(linearGuess[i])
	for b < len(linearThreshold) && linearThreshold[b] < l {
		b++
	}
	if b < len(linearThreshold) && linearThreshold[b] == l && b&1 == 1 {
		b++ // l encodes to exactly b + 0.5: round to the even byte
	}
	return byte(b)
}
