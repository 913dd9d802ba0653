package httpapi

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// TestEncodePNG decodes what encodePNG writes with image/png and compares
// the pixels, on opaque and translucent pictures of awkward sizes.
func TestEncodePNG(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		name   string
		w, h   int
		opaque bool
	}{
		{"1x1 opaque", 1, 1, true},
		{"1x1 translucent", 1, 1, false},
		{"7x3 opaque", 7, 3, true},
		{"13x11 translucent", 13, 11, false},
		{"300x200 opaque", 300, 200, true},
		{"257x129 translucent", 257, 129, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			px := pool.Pixels{Pix: make([]byte, 4*tc.w*tc.h), Width: tc.w, Height: tc.h}
			for i := range px.Pix {
				// Smooth runs and noise, so that every Paeth predictor wins somewhere.
				px.Pix[i] = uint8(i/7 + r.IntN(3)*r.IntN(60))
				if i%4 == 3 && tc.opaque {
					px.Pix[i] = 0xff
				}
			}
			var buf bytes.Buffer
			require.NoError(t, encodePNG(&buf, px))
			img, err := png.Decode(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			assert.Equal(t, px, pool.PixelsOf(img))
			// The buffers come from a pool: a second encoding is the same.
			var again bytes.Buffer
			require.NoError(t, encodePNG(&again, px))
			assert.Equal(t, buf.Bytes(), again.Bytes())
		})
	}
}

func BenchmarkEncodePNG(b *testing.B) {
	px := pool.Pixels{Pix: make([]byte, 4*1024*1024), Width: 1024, Height: 1024}
	for i := range px.Pix {
		px.Pix[i] = uint8(i/4096 + i%4096/16)
		if i%4 == 3 {
			px.Pix[i] = 0xff
		}
	}
	b.SetBytes(int64(len(px.Pix)))
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		encodePNG(&buf, px)
	}
}
