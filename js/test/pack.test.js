import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const jsDir = fileURLToPath(new URL("..", import.meta.url));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });

let dir;
let cache;
let info;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "poolkit-pack-"));
  cache = join(dir, "cache");
  [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir, "--cache", cache], jsDir));
});

after(() => rm(dir, { recursive: true, force: true }));

test("npm pack gives a package a fresh project can install and use", async (t) => {
  const files = info.files.map((f) => f.path).sort();
  // Exactly the files package.json lists, every one of them present.
  const listed = JSON.parse(await readFile(join(jsDir, "package.json"), "utf8")).files;
  assert.deepEqual(files, [...listed, "package.json"].sort());
  t.diagnostic(`${info.filename}: ${info.size} bytes packed, ${info.unpackedSize} unpacked`);

  const app = join(dir, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  npm(["install", "--offline", "--no-audit", "--no-fund", "--cache", cache, join(dir, info.filename)], app);
  // The prepack script copies the repository's README, LICENSE and
  // CHANGELOG in; the installed copies are the repository's.
  const installed = join(app, "node_modules", "poolkit");
  // The README's relative links are made absolute, since npm's page for the
  // package has no repository to resolve them in; the text is otherwise the
  // repository's.
  const absolute = (s) => s.replaceAll("](https://github.com/poolkit/poolkit/blob/main/", "](");
  for (const name of ["README.md", "LICENSE", "CHANGELOG.md"]) {
    const got = await readFile(join(installed, name), "utf8");
    assert.equal(absolute(got), await readFile(join(jsDir, "..", name), "utf8"), name);
    assert.doesNotMatch(got, /\]\((?!https:|#)/, `${name}: a relative link is left`);
  }
  assert.match(await readFile(join(installed, "poolkit.d.ts"), "utf8"), /export declare function loadPoolkit|export function loadPoolkit/);
  const changelog = await readFile(join(installed, "CHANGELOG.md"), "utf8");
  assert.match(changelog, new RegExp(`^## ${info.version.replaceAll(".", "\\.")}\\b`, "m"), "CHANGELOG.md has an entry for the packed version");
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

test("publint and arethetypeswrong find nothing to fix in the packed package", async () => {
  const tarball = join(dir, info.filename);
  const bytes = await readFile(tarball);
  const pkg = JSON.parse(await readFile(join(jsDir, "package.json"), "utf8"));
  const { messages } = await publint({ level: "suggestion", strict: true, pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) } });
  assert.deepEqual(messages.map((m) => formatMessage(m, pkg)), []);

  // An ES module package: CommonJS resolution (node10, require from node16)
  // is out of scope. The other entry points are a wasm file and the worker
  // script, which have no types to check.
  const cli = import.meta.resolve("@arethetypeswrong/cli/package.json");
  const { bin } = JSON.parse(await readFile(new URL(cli), "utf8"));
  const attw = fileURLToPath(new URL(bin.attw, cli));
  const res = spawnSync(process.execPath, [attw, tarball, "--profile", "esm-only", "--entrypoints", ".", "--no-color", "--no-emoji"], { encoding: "utf8" });
  assert.equal(res.status, 0, res.stdout + res.stderr);
});
