// The module in workerd (Cloudflare Workers' runtime, through miniflare),
// which hands an imported .wasm over as a compiled WebAssembly.Module.

import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const worker = `
import { loadPoolkit } from "./poolkit.js";
import wasm from "./poolkit.wasm";
let pk;
export default {
  async fetch() {
    pk ??= await loadPoolkit({ wasm });
    const r = pk.pool({ data: new Uint8ClampedArray([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), width: 2, height: 2 }, { op: "avg", kernel: 2 });
    let error;
    try {
      pk.poolTensor({ data: new Float32Array(4), shape: [2, 2] }, { op: "max", kernel: 3 });
    } catch (e) {
      error = e.name;
    }
    return Response.json({ data: [...r.data], error, globals: ["Go", "fs", "process", "path"].filter((n) => n in globalThis) });
  },
};`;

test("in workerd with a compiled WebAssembly.Module", async (t) => {
  const { Miniflare } = await import("miniflare");
  const dir = await mkdtemp(join(tmpdir(), "poolkit-workerd-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // The package's files, as npm would install them.
  const { files } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  const code = files.filter((name) => name.endsWith(".js") || name.endsWith(".wasm"));
  for (const name of code) await copyFile(new URL(`../${name}`, import.meta.url), join(dir, name));
  await writeFile(join(dir, "worker.js"), worker);
  const mf = new Miniflare({
    modulesRoot: dir,
    modules: [
      { type: "ESModule", path: join(dir, "worker.js") },
      ...code.map((name) => ({ type: name.endsWith(".wasm") ? "CompiledWasm" : "ESModule", path: join(dir, name) })),
    ],
    compatibilityDate: "2025-01-01",
  });
  t.after(() => mf.dispose());
  const res = await mf.dispatchFetch("http://localhost/");
  assert.equal(res.status, 200);
  // (1+5+9+13)/4 = 7, (2+6+10+14)/4 = 8, ...
  assert.deepEqual(await res.json(), { data: [7, 8, 9, 10], error: "RangeError", globals: [] });
});
