package httpapi

import (
	"bytes"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

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
			px, err = pool.Pixels{}, optionErrorf(http.StatusUnsupportedMediaType, "body", "body: the %s picture is malformed", formatName(format))
		}
	}()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(body))
	if err != nil {
		return pool.Pixels{}, format, headerError(err, format)
	}
	if err := checkPixels(cfg.Width, cfg.Height, maxPixels, "body"); err != nil {
		return pool.Pixels{}, format, err
	}
	img, _, err := image.Decode(bytes.NewReader(body))
	if err != nil {
		return pool.Pixels{}, format, optionErrorf(http.StatusUnsupportedMediaType, "body", "body: the %s picture is malformed or truncated: %v", formatName(format), err)
	}
	// The header's size is what was checked; a decoder that disagrees with
	// its own header must not get past the limit either.
	b := img.Bounds()
	if err := checkPixels(b.Dx(), b.Dy(), maxPixels, "body"); err != nil {
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
		return optionErrorf(http.StatusUnsupportedMediaType, "body", "body: not a picture in a format poolkit reads (%s)", supportedFormats)
	}
	return optionErrorf(http.StatusUnsupportedMediaType, "body", "body: the %s picture's header is malformed or truncated: %v", formatName(format), err)
}

// checkPixels refuses a picture of no pixels or of more than maxPixels,
// blaming option, which is the body for an encoded picture and width for
// raw pixels, whose size the query gives.
func checkPixels(w, h int, maxPixels int64, option string) error {
	if w < 1 || h < 1 {
		return optionErrorf(http.StatusUnsupportedMediaType, option, "body: the picture is %dx%d (width x height) and has no pixels to pool", w, h)
	}
	if n := int64(w) * int64(h); n > maxPixels || n/int64(w) != int64(h) {
		return optionErrorf(http.StatusRequestEntityTooLarge, option, "body: the picture is %dx%d (width x height); the limit is %d pixels", w, h, maxPixels)
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

// servePicture answers POST /v1/pool. The options are read before the body,
// so that a bad query fails without uploading megabytes first.
func (h *handler) servePicture(w http.ResponseWriter, r *http.Request) error {
	q, err := queryFields(r.URL.RawQuery)
	if err != nil {
		return err
	}
	req, err := parseOptions(q, pictureEndpoint)
	if err != nil {
		return err
	}
	// The Content-Type is not trusted (curl --data-binary sends
	// application/x-www-form-urlencoded); the bytes say what they are. A
	// multipart form, though, wraps the picture in bytes no decoder reads.
	if ct := r.Header.Get("Content-Type"); strings.HasPrefix(ct, "multipart/") {
		return optionErrorf(http.StatusUnsupportedMediaType, "body", "body: send the picture's bytes as the body (curl --data-binary @picture.png), not as a multipart form (curl -F)")
	}
	body, err := h.bodyReader(w, r)
	if err != nil {
		return err
	}
	var src pool.Pixels
	var t0 time.Time
	if req.input == inputRGBA {
		if src, err = h.readPixels(body, r.ContentLength, req); err != nil {
			return err
		}
		defer h.unreserve(pixelCost(src.Width, src.Height))
		if err := h.acquire(r); err != nil {
			return err
		}
		defer h.release()
		t0 = time.Now()
	} else {
		// The header says how many pixels the picture holds; the work is
		// reserved before the rest of the body is read.
		head := &recordingReader{r: body}
		cfg, format, err := decodeHeader(head)
		if err != nil {
			return h.bodyError(head.err, len(head.buf), headerError(err, format))
		}
		if err := checkPixels(cfg.Width, cfg.Height, h.limits.MaxPixels, "body"); err != nil {
			return err
		}
		cost := max(r.ContentLength, 0) + pixelCost(cfg.Width, cfg.Height)
		if err := h.reserve(cost); err != nil {
			return err
		}
		defer h.unreserve(cost)
		all, err := h.readRest(head.buf, body, r.ContentLength)
		if err != nil {
			return err
		}
		if err := h.acquire(r); err != nil {
			return err
		}
		defer h.release()
		t0 = time.Now()
		if src, _, err = decodePicture(all, h.limits.MaxPixels); err != nil {
			return err
		}
	}
	t1 := time.Now()
	out, err := pool.PoolPixels(nil, src, req.opts)
	if err != nil {
		return err
	}
	t2 := time.Now()
	var buf bytes.Buffer
	ct, err := encodePicture(&buf, out, req)
	if err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Server-Timing", serverTiming(phase{"decode", t1.Sub(t0)}, phase{"pool", t2.Sub(t1)}, phase{"encode", time.Since(t2)}))
	hd.Set("X-Width", strconv.Itoa(out.Width))
	hd.Set("X-Height", strconv.Itoa(out.Height))
	writeBody(w, http.StatusOK, ct, buf.Bytes())
	return nil
}

// readPixels reads the body of an input=rgba request: exactly width*height*4
// bytes, refused from the query and the Content-Length before any is read
// when they cannot be. It reserves the request's work, which the caller
// gives back.
func (h *handler) readPixels(body io.Reader, contentLength int64, req request) (pool.Pixels, error) {
	if err := checkPixels(req.width, req.height, h.limits.MaxPixels, "width"); err != nil {
		return pool.Pixels{}, err
	}
	n := 4 * int64(req.width) * int64(req.height)
	if n > h.limits.MaxBodyBytes {
		return pool.Pixels{}, optionErrorf(http.StatusRequestEntityTooLarge, "width", "body: %dx%d RGBA pixels take %d bytes; the limit is %d bytes (%d MiB)",
			req.width, req.height, n, h.limits.MaxBodyBytes, h.limits.MaxBodyBytes>>20)
	}
	wrongLength := func(got int64) error {
		return optionErrorf(http.StatusBadRequest, "body", "body: %d bytes; input=rgba with width=%d and height=%d takes exactly %d (width*height*4, RGBA row by row)",
			got, req.width, req.height, n)
	}
	if contentLength >= 0 && contentLength != n {
		return pool.Pixels{}, wrongLength(contentLength)
	}
	if err := h.reserve(pixelCost(req.width, req.height)); err != nil {
		return pool.Pixels{}, err
	}
	pix, err := h.readRest(nil, body, n)
	if err == nil && int64(len(pix)) != n {
		err = wrongLength(int64(len(pix)))
	}
	if err != nil {
		h.unreserve(pixelCost(req.width, req.height))
		return pool.Pixels{}, err
	}
	return pool.Pixels{Pix: pix, Width: req.width, Height: req.height}, nil
}
