package main

// What the static files get besides their bytes: the headers that make the
// site cross-origin isolated, and gzip for the scripts and the wasm.

import (
	"compress/gzip"
	"net/http"
	"path"
	"strings"
)

// isolated makes a page cross-origin isolated (COOP same-origin, COEP
// require-corp), which is what gives it SharedArrayBuffer and so the
// workers' shared memory. The same headers are in site/_headers for the
// edge.
func isolated(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		hd.Set("Cross-Origin-Embedder-Policy", "require-corp")
		h.ServeHTTP(w, r)
	})
}

// shareable lets pages of any origin load the JS module, isolated ones too:
// under COEP require-corp, a page may only load another origin's scripts
// and wasm that say so with Cross-Origin-Resource-Policy, and a module's
// imports and fetches need CORS.
func shareable(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Cross-Origin-Resource-Policy", "cross-origin")
		hd.Set("Access-Control-Allow-Origin", "*")
		h.ServeHTTP(w, r)
	})
}

// compressible are the extensions worth compressing: poolkit.wasm shrinks
// to about a third, the scripts to a quarter.
var compressible = map[string]bool{".wasm": true, ".js": true, ".mjs": true, ".css": true, ".html": true, ".json": true, ".svg": true, ".ts": true, ".md": true}

// gzipped compresses a compressible file's full answer for a client that
// accepts gzip. Ranges and other statuses pass as they are, since their
// lengths and offsets are the file's.
func gzipped(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path
		if strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		if !compressible[path.Ext(name)] {
			h.ServeHTTP(w, r)
			return
		}
		// Caches must not hand the gzipped answer to a client that did not
		// ask for it, nor the plain one to every client.
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Header.Get("Range") != "" || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.close()
		h.ServeHTTP(gw, r)
	})
}

func acceptsGzip(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.ReplaceAll(params, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// gzipWriter compresses a 200's body and passes any other answer through.
type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(status int) {
	if !g.decided {
		g.decided = true
		if status == http.StatusOK {
			hd := g.Header()
			hd.Del("Content-Length")
			hd.Set("Content-Encoding", "gzip")
			g.zw, _ = gzip.NewWriterLevel(g.ResponseWriter, gzip.BestSpeed)
		}
	}
	g.ResponseWriter.WriteHeader(status)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) close() {
	if g.zw != nil {
		g.zw.Close()
	}
}
