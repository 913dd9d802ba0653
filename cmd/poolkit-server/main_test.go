package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
