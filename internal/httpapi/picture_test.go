package httpapi

import (
	"bytes"
	"encoding/binary"
	"flag"
	"hash/crc32"
	"image"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/pool"
)

var update = flag.Bool("update", false, "rewrite the decoded-pixel goldens in worker/testdata")

// testdata is shared with the worker's tests in workerd, which compare the
// edge's answers with the JS module's on the same pictures.
const testdata = "../../worker/testdata"

// The pictures in worker/testdata and the pixels Go's decoders must give for
// each: the source PNG's for the lossless formats, a golden PNG written by
// -update for the lossy ones (what the JS side pools to compare with).
var testPictures = []struct {
	file, format string
	decoded      string // a PNG holding the expected pixels
}{
	{"picture.png", "png", "picture.png"},
	{"picture.bmp", "bmp", "picture.png"},
	{"picture.tiff", "tiff", "picture.png"},
	{"lossless.webp", "webp", "picture.png"},
	{"picture.jpg", "jpeg", "picture.jpg.decoded.png"},
	{"progressive.jpg", "jpeg", "progressive.jpg.decoded.png"},
	{"cmyk.jpg", "jpeg", "cmyk.jpg.decoded.png"},
	{"palette.png", "png", "palette.png.decoded.png"},
	{"picture.gif", "gif", "picture.gif.decoded.png"},
	{"lossy.webp", "webp", "lossy.webp.decoded.png"},
}

func readPixels(t testing.TB, file string) pool.Pixels {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(testdata, file))
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return pool.PixelsOf(img)
}

func TestDecodePictureFormats(t *testing.T) {
	for _, tc := range testPictures {
		t.Run(tc.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(testdata, tc.file))
			require.NoError(t, err)
			px, format, err := decodePicture(body, DefaultLimits.MaxPixels)
			require.NoError(t, err)
			assert.Equal(t, tc.format, format)
			if *update && tc.decoded != "picture.png" {
				var buf bytes.Buffer
				require.NoError(t, png.Encode(&buf, &image.NRGBA{Pix: px.Pix, Stride: 4 * px.Width, Rect: image.Rect(0, 0, px.Width, px.Height)}))
				require.NoError(t, os.WriteFile(filepath.Join(testdata, tc.decoded), buf.Bytes(), 0o644))
			}
			want := readPixels(t, tc.decoded)
			assert.Equal(t, want.Width, px.Width)
			assert.Equal(t, want.Height, px.Height)
			assert.True(t, bytes.Equal(want.Pix, px.Pix), "decoded pixels differ from %s", tc.decoded)
		})
	}
}

// pngWithHeader returns a PNG whose IHDR claims w x h 8-bit RGBA pixels and
// whose data is one empty IDAT: a header bomb when w*h is large.
func pngWithHeader(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func TestDecodePictureErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join(testdata, "picture.png"))
	require.NoError(t, err)
	jpg, err := os.ReadFile(filepath.Join(testdata, "picture.jpg"))
	require.NoError(t, err)
	tests := []struct {
		name   string
		body   []byte
		max    int64
		status int
		msg    string
	}{
		{"text", []byte("hello, world"), DefaultLimits.MaxPixels, http.StatusUnsupportedMediaType, "not a picture"},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), DefaultLimits.MaxPixels, http.StatusUnsupportedMediaType, "not a picture"},
		{"png signature only", good[:8], DefaultLimits.MaxPixels, http.StatusUnsupportedMediaType, "PNG picture's header"},
		{"truncated png", good[:len(good)/2], DefaultLimits.MaxPixels, http.StatusUnsupportedMediaType, "PNG picture is malformed or truncated"},
		{"truncated jpeg", jpg[:len(jpg)/2], DefaultLimits.MaxPixels, http.StatusUnsupportedMediaType, "JPEG picture is malformed or truncated"},
		{"header bomb", pngWithHeader(100000, 100000), DefaultLimits.MaxPixels, http.StatusRequestEntityTooLarge, "100000x100000"},
		{"header bomb at the edge", pngWithHeader(4000, 3000), EdgeLimits.MaxPixels, http.StatusRequestEntityTooLarge, "limit is 10000000 pixels"},
		{"zero width", pngWithHeader(0, 10), DefaultLimits.MaxPixels, http.StatusUnsupportedMediaType, ""},
		{"just over the limit", good, 37*29 - 1, http.StatusRequestEntityTooLarge, "37x29"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := decodePicture(tc.body, tc.max)
			var ae *apiError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tc.status, ae.status, ae.msg)
			assert.Contains(t, ae.msg, tc.msg)
		})
	}
	_, _, err = decodePicture(good, 37*29)
	assert.NoError(t, err, "a picture of exactly the limit passes")
}
