//go:build js && wasm

// Command worker is poolkit's edge function: the HTTP API of
// internal/httpapi served on Cloudflare Workers by github.com/syumai/workers.
// worker/build.sh bundles it with the site and the JS module for wrangler.
//
// One Go runtime serves every request of an isolate: main registers the
// handler, signals that it is ready and then blocks, where workers.Serve
// would return after the first response and end the runtime with it.
// worker/entry.mjs starts the runtime on an isolate's first request and
// starts a new one if it ever exits or traps.
package main

import (
	"net/http"
	"runtime/debug"

	"github.com/poolkit/poolkit/internal/httpapi"
	"github.com/syumai/workers"
)

// memoryLimit keeps the Go heap inside a Cloudflare isolate's 128 MB, which
// also holds the JS side (request and response bodies on their way through
// the glue): near it the collector runs more often instead of the heap
// growing. What keeps the live heap under it is the handler's bound on the
// work in flight, EdgeLimits.MaxBytesInFlight.
const memoryLimit = 96 << 20

// handler is what the worker serves.
var handler http.Handler = httpapi.New(httpapi.Config{Limits: httpapi.EdgeLimits})

func main() {
	debug.SetMemoryLimit(memoryLimit)
	workers.ServeNonBlock(handler)
	workers.Ready()
	select {}
}
