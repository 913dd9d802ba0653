// The module in Chromium: streaming compilation and its fallback, Web
// Workers, ImageData, and no globals left behind. Skipped where Chromium is
// not installed (CHROMIUM overrides its path).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { poolkit, randomPicture } from "./helpers.js";
import { launchChromium, serveFiles, skipChromium as skip } from "../../testing/chromium.js";
import { randomImageDataSource } from "../../testing/random.js";

const jsDir = new URL("../", import.meta.url);
let server;
let browser;
let page;

before(async () => {
  if (skip) return;
  server = await serveFiles((path) => {
    // The same module under a MIME type that streaming compilation refuses,
    // and on a cross-origin isolated page, where workers share memory.
    const wrong = path.startsWith("/wrong-mime/");
    const isolated = path.startsWith("/isolated/");
    const name = wrong || isolated ? path.slice(path.indexOf("/", 1)) : path;
    const headers = isolated ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {};
    if (name === "/") return { body: "<!doctype html><title>poolkit</title>", type: "text/html", headers };
    return { file: new URL(`.${name}`, jsDir), headers, type: wrong ? "application/octet-stream" : undefined };
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.origin}/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// picture builds randomPicture's bytes in the page.
const picture = randomImageDataSource;

test("in Chromium: ImageData in and out, the same bytes as Node, no globals left", { skip }, async () => {
  const got = await page.evaluate(async (picture) => {
    const make = eval(picture);
    const { loadPoolkit } = await import("/poolkit.js");
    const pk = await loadPoolkit();
    const r = pk.pool(make(37, 29, 5), { op: "avg", kernel: 3, stride: 2, padding: 1, alpha: "premultiplied" });
    let error;
    try {
      pk.pool(make(4, 4, 1), { op: "max", kernel: 2, strides: 2 });
    } catch (e) {
      error = `${e.name}: ${e.message}`;
    }
    return {
      isImageData: r instanceof ImageData, width: r.width, height: r.height, data: [...r.data], error,
      globals: ["Go", "fs", "process", "path", "__poolkit"].filter((n) => n in globalThis),
    };
  }, picture);
  const pk = await poolkit();
  const want = pk.pool(randomPicture(37, 29, 5), { op: "avg", kernel: 3, stride: 2, padding: 1, alpha: "premultiplied" });
  assert.equal(got.isImageData, true);
  assert.equal(got.width, want.width);
  assert.deepEqual(got.data, [...want.data]);
  assert.match(got.error, /^TypeError: option "strides"/);
  assert.deepEqual(got.globals, []);
});

test("in Chromium: a wrong MIME type, a compiled Module and bytes all load", { skip }, async () => {
  const widths = await page.evaluate(async () => {
    const { loadPoolkit } = await import("/poolkit.js");
    const image = { data: new Uint8ClampedArray(64), width: 4, height: 4 };
    const sources = [
      "/wrong-mime/poolkit.wasm",
      await WebAssembly.compileStreaming(fetch("/poolkit.wasm")),
      await (await fetch("/poolkit.wasm")).arrayBuffer(),
      new URL("/poolkit.wasm", location.href),
    ];
    const out = [];
    for (const wasm of sources) out.push((await loadPoolkit({ wasm })).pool(image, { op: "max", kernel: 2 }).width);
    return out;
  });
  assert.deepEqual(widths, [2, 2, 2, 2]);
});

test("in Chromium: Web Workers give the direct bytes, with progress", { skip }, async () => {
  const got = await page.evaluate(async (picture) => {
    const make = eval(picture);
    const { loadPoolkit } = await import("/poolkit.js");
    const pk = await loadPoolkit({ workers: 2 });
    const image = make(601, 403, 3);
    const opts = { op: "avg", kernel: 5, stride: 3, padding: 2, colorSpace: "linear" };
    const want = pk.direct.pool(image, opts);
    const progress = [];
    const r = await pk.pool(image, opts, { bands: 6, onProgress: (d, t) => progress.push(`${d}/${t}`) });
    let rejected;
    await pk.pool(image, { op: "mean", kernel: 2 }).catch((e) => (rejected = e.name));
    // Without cross-origin isolation the planes of a tensor travel as copies.
    const t = { data: new Float32Array(6 * 30 * 20).map((_, i) => (i % 89 === 0 ? -Infinity : Math.cos(i))), shape: [2, 3, 30, 20] };
    const topts = { op: "avg", kernel: 3, stride: 2, padding: 1, countIncludePad: false };
    const tw = pk.direct.poolTensor(t, topts);
    const tg = await pk.poolTensor(t, topts, { parts: 4 });
    await pk.close();
    return {
      isImageData: r instanceof ImageData, same: r.data.every((v, i) => v === want.data[i]) && r.data.length === want.data.length,
      progress, rejected, inputIntact: image.data.length === 601 * 403 * 4, isolated: crossOriginIsolated,
      tensor: tg.shape.join() === tw.shape.join() && tg.data.length === tw.data.length && tg.data.every((v, i) => Object.is(v, tw.data[i])),
      tensorIntact: t.data.length === 6 * 30 * 20,
    };
  }, picture);
  assert.deepEqual(got, {
    isImageData: true, same: true, progress: ["1/6", "2/6", "3/6", "4/6", "5/6", "6/6"], rejected: "TypeError", inputIntact: true,
    isolated: false, tensor: true, tensorIntact: true,
  });
});

test("in Chromium: workers share memory on a cross-origin isolated page, ImageData out", { skip }, async () => {
  const isolated = await browser.newPage();
  try {
    await isolated.goto(`${server.origin}/isolated/`);
    const got = await isolated.evaluate(async (picture) => {
      const make = eval(picture);
      const { loadPoolkit } = await import("/isolated/poolkit.js");
      const pk = await loadPoolkit({ workers: 2 });
      const image = make(700, 500, 7);
      const opts = { op: "avg", kernel: 3, stride: 1, padding: "same", alpha: "premultiplied" };
      const want = pk.direct.pool(image, opts);
      const same = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
      const r = await pk.pool(image, opts, { bands: 6 });
      const out = new Uint8ClampedArray(new SharedArrayBuffer(want.data.length));
      const inPlace = await pk.pool(image, opts, { out });
      const t = { data: new Float32Array(3 * 5 * 40 * 40).map((_, i) => (i % 97 === 0 ? NaN : Math.sin(i))), shape: [3, 5, 40, 40] };
      const topts = { op: "max", kernel: 3, stride: 1, padding: 1, returnIndices: true };
      const tw = pk.direct.poolTensor(t, topts);
      const tg = await pk.poolTensor(t, topts, { parts: 4 });
      await pk.close();
      return {
        isolated: crossOriginIsolated, isImageData: r instanceof ImageData, same: same(r.data, want.data),
        inPlace: inPlace.data.buffer === out.buffer && same(out, want.data),
        tensor: same(tg.data, tw.data) && same(tg.indices, tw.indices) && tg.shape.join() === tw.shape.join(),
      };
    }, picture);
    assert.deepEqual(got, { isolated: true, isImageData: true, same: true, inPlace: true, tensor: true });
  } finally {
    await isolated.close();
  }
});
