// Package httpapi is poolkit's HTTP API: one http.Handler that the local
// server (cmd/poolkit-server) and the edge worker (worker/) both serve.
//
//	POST /v1/pool?op=max&kernel=2    an encoded picture in, the pooled picture out as PNG
//	  &input=rgba&width=W&height=H   the body is W*H*4 bytes of raw RGBA instead
//	  &format=rgba                   raw RGBA out, its size in X-Width and X-Height
//	POST /v1/pool/tensor             {"shape", "data", "op", "kernel", ...} in, {"shape", "data", "indices"?} out
//	GET  /v1/health                  {"name", "version", "limits"}
//
// Options use the JS API's names and meanings; a query string writes a pair
// as kernel=3,2 (h, w). Errors are JSON {"error": "...", "option"?: "..."}:
// 400 bad options or input, 404 no such endpoint, 405 wrong method, 413 over
// a limit, 415 not a picture poolkit reads, 503 (with Retry-After) past
// Limits.MaxBytesInFlight. Every response allows any origin.
package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/poolkit/poolkit/pool"
)

// Version is the API's version, reported by GET /v1/health.
const Version = "0.1.0"

// Limits bound what one request may ask of the server.
type Limits struct {
	// MaxBodyBytes bounds a request body. A larger Content-Length gets 413
	// before the body is read; a body without one is cut off at the limit.
	MaxBodyBytes int64 `json:"maxBodyBytes"`
	// MaxPixels bounds a picture's width*height. It is checked on the
	// picture's header, before any pixel is decoded.
	MaxPixels int64 `json:"maxPixels"`
	// MaxTensorElements bounds the elements of a tensor request's input and
	// of its output.
	MaxTensorElements int `json:"maxTensorElements"`
	// MaxBytesInFlight bounds the memory that concurrent requests may hold
	// at once, as estimated from each request's size before its work
	// starts: a picture's body and bytesPerPixel per pixel, a tensor's body
	// times bytesPerTensorByte. A request that would go past it is
	// answered 503 with Retry-After, unless it would be the only one in
	// flight. Zero means no bound.
	MaxBytesInFlight int64 `json:"maxBytesInFlight,omitempty"`
}

// The estimates behind MaxBytesInFlight. A picture needs its decoded form
// (up to 4 bytes a pixel), its RGBA pixels (4), the pooled result (up to 4)
// and the encoded answer, which is smaller than the result in practice; a
// JSON tensor needs its body, a copy of its data member, the float32 input
// (at most 2 bytes of JSON per element) and the output.
const (
	bytesPerPixel      = 12
	bytesPerTensorByte = 4
)

// pixelCost is the work reserved for a picture of w x h pixels.
func pixelCost(w, h int) int64 { return bytesPerPixel * int64(w) * int64(h) }

// DefaultLimits are the local server's limits: 32 MiB bodies, 50-megapixel
// pictures and tensors of 4 Mi (4,194,304) float32 elements (16 MiB) in and
// out.
var DefaultLimits = Limits{
	MaxBodyBytes:      32 << 20,
	MaxPixels:         50_000_000,
	MaxTensorElements: 1 << 22,
}

// EdgeLimits are the edge worker's limits: 16 MiB bodies, 10-megapixel
// pictures, tensors of 2 Mi (2,097,152) elements and 64 MiB of work in
// flight. A Cloudflare isolate has 128 MB for everything, the Go instance's
// linear memory included, and a request at these limits peaks near 70 MB of
// it (a 10-megapixel JPEG, a 2 Mi-element tensor), which leaves room for the
// runtime and the JS side; at DefaultLimits the isolate would be killed
// mid-request instead of answering 413. One Go runtime serves all of an
// isolate's requests, so concurrent ones share that memory: past 64 MiB of
// estimated work (twenty 256x256 pictures take 16 MiB; a 10-megapixel one
// takes it all) they are answered 503.
var EdgeLimits = Limits{
	MaxBodyBytes:      16 << 20,
	MaxPixels:         10_000_000,
	MaxTensorElements: 1 << 21,
	MaxBytesInFlight:  64 << 20,
}

// Config configures the handler New returns. Its zero value serves with
// DefaultLimits and no bound on concurrent work.
type Config struct {
	// Limits holds the request limits; a zero field takes DefaultLimits'.
	Limits Limits
	// MaxInFlight bounds how many requests decode, pool and encode at once;
	// the others wait their turn, so that a burst of large pictures cannot
	// hold more than MaxInFlight of them in memory. Zero means no bound.
	MaxInFlight int
	// Logf receives failures that are the server's fault (a recovered
	// panic); nil discards them.
	Logf func(format string, args ...any)
}

// New returns the API's handler. It answers under /v1/ only; other paths get
// a JSON 404.
func New(c Config) http.Handler {
	h := &handler{limits: c.Limits, logf: c.Logf}
	d := DefaultLimits
	if h.limits.MaxBodyBytes <= 0 {
		h.limits.MaxBodyBytes = d.MaxBodyBytes
	}
	if h.limits.MaxPixels <= 0 {
		h.limits.MaxPixels = d.MaxPixels
	}
	if h.limits.MaxTensorElements <= 0 {
		h.limits.MaxTensorElements = d.MaxTensorElements
	}
	if c.MaxInFlight > 0 {
		h.slots = make(chan struct{}, c.MaxInFlight)
	}
	if h.logf == nil {
		h.logf = func(string, ...any) {}
	}
	h.routes = map[string]route{
		"/v1/health":      {methods: "GET, HEAD", serve: h.serveHealth},
		"/v1/pool":        {methods: "POST", serve: h.servePicture},
		"/v1/pool/tensor": {methods: "POST", serve: h.serveTensor},
	}
	return h
}

type handler struct {
	limits Limits
	slots  chan struct{} // nil: no bound on concurrent work

	mu       sync.Mutex
	inFlight int64 // bytes reserved by requests in progress, against MaxBytesInFlight
	logf     func(format string, args ...any)
	routes   map[string]route
}

type route struct {
	methods string // as the Allow header lists them, OPTIONS aside
	serve   func(http.ResponseWriter, *http.Request) error
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			// A panic is a bug in poolkit, not in the request; at the edge an
			// unrecovered one would end the worker's Go runtime.
			h.logf("httpapi: panic serving %s %s: %v", r.Method, r.URL.Path, p)
			writeError(w, errorf(http.StatusInternalServerError, "internal error; please report the request that caused it"))
		}
	}()
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Expose-Headers", "Server-Timing, X-Width, X-Height, Retry-After")
	w.Header().Set("Timing-Allow-Origin", "*")
	rt, ok := h.routes[r.URL.Path]
	if !ok {
		writeError(w, errorf(http.StatusNotFound, "no endpoint %s; poolkit serves GET /v1/health, POST /v1/pool and POST /v1/pool/tensor", r.URL.Path))
		return
	}
	allow := rt.methods + ", OPTIONS"
	switch {
	case r.Method == http.MethodOptions:
		hd := w.Header()
		hd.Set("Allow", allow)
		hd.Set("Access-Control-Allow-Methods", allow)
		if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
			hd.Set("Access-Control-Allow-Headers", req)
		} else {
			hd.Set("Access-Control-Allow-Headers", "Content-Type")
		}
		hd.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
	case !strings.Contains(", "+rt.methods+",", ", "+r.Method+","):
		w.Header().Set("Allow", allow)
		writeError(w, errorf(http.StatusMethodNotAllowed, "method %s: %s takes %s", r.Method, r.URL.Path, allow))
	default:
		if err := rt.serve(w, r); err != nil {
			writeError(w, err)
		}
	}
}

// apiError is an error with the status it answers with.
type apiError struct {
	status int
	msg    string
	option string // the option at fault, when there is one
}

func (e *apiError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// writeError answers with err as JSON. pool's errors are all about options or
// input, so they are 400s; an error of no known kind is the server's fault.
func writeError(w http.ResponseWriter, err error) {
	var ae *apiError
	var oe *pool.OptionError
	switch {
	case errors.As(err, &ae):
		if ae.status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
	case errors.As(err, &oe):
		ae = &apiError{status: http.StatusBadRequest, msg: oe.Error(), option: oe.Option}
	default:
		ae = &apiError{status: http.StatusInternalServerError, msg: err.Error()}
	}
	body, _ := json.Marshal(struct {
		Error  string `json:"error"`
		Option string `json:"option,omitempty"`
	}{ae.msg, ae.option})
	writeBody(w, ae.status, "application/json", append(body, '\n'))
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if !writeWhole(w, body) {
		w.Write(body)
	}
}

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
		return nil, errorf(http.StatusBadRequest, "body: empty")
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
	return errorf(http.StatusRequestEntityTooLarge, "body: over the limit of %d bytes (%d MiB)", limit, limit>>20)
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
		return errorf(http.StatusBadRequest, "body: could not be read: %v", readErr)
	case n == 0:
		return errorf(http.StatusBadRequest, "body: empty")
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

// acquire waits for a slot to work in; release gives it back.
func (h *handler) acquire(r *http.Request) error {
	if h.slots == nil {
		return nil
	}
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-r.Context().Done():
		return errorf(http.StatusServiceUnavailable, "the request was cancelled while it waited for a free slot")
	}
}

func (h *handler) release() {
	if h.slots != nil {
		<-h.slots
	}
}

// reserve claims n bytes of MaxBytesInFlight for a request's work, or
// answers 503 when the requests in progress hold too much of it. A request
// alone is always let in: the other limits bound its size. The caller calls
// unreserve(n) when its answer is written.
func (h *handler) reserve(n int64) error {
	if h.limits.MaxBytesInFlight <= 0 {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.inFlight > 0 && h.inFlight+n > h.limits.MaxBytesInFlight {
		return errorf(http.StatusServiceUnavailable, "busy: the requests in progress hold %d MiB of the %d MiB this server works on at once and this one needs %d MiB; retry in a moment",
			h.inFlight>>20, h.limits.MaxBytesInFlight>>20, (n+1<<20-1)>>20)
	}
	h.inFlight += n
	return nil
}

func (h *handler) unreserve(n int64) {
	if h.limits.MaxBytesInFlight <= 0 {
		return
	}
	h.mu.Lock()
	h.inFlight -= n
	h.mu.Unlock()
}

func (h *handler) serveHealth(w http.ResponseWriter, r *http.Request) error {
	body, _ := json.Marshal(struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Limits  Limits `json:"limits"`
	}{Name: "poolkit", Version: Version, Limits: h.limits})
	body = append(body, '\n')
	if r.Method == http.MethodHead {
		// No Content-Length: at the edge, the glue would promise the runtime
		// that many bytes and then fail the response for sending none.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		return nil
	}
	writeBody(w, http.StatusOK, "application/json", body)
	return nil
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
		return errorf(http.StatusUnsupportedMediaType, "body: send the picture's bytes as the body (curl --data-binary @picture.png), not as a multipart form (curl -F)")
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
		if err := checkPixels(cfg.Width, cfg.Height, h.limits.MaxPixels); err != nil {
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
	if err := checkPixels(req.width, req.height, h.limits.MaxPixels); err != nil {
		return pool.Pixels{}, err
	}
	n := 4 * int64(req.width) * int64(req.height)
	if n > h.limits.MaxBodyBytes {
		return pool.Pixels{}, errorf(http.StatusRequestEntityTooLarge, "body: %dx%d RGBA pixels take %d bytes; the limit is %d bytes (%d MiB)",
			req.width, req.height, n, h.limits.MaxBodyBytes, h.limits.MaxBodyBytes>>20)
	}
	wrongLength := func(got int64) error {
		return errorf(http.StatusBadRequest, "body: %d bytes; input=rgba with width=%d and height=%d takes exactly %d (width*height*4, RGBA row by row)",
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

// phase is a named part of a request's work.
type phase struct {
	name string
	dur  time.Duration
}

// serverTiming formats phases as a Server-Timing header, which browsers show
// beside the request and the site reads.
func serverTiming(phases ...phase) string {
	var b []byte
	for i, p := range phases {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, p.name+";dur="...)
		b = strconv.AppendFloat(b, float64(p.dur.Microseconds())/1000, 'f', 3, 64)
	}
	return string(b)
}

// queryFields splits a raw query string, reporting what url.ParseQuery would
// silently drop.
func queryFields(raw string) ([]field, error) {
	var fields []field
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		val, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, errorf(http.StatusBadRequest, "query: %q is not a valid key=value pair (bad %%-escape)", shorten(pair))
		}
		fields = append(fields, field{key: key, v: textValue(val)})
	}
	return fields, nil
}
