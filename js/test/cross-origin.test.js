// The module served from another origin than the page's, as from a CDN or
// an asset host: its workers start all the same (through a same-origin blob
// URL that imports poolkit-worker.js), on a plain page and on a cross-origin
// isolated one, where they share memory. Skipped where Chromium is not
// installed.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { poolkit, randomPicture } from "./helpers.js";
import { launchChromium, serveFiles, skipChromium as skip } from "../../testing/chromium.js";
import { randomImageDataSource } from "../../testing/random.js";

const jsDir = new URL("../", import.meta.url);
let pageServer;
let moduleServer;
let browser;

before(async () => {
  if (skip) return;
  // The module's origin: CORS, which module scripts and their imports need
  // across origins, and CORP, which an isolated page needs.
  moduleServer = await serveFiles((path) => ({
    file: new URL(`.${path}`, jsDir),
    headers: { "access-control-allow-origin": "*", "cross-origin-resource-policy": "cross-origin" },
  }));
  pageServer = await serveFiles((path) => {
    const headers = path === "/isolated" ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
    return path === "/" || path === "/isolated" ? { body: "<!doctype html><title>poolkit</title>", type: "text/html", headers } : null;
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await pageServer?.close();
  await moduleServer?.close();
});

// picture builds randomPicture's bytes in the page.
const picture = randomImageDataSource;

async function poolFromOtherOrigin(path, loadOptions) {
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  try {
    await page.goto(`${pageServer.origin}${path}`);
    const r = await page.evaluate(async ({ picture, moduleOrigin, loadOptions }) => {
      const make = eval(picture);
      const { loadPoolkit } = await import(`${moduleOrigin}/poolkit.js`);
      const opts = { ...loadOptions, workers: 2 };
      if (opts.workerUrl) opts.workerUrl = moduleOrigin + opts.workerUrl;
      const pk = await loadPoolkit(opts);
      try {
        const out = await pk.pool(make(64, 48, 3), { op: "avg", kernel: 3, stride: 2 }, { bands: 2 });
        return { isolated: globalThis.crossOriginIsolated, data: [...out.data], width: out.width, height: out.height };
      } finally {
        await pk.close();
      }
    }, { picture, moduleOrigin: moduleServer.origin, loadOptions });
    assert.deepEqual(problems, []);
    return r;
  } finally {
    await page.close();
  }
}

async function want() {
  const pk = await poolkit();
  const r = pk.pool(randomPicture(64, 48, 3), { op: "avg", kernel: 3, stride: 2 });
  return { width: r.width, height: r.height, data: [...r.data] };
}

test("workers start when the module is on another origin", { skip }, async () => {
  assert.notEqual(new URL(pageServer.origin).port, new URL(moduleServer.origin).port);
  const { isolated, ...got } = await poolFromOtherOrigin("/", {});
  assert.equal(isolated, false);
  assert.deepEqual(got, await want());
});

test("workers start on another origin's module in a cross-origin isolated page, sharing memory", { skip }, async () => {
  const { isolated, ...got } = await poolFromOtherOrigin("/isolated", {});
  assert.equal(isolated, true);
  assert.deepEqual(got, await want());
});

test("workerUrl names the workers' script, on another origin too", { skip }, async () => {
  const { isolated, ...got } = await poolFromOtherOrigin("/", { workerUrl: "/poolkit-worker.js" });
  assert.deepEqual(got, await want());
});

test("workerUrl must be a URL or a string", async () => {
  const { loadPoolkit } = await import("../poolkit.js");
  await assert.rejects(loadPoolkit({ workers: 1, workerUrl: 42 }), (err) => err instanceof TypeError && err.option === "workerUrl");
});
