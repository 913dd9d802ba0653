package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/poolkit/poolkit/internal/httpapi"
)

func TestMux(t *testing.T) {
	site, js := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>poolkit</h1>"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(js, "poolkit.js"), []byte("export {}"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(js, "poolkit.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644))
	srv := httptest.NewServer(newMux(site, js, httpapi.New(httpapi.Config{})))
	defer srv.Close()

	tests := []struct {
		path, contentType, body string
		status                  int
	}{
		{"/", "text/html", "<h1>poolkit</h1>", http.StatusOK},
		{"/js/poolkit.js", "javascript", "export {}", http.StatusOK},
		{"/js/poolkit.wasm", "application/wasm", "\x00asm", http.StatusOK},
		{"/v1/health", "application/json", `"name":"poolkit"`, http.StatusOK},
		{"/v1/nope", "application/json", `"error"`, http.StatusNotFound},
		{"/missing.html", "text/plain", "404", http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			res, err := http.Get(srv.URL + tc.path)
			require.NoError(t, err)
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Contains(t, res.Header.Get("Content-Type"), tc.contentType)
			assert.Contains(t, string(body), tc.body)
			if !strings.HasPrefix(tc.path, "/v1/") && tc.status == http.StatusOK {
				assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
			}
		})
	}
}

func TestRunShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	var stderr strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-site", t.TempDir(), "-js", t.TempDir()}, func(string) string { return "" }, &stderr, ready)
	}()
	addr := <-ready
	res, err := http.Get("http://" + addr + "/v1/health")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context ended")
	}
	assert.Contains(t, stderr.String(), "is missing", "missing assets are reported")
	assert.Contains(t, stderr.String(), "shutting down")
}

func TestRunFlags(t *testing.T) {
	env := func(k string) string { return map[string]string{"PORT": "notaport"}[k] }
	err := run(context.Background(), nil, env, io.Discard, nil)
	assert.ErrorContains(t, err, "notaport", "PORT sets the default address")
	err = run(context.Background(), []string{"extra"}, env, io.Discard, nil)
	assert.ErrorContains(t, err, "unexpected arguments")
	err = run(context.Background(), []string{"-bogus"}, env, io.Discard, nil)
	assert.Error(t, err)
}

func TestStaticHeaders(t *testing.T) {
	site, js := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>poolkit</h1>"), 0o644))
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), make([]byte, 64<<10)...)
	require.NoError(t, os.WriteFile(filepath.Join(js, "poolkit.wasm"), wasm, 0o644))
	srv := httptest.NewServer(newMux(site, js, httpapi.New(httpapi.Config{})))
	defer srv.Close()

	get := func(path string, header ...string) (*http.Response, []byte) {
		req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		require.NoError(t, err)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		// A transport of its own sends Accept-Encoding only when asked and
		// leaves the body as it came.
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, b
	}

	// The site and the module are cross-origin isolated; the module may be
	// loaded from any origin, isolated pages included.
	for _, path := range []string{"/", "/js/poolkit.wasm"} {
		res, _ := get(path)
		assert.Equal(t, "same-origin", res.Header.Get("Cross-Origin-Opener-Policy"), path)
		assert.Equal(t, "require-corp", res.Header.Get("Cross-Origin-Embedder-Policy"), path)
	}
	res, _ := get("/js/poolkit.wasm")
	assert.Equal(t, "cross-origin", res.Header.Get("Cross-Origin-Resource-Policy"))
	assert.Equal(t, "*", res.Header.Get("Access-Control-Allow-Origin"))
	res, _ = get("/")
	assert.Empty(t, res.Header.Get("Cross-Origin-Resource-Policy"))

	// gzip when accepted, the same bytes once inflated; not otherwise, nor
	// for a range.
	res, b := get("/js/poolkit.wasm", "Accept-Encoding", "br, gzip")
	assert.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
	assert.Equal(t, "application/wasm", res.Header.Get("Content-Type"))
	assert.Less(t, len(b), len(wasm)/4)
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	inflated, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.Equal(t, wasm, inflated)
	res, b = get("/js/poolkit.wasm")
	assert.Empty(t, res.Header.Get("Content-Encoding"))
	assert.Equal(t, "Accept-Encoding", res.Header.Get("Vary"))
	assert.Equal(t, wasm, b)
	res, b = get("/js/poolkit.wasm", "Accept-Encoding", "gzip", "Range", "bytes=0-3")
	assert.Equal(t, http.StatusPartialContent, res.StatusCode)
	assert.Equal(t, "\x00asm", string(b))
	res, _ = get("/missing.js", "Accept-Encoding", "gzip")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Empty(t, res.Header.Get("Content-Encoding"))
}

func TestRequestLogAndWorkBound(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-site", t.TempDir(), "-js", t.TempDir(), "-max-work-mib", "3"}, func(string) string { return "" }, &stderr, ready)
	}()
	addr := <-ready
	res, err := http.Get("http://" + addr + "/v1/health?x=1")
	require.NoError(t, err)
	var health struct{ Limits httpapi.Limits }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&health))
	res.Body.Close()
	assert.Equal(t, int64(3<<20), health.Limits.MaxBytesInFlight, "-max-work-mib sets the bound")
	cancel()
	require.NoError(t, <-done)
	assert.Regexp(t, `GET /v1/health\?x=1 200 \d+B [0-9.]+ms`, stderr.String())

	err = run(context.Background(), []string{"-max-work-mib", "-1"}, func(string) string { return "" }, io.Discard, nil)
	assert.ErrorContains(t, err, "-max-work-mib")
}

// syncBuffer is a strings.Builder that the server's goroutines may write
// while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The edge serves the static files with the headers of site/_headers; the
// local server sends the same ones.
func TestEdgeHeadersAgree(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "site", "_headers"))
	require.NoError(t, err)
	rules := map[string]http.Header{}
	var pattern string
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case !strings.HasPrefix(line, " "):
			pattern = strings.TrimSpace(line)
			rules[pattern] = http.Header{}
		default:
			k, v, ok := strings.Cut(strings.TrimSpace(line), ":")
			require.True(t, ok, line)
			rules[pattern].Set(k, strings.TrimSpace(v))
		}
	}
	require.Contains(t, rules, "/*")
	require.Contains(t, rules, "/js/*")

	site, js := t.TempDir(), t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>poolkit</h1>"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(js, "poolkit.js"), []byte("export {}"), 0o644))
	srv := httptest.NewServer(newMux(site, js, httpapi.New(httpapi.Config{})))
	defer srv.Close()
	for path, want := range map[string]http.Header{"/": rules["/*"], "/js/poolkit.js": merge(rules["/*"], rules["/js/*"])} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		res.Body.Close()
		for k := range want {
			assert.Equal(t, want.Get(k), res.Header.Get(k), "%s %s", path, k)
		}
	}
}

func merge(hs ...http.Header) http.Header {
	out := http.Header{}
	for _, h := range hs {
		for k, v := range h {
			out[k] = v
		}
	}
	return out
}
