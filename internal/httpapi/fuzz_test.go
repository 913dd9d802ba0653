package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
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
	} {
		f.Add([]byte(b))
	}
	h := New(Config{Limits: fuzzLimits})
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := serveWith(t, h, http.MethodPost, "/v1/pool/tensor", body)
		switch rec.Code {
		case http.StatusOK:
			var r struct {
				Shape []int
				Data  []*float64
			}
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
