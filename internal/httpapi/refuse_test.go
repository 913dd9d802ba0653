//go:build !(js && wasm)

package httpapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A request refused before its body is read (too large by its
// Content-Length, a picture whose header is over the pixel limit, a bad
// query) still gets its JSON answer over a real connection, every time:
// the server reads the rest of the body before it closes the connection,
// where closing with bytes unread would reset it and lose the answer. (Not
// in wasm, whose test runner has no sockets.)
func TestEarlyRefusalAlwaysAnswers(t *testing.T) {
	srv := httptest.NewServer(New(Config{Limits: Limits{MaxBodyBytes: 1 << 20, MaxPixels: 1 << 20}}))
	defer srv.Close()

	// A 20000x20000 PNG's header, then 3 MiB of its (made up) data.
	huge := append(pngWithHeader(20000, 20000), make([]byte, 24<<20)...)
	over := make([]byte, 24<<20)
	cases := []struct {
		name, target string
		body         []byte
		chunked      bool
		status       int
		option       string
	}{
		{"picture over the pixel limit", "/v1/pool?op=max&kernel=2", huge, false, http.StatusRequestEntityTooLarge, ""},
		{"picture over the pixel limit, chunked", "/v1/pool?op=max&kernel=2", huge, true, http.StatusRequestEntityTooLarge, ""},
		{"body over the byte limit", "/v1/pool?op=max&kernel=2", over, false, http.StatusRequestEntityTooLarge, "body"},
		{"body over the byte limit, chunked", "/v1/pool/tensor", over, true, http.StatusRequestEntityTooLarge, "body"},
		{"bad query", "/v1/pool?op=maks&kernel=2", over, false, http.StatusBadRequest, "op"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for run := range 20 {
				res, err := sendThenRead(srv.Listener.Addr().String(), c.target, c.body, c.chunked)
				require.NoError(t, err, "run %d", run)
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				require.NoError(t, err, "run %d", run)
				require.Equal(t, c.status, res.StatusCode, "run %d: %s", run, b)
				var e struct{ Error, Option string }
				require.NoError(t, json.Unmarshal(b, &e), "run %d: %s", run, b)
				assert.NotEmpty(t, e.Error)
				if c.option != "" {
					assert.Equal(t, c.option, e.Option, "run %d: %s", run, b)
				}
			}
		})
	}
}

// sendThenRead posts body over a fresh connection and reads the answer
// once all of it is sent, as curl and browsers do with an upload: a server
// that closes the connection with part of the body unread resets it, and
// the answer is lost with it.
func sendThenRead(addr, target string, body []byte, chunked bool) (*http.Response, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	var req bytes.Buffer
	fmt.Fprintf(&req, "POST %s HTTP/1.1\r\nHost: %s\r\n", target, addr)
	if chunked {
		fmt.Fprintf(&req, "Transfer-Encoding: chunked\r\n\r\n")
		for b := body; len(b) > 0; {
			n := min(len(b), 64<<10)
			fmt.Fprintf(&req, "%x\r\n%s\r\n", n, b[:n])
			b = b[n:]
		}
		req.WriteString("0\r\n\r\n")
	} else {
		fmt.Fprintf(&req, "Content-Length: %d\r\n\r\n", len(body))
		req.Write(body)
	}
	if _, err := conn.Write(req.Bytes()); err != nil {
		return nil, fmt.Errorf("sending: %w", err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body = io.NopCloser(bytes.NewReader(b))
	return res, err
}
