// Command poolkit-server serves all of poolkit from one origin: the static
// site at /, the JS module at /js/ and the HTTP API at /v1/, the same API the
// edge worker serves. `make run` builds the site's assets and starts it.
//
// Usage:
//
//	poolkit-server [-addr :8080] [-site ./site] [-js ./js] [-max-work-mib 1024] [-quiet]
//
// The address defaults to :$PORT, or :8080 without PORT. The site is served
// cross-origin isolated (COOP and COEP), so that the lab's workers share
// memory; the module under /js/ may be loaded from any origin; scripts and
// the wasm go out gzipped. Requests past -max-work-mib of estimated work in
// flight are answered 503 with Retry-After. Each request is logged in one
// line unless -quiet. SIGINT or SIGTERM stops it after the requests in
// progress finish.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/poolkit/poolkit/internal/httpapi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "poolkit-server:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down gracefully. ready, when not nil,
// receives the address listened on.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, ready chan<- string) error {
	defaultAddr := ":8080"
	if port := getenv("PORT"); port != "" {
		defaultAddr = ":" + port
	}
	fs := flag.NewFlagSet("poolkit-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", defaultAddr, "address to listen on (host:port; default :$PORT or :8080)")
	siteDir := fs.String("site", "site", "folder of the static site, served at /")
	jsDir := fs.String("js", "js", "folder of the JS module (poolkit.js, poolkit.wasm, wasm_exec.js), served at /js/")
	maxWork := fs.Int64("max-work-mib", 1024, "MiB of estimated work that requests may hold at once; past it they get 503 with Retry-After (0: no bound)")
	quiet := fs.Bool("quiet", false, "log no line per request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; the flags are -addr, -site, -js, -max-work-mib and -quiet", fs.Args())
	}
	if *maxWork < 0 {
		return fmt.Errorf("-max-work-mib %d: must be 0 (no bound) or more", *maxWork)
	}
	logger := log.New(stderr, "", log.LstdFlags)
	for _, f := range []string{filepath.Join(*siteDir, "index.html"), filepath.Join(*jsDir, "poolkit.wasm")} {
		if _, err := os.Stat(f); err != nil {
			logger.Printf("warning: %s is missing (run `make build` from the repository root); the API works without it", f)
		}
	}

	limits := httpapi.DefaultLimits
	// A 49-megapixel picture is estimated at about 600 MiB of work: two of
	// them at once get past 1 GiB, where the second is answered 503 rather
	// than doubling the server's memory.
	limits.MaxBytesInFlight = *maxWork << 20
	api := httpapi.New(httpapi.Config{
		Limits: limits,
		// The work is CPU-bound and a large picture takes hundreds of
		// megabytes, so more at once than there are CPUs only costs memory.
		MaxInFlight: runtime.GOMAXPROCS(0),
		Logf:        logger.Printf,
	})
	handler := newMux(*siteDir, *jsDir, api)
	if !*quiet {
		handler = logged(logger, handler)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          logger,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger.Printf("serving the site at http://%s/ and the API at http://%s/v1/", displayAddr(ln.Addr()), displayAddr(ln.Addr()))
	if ready != nil {
		ready <- ln.Addr().String()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Printf("shutting down; waiting for requests in progress")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// newMux routes /v1/ to the API and everything else to the static folders.
func newMux(siteDir, jsDir string, api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/", api)
	mux.Handle("/js/", shareable(isolated(gzipped(noCache(http.StripPrefix("/js/", http.FileServer(http.Dir(jsDir))))))))
	mux.Handle("/", isolated(gzipped(noCache(http.FileServer(http.Dir(siteDir))))))
	return mux
}

// noCache makes browsers revalidate static files, so that a page reloaded
// after `make build` gets the new poolkit.wasm rather than a stale one.
func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// displayAddr turns a wildcard listen address into one a browser can open.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
