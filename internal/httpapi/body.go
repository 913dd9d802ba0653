package httpapi

// Reading request bodies within Limits.MaxBodyBytes; body_js.go reads them
// in one piece at the edge.

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// readBody reads the whole body, refusing one over the limit before reading
// it when its Content-Length says so.
func (h *handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := h.bodyReader(w, r)
	if err != nil {
		return nil, err
	}
	return h.readRest(nil, body, r.ContentLength)
}

// bodyReader checks the body's declared length and returns a reader that
// stops at the limit.
func (h *handler) bodyReader(w http.ResponseWriter, r *http.Request) (io.Reader, error) {
	if r.ContentLength > h.limits.MaxBodyBytes {
		return nil, h.tooLarge()
	}
	if r.Body == nil {
		return nil, optionErrorf(http.StatusBadRequest, "body", "body: empty")
	}
	if b, ok, err := readWhole(r, h.limits.MaxBodyBytes); ok {
		if err != nil {
			return nil, h.bodyError(err, 0, nil)
		}
		return &wholeBody{Reader: bytes.NewReader(b), b: b}, nil
	}
	return http.MaxBytesReader(w, r.Body, h.limits.MaxBodyBytes), nil
}

// wholeBody is a body already read in one piece.
type wholeBody struct {
	*bytes.Reader
	b []byte
}

func (h *handler) tooLarge() error {
	limit := h.limits.MaxBodyBytes
	return optionErrorf(http.StatusRequestEntityTooLarge, "body", "body: over the limit of %d bytes (%d MiB)", limit, limit>>20)
}

// readRest reads what is left of a body from bodyReader after the bytes
// already read into head.
func (h *handler) readRest(head []byte, body io.Reader, contentLength int64) ([]byte, error) {
	if wb, ok := body.(*wholeBody); ok {
		// head is the start of wb.b, read through it.
		return wb.b, h.bodyError(nil, len(wb.b), nil)
	}
	buf := bytes.NewBuffer(head)
	if contentLength > int64(len(head)) {
		buf.Grow(int(contentLength) - len(head) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(body)
	if err := h.bodyError(err, buf.Len(), nil); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// bodyError is the answer to a body that could not be read (readErr) or
// was empty, or else otherwise.
func (h *handler) bodyError(readErr error, n int, otherwise error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(readErr, &mbe):
		return h.tooLarge()
	case readErr != nil:
		return optionErrorf(http.StatusBadRequest, "body", "body: could not be read: %v", readErr)
	case n == 0:
		return optionErrorf(http.StatusBadRequest, "body", "body: empty")
	}
	return otherwise
}

// recordingReader keeps the bytes read through it, and the first error
// other than io.EOF, so that the body a picture's header was decoded from
// can be read on afterwards.
type recordingReader struct {
	r   io.Reader
	buf []byte
	err error
}

func (rr *recordingReader) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	rr.buf = append(rr.buf, p[:n]...)
	if err != nil && err != io.EOF && rr.err == nil {
		rr.err = err
	}
	return n, err
}
