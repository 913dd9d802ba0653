package ulp

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDistance(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	tiny := math.Float32frombits(1)
	for _, c := range []struct {
		name string
		a, b float32
		want int64
	}{
		{"same", 1.5, 1.5, 0},
		{"next up", 1, math.Nextafter32(1, 2), 1},
		{"signed zeros", negZero, 0, 1},
		{"negative zero to itself", negZero, negZero, 0},
		{"across zero", -tiny, tiny, 3},
		{"negative neighbours", -1, math.Nextafter32(-1, -2), 1},
		{"infinity from the largest", float32(math.Inf(1)), math.MaxFloat32, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Distance(c.a, c.b))
			assert.Equal(t, c.want, Distance(c.b, c.a), "symmetric")
		})
	}
}
