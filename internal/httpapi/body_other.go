//go:build !(js && wasm)

package httpapi

import "net/http"

// Natively bodies are streamed by net/http; see body_js.go for the edge.

func readWhole(*http.Request, int64) ([]byte, bool, error) { return nil, false, nil }

func writeWhole(http.ResponseWriter, []byte) bool { return false }
