// Frames resident in the WebAssembly memory (pk.createFrame), in Node and in
// Chromium, and the picture sources pk.pool reads in Chromium: each gives the
// bytes of its ImageData. Chromium runs with its fake camera; the Chromium
// tests are skipped where it is not installed (CHROMIUM overrides its path).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { FAKE_CAMERA, launchChromium, serveFiles, skipChromium as skip } from "../../testing/chromium.js";
import { xorshift32Source } from "../../testing/random.js";
import { poolkit, randomPicture } from "./helpers.js";

const same = (a, b) => a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;

test("a frame pools to pk.pool's bytes, for every option set, and keeps its memory across sizes", async () => {
  const pk = await poolkit();
  const frame = pk.createFrame(61, 47);
  const img = randomPicture(61, 47, 9);
  frame.data.set(img.data);
  const cases = [
    { op: "max", kernel: 2 },
    { op: "avg", kernel: 4 },
    { op: "min", kernel: 3, stride: 1, padding: "same" },
    { op: "avg", kernel: [3, 5], stride: 2, padding: 1, alpha: "premultiplied", colorSpace: "linear" },
    { op: "lp", kernel: 2, p: 3, ceilMode: true },
  ];
  for (const opts of cases) {
    const r = frame.pool(opts);
    const want = pk.pool(img, opts);
    assert.deepEqual([r.width, r.height], [want.width, want.height], JSON.stringify(opts));
    assert.ok(same(r.data, want.data), JSON.stringify(opts));
  }
  // The result is one object per frame, its data a view of the module's memory.
  assert.equal(frame.pool(cases[0]), frame.pool(cases[1]));
  assert.equal(frame.pool(cases[0]).data.buffer, pk.memory.buffer);

  // A smaller size reuses the buffer: no growth, the same address.
  const address = frame.data.byteOffset;
  frame.resize(20, 10);
  assert.equal(frame.data.byteOffset, address);
  assert.equal(frame.data.length, 20 * 10 * 4);
  frame.free();
});

test("growing the memory detaches old views; the accessors give fresh ones over the same bytes", async () => {
  const pk = await poolkit();
  const img = randomPicture(33, 17, 4);
  const frame = pk.createFrame(33, 17);
  frame.data.set(img.data);
  const result = frame.pool({ op: "max", kernel: 2 });
  const kept = frame.data;
  const keptResult = result.data;
  const before = pk.memory.buffer.byteLength;
  // Larger than everything this instance has held so far: the memory grows.
  const big = pk.createFrame(3000, 3000);
  assert.ok(pk.memory.buffer.byteLength > before);
  assert.equal(kept.length, 0, "a view of the old buffer is detached");
  assert.equal(keptResult.length, 0);
  assert.ok(same(frame.data, img.data));
  assert.ok(same(result.data, pk.pool(img, { op: "max", kernel: 2 }).data));
  big.free();
  frame.free();
});

test("frames: freed frames, bad sizes and bad options throw errors naming the problem", async () => {
  const pk = await poolkit();
  const frame = pk.createFrame(4, 4);
  assert.throws(() => frame.pool({ op: "max", kernel: 0 }), { name: "RangeError", message: /^kernel \[0, 0\]: each must be at least 1/ });
  assert.throws(() => frame.pool({ op: "max", kernel: 2, strides: 2 }), { name: "TypeError", message: /option "strides"/ });
  assert.throws(() => frame.pool({ op: "avg", kernel: 5 }), { name: "RangeError", message: /kernel/ });
  assert.throws(() => frame.resize(0, 3), { name: "RangeError", message: /^width 0: must be at least 1/ });
  assert.throws(() => frame.resize(3, 2.5), { name: "RangeError", message: /^height 2.5/ });
  assert.throws(() => frame.resize("3", 3), { name: "TypeError", message: /^width/ });
  // pool judges the data's length against the size before the frame takes
  // it: a refused read leaves the frame as it was.
  await assert.rejects(frame.read({ data: new Uint8ClampedArray(7), width: 2, height: 1 }), {
    name: "RangeError",
    option: "data",
    message: "data length 7: must be width*height*4 = 8 for 2x1 (width x height) RGBA pixels",
  });
  assert.deepEqual([frame.width, frame.height, frame.data.length], [4, 4, 64]);
  await assert.rejects(frame.read(42), { name: "TypeError", message: /^image/ });
  await assert.rejects(frame.read({ data: new Float32Array(4), width: 1, height: 1 }), { name: "TypeError", message: /^image/ });
  assert.equal(frame.pool({ op: "max", kernel: 2 }).width, 2, "the frame is still usable");
  const unsized = pk.createFrame();
  assert.throws(() => unsized.pool({ op: "max", kernel: 1 }), { name: "TypeError", message: /^frame: has no size yet/ });
  frame.free();
  frame.free();
  assert.throws(() => frame.data, { name: "TypeError", message: /^frame: has been freed/ });
  assert.throws(() => frame.pool({ op: "max", kernel: 2 }), { name: "TypeError", message: /^frame: has been freed/ });
  await assert.rejects(frame.read(randomPicture(2, 2)), { name: "TypeError", message: /^frame: has been freed/ });
  // Node has none of the browser's picture sources.
  assert.throws(() => pk.pool({ width: 2, height: 2 }, { op: "max", kernel: 2 }), { name: "TypeError", message: /^data/ });
});

test("frame.read copies a { data, width, height } in and sizes the frame", async () => {
  const pk = await poolkit();
  const frame = pk.createFrame();
  const img = randomPicture(9, 5, 2);
  assert.equal(await frame.read(img), frame);
  assert.deepEqual([frame.width, frame.height], [9, 5]);
  assert.ok(same(frame.data, img.data));
  frame.free();
});

// ---- Chromium ------------------------------------------------------------

const jsDir = new URL("../", import.meta.url);
let server;
let browser;
let page;

before(async () => {
  if (skip) return;
  server = await serveFiles((name) => (name === "/" ? { body: "<!doctype html><title>poolkit frames</title>", type: "text/html" } : { file: new URL(`.${name}`, jsDir) }));
  browser = await launchChromium(FAKE_CAMERA);
  page = await browser.newPage();
  await page.goto(`${server.origin}/`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("in Chromium: every picture source pools to the bytes of its ImageData, directly, in workers and as a frame", { skip }, async () => {
  const got = await page.evaluate(async (xorshift32Source) => {
    const { loadPoolkit } = await import("/poolkit.js");
    const pk = await loadPoolkit();
    const workers = await loadPoolkit({ workers: 2 });
    const w = 67;
    const h = 45;
    // Opaque pixels: a canvas stores colour premultiplied, so only opaque
    // ones come back unchanged through every source.
    const px = new Uint8ClampedArray(w * h * 4);
    const next = eval(xorshift32Source)(7);
    for (let i = 0; i < px.length; i++) px[i] = i % 4 === 3 ? 255 : next() >>> 24;
    const image = new ImageData(px, w, h);
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    canvas.getContext("2d").putImageData(image, 0, 0);
    const offscreen = new OffscreenCanvas(w, h);
    offscreen.getContext("2d").putImageData(image, 0, 0);
    const img = new Image();
    img.src = URL.createObjectURL(await offscreen.convertToBlob({ type: "image/png" }));
    await img.decode();
    const video = document.createElement("video");
    video.muted = true;
    const stream = canvas.captureStream(0);
    video.srcObject = stream;
    const playing = video.play();
    // The stream sends a frame when the canvas has changed since the last
    // one, and may drop those sent before the video plays: draw until one shows.
    while (video.readyState < 2 || video.videoWidth === 0) {
      canvas.getContext("2d").putImageData(image, 0, 0);
      stream.getVideoTracks()[0].requestFrame();
      await new Promise((r) => setTimeout(r, 20));
    }
    await playing;
    video.pause();
    const sources = {
      ImageBitmap: await createImageBitmap(image),
      HTMLImageElement: img,
      HTMLCanvasElement: canvas,
      OffscreenCanvas: offscreen,
      HTMLVideoElement: video,
      VideoFrame: new VideoFrame(canvas, { timestamp: 0 }),
      "VideoFrame (RGBA bytes)": new VideoFrame(px, { format: "RGBA", codedWidth: w, codedHeight: h, timestamp: 0 }),
    };
    // Its ImageData: the source drawn on a canvas of its own and read back.
    const imageDataOf = (s, sw, sh) => {
      const c = new OffscreenCanvas(sw, sh).getContext("2d");
      c.drawImage(s, 0, 0, sw, sh);
      return c.getImageData(0, 0, sw, sh);
    };
    const eq = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
    const opts = { op: "avg", kernel: 3, stride: 2, padding: 1 };
    const frame = pk.createFrame();
    const out = {};
    for (const [name, s] of Object.entries(sources)) {
      const own = imageDataOf(s, w, h);
      const want = pk.pool(own, opts);
      // A VideoFrame's pool returns a promise; every other source's, the result.
      const pending = pk.pool(s, opts);
      const promised = pending instanceof Promise;
      const direct = await pending;
      const inWorkers = await workers.pool(s, opts, { bands: 3 });
      await frame.read(s);
      out[name] = {
        ownIsOriginal: eq(own.data, px),
        direct: direct instanceof ImageData && eq(direct.data, want.data),
        promised: promised === s instanceof VideoFrame,
        workers: eq(inWorkers.data, want.data),
        frameBytes: frame.width === w && frame.height === h && eq(frame.data, own.data),
        framePool: eq(frame.pool(opts).data, want.data),
      };
    }
    for (const s of Object.values(sources)) s.close?.();
    stream.getTracks().forEach((t) => t.stop());
    // Every error of a VideoFrame's pool rejects its promise.
    const rejection = (f) => {
      try {
        return f().then(() => "resolved", (e) => `${e.name}${e.option ? ` (${e.option})` : ""}: ${e.message}`);
      } catch (e) {
        return `thrown ${e.name}: ${e.message}`;
      }
    };
    const closed = await rejection(() => pk.pool(sources.VideoFrame, opts));
    const open = new VideoFrame(px, { format: "RGBA", codedWidth: w, codedHeight: h, timestamp: 0 });
    const badOption = await rejection(() => pk.pool(open, { op: "max", kernel: 2, strides: 2 }));
    const badKernel = await rejection(() => pk.pool(open, { op: "max", kernel: 99 }));
    const shortOut = await rejection(() => pk.pool(open, opts, new Uint8ClampedArray(3)));
    const wantOpen = pk.pool(imageDataOf(open, w, h), opts);
    const outData = new Uint8ClampedArray(wantOpen.data.length + 4);
    const intoOut = await pk.pool(open, opts, outData);
    const intoOutOk = intoOut.data.buffer === outData.buffer && eq(intoOut.data, wantOpen.data);
    // Calls in flight at once, and a synchronous call between, each pool
    // their own frame.
    const inverse = new VideoFrame(px.map((v, i) => (i % 4 === 3 ? v : 255 - v)), { format: "RGBA", codedWidth: w, codedHeight: h, timestamp: 0 });
    const wantInverse = pk.pool(imageDataOf(inverse, w, h), { op: "max", kernel: 2 });
    const pending2 = [pk.pool(open, opts), pk.pool(inverse, { op: "max", kernel: 2 })];
    const between = pk.pool(imageDataOf(open, w, h), { op: "min", kernel: 4 });
    const [r1, r2] = await Promise.all(pending2);
    const concurrentOk = eq(r1.data, wantOpen.data) && eq(r2.data, wantInverse.data) && between.width === Math.floor(w / 4);
    open.close();
    inverse.close();
    let unloaded;
    try {
      pk.pool(new Image(), opts);
    } catch (e) {
      unloaded = `${e.name}: ${e.message}`;
    }
    frame.free();
    await workers.close();
    return { out, closed, unloaded, badOption, badKernel, shortOut, intoOutOk, concurrentOk };
  }, xorshift32Source);
  const every = { direct: true, promised: true, workers: true, frameBytes: true, framePool: true };
  for (const [name, r] of Object.entries(got.out)) {
    // A video's frames pass through the media pipeline, whose colour
    // conversion may round; its own ImageData is the reference.
    const { ownIsOriginal, ...rest } = r;
    assert.deepEqual(rest, every, name);
    if (name !== "HTMLVideoElement") assert.equal(ownIsOriginal, true, `${name}: the source holds the original bytes`);
  }
  assert.equal(Object.keys(got.out).length, 7);
  assert.match(got.closed, /^TypeError \(image\): image: the VideoFrame is closed/);
  assert.match(got.badOption, /^TypeError \(strides\): option "strides": unknown to pool/);
  assert.match(got.badKernel, /^RangeError \(kernel\): /);
  assert.match(got.shortOut, /^RangeError \(out\): out length 3: must be at least/);
  assert.equal(got.intoOutOk, true, "the result is written into out");
  assert.equal(got.concurrentOk, true, "calls in flight at once pool their own frames");
  assert.match(got.unloaded, /^TypeError: image: the HTMLImageElement has not loaded/);
});

test("in Chromium: camera frames read by VideoFrame.copyTo straight into the memory pool as their ImageData does", { skip }, async () => {
  const got = await page.evaluate(async () => {
    const { loadPoolkit } = await import("/poolkit.js");
    const pk = await loadPoolkit();
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
    const track = stream.getVideoTracks()[0];
    const reader = new MediaStreamTrackProcessor({ track }).readable.getReader();
    const frame = pk.createFrame();
    const opts = { op: "max", kernel: 2, stride: 2 };
    const rows = [];
    for (let i = 0; i < 3; i++) {
      const { value: vf } = await reader.read();
      await frame.read(vf);
      const r = frame.pool(opts);
      // The reference: the frame drawn on a canvas and read back as ImageData.
      const c = new OffscreenCanvas(vf.displayWidth, vf.displayHeight).getContext("2d");
      c.drawImage(vf, 0, 0);
      const want = pk.pool(c.getImageData(0, 0, vf.displayWidth, vf.displayHeight), opts);
      const promised = await pk.pool(vf, opts);
      rows.push({
        format: vf.format,
        size: [frame.width, frame.height, r.width, r.height],
        same: r.data.length === want.data.length && r.data.every((v, k) => v === want.data[k]),
        promised: promised.data.length === want.data.length && promised.data.every((v, k) => v === want.data[k]),
        lit: r.data.some((v, k) => k % 4 !== 3 && v > 0),
      });
      vf.close();
    }
    track.stop();
    frame.free();
    return rows;
  });
  assert.equal(got.length, 3);
  for (const r of got) {
    assert.deepEqual(r.size, [320, 240, 160, 120]);
    assert.equal(r.same, true, `a ${r.format} frame read by frame.read`);
    assert.equal(r.promised, true, `a ${r.format} frame pooled by pk.pool`);
    assert.equal(r.lit, true, "the fake camera's frame is not black");
  }
});
