package httpapi

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"net/http"

	// The formats a body may be in; each registers itself with image.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/poolkit/poolkit/pool"
)

// supportedFormats names the formats for the 415 message.
const supportedFormats = "PNG, JPEG, GIF, WebP, BMP or TIFF"

// decodePicture decodes an encoded picture to straight-alpha RGBA, refusing
// it from its header alone when it claims more than maxPixels pixels, so
// that a few bytes cannot make the server allocate gigabytes.
func decodePicture(body []byte, maxPixels int64) (px pool.Pixels, format string, err error) {
	defer func() {
		// The decoders are meant not to panic on bad input; should one do so,
		// the client still gets a 4xx and the server lives on.
		if p := recover(); p != nil {
			px, err = pool.Pixels{}, errorf(http.StatusUnsupportedMediaType, "body: the %s picture is malformed", formatName(format))
		}
	}()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
	if err != nil {
		return pool.Pixels{}, format, headerError(err, format)
	}
	if err := checkPixels(cfg.Width, cfg.Height, maxPixels); err != nil {
		return pool.Pixels{}, format, err
	}
	img, _, err := image.Decode(bytes.NewReader(body))
	if err != nil {
		return pool.Pixels{}, format, errorf(http.StatusUnsupportedMediaType, "body: the %s picture is malformed or truncated: %v", formatName(format), err)
	}
	// The header's size is what was checked; a decoder that disagrees with
	// its own header must not get past the limit either.
	b := img.Bounds()
	if err := checkPixels(b.Dx(), b.Dy(), maxPixels); err != nil {
		return pool.Pixels{}, format, err
	}
	return pool.PixelsOf(img), format, nil
}

// decodeHeader reads a picture's header from r, as image.DecodeConfig does,
// turning a decoder's panic into an error as decodePicture does.
func decodeHeader(r io.Reader) (cfg image.Config, format string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("malformed header")
		}
	}()
	return image.DecodeConfig(r)
}

// headerError is the answer to a picture whose header image.DecodeConfig
// refused.
func headerError(err error, format string) error {
	if errors.Is(err, image.ErrFormat) {
		return errorf(http.StatusUnsupportedMediaType, "body: not a picture in a format poolkit reads (%s)", supportedFormats)
	}
	return errorf(http.StatusUnsupportedMediaType, "body: the %s picture's header is malformed or truncated: %v", formatName(format), err)
}

func checkPixels(w, h int, maxPixels int64) error {
	if w < 1 || h < 1 {
		return errorf(http.StatusUnsupportedMediaType, "body: the picture is %dx%d (width x height) and has no pixels to pool", w, h)
	}
	if n := int64(w) * int64(h); n > maxPixels || n/int64(w) != int64(h) {
		return errorf(http.StatusRequestEntityTooLarge, "body: the picture is %dx%d (width x height); the limit is %d pixels", w, h, maxPixels)
	}
	return nil
}

// formatNames spell formats the way people write them, for messages.
var formatNames = map[string]string{"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WebP", "bmp": "BMP", "tiff": "TIFF"}

func formatName(format string) string {
	if n, ok := formatNames[format]; ok {
		return n
	}
	return "picture"
}

// encodePicture writes px in the format asked for and returns its media type.
func encodePicture(buf *bytes.Buffer, px pool.Pixels, r request) (string, error) {
	if r.format == formatRGBA {
		buf.Write(px.Pix)
		return "application/octet-stream", nil
	}
	if r.format == formatJPEG {
		// JPEG has no alpha: the encoder takes the premultiplied colour,
		// which puts transparent areas on black.
		img := &image.NRGBA{Pix: px.Pix, Stride: 4 * px.Width, Rect: image.Rect(0, 0, px.Width, px.Height)}
		return "image/jpeg", jpeg.Encode(buf, img, &jpeg.Options{Quality: r.quality})
	}
	return "image/png", encodePNG(buf, px)
}
