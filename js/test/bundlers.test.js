// The packed package in the bundlers people build with. Each app under
// examples/ is copied beside the `npm pack` tarball, installs it with npm
// (offline: the tarball is the only dependency), builds with its own npm
// script and runs in headless Chromium, where the synchronous API and the
// workers must give the bytes Node computes, with a clean console. The
// bundlers are the repository's dev dependencies: the copies sit under build/,
// so `npm run` and Node's resolution find them in the root node_modules, and
// each example must declare the same versions. Skipped where Chromium is not
// installed (CHROMIUM overrides its path).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { launchChromium, serveFiles, skipChromium as skip } from "../../testing/chromium.js";
import { poolkit } from "./helpers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const npm = (args, cwd) => run("npm", args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
const rootDevDependencies = JSON.parse(await readFile(join(root, "package.json"), "utf8")).devDependencies;

// Where each example's build puts the page: Vite writes index.html into dist,
// the others leave it beside the bundle.
const EXAMPLES = { vite: "dist", webpack: ".", rollup: ".", esbuild: "." };

let dir;
let browser;
const apps = {};

before(async () => {
  if (skip) return;
  await mkdir(join(root, "build"), { recursive: true });
  dir = await mkdtemp(join(root, "build", "bundlers-"));
  const cache = join(dir, "npm-cache");
  const [{ filename }] = JSON.parse((await npm(["pack", "--json", "--pack-destination", dir, "--cache", cache], join(root, "js"))).stdout);
  await Promise.all(Object.keys(EXAMPLES).map(async (name) => {
    const app = join(dir, name);
    await cp(join(root, "examples", name), app, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|package-lock\.json)$/.test(src) });
    const pkg = JSON.parse(await readFile(join(app, "package.json"), "utf8"));
    apps[name] = { dir: app, devDependencies: pkg.devDependencies };
    pkg.dependencies.poolkit = `file:../${filename}`;
    delete pkg.devDependencies;
    await writeFile(join(app, "package.json"), JSON.stringify(pkg, null, 2));
    await npm(["install", "--offline", "--no-audit", "--no-fund", "--cache", cache], app);
    // The builds run while Chromium starts and the pages of earlier ones
    // load; each test awaits its own and fails with its error.
    apps[name].built = npm(["run", "build"], app).then(() => null, (err) => err);
  }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// expected is what the examples' main.js computes, from Node's poolkit.
async function expected() {
  const picture = { data: new Uint8ClampedArray(16 * 12 * 4), width: 16, height: 12 };
  for (let i = 0; i < picture.data.length; i += 4) {
    const x = (i / 4) % 16, y = Math.floor(i / 64);
    picture.data.set([x * 16, y * 21, (x + y) * 9, 255 - x * 5], i);
  }
  const pk = await poolkit();
  return {
    sync: [...pk.pool(picture, { op: "avg", kernel: 2 }).data],
    workers: [...pk.pool(picture, { op: "max", kernel: 3, stride: 1, padding: "same" }).data],
  };
}

// serve answers GET requests from the folder, as any static host would.
function serve(folder) {
  return serveFiles((path) => ({ file: join(folder, path.endsWith("/") ? `${path}index.html` : path) }));
}

// openApp loads the page in a fresh context and returns what it printed,
// with every console error, page error and failed request along the way.
async function openApp(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
  try {
    await page.goto(url);
    await page.waitForFunction(() => document.getElementById("result").textContent !== "pooling…", null, { timeout: 60000 });
    return { text: await page.textContent("#result"), problems };
  } finally {
    await context.close();
  }
}

async function assertRuns(url) {
  const { text, problems } = await openApp(url);
  assert.deepEqual(problems, []);
  assert.ok(text.startsWith("{"), text);
  assert.deepEqual(JSON.parse(text), await expected());
}

for (const [name, out] of Object.entries(EXAMPLES)) {
  test(`${name}: npm run build, then both APIs in Chromium`, { skip }, async () => {
    const app = apps[name];
    for (const [dep, version] of Object.entries(app.devDependencies)) {
      assert.equal(version, rootDevDependencies[dep], `examples/${name} wants ${dep} ${version}; the root package.json has ${rootDevDependencies[dep]}`);
    }
    const err = await app.built;
    if (err) throw err;
    const server = await serve(join(app.dir, out));
    try {
      await assertRuns(`${server.origin}/`);
    } finally {
      await server.close();
    }
  });
}

test("vite: the dev server, whose one setting keeps poolkit out of dependency pre-bundling", { skip }, async () => {
  const app = apps.vite;
  const config = (await import(pathToFileURL(join(app.dir, "vite.config.js")))).default;
  assert.deepEqual(config, { optimizeDeps: { exclude: ["poolkit"] } });
  const { createServer: createViteServer } = await import("vite");
  const server = await createViteServer({ root: app.dir, logLevel: "silent", clearScreen: false, server: { host: "127.0.0.1", port: 0 } });
  await server.listen();
  try {
    await assertRuns(server.resolvedUrls.local[0]);
  } finally {
    await server.close();
  }
});
