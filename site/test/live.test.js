// The lab's live view in Chromium with its fake camera: frames flow through
// the worker, a pooled frame's bytes equal pk.pool of the same frame with the
// options the form holds at that moment, pause and step, a video file made
// in the page by MediaRecorder, the test pattern, and the messages when the
// camera is refused or absent.
// Saves test-results/site/live.png, the README's screenshot of the view.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join, dirname, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { FAKE_CAMERA, launchChromium, recordProblems, serveFiles, skipChromium as skip } from "../../testing/chromium.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SHOTS = join(ROOT, "test-results", "site");

let server;
let origin;
let browser;
let page;
let problems = [];

// The live view needs only static files: the site, with the module at /js/.
function serve() {
  return serveFiles((path) => {
    path = normalize(path);
    if (path === "/") path = "/index.html";
    return { file: path.startsWith("/js/") ? join(ROOT, path) : join(ROOT, "site", path) };
  });
}

async function openLab(context) {
  const p = await context.newPage();
  recordProblems(p, problems);
  await p.goto(`${origin}/#sample=coffee`);
  await p.evaluate(() => window.lab.ready);
  return p;
}

before(async () => {
  if (skip) return;
  await mkdir(SHOTS, { recursive: true });
  server = await serve();
  origin = server.origin;
  browser = await launchChromium(FAKE_CAMERA);
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await openLab(context);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// The pages stay clean through each test, whichever tests run and in
// whatever order; a problem is charged to the test it happened in.
afterEach(() => {
  assert.deepEqual(problems.splice(0), []);
});

/** Waits until the live view has pooled at least n frames since its source started. */
const framesAtLeast = (n) => page.waitForFunction((k) => window.lab.live.state.frames >= k, n, { timeout: 30_000 });

/**
 * Captures the next pooled frame and pools its input with pk.pool in the
 * page, with the options the worker used; returns what to compare.
 */
const checkCapture = () => page.evaluate(async () => {
  const { loadPoolkit } = await import("/js/poolkit.js");
  const pk = await loadPoolkit();
  const c = await window.lab.live.capture();
  const want = pk.pool(c.input, c.opts);
  const eq = c.output.data.length === want.data.length && c.output.data.every((v, i) => v === want.data[i]);
  const lit = c.input.data.some((v, i) => i % 4 !== 3 && v > 0);
  return { opts: c.opts, size: [c.input.width, c.input.height], out: [c.output.width, c.output.height], eq, lit };
});

test("camera frames flow through the worker; a pooled frame is pk.pool of that frame", { skip }, async () => {
  await page.click("#live-camera");
  await framesAtLeast(3);
  const got = await checkCapture();
  assert.equal(got.eq, true, JSON.stringify(got.opts));
  assert.equal(got.lit, true, "the fake camera's frame is not black");
  assert.deepEqual(got.opts, { op: "max", kernel: 2 });
  assert.deepEqual(got.out, [got.size[0] / 2, got.size[1] / 2]);
  const before = await page.evaluate(() => window.lab.live.state.frames);
  await framesAtLeast(before + 5);
  const view = await page.evaluate(() => ({
    status: document.querySelector("#live-status").textContent,
    sizes: document.querySelector("#live-stats strong").textContent,
    ms: Number(document.querySelector("#live-ms")?.textContent),
    fps: document.querySelector("#live-fps")?.textContent,
    levels: [...document.querySelectorAll("#live-pyramid li:not([hidden]) .size")].map((s) => s.textContent),
    error: document.querySelector("#err-live").hidden ? null : document.querySelector("#err-live").textContent,
  }));
  assert.equal(view.status, `Camera: ${got.size[0]}×${got.size[1]}`);
  assert.equal(view.sizes, `${got.size[0]}×${got.size[1]} → ${got.out[0]}×${got.out[1]}`);
  assert.ok(view.ms > 0, JSON.stringify(view));
  assert.match(view.fps, /^\d+$/);
  assert.equal(view.error, null);
  // Each pyramid level halves the one before it.
  let [w, h] = got.size;
  assert.equal(view.levels.length, 5);
  for (const level of view.levels) {
    w = Math.floor(w / 2);
    h = Math.floor(h / 2);
    assert.equal(level, `${w}×${h}`);
  }
});

test("the form's options apply to the next frames, and an invalid one is explained", { skip }, async () => {
  await page.fill("#kh", "4");
  await page.fill("#kw", "4");
  await page.selectOption("#op", "avg");
  await page.waitForFunction(() => window.lab.live.state.frames > 0);
  let got;
  for (let i = 0; i < 20; i++) {
    got = await checkCapture();
    if (got.opts.op === "avg" && got.opts.kernel === 4) break;
  }
  assert.deepEqual(got.opts, { op: "avg", kernel: 4 });
  assert.equal(got.eq, true);
  assert.deepEqual(got.out, [Math.floor(got.size[0] / 4), Math.floor(got.size[1] / 4)]);

  await page.fill("#kh", "5000");
  await page.waitForFunction(() => /^No live result: kernel/.test(window.lab.live.state.error ?? ""), null, { timeout: 30_000 });
  await page.fill("#kh", "2");
  await page.fill("#kw", "2");
  await page.selectOption("#op", "max");
  await page.waitForFunction(() => window.lab.live.state.error === "", null, { timeout: 30_000 });
});

test("pause holds the frame, step pools exactly one more", { skip }, async () => {
  await page.click("#live-pause");
  assert.equal(await page.getAttribute("#live-pause", "aria-pressed"), "true");
  // The frame in flight, if any, finishes; then nothing more comes.
  await page.waitForTimeout(300);
  const held = await page.evaluate(() => window.lab.live.state.frames);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.lab.live.state.frames), held);
  await page.click("#live-step");
  await framesAtLeast(held + 1);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => window.lab.live.state.frames), held + 1);
  assert.equal(await page.textContent("#live-fps"), "paused");
  await page.click("#live-pause");
  await framesAtLeast(held + 4);
});

test("screenshot of the live view", { skip }, async () => {
  // Pixelated: an average over 16x16 windows.
  await page.selectOption("#op", "avg");
  await page.fill("#kh", "16");
  await page.fill("#kw", "16");
  await page.waitForFunction(() => window.lab.live.state.result?.[0] === window.lab.live.state.size[0] / 16, null, { timeout: 30_000 });
  await page.locator("#live-view").scrollIntoViewIfNeeded();
  await framesAtLeast((await page.evaluate(() => window.lab.live.state.frames)) + 2);
  await page.locator("#live-view").screenshot({ path: join(SHOTS, "live.png") });
});

test("a video file, made in the page by MediaRecorder, pools frame by frame", { skip }, async () => {
  await page.evaluate(async () => {
    // Two seconds of moving bars and a ball: generated, so free of any licence.
    const c = document.createElement("canvas");
    c.width = 320;
    c.height = 240;
    const ctx = c.getContext("2d");
    let t = 0;
    const paint = () => {
      ctx.fillStyle = "#123";
      ctx.fillRect(0, 0, 320, 240);
      for (let i = 0; i < 8; i++) {
        ctx.fillStyle = `hsl(${(i * 45 + t * 6) % 360} 80% 55%)`;
        ctx.fillRect(i * 40, 0, 20, 240);
      }
      ctx.fillStyle = "#fff";
      ctx.beginPath();
      ctx.arc(40 + ((t * 8) % 240), 120, 30, 0, 2 * Math.PI);
      ctx.fill();
      t++;
    };
    paint();
    const stream = c.captureStream(30);
    const rec = new MediaRecorder(stream, { mimeType: "video/webm;codecs=vp8" });
    const chunks = [];
    rec.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise((r) => { rec.onstop = r; });
    rec.start();
    const timer = setInterval(paint, 33);
    await new Promise((r) => setTimeout(r, 2000));
    clearInterval(timer);
    rec.stop();
    await stopped;
    const file = new File(chunks, "bars.webm", { type: "video/webm" });
    const input = document.querySelector("#live-file");
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event("change"));
  });
  await page.waitForFunction(() => window.lab.live.state.source === "file", null, { timeout: 30_000 });
  await framesAtLeast(3);
  const got = await checkCapture();
  assert.deepEqual(got.size, [320, 240]);
  assert.equal(got.eq, true);
  assert.equal(got.lit, true);
  assert.equal(await page.textContent("#live-status"), "bars.webm: 320×240");
  await page.click("#live-stop");
});

test("the test pattern needs no camera and pools like the rest", { skip }, async () => {
  await page.click("#live-pattern");
  await page.waitForFunction(() => window.lab.live.state.source === "pattern", null, { timeout: 30_000 });
  await framesAtLeast(3);
  const got = await checkCapture();
  assert.deepEqual(got.size, [1280, 720]);
  assert.equal(got.eq, true);
  assert.equal(got.lit, true);
  assert.equal(await page.textContent("#live-status"), "Test pattern: 1280×720");
  await page.click("#live-stop");
  assert.equal(await page.evaluate(() => window.lab.live.state.running), false);
});

// Without the fake UI Chromium refuses the fake camera, as a person pressing
// "Block" would; without the fake device it finds no camera at all.
for (const [what, args, message] of [
  ["refused", ["--use-fake-device-for-media-stream"], /^Camera access was refused\. Allow the camera for this site/],
  ["absent", [], /^No camera was found\. Connect one and press “Camera” again, or open a video file\.$/],
]) {
  test(`a camera that is ${what} gets a clear message`, { skip }, async () => {
    const other = await launchChromium(args);
    try {
      const p = await openLab(await other.newContext());
      await p.click("#live-camera");
      await p.waitForFunction(() => !document.querySelector("#err-live").hidden, null, { timeout: 30_000 });
      assert.match(await p.textContent("#err-live"), message);
      assert.equal(await p.evaluate(() => window.lab.live.state.running), false);
      assert.equal(await p.isDisabled("#live-pause"), true);
    } finally {
      await other.close();
    }
  });
}
