package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The picture cases of pool's golden vectors (PyTorch's for the tensor-exact
// options, the numpy reference's for alpha and colorSpace) posted to the API
// as PNGs: the bytes that come back must be the expected ones, which ties the
// query parser and the PNG round trip to the same answers as Go and JS.
func TestGoldenPictures(t *testing.T) {
	h := New(Config{})
	ran := 0
	for _, file := range []string{"pixels.json", "picture.json"} {
		b, err := os.ReadFile(filepath.Join("../../pool/testdata/golden", file))
		require.NoError(t, err)
		var golden struct {
			Cases []struct {
				Name    string                     `json:"name"`
				Call    string                     `json:"call"`
				Options map[string]json.RawMessage `json:"options"`
				Input   goldenPicture              `json:"input"`
				Output  goldenPicture              `json:"output"`
			} `json:"cases"`
		}
		require.NoError(t, json.Unmarshal(b, &golden))
		for _, c := range golden.Cases {
			require.Equal(t, "pool", c.Call, c.Name)
			var body bytes.Buffer
			in := &image.NRGBA{Pix: c.Input.Data, Stride: 4 * c.Input.Width, Rect: image.Rect(0, 0, c.Input.Width, c.Input.Height)}
			require.NoError(t, png.Encode(&body, in))
			rec := serveWith(t, h, "POST", "/v1/pool?"+goldenQuery(c.Options), body.Bytes())
			got := decodePNGResponse(t, rec)
			require.Equal(t, [2]int{c.Output.Width, c.Output.Height}, [2]int{got.Width, got.Height}, "%s: %s", file, c.Name)
			require.True(t, bytes.Equal(c.Output.Data, got.Pix), "%s: %s", file, c.Name)
			ran++
		}
	}
	require.Greater(t, ran, 200)
}

type goldenPicture struct {
	Width, Height int
	Data          []byte
}

// UnmarshalJSON reads data as a list of numbers, which encoding/json would
// take for base64 in a []byte.
func (p *goldenPicture) UnmarshalJSON(b []byte) error {
	var raw struct {
		Width, Height int
		Data          []int
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	p.Width, p.Height, p.Data = raw.Width, raw.Height, make([]byte, len(raw.Data))
	for i, v := range raw.Data {
		p.Data[i] = byte(v)
	}
	return nil
}

// goldenQuery writes a case's JS options as the API's query: pairs as "h,w",
// everything else as its JSON text without quotes.
func goldenQuery(opts map[string]json.RawMessage) string {
	q := url.Values{}
	for k, raw := range opts {
		var pair []float64
		if json.Unmarshal(raw, &pair) == nil {
			parts := make([]string, len(pair))
			for i, v := range pair {
				parts[i] = fmt.Sprint(v)
			}
			q.Set(k, strings.Join(parts, ","))
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) == nil {
			q.Set(k, s)
			continue
		}
		q.Set(k, string(raw))
	}
	return q.Encode()
}
