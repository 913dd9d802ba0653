// Loading poolkit.wasm: Go's runtime, and compiling and instantiating the
// module from a URL, a path, bytes, a compiled Module or a Response, in
// browsers, Node and edge runtimes.

import defineGo from "./wasm_exec.js";
import { optionError } from "./errors.js";
import { describe } from "./checks.js";

export const isNode = () => typeof globalThis.process?.versions?.node === "string";

// Specifiers in variables, with the bundler hints, keep browser bundlers from
// trying to resolve Node's built-ins, which only the Node branches import.
export const nodeImport = (name) => import(/* webpackIgnore: true */ /* @vite-ignore */ name);

// loadGo runs Go's wasm_exec.js once and returns its Go class. The script
// defines globalThis.Go and, where they are missing, stand-ins for
// Node's fs, process and path; a stand-in process in a browser misleads every
// library that sniffs for Node, so all of them are removed again. The runtime
// only needs fs to print a fatal error; see instantiate.
function loadGo() {
  goRuntime ??= (async () => {
    const names = ["Go", "fs", "process", "path"];
    const before = names.map((n) => [n, Object.getOwnPropertyDescriptor(globalThis, n)]);
    defineGo();
    const Go = globalThis.Go;
    const fs = globalThis.fs;
    for (const [n, d] of before) {
      if (!d) delete globalThis[n];
      else if (globalThis[n] !== d.value && "value" in d) Object.defineProperty(globalThis, n, d);
    }
    if (typeof Go !== "function") throw new Error("poolkit: wasm_exec.js did not define Go");
    return { Go, fs };
  })();
  return goRuntime;
}

// SIMD_PROBE is the smallest module with a 128-bit SIMD instruction: a
// function returning i8x16.splat(0). poolkit.wasm's kernels use such
// instructions throughout, and an engine without them would fail its
// compilation with a CompileError about an unknown opcode somewhere inside.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // one type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b, // i32.const 0; i8x16.splat; end
]);

// requireSimd throws unless the engine runs WebAssembly's 128-bit SIMD.
export function requireSimd() {
  if (!globalThis.WebAssembly.validate(SIMD_PROBE)) {
    throw new Error(
      "poolkit: this JavaScript engine does not support WebAssembly SIMD (128-bit vectors), which poolkit.wasm needs; " +
        "every current browser, Node 20+ and workerd support it",
    );
  }
}

export async function instantiate(source) {
  requireSimd();
  const { Go, fs } = await loadGo();
  const go = new Go();
  for (const imports of Object.values(go.importObject)) {
    const write = imports["runtime.wasmWrite"];
    if (typeof write !== "function") continue;
    imports["runtime.wasmWrite"] = (sp) => {
      if (globalThis.fs) return write(sp);
      globalThis.fs = fs;
      try {
        return write(sp);
      } finally {
        delete globalThis.fs;
      }
    };
  }
  const { module, instance } = await compile(source ?? new URL("./poolkit.wasm", import.meta.url), go.importObject);
  // run executes Go's main synchronously up to its select{}, so the API
  // object is in place when it returns; nothing else runs in between.
  const exited = go.run(instance);
  const exports = globalThis.__poolkit;
  delete globalThis.__poolkit;
  if (exports === undefined) throw new Error("poolkit: poolkit.wasm did not start");
  exited.then(() => { exports.exited = true; });
  return { module, exports, wasm: instance.exports, memory: instance.exports.mem };
}

async function compile(source, imports) {
  const WA = globalThis.WebAssembly;
  if (source instanceof WA.Module) return { module: source, instance: await WA.instantiate(source, imports) };
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WA.instantiate(source, imports);
  if (typeof Response === "function" && source instanceof Response) return fromResponse(source, imports);
  let url = source;
  if (typeof source === "string") {
    // A scheme of one letter is a Windows drive, not a URL.
    if (isNode() && !/^[a-z][a-z0-9+.-]+:/i.test(source)) {
      return WA.instantiate(await readWasm(source), imports);
    }
    url = new URL(source, globalThis.document?.baseURI ?? globalThis.location?.href);
  }
  if (!(url instanceof URL)) {
    throw optionError(TypeError, "wasm", `wasm ${describe(source)}: must be a URL, a path, bytes, a WebAssembly.Module or a Response`);
  }
  if (url.protocol === "file:" && isNode()) {
    return WA.instantiate(await readWasm(url), imports);
  }
  return fromResponse(await fetch(url), imports);
}

// readWasm reads the module from a file, saying what to do when it is not
// there: in a checkout, poolkit.wasm exists only once `make build` made it.
async function readWasm(file) {
  const { readFile } = await nodeImport("node:fs/promises");
  try {
    return await readFile(file);
  } catch (err) {
    if (err?.code !== "ENOENT") throw err;
    const path = file instanceof URL ? decodeURIComponent(file.pathname) : file;
    throw new Error(`poolkit: no WebAssembly module at ${path}; in a checkout of poolkit, run \`make build\` in its root to make js/poolkit.wasm, or pass loadPoolkit({ wasm }) where it lives`, { cause: err });
  }
}

async function fromResponse(res, imports) {
  if (!res.ok) {
    const hint = res.status === 404 ? " (is poolkit.wasm deployed beside poolkit.js? in a checkout, `make build` makes it; loadPoolkit({ wasm }) names another place)" : "";
    throw new Error(`poolkit: fetching ${res.url || "poolkit.wasm"} failed: ${res.status} ${res.statusText}${hint}`);
  }
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  // Streaming compilation refuses any other MIME type, which many static
  // servers get wrong; the bytes are still good.
  if (type === "application/wasm" && typeof WebAssembly.instantiateStreaming === "function") {
    return WebAssembly.instantiateStreaming(res, imports);
  }
  return WebAssembly.instantiate(await res.arrayBuffer(), imports);
}

let goRuntime;
