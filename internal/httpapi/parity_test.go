package httpapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parityCase is one row of testdata/parity.json, which the JS API's test
// (js/test/parity.test.js) reads too: the same call, and the same option at
// fault or none, through either door, and where rule is given the end of
// both messages, which pool states.
type parityCase struct {
	Name    string                     `json:"name"`
	Call    string                     `json:"call"`
	Shape   []float64                  `json:"shape"` // float64: a shape pool refuses may hold a fraction
	Data    json.RawMessage            `json:"data"`
	Indices json.RawMessage            `json:"indices"`
	Opts    map[string]json.RawMessage `json:"opts"`
	Option  *string                    `json:"option"`
	Rule    string                     `json:"rule"`
}

func TestParityWithJS(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "parity.json"))
	require.NoError(t, err)
	var table struct{ Cases []parityCase }
	require.NoError(t, json.Unmarshal(raw, &table))
	require.NotEmpty(t, table.Cases)
	h := New(Config{})
	for _, c := range table.Cases {
		t.Run(c.Name, func(t *testing.T) {
			var rec *httptest.ResponseRecorder
			if c.Call == "picture" {
				rec = parityPicture(t, h, c)
			} else {
				rec = parityTensor(t, h, c)
			}
			if c.Option == nil {
				assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
				return
			}
			assert.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
			msg, option := errorBody(t, rec)
			assert.Equal(t, *c.Option, option, rec.Body.String())
			if c.Rule != "" {
				assert.True(t, strings.HasSuffix(msg, ": "+c.Rule), "%q does not end with the rule %q", msg, c.Rule)
			}
		})
	}
}

// parityTensor posts a tensor case as JSON to /v1/pool/tensor, its options
// and extra tensors as members.
func parityTensor(t *testing.T, h http.Handler, c parityCase) *httptest.ResponseRecorder {
	body := map[string]json.RawMessage{}
	for k, v := range c.Opts {
		body[k] = v
	}
	shape, _ := json.Marshal(c.Shape)
	body["shape"] = shape
	body["data"] = c.Data
	if c.Data == nil {
		n := 1.0
		for _, d := range c.Shape {
			n *= d
		}
		data := make([]float32, int(n))
		for i := range data {
			data[i] = float32(i%7) - 2.5
		}
		body["data"], _ = json.Marshal(data)
	}
	if c.Indices != nil {
		body["indices"] = c.Indices
	}
	if c.Call != "pool" {
		body["call"], _ = json.Marshal(c.Call)
	}
	b, err := json.Marshal(body)
	require.NoError(t, err)
	return serveWith(t, h, http.MethodPost, "/v1/pool/tensor", b)
}

// parityPicture posts a picture case as raw RGBA, its options in the query
// as a client writes them: arrays as h,w.
func parityPicture(t *testing.T, h http.Handler, c parityCase) *httptest.ResponseRecorder {
	height, width := int(c.Shape[0]), int(c.Shape[1])
	q := url.Values{"input": {"rgba"}, "width": {strconv.Itoa(width)}, "height": {strconv.Itoa(height)}}
	for k, raw := range c.Opts {
		var v any
		require.NoError(t, json.Unmarshal(raw, &v))
		switch v := v.(type) {
		case []any:
			parts := make([]string, len(v))
			for i, x := range v {
				parts[i] = fmt.Sprint(x)
			}
			q.Set(k, strings.Join(parts, ","))
		default:
			q.Set(k, fmt.Sprint(v))
		}
	}
	pix := make([]byte, 4*width*height)
	for i := range pix {
		pix[i] = byte(i * 37)
	}
	return serveWith(t, h, http.MethodPost, "/v1/pool?"+q.Encode(), pix)
}
