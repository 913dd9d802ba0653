package pool

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// srgbEncode is the transfer function's inverse, evaluated directly, to check
// the threshold search against.
func srgbEncode(l float64) float64 {
	if l <= 0.0031308 {
		return 12.92 * l
	}
	return 1.055*math.Pow(l, 1/2.4) - 0.055
}

func TestLinearToSRGB(t *testing.T) {
	for b := range 256 {
		require.Equal(t, byte(b), linearToSRGB(srgbToLinear[b]), "byte %d round trip", b)
	}
	// A value exactly on a threshold encodes to b + 0.5: ties go to the even byte.
	for b, th := range linearThreshold[:255] {
		want := byte(b)
		if b&1 == 1 {
			want++
		}
		require.Equal(t, want, linearToSRGB(th), "threshold %d", b)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		l := rng.Float64()
		want := math.RoundToEven(srgbEncode(l) * 255)
		require.Equal(t, byte(want), linearToSRGB(l), "linear %v", l)
	}
	require.Equal(t, byte(0), linearToSRGB(0))
	// The encoder's single comparison needs thresholds further apart than
	// its steps.
	for b := 1; b < 255; b++ {
		require.Greater(t, linearThreshold[b]-linearThreshold[b-1], 1.0/linearSteps, "thresholds %d and %d", b-1, b)
	}
	require.Equal(t, byte(255), linearToSRGB(1))
}
