import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const jsDir = fileURLToPath(new URL("..", import.meta.url));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });

test("npm pack gives a package a fresh project can install and use", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "poolkit-pack-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cache = join(dir, "cache");

  const [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir, "--cache", cache], jsDir));
  const files = info.files.map((f) => f.path).sort();
  assert.deepEqual(files, ["frames.js", "package.json", "poolkit-worker.js", "poolkit.d.ts", "poolkit.js", "poolkit.wasm", "wasm_exec.js"]);
  t.diagnostic(`${info.filename}: ${info.size} bytes packed, ${info.unpackedSize} unpacked`);

  const app = join(dir, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  npm(["install", "--offline", "--no-audit", "--no-fund", "--cache", cache, join(dir, info.filename)], app);
  await writeFile(join(app, "main.js"), `
    import { loadPoolkit } from "poolkit";
    const data = new Uint8ClampedArray(4 * 4 * 4);
    for (let i = 0; i < data.length; i++) data[i] = i;
    const pk = await loadPoolkit();
    const r = pk.pool({ data, width: 4, height: 4 }, { op: "max", kernel: 2 });
    const workers = await loadPoolkit({ workers: 2 });
    const w = await workers.pool({ data, width: 4, height: 4 }, { op: "max", kernel: 2 }, { bands: 2 });
    await workers.close();
    const t = pk.poolTensor({ data: new Float32Array([1, 2, 3, 4]), shape: [2, 2] }, { op: "avg", kernel: 2 });
    console.log(JSON.stringify({ width: r.width, height: r.height, data: [...r.data], workers: [...w.data], tensor: [...t.data] }));
  `);
  const out = JSON.parse(execFileSync(process.execPath, ["main.js"], { cwd: app, encoding: "utf8" }));
  // The max of each 2x2 window is its bottom-right pixel.
  const want = [20, 21, 22, 23, 28, 29, 30, 31, 52, 53, 54, 55, 60, 61, 62, 63];
  assert.deepEqual(out, { width: 2, height: 2, data: want, workers: want, tensor: [2.5] });
});
