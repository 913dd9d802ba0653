// Shared by the worker's tests: the bundle run in workerd through miniflare,
// PNG decoding, and the test pictures.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { decodePng } from "../../site/png.js";
export { randomTensor } from "../../testing/random.js";

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
export async function startWorker(dir = bundle) {
  if (!existsSync(dir + "app.wasm")) {
    throw new Error(`${dir}app.wasm is missing: run \`make build\` first`);
  }
  const mf = new Miniflare({
    modules: true,
    // miniflare refuses modules outside the script's folder unless told
    // where the bundle's root is.
    modulesRoot: dir,
    scriptPath: dir + "entry.mjs",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: compatibilityDate(),
  });
  await mf.ready;
  return mf;
}

/**
 * Decodes a PNG to RGBA bytes with the site's exact decoder (which the page
 * uses on the edge's answers too), failing loudly where it cannot.
 */
export async function decodePNG(bytes) {
  const px = await decodePng(new Uint8Array(bytes.buffer ?? bytes, bytes.byteOffset ?? 0, bytes.byteLength));
  if (!px) throw new Error("not a PNG that site/png.js decodes");
  return px;
}

/**
 * The test pictures, and the PNG holding the pixels Go's decoder gives for
 * each (the source itself for the lossless formats); see testdata/README.md.
 */
const pictureFiles = [
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
].map(async ([file, decoded]) => ({ file, bytes: readFileSync(testdata + file), pixels: await decodePNG(readFileSync(testdata + decoded)) }));
export const pictures = await Promise.all(pictureFiles);

/** The /v1/pool query for options, pairs written "h,w", as the site writes it. */
export function toQuery(opts) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(opts)) q.set(k, Array.isArray(v) ? v.join(",") : String(v));
  return q.toString();
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
