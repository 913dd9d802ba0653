//go:build js && wasm

// Command worker is poolkit's edge function: the HTTP API of
// internal/httpapi served on Cloudflare Workers by github.com/syumai/workers.
// worker/build.sh bundles it with the site and the JS module for wrangler.
package main

import (
	"github.com/poolkit/poolkit/internal/httpapi"
	"github.com/syumai/workers"
)

func main() {
	// No MaxInFlight: the glue starts a fresh Go instance for every request,
	// so requests never share a heap to bound.
	workers.Serve(httpapi.New(httpapi.Config{Limits: httpapi.EdgeLimits}))
}
