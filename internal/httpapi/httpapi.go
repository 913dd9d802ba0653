// Package httpapi is poolkit's HTTP API: one http.Handler that the local
// server (cmd/poolkit-server) and the edge worker (worker/) both serve.
//
//	POST /v1/pool?op=max&kernel=2    an encoded picture in, the pooled picture out as PNG
//	  &input=rgba&width=W&height=H   the body is W*H*4 bytes of raw RGBA instead
//	  &format=rgba                   raw RGBA out, its size in X-Width and X-Height
//	POST /v1/pool/tensor             {"shape", "data", "op", "kernel", ...} in, {"shape", "data", "indices"?} out
//	  "call": "adaptive" | "global" | "unpool" (with "indices")
//	  ?shape=2,3,4&op=max&kernel=2   Content-Type: application/octet-stream: little-endian float32 in (binary.go)
//	GET  /v1/health                  {"name", "version", "limits"}
//
// In JSON, NaN is null and the infinities are 1e999 and -1e999.
//
// Options use the JS API's names and meanings; a query string writes a pair
// as kernel=3,2 (h, w). Errors are JSON {"error": "...", "option"?: "..."}:
// 400 bad options or input, 404 no such endpoint, 405 wrong method, 413 over
// a limit, 415 not a picture poolkit reads, 503 (with Retry-After) past
// Limits.MaxBytesInFlight. Every response allows any origin.
package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/poolkit/poolkit/pool"
)

// Version is the API's version, reported by GET /v1/health: poolkit's one
// release number, pool.Version.
const Version = pool.Version

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
	w.Header().Set("Access-Control-Expose-Headers", "Server-Timing, X-Width, X-Height, X-Shape, X-Indices-Offset, Retry-After")
	w.Header().Set("Timing-Allow-Origin", "*")
	rt, ok := h.routes[r.URL.Path]
	if !ok {
		discardBody(w, r)
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
		discardBody(w, r)
		writeError(w, errorf(http.StatusMethodNotAllowed, "method %s: %s takes %s", r.Method, r.URL.Path, allow))
	default:
		if err := rt.serve(w, r); err != nil {
			discardBody(w, r)
			writeError(w, err)
		}
	}
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
