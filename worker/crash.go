//go:build js && wasm && crashtest

package main

import (
	"net/http"
	"os"
)

// A build with -tags crashtest (worker/test/restart.test.js makes one) can be
// made to die on request, so that the test can check that worker/entry.mjs
// starts a fresh runtime afterwards. Production builds have no such routes.
func init() {
	api := handler
	handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/crash/exit":
			os.Exit(3)
		case "/crash/panic":
			// In a goroutine of its own, beyond the handler's recover: the
			// runtime ends as it would on a bug.
			go func() { panic("crash test") }()
			select {}
		case "/crash/trap":
			trap()
		default:
			api.ServeHTTP(w, r)
		}
	})
}

// trap executes WebAssembly's unreachable instruction: the instance traps
// without Go's runtime knowing.
func trap()
