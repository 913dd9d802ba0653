package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/internal/ulp"
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

// The tensor cases of pool's golden vectors, in every rank, posted to the
// tensor endpoint with their JS options as they are: what comes back must
// be PyTorch's answer, to the bit or within the case's tolerance. JSON has
// no infinities, so cases whose input holds one are left to Go and JS.
func TestGoldenTensors(t *testing.T) {
	h := New(Config{})
	calls := map[string]string{"poolTensor": callPool, "adaptivePool": callAdaptive, "globalPool": callGlobal}
	paths, err := filepath.Glob("../../pool/testdata/golden/*.json")
	require.NoError(t, err)
	ran, ranND := 0, 0
	for _, path := range paths {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		var golden struct {
			Cases []struct {
				Name      string                     `json:"name"`
				Call      string                     `json:"call"`
				Options   map[string]json.RawMessage `json:"options"`
				Input     goldenTensor               `json:"input"`
				Output    goldenTensor               `json:"output"`
				Indices   []int32                    `json:"indices"`
				Tolerance *struct{ Ulps int }        `json:"tolerance"`
			} `json:"cases"`
		}
		require.NoError(t, json.Unmarshal(b, &golden))
		for _, c := range golden.Cases {
			call, ok := calls[c.Call]
			if !ok {
				continue
			}
			body := map[string]any{"shape": c.Input.Shape, "data": jsonFloats(c.Input.Data), "call": call}
			for k, v := range c.Options {
				body[k] = v
			}
			raw, err := json.Marshal(body)
			require.NoError(t, err)
			got, status, msg := postTensor(t, h, string(raw))
			require.Equal(t, http.StatusOK, status, "%s: %s: %s", filepath.Base(path), c.Name, msg)
			require.Equal(t, c.Output.Shape, got.Shape, c.Name)
			ulps := 0
			if c.Tolerance != nil {
				ulps = c.Tolerance.Ulps
			}
			for i, w := range c.Output.Data {
				g := got.Data[i]
				if g == nil {
					require.False(t, !math.IsNaN(float64(w)) && !math.IsInf(float64(w), 0), "%s: data[%d]: want %v, got null", c.Name, i, w)
					continue
				}
				require.LessOrEqual(t, ulp.Distance(w, float32(*g)), int64(ulps), "%s: data[%d]: want %v, got %v", c.Name, i, w, *g)
			}
			if c.Indices != nil {
				require.Equal(t, c.Indices, got.Indices, c.Name)
			}
			ran++
			if strings.HasPrefix(filepath.Base(path), "nd_") {
				ranND++
			}
		}
	}
	require.Greater(t, ran, 1000)
	require.Greater(t, ranND, 350)
}

// goldenTensor reads {shape, data}, data holding numbers or the strings
// "NaN", "Infinity" and "-Infinity".
type goldenTensor struct {
	Shape []int
	Data  []float32
}

func (g *goldenTensor) UnmarshalJSON(b []byte) error {
	var raw struct {
		Shape []int
		Data  []json.RawMessage
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	g.Shape, g.Data = raw.Shape, make([]float32, len(raw.Data))
	for i, r := range raw.Data {
		switch string(r) {
		case `"NaN"`:
			g.Data[i] = float32(math.NaN())
		case `"Infinity"`:
			g.Data[i] = float32(math.Inf(1))
		case `"-Infinity"`:
			g.Data[i] = float32(math.Inf(-1))
		default:
			f, err := strconv.ParseFloat(string(r), 32)
			if err != nil {
				return err
			}
			g.Data[i] = float32(f)
		}
	}
	return nil
}

// jsonFloats writes data as the API reads it: NaN as null, the
// infinities as 1e999 and -1e999.
func jsonFloats(data []float32) []any {
	out := make([]any, len(data))
	for i, v := range data {
		switch {
		case v != v:
			out[i] = nil
		case math.IsInf(float64(v), 1):
			out[i] = json.RawMessage("1e999")
		case math.IsInf(float64(v), -1):
			out[i] = json.RawMessage("-1e999")
		default:
			out[i] = v
		}
	}
	return out
}
