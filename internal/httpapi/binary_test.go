package httpapi

import (
	"bytes"
	"encoding/binary"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

func float32Bytes(data []float32) []byte {
	b := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

func bytesFloat32(b []byte) []float32 {
	out := make([]float32, len(b)/4)
	for i := range out {
		out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return out
}

func TestBinaryTensor(t *testing.T) {
	h := New(Config{})
	inf, nan := float32(math.Inf(1)), float32(math.NaN())
	in := []float32{1, nan, 3, 4, -inf, 2, inf, 0, 5, 6, 7, 8, -1, -2, -3, float32(math.Copysign(0, -1))}
	bin := "application/octet-stream"

	// Binary in and out: NaN and the infinities as they are, indices after
	// the values.
	rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor?shape=1,1,4,4&op=max&kernel=2&returnIndices=true", float32Bytes(in),
		"Content-Type", bin, "Accept", bin)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, bin, rec.Header().Get("Content-Type"))
	assert.Equal(t, "1,1,2,2", rec.Header().Get("X-Shape"))
	assert.Equal(t, "16", rec.Header().Get("X-Indices-Offset"))
	want, idx, err := pool.PoolIndices(pool.Tensor{Shape: []int{1, 1, 4, 4}, Data: in}, pool.Options{Op: pool.Max, Kernel: pool.Square(2)})
	require.NoError(t, err)
	got := bytesFloat32(rec.Body.Bytes())
	require.Len(t, got, 8)
	assert.Equal(t, math.Float32bits(want.Data[0]), math.Float32bits(got[0]), "NaN wins a max")
	assert.Equal(t, want.Data[1:], got[1:4])
	assert.True(t, math.IsInf(float64(got[1]), 1))
	for i, x := range idx {
		assert.Equal(t, x, int32(binary.LittleEndian.Uint32(rec.Body.Bytes()[16+4*i:])))
	}

	// The shape in X-Shape; a JSON answer when binary is not accepted.
	rec = serveWith(t, h, http.MethodPost, "/v1/pool/tensor?op=min&kernel=2", float32Bytes(in), "Content-Type", bin, "X-Shape", "4, 4")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, `{"shape":[2,2],"data":[null,0,-2,-3]}`+"\n", rec.Body.String())

	// A JSON request may ask for a binary answer.
	rec = serveWith(t, h, http.MethodPost, "/v1/pool/tensor", []byte(`{"shape":[4],"data":[1,1e999,null,2],"op":"max","call":"global","dims":1}`),
		"Accept", "application/json;q=0.5, application/octet-stream")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "1", rec.Header().Get("X-Shape"))
	assert.True(t, math.IsNaN(float64(bytesFloat32(rec.Body.Bytes())[0])))
}

func TestBinaryTensorErrors(t *testing.T) {
	h := New(Config{Limits: Limits{MaxTensorElements: 100}})
	bin := "application/octet-stream"
	four := float32Bytes([]float32{1, 2, 3, 4})
	for _, tc := range []struct {
		name, target string
		body         []byte
		header       []string
		status       int
		option, msg  string
	}{
		{"no shape", "/v1/pool/tensor?op=max&kernel=2", four, nil, 400, "shape", "shape=2,3,4 in the query or an X-Shape"},
		{"body of part of a float32", "/v1/pool/tensor?shape=2,2&op=max&kernel=2", four[:15], nil, 400, "body", "4 bytes of little-endian float32 an element"},
		{"body shorter than the shape", "/v1/pool/tensor?shape=2,2&op=max&kernel=2", four[:12], nil, 400, "data", "data length 3: must match shape [2, 2] (4 elements)"},
		{"shape with a 0", "/v1/pool/tensor?shape=2,0&op=max&kernel=2", four, nil, 400, "shape", "shape [2, 0]: every dimension must be at least 1"},
		{"shape twice", "/v1/pool/tensor?shape=2,2&op=max&kernel=2", four, []string{"X-Shape", "2,2"}, 400, "shape", "given twice"},
		{"bad shape", "/v1/pool/tensor?shape=2,x&op=max&kernel=2", four, nil, 400, "shape", "array of numbers"},
		{"data in the query", "/v1/pool/tensor?shape=2,2&data=1&op=max&kernel=2", four, nil, 400, "data", "is the body"},
		{"bad option first", "/v1/pool/tensor?shape=2,2&op=max&kernel=0", four, nil, 400, "kernel", "at least 1"},
		{"over the limit", "/v1/pool/tensor?shape=20,20&op=max&kernel=2", four, nil, 413, "shape", "the limit is 100"},
		{"unpool in binary", "/v1/pool/tensor?shape=2,2&call=unpool&kernel=2", four, nil, 400, "call", "takes a JSON body"},
		{"a query with JSON", "/v1/pool/tensor?op=max", []byte(`{"shape":[2,2],"data":[1,2,3,4],"kernel":2}`), nil, 400, "", "takes its options in the JSON body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := tc.header
			if tc.name != "a query with JSON" {
				header = append([]string{"Content-Type", bin}, header...)
			}
			rec := serveWith(t, h, http.MethodPost, tc.target, tc.body, header...)
			assert.Equal(t, tc.status, rec.Code, rec.Body.String())
			msg, option := errorBody(t, rec)
			assert.Equal(t, tc.option, option)
			assert.Contains(t, msg, tc.msg)
		})
	}
}

// A bad option of a binary tensor is answered before its body is read, as
// a picture's is: the reader fails the test if it is read at all.
func TestBinaryOptionsAnswerBeforeTheBody(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/v1/pool/tensor?shape=2,2&op=max&kernel=0", failingReader{})
	req.Header.Set("Content-Type", "application/octet-stream")
	rec := httptest.NewRecorder()
	New(Config{}).ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
	_, option := errorBody(t, rec)
	assert.Equal(t, "kernel", option)
}

// FuzzBinaryTensor holds binary tensors to the API's promise for any query,
// shape header and bytes: a tensor of the shape's size or a JSON 4xx.
func FuzzBinaryTensor(f *testing.F) {
	four := float32Bytes([]float32{1, float32(math.NaN()), float32(math.Inf(-1)), 4})
	for _, seed := range []struct {
		query, shape string
		body         []byte
	}{
		{"shape=2,2&op=max&kernel=2&returnIndices=true", "", four},
		{"op=avg&kernel=[2]", "4", four},
		{"shape=1,1,2,2&op=lp&p=3&kernel=2&padding=same", "", four},
		{"shape=4&op=max&call=adaptive&outputSize=7", "", four},
		{"shape=2,2&op=max&call=global", "", four[:7]},
		{"shape=1e9,1e9&op=max&kernel=1", "", four},
		{"op=max&kernel=2", "2,,2", nil},
	} {
		f.Add(seed.query, seed.shape, seed.body)
	}
	h := New(Config{Limits: fuzzLimits})
	f.Fuzz(func(t *testing.T, query, shape string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/v1/pool/tensor", bytes.NewReader(body))
		req.URL.RawQuery = query
		req.Header.Set("Content-Type", "application/octet-stream")
		req.Header.Set("Accept", "application/octet-stream")
		if shape != "" {
			req.Header["X-Shape"] = []string{shape}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			dims := strings.Split(rec.Header().Get("X-Shape"), ",")
			n := 1
			for _, d := range dims {
				k, err := strconv.Atoi(d)
				if err != nil || k < 1 {
					t.Fatalf("X-Shape %q", rec.Header().Get("X-Shape"))
				}
				n *= k
			}
			want := 4 * n
			if off := rec.Header().Get("X-Indices-Offset"); off != "" {
				want += 4 * n
			}
			if rec.Body.Len() != want {
				t.Fatalf("%d bytes for shape %v", rec.Body.Len(), dims)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			checkErrorJSON(t, rec.Body.Bytes())
		default:
			t.Fatalf("query %q, X-Shape %q: status %d: %s", query, shape, rec.Code, rec.Body)
		}
	})
}
