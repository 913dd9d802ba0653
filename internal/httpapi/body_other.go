//go:build !(js && wasm)

package httpapi

import (
	"io"
	"net/http"
)

// Natively bodies are streamed by net/http; see body_js.go for the edge.

func readWhole(*http.Request, int64) ([]byte, bool, error) { return nil, false, nil }

func writeWhole(http.ResponseWriter, []byte) bool { return false }

// drainBytes bounds how much of a refused request's body is read and thrown
// away so that its answer arrives.
const drainBytes = 128 << 20

// discardBody reads what is left of the body of a request about to be
// refused, up to drainBytes. A server that closes a connection with
// request bytes unread makes the kernel reset it, and a client still
// sending its upload (curl, browsers) then loses the answer with the
// connection: an upload over the limit got a reset instead of its 413 in
// about half the runs. Past drainBytes, or when the Content-Length says the
// body is longer, the connection is closed after the answer instead, and
// the client may see the reset.
func discardBody(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil || r.Body == http.NoBody {
		return
	}
	if r.ContentLength > drainBytes {
		w.Header().Set("Connection", "close")
		return
	}
	if n, _ := io.CopyN(io.Discard, r.Body, drainBytes+1); n > drainBytes {
		w.Header().Set("Connection", "close")
	}
}
