// Shared by the worker's tests: the bundle run in workerd through miniflare,
// a PNG decoder small enough to hold in the head, and the test pictures.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { Miniflare } from "miniflare";

const root = fileURLToPath(new URL("../../", import.meta.url));
export const bundle = root + "build/worker/worker/";
export const testdata = root + "worker/testdata/";

/** The compatibility date of worker/wrangler.toml, so workerd runs what Cloudflare will. */
function compatibilityDate() {
  const m = readFileSync(root + "worker/wrangler.toml", "utf8").match(/^compatibility_date\s*=\s*"([^"]+)"/m);
  if (!m) throw new Error("worker/wrangler.toml has no compatibility_date");
  return m[1];
}

/** Starts the built worker in workerd; the caller disposes of it. */
export async function startWorker() {
  if (!existsSync(bundle + "app.wasm")) {
    throw new Error(`${bundle}app.wasm is missing: run \`make build\` first`);
  }
  const mf = new Miniflare({
    modules: true,
    // miniflare refuses modules outside the script's folder unless told
    // where the bundle's root is.
    modulesRoot: bundle,
    scriptPath: bundle + "worker.mjs",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: compatibilityDate(),
  });
  await mf.ready;
  return mf;
}

/**
 * Decodes a PNG of 8-bit grey, grey+alpha, RGB, RGBA or palette pixels, not
 * interlaced (what Go's encoder and the test pictures use), to RGBA bytes.
 */
export function decodePNG(bytes) {
  const buf = Buffer.from(bytes.buffer ?? bytes, bytes.byteOffset ?? 0, bytes.byteLength);
  if (buf.toString("latin1", 0, 8) !== "\x89PNG\r\n\x1a\n") throw new Error("not a PNG");
  let width, height, depth, type, interlace, palette, trns;
  const idat = [];
  for (let at = 8; at < buf.length; ) {
    const len = buf.readUInt32BE(at);
    const name = buf.toString("latin1", at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + len);
    at += 12 + len;
    if (name === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      [depth, type, , , interlace] = data.subarray(8);
    } else if (name === "PLTE") palette = data;
    else if (name === "tRNS") trns = data;
    else if (name === "IDAT") idat.push(data);
    else if (name === "IEND") break;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type];
  if (depth !== 8 || interlace !== 0 || !channels) throw new Error(`unsupported PNG: depth ${depth}, type ${type}, interlace ${interlace}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = px.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? px.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = up[i];
      const c = i >= channels ? up[i - channels] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      row[i] = (src[i] + pred) & 0xff;
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    let r, g, b, a = 255;
    if (type === 0) r = g = b = px[j];
    else if (type === 4) (r = g = b = px[j]), (a = px[j + 1]);
    else if (type === 2) [r, g, b] = px.subarray(j, j + 3);
    else if (type === 6) [r, g, b, a] = px.subarray(j, j + 4);
    else {
      const k = px[j];
      [r, g, b] = palette.subarray(3 * k, 3 * k + 3);
      if (trns && k < trns.length) a = trns[k];
    }
    data.set([r, g, b, a], 4 * i);
  }
  return { data, width, height };
}

/**
 * The test pictures, and the PNG holding the pixels Go's decoder gives for
 * each (the source itself for the lossless formats); see testdata/README.md.
 */
export const pictures = [
  ["picture.png", "picture.png"],
  ["picture.jpg", "picture.jpg.decoded.png"],
  ["progressive.jpg", "progressive.jpg.decoded.png"],
  ["cmyk.jpg", "cmyk.jpg.decoded.png"],
  ["palette.png", "palette.png.decoded.png"],
  ["picture.gif", "picture.gif.decoded.png"],
  ["lossless.webp", "picture.png"],
  ["lossy.webp", "lossy.webp.decoded.png"],
  ["picture.bmp", "picture.png"],
  ["picture.tiff", "picture.png"],
].map(([file, decoded]) => ({ file, bytes: readFileSync(testdata + file), pixels: decodePNG(readFileSync(testdata + decoded)) }));

/** The /v1/pool query for options, pairs written "h,w", as the site writes it. */
export function toQuery(opts) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(opts)) q.set(k, Array.isArray(v) ? v.join(",") : String(v));
  return q.toString();
}

/** A tensor of float32 values from a fixed pseudo-random sequence in [-2, 2). */
export function randomTensor(shape, seed = 1) {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    data[i] = (x >>> 0) / 2 ** 30 - 2;
  }
  return { data, shape };
}

/** The JSON body of /v1/pool/tensor: the tensor beside the options. */
export function tensorBody(t, opts) {
  return JSON.stringify({ shape: t.shape, data: Array.from(t.data, (v) => (Number.isNaN(v) ? null : v)), ...opts });
}

/** Float32Array from the endpoint's JSON data, null standing for NaN. */
export function toFloat32(data) {
  return Float32Array.from(data, (v) => (v === null ? NaN : v));
}

/** Options the tests pool each picture with: every key, most combinations. */
export const pictureOptions = [
  { op: "max", kernel: 2 },
  { op: "avg", kernel: [3, 2], stride: [2, 1], padding: 1, ceilMode: true },
  { op: "avg", kernel: 3, stride: 2, padding: "same", alpha: "premultiplied", colorSpace: "linear" },
  { op: "min", kernel: 3, stride: 1, dilation: [2, 1] },
  { op: "lp", kernel: 2, p: 3 },
  { op: "avg", kernel: 4, padding: 2, countIncludePad: false },
];

/** Options the tests pool tensors with. */
export const tensorOptions = [
  { op: "max", kernel: 3, stride: 2, padding: 1, returnIndices: true },
  { op: "avg", kernel: [2, 3], padding: [1, 1], ceilMode: true, countIncludePad: false },
  { op: "lp", kernel: 2, p: 1.5 },
  { op: "min", kernel: 2, stride: 2, padding: "same", returnIndices: true },
  { op: "avg", kernel: 3, dilation: 2 },
];
