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

// linearToSRGB encodes a linear value in [0, 1] to the nearest sRGB byte,
// ties to even.
func linearToSRGB(l float64) byte {
	lo, hi := 0, len(linearThreshold) // the answer is the count of thresholds below l
	for lo < hi {
		mid := (lo + hi) / 2
		if linearThreshold[mid] < l {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(linearThreshold) && linearThreshold[lo] == l && lo&1 == 1 {
		lo++ // l encodes to exactly lo + 0.5: round to the even byte
	}
	return byte(lo)
}
