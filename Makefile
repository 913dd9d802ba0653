# poolkit: `make run` serves the site and the API on localhost; `make test`
# runs every test. Both build what they need first.

# Go 1.27.3 builds everything (the go command fetches it from the module proxy),
# with the simd experiment that gives the kernels their vector forms. The
# variables are exported to every recipe and to the tests' own go commands.
export GOTOOLCHAIN := go1.27.3
export GOEXPERIMENT := simd

GOROOT_WASM := $(shell GOTOOLCHAIN=$(GOTOOLCHAIN) go env GOROOT)/lib/wasm
GO_WASM_EXEC := $(GOROOT_WASM)/go_js_wasm_exec
PORT ?= 8080
export WRANGLER_SEND_METRICS = false

GO_SOURCES := go.mod go.sum $(shell find pool wasm worker internal cmd -name '*.go' 2>/dev/null)

.PHONY: all run build test bench bench-families deploy clean \
	test-go test-go-wasm test-go-portable test-js test-worker test-site test-bench

all: build

## build: the wasm module for js/, Go's wasm_exec.js beside it, and the edge worker bundle.
build: js/poolkit.wasm js/wasm_exec.js build/worker/.built

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

js/poolkit.wasm: $(GO_SOURCES)
	GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o $@ ./wasm

# Go's wasm_exec.js as a module whose one export runs it: poolkit.js imports it
# statically, so bundlers keep it in the same chunk (a worker bundle may have
# only one), and still defines the Go runtime's globals only when it loads.
js/wasm_exec.js: $(GOROOT_WASM)/wasm_exec.js Makefile
	{ echo 'export default function defineGo() {'; cat $<; echo '}'; } > $@

# The bundle holds the site and the JS module too (served as static assets), so
# it is rebuilt when they change.
WORKER_ASSETS := $(shell find site js -type f -not -path '*/test/*' -not -path '*/node_modules/*' 2>/dev/null)

build/worker/.built: $(GO_SOURCES) worker/wrangler.toml worker/build.sh js/poolkit.wasm js/wasm_exec.js $(WORKER_ASSETS)
	./worker/build.sh build/worker
	touch $@

## run: build, then serve the site at http://localhost:$(PORT)/ with the API under /v1/.
run: build
	go run ./cmd/poolkit-server -addr :$(PORT)

## test: every test (Go natively and in wasm, the JS module, the worker in workerd, the site in Chromium).
test: test-go test-go-wasm test-go-portable test-js test-worker test-site test-bench

# -race turns on checkptr, which holds the kernels' unsafe row walks to
# never forming a pointer past the end of their buffer.
test-go:
	go vet ./...
	go test ./...
	go test -race ./pool/

# vet in wasm too: asmdecl checks the wasm assembly against its Go
# declarations, which a native vet never builds.
test-go-wasm:
	GOOS=js GOARCH=wasm go vet ./pool/... ./wasm/... ./internal/... ./worker/...
	GOOS=js GOARCH=wasm go test -exec=$(GO_WASM_EXEC) ./pool/... ./internal/...

# pool/ as a Go user without the simd experiment builds it: the portable kernels,
# natively and in wasm.
test-go-portable:
	GOEXPERIMENT=nosimd go vet ./pool/...
	GOEXPERIMENT=nosimd go test ./pool/...
	GOEXPERIMENT=nosimd GOOS=js GOARCH=wasm go vet ./pool/...
	GOEXPERIMENT=nosimd GOOS=js GOARCH=wasm go test -exec=$(GO_WASM_EXEC) ./pool/...

test-js: js/poolkit.wasm js/wasm_exec.js node_modules/.package-lock.json
	node --test js/test/*.test.js

test-worker: build node_modules/.package-lock.json
	node --test worker/test/*.test.js

test-site: build node_modules/.package-lock.json
	node --test site/test/*.test.js

## bench: Go benchmarks, then the cross-library comparison written to BENCHMARKS.md.
bench: build node_modules/.package-lock.json
	go test -run '^$$' -bench . -benchmem ./pool/
	node bench/run.js

## bench-families: every pooling family's kernel, vector and portable, natively and in wasm (Node); --write for BENCHMARKS.md.
bench-families:
	node bench/families.js

# One quick pass of the comparison (1024x1024, one call per cell): it fails if
# poolkit disagrees with the naive loop, Go, itself across Node and Chromium,
# or if a library throws, so the harness cannot rot between runs of make bench.
test-bench: build node_modules/.package-lock.json
	node bench/run.js --quick

## deploy: publish the worker and the site with wrangler (needs Cloudflare credentials).
# wrangler's launcher refuses Node versions older than 22; its CLI itself runs
# on Node 20 with a warning, so it is started directly.
WRANGLER := node $(CURDIR)/node_modules/wrangler/wrangler-dist/cli.js

deploy: build node_modules/.package-lock.json
	cd build/worker && $(WRANGLER) deploy

clean:
	rm -rf build js/poolkit.wasm js/wasm_exec.js
