package httpapi

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// The randomized tests send valid requests with random values of every JSON
// type at random keys of each endpoint, and hold every answer to the
// documented statuses: never a 5xx, whatever a client writes.

// randomJSON returns a random JSON value: null, a boolean, a number, a
// string, an array or an object, nested up to depth.
func randomJSON(r *rand.Rand, depth int) any {
	kinds := 7
	if depth <= 0 {
		kinds = 5
	}
	switch r.IntN(kinds) {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return json.Number([]string{"0", "1", "2", "3", "-1", "-0", "0.5", "2.0", "1e3", "1e300", "-1e300", "4294967296", "9007199254740993", "1e-320", "-2.5"}[r.IntN(15)])
	case 3:
		return json.Number(strconv.Itoa(r.IntN(40) - 10))
	case 4:
		return []string{"", "same", "valid", "max", "avg", "min", "lp", "true", "false", "3,2", "2,", ",", "1,2,3", "x", "1e9", "NaN", "Infinity", "-1", "premultiplied", "linear", "png", "jpeg", "global", "adaptive", "rgba", " 2 ", "２"}[r.IntN(27)]
	case 5:
		a := make([]any, r.IntN(5))
		for i := range a {
			a[i] = randomJSON(r, depth-1)
		}
		return a
	default:
		o := map[string]any{}
		for range r.IntN(3) {
			o[strconv.Itoa(r.IntN(5))] = randomJSON(r, depth-1)
		}
		return o
	}
}

// queryText writes a JSON value the way a query string would carry it.
func queryText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []any:
		s := make([]string, len(v))
		for i, e := range v {
			s[i] = queryText(e)
		}
		return joinComma(s)
	case map[string]any:
		b, _ := json.Marshal(v)
		return string(b)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func joinComma(s []string) string {
	var b bytes.Buffer
	for i, x := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(x)
	}
	return b.String()
}

func TestRandomTensorValues(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	keys := slices.Concat(poolingKeys, tensorEndpoint.extra, tensorEndpoint.skip, []string{"bogus", ""})
	h := New(Config{Limits: fuzzLimits})
	statuses := map[int]int{}
	for i := range 3000 {
		body := map[string]any{"shape": []int{4, 4}, "data": []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, "op": "max", "kernel": 2}
		for range 1 + r.IntN(3) {
			body[keys[r.IntN(len(keys))]] = randomJSON(r, 2)
		}
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor", b)
		statuses[rec.Code]++
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			checkErrorJSON(t, rec.Body.Bytes())
		default:
			t.Fatalf("request %d: %s: status %d: %s", i, b, rec.Code, rec.Body)
		}
	}
	// Both kinds of answer occur, or the test exercised nothing.
	require.Positive(t, statuses[http.StatusOK], statuses)
	require.Positive(t, statuses[http.StatusBadRequest], statuses)
}

func TestRandomPictureQueries(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 6, 5))
	for i := range m.Pix {
		m.Pix[i] = uint8(i * 7)
	}
	var pic bytes.Buffer
	require.NoError(t, png.Encode(&pic, m))
	r := rand.New(rand.NewPCG(3, 4))
	keys := slices.Concat(poolingKeys, pictureEndpoint.extra, []string{"bogus", ""})
	h := New(Config{Limits: fuzzLimits})
	statuses := map[int]int{}
	for i := range 3000 {
		q := url.Values{"op": {"max"}, "kernel": {"2"}}
		for range 1 + r.IntN(3) {
			q.Set(keys[r.IntN(len(keys))], queryText(randomJSON(r, 1)))
		}
		body := pic.Bytes()
		if q.Get("input") == "rgba" {
			// Raw pixels: the body the width and height ask for, where they
			// are small enough to send, so that some raw requests succeed.
			w, _ := strconv.Atoi(q.Get("width"))
			h, _ := strconv.Atoi(q.Get("height"))
			if w > 0 && h > 0 && w*h <= 1<<12 {
				body = make([]byte, 4*w*h)
			}
		}
		rec := serveWith(t, h, http.MethodPost, "/v1/pool?"+q.Encode(), body)
		statuses[rec.Code]++
		switch rec.Code {
		case http.StatusOK:
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
			checkErrorJSON(t, rec.Body.Bytes())
		default:
			t.Fatalf("request %d: %s: status %d: %s", i, q.Encode(), rec.Code, rec.Body)
		}
	}
	require.Positive(t, statuses[http.StatusOK], statuses)
	require.Positive(t, statuses[http.StatusBadRequest], statuses)
}
