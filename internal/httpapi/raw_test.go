package httpapi

import (
	"bytes"
	"image/png"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

func rawPicture(w, h int) pool.Pixels {
	px := pool.Pixels{Pix: make([]byte, 4*w*h), Width: w, Height: h}
	for i := range px.Pix {
		px.Pix[i] = uint8(i*7 + i/5)
	}
	return px
}

func rawQuery(px pool.Pixels, opts string) string {
	return "/v1/pool?input=rgba&width=" + strconv.Itoa(px.Width) + "&height=" + strconv.Itoa(px.Height) + "&" + opts
}

func TestRawPixels(t *testing.T) {
	px := rawPicture(13, 9)
	o := pool.Options{Op: pool.Avg, Kernel: pool.Size{H: 3, W: 2}, Stride: pool.Square(2), Alpha: pool.Premultiplied}
	want, err := pool.PoolPixels(nil, px, o)
	require.NoError(t, err)

	rec := serve(t, http.MethodPost, rawQuery(px, "op=avg&kernel=3,2&stride=2&alpha=premultiplied&format=rgba"), px.Pix)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/octet-stream", rec.Header().Get("Content-Type"))
	assert.Equal(t, strconv.Itoa(want.Width), rec.Header().Get("X-Width"))
	assert.Equal(t, strconv.Itoa(want.Height), rec.Header().Get("X-Height"))
	assert.Contains(t, rec.Header().Get("Access-Control-Expose-Headers"), "X-Width, X-Height")
	assert.Equal(t, want.Pix, rec.Body.Bytes())

	// Raw in, PNG out.
	rec = serve(t, http.MethodPost, rawQuery(px, "op=avg&kernel=3,2&stride=2&alpha=premultiplied"), px.Pix)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	got, err := png.Decode(bytes.NewReader(rec.Body.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, want.Pix, pool.PixelsOf(got).Pix)

	// An encoded picture in, raw out.
	pic := testPicture(t)
	img, err := png.Decode(bytes.NewReader(pic))
	require.NoError(t, err)
	want, err = pool.PoolPixels(nil, pool.PixelsOf(img), pool.Options{Op: pool.Max, Kernel: pool.Square(2)})
	require.NoError(t, err)
	rec = serve(t, http.MethodPost, "/v1/pool?op=max&kernel=2&format=rgba", pic)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, want.Pix, rec.Body.Bytes())
	assert.Equal(t, strconv.Itoa(want.Width), rec.Header().Get("X-Width"))
}

func TestRawPixelsErrors(t *testing.T) {
	px := rawPicture(4, 3)
	h := New(Config{Limits: Limits{MaxBodyBytes: 700, MaxPixels: 200}})
	for _, tc := range []struct {
		query  string
		body   []byte
		status int
		option string
		msg    string
	}{
		{rawQuery(px, "op=max&kernel=2"), px.Pix[:47], 400, "body", "body: 47 bytes; input=rgba with width=4 and height=3 takes exactly 48"},
		{rawQuery(px, "op=max&kernel=2"), append(px.Pix, 0), 400, "body", "takes exactly 48"},
		{"/v1/pool?input=rgba&width=4&op=max&kernel=2", px.Pix, 400, "height", "height: is required with input=rgba"},
		{"/v1/pool?width=4&height=3&op=max&kernel=2", px.Pix, 400, "width", "applies to input=rgba only"},
		{"/v1/pool?input=rgb&width=4&height=3&op=max&kernel=2", px.Pix, 400, "input", `must be "rgba"`},
		{"/v1/pool?input=rgba&width=0&height=3&op=max&kernel=2", px.Pix, 400, "width", "at least 1"},
		{"/v1/pool?input=rgba&width=2,2&height=3&op=max&kernel=2", px.Pix, 400, "width", "one whole number"},
		{"/v1/pool?input=rgba&width=20&height=11&op=max&kernel=2", px.Pix, 413, "width", "the limit is 200 pixels"},
		{"/v1/pool?input=rgba&width=15&height=13&op=max&kernel=2", px.Pix, 413, "width", "take 780 bytes"},
		{"/v1/pool?input=rgba&width=1&height=1&op=max&kernel=2", nil, 400, "body", "takes exactly 4"},
		// As the JS API's RangeError on width: a bad number, not a bad body.
		{"/v1/pool?input=rgba&width=-640&height=3&op=max&kernel=2", px.Pix, 400, "width", "at least 1"},
		{"/v1/pool?input=rgba&width=4&height=-3&op=max&kernel=2", px.Pix, 400, "height", "at least 1"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			rec := serveWith(t, h, http.MethodPost, tc.query, tc.body)
			assert.Equal(t, tc.status, rec.Code, rec.Body.String())
			msg, option := errorBody(t, rec)
			assert.Equal(t, tc.option, option)
			assert.Contains(t, msg, tc.msg)
		})
	}
}

func TestBytesInFlight(t *testing.T) {
	px := rawPicture(16, 16)
	cost := int64(bytesPerPixel * 16 * 16)
	h := New(Config{Limits: Limits{MaxBytesInFlight: cost + 100}}).(*handler)
	target := rawQuery(px, "op=max&kernel=2")

	// Alone, a request is let in even past the bound.
	h.limits.MaxBytesInFlight = cost - 1
	rec := serveWith(t, h, http.MethodPost, target, px.Pix)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Zero(t, h.inFlight, "the reservation is given back")
	h.limits.MaxBytesInFlight = cost + 100

	// Another request in progress holds 101 bytes: this one does not fit.
	h.inFlight = 101
	for _, tc := range []struct {
		target string
		body   []byte
	}{
		{target, px.Pix},
		{"/v1/pool?op=max&kernel=2", testPicture(t)},
		{"/v1/pool/tensor", []byte(`{"shape":[2,2],"data":[1,2,3,4],"op":"max","kernel":2,"pad":"` + string(bytes.Repeat([]byte("x"), int(cost))) + `"}`)},
	} {
		rec = serveWith(t, h, http.MethodPost, tc.target, tc.body)
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code, rec.Body.String())
		assert.Equal(t, "1", rec.Header().Get("Retry-After"))
		msg, _ := errorBody(t, rec)
		assert.Contains(t, msg, "busy")
		assert.EqualValues(t, 101, h.inFlight, "a refused request holds nothing")
	}
	// With 100 bytes held, it fits.
	h.inFlight = 100
	rec = serveWith(t, h, http.MethodPost, target, px.Pix)
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.EqualValues(t, 100, h.inFlight)
}
