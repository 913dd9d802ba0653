package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/poolkit/poolkit/pool"
)

// The fuzz targets hold the API to its promise for any input: an answer
// from the documented set of statuses, never a panic or a 500.

// fuzzLimits keep each fuzz input's work small.
var fuzzLimits = Limits{MaxBodyBytes: 1 << 20, MaxPixels: 1 << 16, MaxTensorElements: 1 << 12}

func FuzzPictureQuery(f *testing.F) {
	for _, q := range []string{
		"op=max&kernel=2",
		"op=avg&kernel=3,2&stride=1&padding=1&ceilMode=true&countIncludePad=false",
		"op=avg&kernel=3&stride=2&padding=same&alpha=premultiplied&colorSpace=linear",
		"op=lp&kernel=2&p=3&dilation=2,1",
		"op=min&kernel=5&padding=valid&format=jpeg&quality=50",
		"op=max&kernel=2&kernel=3",
		"op=max&kernel=%zz",
		"op=max&kernel=1e300&stride=-0",
	} {
		f.Add(q)
	}
	body, err := os.ReadFile(filepath.Join(testdata, "picture.png"))
	if err != nil {
		f.Fatal(err)
	}
	h := New(Config{Limits: fuzzLimits})
	f.Fuzz(func(t *testing.T, query string) {
		// Built by hand: httptest.NewRequest refuses what a raw query may hold.
		req := &http.Request{Method: http.MethodPost, URL: &url.URL{Path: "/v1/pool", RawQuery: query},
			Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body))}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req.WithContext(context.Background()))
		switch rec.Code {
		case http.StatusOK:
			if ct := rec.Header().Get("Content-Type"); ct != "image/png" && ct != "image/jpeg" {
				t.Fatalf("200 with Content-Type %q", ct)
			}
		case http.StatusBadRequest:
			checkErrorJSON(t, rec.Body.Bytes())
		default:
			t.Fatalf("query %q: status %d: %s", query, rec.Code, rec.Body)
		}
	})
}

func FuzzTensorBody(f *testing.F) {
	for _, b := range []string{
		`{"shape":[2,2],"data":[1,2,3,4],"op":"max","kernel":2}`,
		`{"shape":[1,2,3,3],"data":[1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9],"op":"avg","kernel":[2,3],"stride":1,"padding":[1,1],"ceilMode":true}`,
		`{"shape":[3,3],"data":[1,null,3,4,5,6,7,8,9],"op":"min","kernel":2,"stride":1,"returnIndices":true}`,
		`{"shape":[3,3],"data":[1,2,3,4,5,6,7,8,9],"op":"lp","kernel":2,"p":1.5,"padding":"same","dilation":2}`,
		`{"shape":[3,3],"data":[1,2,3,4,5,6,7,8,9],"op":"avg","call":"adaptive","outputSize":[5,2]}`,
		`{"shape":[3,3],"data":[1,2,3,4,5,6,7,8,9],"op":"max","call":"global"}`,
		`{"shape":[1e9,3],"data":[1],"op":"max","kernel":1}`,
		`[1,2]`, `null`, `{"data":[1e39]}`,
		`{"shape":[2,5],"data":[1,2,3,4,5,6,7,8,9,0],"op":"max","kernel":[3],"padding":[2,0],"returnIndices":true}`,
		`{"shape":[2,2,3],"data":[1,2,3,4,5,6,7,8,9,0,1,2],"op":"avg","kernel":[2,2,2],"padding":[1,0,1,0,1,1],"countIncludePad":false}`,
		`{"shape":[3,3],"data":[1,2,3,4,5,6,7,8,9],"op":"lp","kernel":[2,2],"padding":"same_lower","p":3}`,
		`{"shape":[1,2,2,2],"data":[1,2,3,4,5,6,7,8],"op":"lp","call":"global","dims":3,"p":1}`,
		`{"shape":[4],"data":[1,2,3,4],"op":"max","call":"adaptive","outputSize":[7]}`,
		`{"shape":[4],"data":[1,2,3,4],"op":"max","kernel":[2],"padding":[]}`,
		`{"shape":[1,2,2],"data":[5,7,1e999,null],"indices":[5,7,13,15],"call":"unpool","kernel":2}`,
		`{"shape":[2,3],"data":[1,2,3,4,5,6],"indices":[0,2,4,1,3,5],"call":"unpool","kernel":[2],"stride":2,"padding":[1,0],"outputSize":[6]}`,
	} {
		f.Add([]byte(b))
	}
	fuzzTensorEndpoint(f)
}

// fuzzTensorEndpoint posts every body to /v1/pool/tensor: the answer is a
// 200 with a tensor's JSON, or a 400 or 413 with the error's JSON.
func fuzzTensorEndpoint(f *testing.F) {
	h := New(Config{Limits: fuzzLimits})
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor", body)
		switch rec.Code {
		case http.StatusOK:
			var r tensorResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
				t.Fatalf("200 with invalid JSON %q: %v", rec.Body, err)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			checkErrorJSON(t, rec.Body.Bytes())
		default:
			t.Fatalf("body %q: status %d: %s", body, rec.Code, rec.Body)
		}
	})
}

// FuzzNDOptions holds the option parser and pool's N-D rules to theirs for
// any options of the tensor endpoint: parsing either fails with an
// *pool.OptionError or gives options that pool either runs on a tensor of
// their rank or refuses with an *pool.OptionError, never a panic.
func FuzzNDOptions(f *testing.F) {
	for _, o := range []string{
		`{"op":"max","kernel":[3],"stride":[2],"padding":[1,0],"returnIndices":true}`,
		`{"op":"avg","kernel":[2,3,2],"stride":1,"dilation":[1,2,1],"padding":[1,0,1,0,2,1],"ceilMode":true,"countIncludePad":false}`,
		`{"op":"lp","kernel":[3,3],"padding":"same_lower","p":2.5}`,
		`{"op":"min","kernel":[2,2,2],"padding":"same_upper"}`,
		`{"op":"max","kernel":2,"padding":[0,1,1,0]}`,
		`{"op":"avg","call":"adaptive","outputSize":[3,1,2]}`,
		`{"op":"lp","call":"global","dims":1,"p":3}`,
		`{"op":"max","kernel":[2,2,2,2]}`,
		`{"op":"max","kernel":[],"padding":[]}`,
		`{"op":"max","kernel":[3],"padding":[3,0]}`,
	} {
		f.Add([]byte(o), uint8(5))
	}
	f.Fuzz(func(t *testing.T, opts []byte, side uint8) {
		var members map[string]json.RawMessage
		if json.Unmarshal(opts, &members) != nil {
			return
		}
		var fields []field
		for k, raw := range members {
			v, given, err := jsonValue(k, raw)
			if err != nil {
				requireOptionError(t, err)
				return
			}
			if given {
				fields = append(fields, field{key: k, v: v})
			}
		}
		r, err := parseOptions(fields, tensorEndpoint)
		if err != nil {
			requireOptionError(t, err)
			return
		}
		rank := len(r.nd.Kernel)
		switch r.call {
		case callAdaptive:
			rank = len(r.outDims)
		case callGlobal:
			rank = max(r.global.Dims, 2)
		}
		shape := []int{2}
		for range rank {
			shape = append(shape, 1+int(side%9))
		}
		tn := pool.Tensor{Shape: shape, Data: make([]float32, 2*int(math.Pow(float64(1+side%9), float64(rank))))}
		switch r.call {
		case callPool:
			if small(outSize(shape, r.nd)) {
				_, err = pool.Pool(tn, r.spec())
			}
		case callAdaptive:
			if small(r.outDims) {
				_, err = pool.AdaptivePool(tn, r.opts.Op, r.extent())
			}
		case callGlobal:
			_, err = pool.GlobalPool(tn, r.global)
		}
		if err != nil {
			requireOptionError(t, err)
		}
	})
}

// small reports whether an output size is cheap to compute: options may be
// valid and still ask for a large output (a wide padding, a large
// outputSize), which the endpoint's limits refuse before pooling.
func small(out pool.Dims) bool {
	cells := 1
	for _, d := range out {
		if d > 1<<12 {
			return false
		}
		cells *= d
	}
	return cells <= 1<<12
}

func requireOptionError(t *testing.T, err error) {
	t.Helper()
	var oe *pool.OptionError
	if !errors.As(err, &oe) || oe.Option == "" {
		t.Fatalf("%T %v is not an *pool.OptionError naming an option", err, err)
	}
}

// FuzzDecode feeds arbitrary bytes to every decoder, seeded with a valid
// picture of each format, truncations and a header bomb.
func FuzzDecode(f *testing.F) {
	for _, tc := range testPictures {
		b, err := os.ReadFile(filepath.Join(testdata, tc.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add(pngWithHeader(100000, 100000))
	f.Add([]byte("GIF89a"))
	h := New(Config{Limits: fuzzLimits})
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := serveWith(t, h, http.MethodPost, "/v1/pool?op=avg&kernel=2&padding=1", body)
		switch rec.Code {
		case http.StatusOK:
			if _, err := png.Decode(bytes.NewReader(rec.Body.Bytes())); err != nil {
				t.Fatalf("200 with a bad PNG: %v", err)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
			checkErrorJSON(t, rec.Body.Bytes())
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

func checkErrorJSON(t *testing.T, b []byte) {
	t.Helper()
	var e struct{ Error string }
	if err := json.Unmarshal(b, &e); err != nil || e.Error == "" {
		t.Fatalf("error body %q is not {\"error\": ...}", b)
	}
}
