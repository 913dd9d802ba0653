package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

// serve runs one request through a handler with the default configuration.
func serve(t testing.TB, method, target string, body []byte, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return serveWith(t, New(Config{}), method, target, body, header...)
}

func serveWith(t testing.TB, h http.Handler, method, target string, body []byte, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// errorBody decodes an error response and checks its form.
func errorBody(t testing.TB, rec *httptest.ResponseRecorder) (msg, option string) {
	t.Helper()
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var e struct {
		Error  string `json:"error"`
		Option string `json:"option"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &e), rec.Body.String())
	require.NotEmpty(t, e.Error)
	return e.Error, e.Option
}

func testPicture(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, "picture.png"))
	require.NoError(t, err)
	return b
}

func TestHealth(t *testing.T) {
	rec := serve(t, http.MethodGet, "/v1/health", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
	var h struct {
		Name, Version string
		Limits        Limits
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &h))
	assert.Equal(t, "poolkit", h.Name)
	assert.Equal(t, Version, h.Version)
	assert.Equal(t, DefaultLimits, h.Limits)

	rec = serveWith(t, New(Config{Limits: EdgeLimits}), http.MethodGet, "/v1/health", nil)
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &h))
	assert.Equal(t, EdgeLimits, h.Limits, "the limits in force are reported")

	rec = serve(t, http.MethodHead, "/v1/health", nil)
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Body.Bytes())
}

func TestRouting(t *testing.T) {
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{http.MethodGet, "/v1/nope", http.StatusNotFound, ""},
		{http.MethodGet, "/", http.StatusNotFound, ""},
		{http.MethodPost, "/v1/pool/", http.StatusNotFound, ""},
		{http.MethodPost, "/v1/health", http.StatusMethodNotAllowed, "GET, HEAD, OPTIONS"},
		{http.MethodGet, "/v1/pool", http.StatusMethodNotAllowed, "POST, OPTIONS"},
		{http.MethodPut, "/v1/pool", http.StatusMethodNotAllowed, "POST, OPTIONS"},
		{http.MethodDelete, "/v1/pool/tensor", http.StatusMethodNotAllowed, "POST, OPTIONS"},
		{http.MethodGet, "/v1/pool/tensor", http.StatusMethodNotAllowed, "POST, OPTIONS"},
		{"PATCH", "/v1/health", http.StatusMethodNotAllowed, "GET, HEAD, OPTIONS"},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			rec := serve(t, tc.method, tc.path, nil)
			assert.Equal(t, tc.status, rec.Code)
			assert.Equal(t, tc.allow, rec.Header().Get("Allow"))
			assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
			msg, _ := errorBody(t, rec)
			if tc.status == http.StatusMethodNotAllowed {
				assert.Contains(t, msg, tc.method)
			}
		})
	}
}

func TestPreflight(t *testing.T) {
	for path, methods := range map[string]string{"/v1/pool": "POST, OPTIONS", "/v1/pool/tensor": "POST, OPTIONS", "/v1/health": "GET, HEAD, OPTIONS"} {
		t.Run(path, func(t *testing.T) {
			rec := serve(t, http.MethodOptions, path, nil,
				"Origin", "https://example.com", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type, x-custom")
			assert.Equal(t, http.StatusNoContent, rec.Code)
			h := rec.Header()
			assert.Equal(t, "*", h.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, methods, h.Get("Access-Control-Allow-Methods"))
			assert.Equal(t, methods, h.Get("Allow"))
			assert.Equal(t, "content-type, x-custom", h.Get("Access-Control-Allow-Headers"))
			assert.NotEmpty(t, h.Get("Access-Control-Max-Age"))
			assert.Empty(t, rec.Body.Bytes())
		})
	}
	rec := serve(t, http.MethodOptions, "/v1/pool", nil)
	assert.Equal(t, "Content-Type", rec.Header().Get("Access-Control-Allow-Headers"))
}

// wantPooled pools the test picture's pixels with pool directly, the answer
// the endpoint must give byte for byte.
func wantPooled(t testing.TB, decoded string, o pool.Options) pool.Pixels {
	t.Helper()
	out, err := pool.PoolPixels(nil, readPixels(t, decoded), o)
	require.NoError(t, err)
	return out
}

func decodePNGResponse(t testing.TB, rec *httptest.ResponseRecorder) pool.Pixels {
	t.Helper()
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	require.Equal(t, "image/png", rec.Header().Get("Content-Type"))
	img, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
	require.NoError(t, err)
	return pool.PixelsOf(img)
}

func TestPoolPictureFormats(t *testing.T) {
	o := pool.Options{Op: pool.Avg, Kernel: pool.Size{H: 3, W: 2}, Stride: pool.Square(2), Padding: pool.Size{H: 1, W: 1}, CeilMode: true}
	for _, tc := range testPictures {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(testdata, tc.file))
			require.NoError(t, err)
			rec := serve(t, http.MethodPost, "/v1/pool?op=avg&kernel=3,2&stride=2&padding=1&ceilMode=true", body, "Content-Type", "application/octet-stream")
			got := decodePNGResponse(t, rec)
			want := wantPooled(t, tc.decoded, o)
			assert.Equal(t, want, got)
			assert.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
			assert.Contains(t, rec.Header().Get("Server-Timing"), "pool;dur=")
			assert.Equal(t, rec.Body.Len(), atoi(t, rec.Header().Get("Content-Length")))
		})
	}
}

func atoi(t testing.TB, s string) int {
	t.Helper()
	var n int
	require.NoError(t, json.Unmarshal([]byte(s), &n))
	return n
}

// TestPoolPictureOptions runs every query key through the endpoint and holds
// the answer to pool's own.
func TestPoolPictureOptions(t *testing.T) {
	body := testPicture(t)
	k2 := pool.Square(2)
	tests := []struct {
		query string
		o     pool.Options
	}{
		{"op=max&kernel=2", pool.Options{Op: pool.Max, Kernel: k2}},
		{"op=min&kernel=3&stride=1", pool.Options{Op: pool.Min, Kernel: pool.Square(3), Stride: pool.Square(1)}},
		{"op=avg&kernel=2", pool.Options{Op: pool.Avg, Kernel: k2}},
		{"op=lp&kernel=2&p=3", pool.Options{Op: pool.Lp, Kernel: k2, P: 3}},
		{"op=lp&kernel=2", pool.Options{Op: pool.Lp, Kernel: k2}},
		{"op=lp&kernel=2&p=1.5", pool.Options{Op: pool.Lp, Kernel: k2, P: 1.5}},
		{"op=max&kernel=3,2", pool.Options{Op: pool.Max, Kernel: pool.Size{H: 3, W: 2}}},
		{"op=max&kernel=3%2C2", pool.Options{Op: pool.Max, Kernel: pool.Size{H: 3, W: 2}}},
		{"op=max&kernel=3,%202", pool.Options{Op: pool.Max, Kernel: pool.Size{H: 3, W: 2}}},
		{"op=max&kernel=3&stride=2,1", pool.Options{Op: pool.Max, Kernel: pool.Square(3), Stride: pool.Size{H: 2, W: 1}}},
		{"op=avg&kernel=3&padding=1", pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Padding: pool.Square(1)}},
		{"op=avg&kernel=3&padding=1,0", pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Padding: pool.Size{H: 1}}},
		{"op=avg&kernel=3&padding=valid", pool.Options{Op: pool.Avg, Kernel: pool.Square(3)}},
		{"op=avg&kernel=3&stride=2&padding=same", pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Stride: k2, Same: true}},
		{"op=max&kernel=2&dilation=2", pool.Options{Op: pool.Max, Kernel: k2, Dilation: k2}},
		{"op=max&kernel=2&dilation=2,1", pool.Options{Op: pool.Max, Kernel: k2, Dilation: pool.Size{H: 2, W: 1}}},
		{"op=max&kernel=2&ceilMode=true", pool.Options{Op: pool.Max, Kernel: k2, CeilMode: true}},
		{"op=max&kernel=2&ceilMode=false", pool.Options{Op: pool.Max, Kernel: k2}},
		{"op=avg&kernel=3&padding=1&countIncludePad=false", pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Padding: pool.Square(1), ExcludePad: true}},
		{"op=avg&kernel=3&padding=1&countIncludePad=true", pool.Options{Op: pool.Avg, Kernel: pool.Square(3), Padding: pool.Square(1)}},
		{"op=avg&kernel=2&alpha=premultiplied", pool.Options{Op: pool.Avg, Kernel: k2, Alpha: pool.Premultiplied}},
		{"op=avg&kernel=2&alpha=straight", pool.Options{Op: pool.Avg, Kernel: k2}},
		{"op=avg&kernel=2&colorSpace=linear", pool.Options{Op: pool.Avg, Kernel: k2, ColorSpace: pool.Linear}},
		{"op=avg&kernel=2&colorSpace=srgb&format=png", pool.Options{Op: pool.Avg, Kernel: k2}},
		{"kernel=2&op=max&", pool.Options{Op: pool.Max, Kernel: k2}},
		{"op=max&kernel=2.0&stride=2e0", pool.Options{Op: pool.Max, Kernel: k2, Stride: k2}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			rec := serve(t, http.MethodPost, "/v1/pool?"+tc.query, body)
			assert.Equal(t, wantPooled(t, "picture.png", tc.o), decodePNGResponse(t, rec))
		})
	}
}

func TestPoolPictureJPEG(t *testing.T) {
	for query, quality := range map[string]int{"format=jpeg": 90, "format=jpg&quality=40": 40} {
		t.Run(query, func(t *testing.T) {
			rec := serve(t, http.MethodPost, "/v1/pool?op=max&kernel=2&"+query, testPicture(t))
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assert.Equal(t, "image/jpeg", rec.Header().Get("Content-Type"))
			img, err := jpeg.Decode(bytes.NewReader(rec.Body.Bytes()))
			require.NoError(t, err)
			assert.Equal(t, image.Rect(0, 0, 18, 14), img.Bounds())
			// The same pooled picture encoded with the same quality.
			want := wantPooled(t, "picture.png", pool.Options{Op: pool.Max, Kernel: pool.Square(2)})
			var buf bytes.Buffer
			require.NoError(t, jpeg.Encode(&buf, &image.NRGBA{Pix: want.Pix, Stride: 4 * want.Width, Rect: image.Rect(0, 0, want.Width, want.Height)}, &jpeg.Options{Quality: quality}))
			assert.Equal(t, buf.Bytes(), rec.Body.Bytes())
		})
	}
}

// TestPoolPictureBadOptions holds each bad option to a 400 whose message
// names it; those pool itself refuses carry pool's own message.
func TestPoolPictureBadOptions(t *testing.T) {
	body := testPicture(t)
	tests := []struct {
		query, option, msg string
	}{
		{"", "op", "op: is required"},
		{"kernel=2", "op", "op: is required"},
		{"op=mean&kernel=2", "op", `op "mean": must be "max", "avg", "min" or "lp"`},
		{"op=max,avg&kernel=2", "op", "op"},
		{"op=", "op", "op"},
		{"op=max", "kernel", "kernel: is required"},
		{"op=max&kernel=", "kernel", `kernel ""`},
		{"op=max&kernel=0", "kernel", "kernel [0, 0]: each must be at least 1"},
		{"op=max&kernel=0,2", "kernel", "kernel [0, 2]: each must be at least 1"},
		{"op=max&kernel=-1", "kernel", "kernel [-1, -1]: each must be at least 1"},
		{"op=max&kernel=abc", "kernel", `kernel "abc": must be a whole number`},
		{"op=max&kernel=2.5", "kernel", `kernel "2.5"`},
		{"op=max&kernel=1,2,3", "kernel", `kernel [1, 2, 3]: must be a number or [height, width]; pictures are 2-D`},
		{"op=max&kernel=99999999999999999999", "kernel", "kernel"},
		{"op=max&kernel=1e300", "kernel", "kernel"},
		{"op=max&kernel=NaN", "kernel", "kernel"},
		{"op=max&kernel=40", "kernel", "does not fit"},
		{"op=max&kernel=2&stride=0", "stride", "stride [0, 0]: each must be at least 1"},
		{"op=max&kernel=2&stride=x", "stride", "stride"},
		{"op=max&kernel=2&dilation=0", "dilation", "dilation [0, 0]: each must be at least 1"},
		{"op=max&kernel=2&padding=-1", "padding", "padding [-1, -1]: each pad must be at least 0"},
		{"op=max&kernel=2&padding=2", "padding", "at most half the effective kernel"},
		{"op=max&kernel=2&padding=full", "padding", `padding "full": must be a whole number, one per spatial axis, two per axis (begin..., end...), "valid", "same", "same_upper" or "same_lower"`},
		{"op=max&kernel=2&padding=same,same", "padding", "padding"},
		{"op=max&kernel=2&padding=same&ceilMode=true", "ceilMode", "same"},
		{"op=max&kernel=2&ceilMode=yes", "ceilMode", `ceilMode "yes": must be true or false`},
		{"op=max&kernel=2&ceilMode=", "ceilMode", "ceilMode"},
		{"op=avg&kernel=2&countIncludePad=1", "countIncludePad", "countIncludePad"},
		{"op=lp&kernel=2&p=0", "p", "p"},
		{"op=lp&kernel=2&p=-2", "p", "must be a positive finite number"},
		{"op=lp&kernel=2&p=Inf", "p", "p"},
		{"op=lp&kernel=2&p=two", "p", "p"},
		{"op=avg&kernel=2&alpha=associated", "alpha", `alpha "associated"`},
		{"op=max&kernel=2&alpha=premultiplied", "alpha", `applies to op "avg" only`},
		{"op=avg&kernel=2&colorSpace=p3", "colorSpace", `colorSpace "p3"`},
		{"op=lp&kernel=2&colorSpace=linear", "colorSpace", "lp"},
		{"op=max&kernel=2&format=webp", "format", `format "webp": must be "png", "jpeg" or "rgba"`},
		{"op=max&kernel=2&quality=50", "quality", `applies to format "jpeg" only`},
		{"op=max&kernel=2&format=jpeg&quality=0", "quality", "from 1 to 100"},
		{"op=max&kernel=2&format=jpeg&quality=101", "quality", "from 1 to 100"},
		{"op=max&kernel=2&format=jpeg&quality=50.5", "quality", "from 1 to 100"},
		{"op=max&kernel=2&Kernel=3", "Kernel", "Kernel: is not an option of /v1/pool; it takes op, kernel"},
		{"op=max&kernel=2&returnIndices=true", "returnIndices", "returnIndices: is not an option of /v1/pool"},
		{"op=max&kernel=2&count_include_pad=false", "count_include_pad", "is not an option"},
		{"op=max&kernel=2&=3", `""`, "is not an option"},
		{"op=max&kernel=2&kernel=3", "kernel", "kernel: is given twice"},
		{"op=max&kernel=2&stride=1&stride=1", "stride", "is given twice"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			rec := serve(t, http.MethodPost, "/v1/pool?"+tc.query, body)
			assert.Equal(t, http.StatusBadRequest, rec.Code)
			msg, option := errorBody(t, rec)
			assert.Equal(t, tc.option, option, msg)
			assert.Contains(t, msg, tc.msg)
		})
	}
	rec := serve(t, http.MethodPost, "/v1/pool?op=max&kernel=%zz", body)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	msg, _ := errorBody(t, rec)
	assert.Contains(t, msg, "query")
}

func TestPoolPictureBadBodies(t *testing.T) {
	png := testPicture(t)
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fw, _ := mw.CreateFormFile("picture", "picture.png")
	fw.Write(png)
	mw.Close()
	tests := []struct {
		name   string
		body   []byte
		header []string
		status int
		msg    string
	}{
		{"empty", []byte{}, nil, http.StatusBadRequest, "body: empty"},
		{"no body", nil, nil, http.StatusBadRequest, "body: empty"},
		{"text", []byte("not a picture"), nil, http.StatusUnsupportedMediaType, "PNG, JPEG, GIF, WebP, BMP or TIFF"},
		{"truncated", png[:100], nil, http.StatusUnsupportedMediaType, "truncated"},
		{"header bomb", pngWithHeader(100000, 100000), nil, http.StatusRequestEntityTooLarge, "limit is 50000000 pixels"},
		{"multipart form", form.Bytes(), []string{"Content-Type", mw.FormDataContentType()}, http.StatusUnsupportedMediaType, "--data-binary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, http.MethodPost, "/v1/pool?op=max&kernel=2", tc.body, tc.header...)
			assert.Equal(t, tc.status, rec.Code)
			msg, _ := errorBody(t, rec)
			assert.Contains(t, msg, tc.msg)
		})
	}
}

func TestBodyLimit(t *testing.T) {
	h := New(Config{Limits: Limits{MaxBodyBytes: 1000}})
	big := make([]byte, 1001)
	copy(big, testPicture(t))

	// Refused on its Content-Length, before reading.
	rec := serveWith(t, h, http.MethodPost, "/v1/pool?op=max&kernel=2", big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	msg, _ := errorBody(t, rec)
	assert.Contains(t, msg, "over the limit of 1000 bytes")

	// Without a Content-Length (chunked), cut off at the limit.
	req := httptest.NewRequest(http.MethodPost, "/v1/pool/tensor", io.MultiReader(bytes.NewReader(big)))
	req.ContentLength = -1
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)

	// A body of exactly the limit is read.
	rec = serveWith(t, h, http.MethodPost, "/v1/pool?op=max&kernel=2", big[:1000])
	assert.Equal(t, http.StatusUnsupportedMediaType, rec.Code, "read, then found truncated")
}

func TestBadOptionsAnswerBeforeTheBody(t *testing.T) {
	// A body that fails when read proves the options were checked first.
	req := httptest.NewRequest(http.MethodPost, "/v1/pool?op=max", failingReader{})
	rec := httptest.NewRecorder()
	New(Config{}).ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	msg, _ := errorBody(t, rec)
	assert.Contains(t, msg, "kernel")

	req = httptest.NewRequest(http.MethodPost, "/v1/pool?op=max&kernel=2", failingReader{})
	rec = httptest.NewRecorder()
	New(Config{}).ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	msg, _ = errorBody(t, rec)
	assert.Contains(t, msg, "body: could not be read")
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestPanicIsRecovered(t *testing.T) {
	var logged []string
	h := New(Config{Logf: func(f string, args ...any) { logged = append(logged, f) }}).(*handler)
	h.routes["/v1/boom"] = route{methods: "GET", serve: func(http.ResponseWriter, *http.Request) error { panic("boom") }}
	rec := serveWith(t, h, http.MethodGet, "/v1/boom", nil)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	errorBody(t, rec)
	assert.Len(t, logged, 1)
}

func TestMaxInFlight(t *testing.T) {
	h := New(Config{MaxInFlight: 1}).(*handler)
	h.slots <- struct{}{} // another request holds the only slot
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/pool?op=max&kernel=2", bytes.NewReader(testPicture(t)))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)

	<-h.slots
	rec = serveWith(t, h, http.MethodPost, "/v1/pool?op=max&kernel=2", testPicture(t))
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, h.slots, "the slot is given back")
}

func TestQueryFields(t *testing.T) {
	f, err := queryFields("a=1&&b=x%20y&c&d=1,2")
	require.NoError(t, err)
	var keys, shown []string
	for _, x := range f {
		keys = append(keys, x.key)
		shown = append(shown, x.v.shown)
	}
	assert.Equal(t, []string{"a", "b", "c", "d"}, keys)
	assert.Equal(t, []string{`"1"`, `"x y"`, `""`, `"1,2"`}, shown)
	_, err = queryFields("a=%")
	assert.ErrorContains(t, err, "bad %-escape")
	_, err = queryFields(strings.Repeat("x", 100) + "=%")
	assert.ErrorContains(t, err, "...", "long pairs are shortened in messages")
}
