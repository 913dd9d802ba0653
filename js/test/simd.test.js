import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

// V8 runs WebAssembly SIMD only on x64 processors with SSE4.1; without it (here
// switched off with a V8 flag) the engine is one that lacks SIMD.
const noSimd = ["--no-enable-sse4-1"];
const load = `import("${new URL("../poolkit.js", import.meta.url)}").then(async ({ loadPoolkit }) => {
  try { await loadPoolkit(); console.log("loaded"); } catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }
});`;

const run = (flags) => execFileSync(process.execPath, [...flags, "--input-type=module", "-e", load], { encoding: "utf8" }).trim();

test("loadPoolkit: an engine without WebAssembly SIMD gets an Error naming the engines that have it", (t) => {
  const probe = execFileSync(process.execPath, [...noSimd, "-e", "console.log(WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,123,3,2,1,0,10,8,1,6,0,65,0,253,15,11])))"], { encoding: "utf8" }).trim();
  if (probe !== "false") {
    t.skip("this processor or Node cannot switch WebAssembly SIMD off");
    return;
  }
  const err = JSON.parse(run(noSimd));
  assert.equal(err.name, "Error");
  assert.match(err.message, /^poolkit: this JavaScript engine does not support WebAssembly SIMD/);
  assert.match(err.message, /every current browser, Node 20\+ and workerd/);
});

test("loadPoolkit: the same load succeeds where the engine has SIMD", () => {
  assert.equal(run([]), "loaded");
});
