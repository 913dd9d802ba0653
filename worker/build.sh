#!/usr/bin/env bash
# Assembles the edge worker's bundle in DIR (default build/worker):
#   DIR/worker/   entry.mjs, syumai/workers' glue (runtime.mjs, wasm_exec.js) and app.wasm
#   DIR/public/   the static site, with the JS module under public/js/
#   DIR/wrangler.toml
# so that `wrangler deploy` run in DIR publishes the API and the site at once.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-build/worker}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root"
# make exports these; the defaults keep the script usable on its own.
export GOTOOLCHAIN=${GOTOOLCHAIN:-go1.27.3} GOEXPERIMENT=${GOEXPERIMENT:-simd}

# The generator's version is pinned by the tool directive in go.mod. It
# deletes the folder it writes to, so it gets one of its own.
go tool workers-assets-gen -mode=go -o "$out/worker"
# entry.mjs replaces the generated worker.mjs, which would start a Go
# runtime per request (see the comment at the top of entry.mjs).
rm "$out/worker/worker.mjs"
cp worker/entry.mjs "$out/worker/entry.mjs"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/worker/app.wasm" ./worker

# The module's files are the ones its package.json lists, but the README,
# LICENSE and CHANGELOG that npm pack copies in for the registry.
for f in $(node -p 'require("./js/package.json").files.filter((f) => /\.(js|ts|wasm)$/.test(f)).map((f) => "js/" + f).join(" ")') site/index.html; do
	[[ -e $f ]] || echo "build.sh: warning: $f is missing; the deployed site will lack it (run make build)" >&2
done
rm -rf "$out/public"
mkdir -p "$out/public/js"
# Tests and development files stay out of the deployment.
copy() { tar -C "$1" --exclude=./test --exclude=./node_modules --exclude='*.tgz' --exclude='./package*.json' --exclude=./prepack.js --exclude=./README.md --exclude=./LICENSE --exclude=./CHANGELOG.md -cf - . | tar -C "$2" -xf -; }
[[ -d site ]] && copy site "$out/public"
[[ -d js ]] && copy js "$out/public/js"

cp worker/wrangler.toml "$out/wrangler.toml"
