// Pictures in and out of the page: decoding to exact RGBA bytes, drawing on
// canvases, and the per-pixel arithmetic the views add on top of the engine.

import { decodePng, encodePng, exactPngSupported } from "./png.js";

// Big photos would make every view slow for nothing the lab teaches; the
// engine itself takes any size.
export const MAX_SIDE = 1600;

/**
 * Decodes a picture file to { data, width, height, note }. PNGs are decoded
 * here byte for byte; other formats go through the browser, asked not to
 * colour-manage or premultiply.
 */
export async function decodePicture(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let img = await decodePng(bytes);
  if (!img) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(blob, { colorSpaceConversion: "none", premultiplyAlpha: "none" });
    } catch {
      throw new Error(`not a picture this browser can decode (${blob.type || "unknown type"})`);
    }
    img = bitmapPixels(bitmap, bitmap.width, bitmap.height);
    bitmap.close();
  }
  const side = Math.max(img.width, img.height);
  if (side > MAX_SIDE) {
    const s = MAX_SIDE / side;
    const w = Math.max(1, Math.round(img.width * s)), h = Math.max(1, Math.round(img.height * s));
    const bitmap = await createImageBitmap(new ImageData(img.data, img.width, img.height), {
      resizeWidth: w, resizeHeight: h, resizeQuality: "high", premultiplyAlpha: "none",
    });
    const small = bitmapPixels(bitmap, w, h);
    bitmap.close();
    small.note = `downscaled from ${img.width}×${img.height} to keep the lab quick`;
    return small;
  }
  return img;
}

function bitmapPixels(source, w, h) {
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  const ctx = c.getContext("2d", { willReadFrequently: true, colorSpace: "srgb" });
  ctx.drawImage(source, 0, 0, w, h);
  const d = ctx.getImageData(0, 0, w, h);
  return { data: d.data, width: w, height: h };
}

/** Draws RGBA pixels onto a canvas at their own size. */
export function draw(canvas, img) {
  canvas.width = img.width;
  canvas.height = img.height;
  const data = img.data instanceof Uint8ClampedArray ? img.data : new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
  const id = typeof ImageData !== "undefined" && img instanceof ImageData ? img : new ImageData(data, img.width, img.height);
  canvas.getContext("2d").putImageData(id, 0, 0);
}

/** A PNG of the pixels: exact where the browser can deflate, else via a canvas. */
export async function pngBlob(img) {
  if (exactPngSupported) return encodePng(img);
  const c = document.createElement("canvas");
  draw(c, img);
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob failed"))), "image/png"));
}

/** Planar Float32 channels of an RGBA picture, as a [1, channels, H, W] tensor. */
export function toTensor(img, channels = 4) {
  const n = img.width * img.height;
  const data = new Float32Array(n * channels);
  const src = img.data;
  if (channels === 4) {
    const g = n, b = 2 * n, a = 3 * n;
    for (let i = 0, o = 0; i < n; i++, o += 4) {
      data[i] = src[o];
      data[g + i] = src[o + 1];
      data[b + i] = src[o + 2];
      data[a + i] = src[o + 3];
    }
  } else {
    for (let c = 0; c < channels; c++) for (let i = 0; i < n; i++) data[c * n + i] = src[i * 4 + c];
  }
  return { data, shape: [1, channels, img.height, img.width] };
}

// Stops of matplotlib's "magma"-like ramp: dark where nothing differs, so that
// the bright cells stand out.
const RAMP = [
  [0, 0, 4], [59, 15, 112], [140, 41, 129], [222, 73, 104], [254, 159, 109], [252, 253, 191],
];

function ramp(t) {
  const x = Math.min(Math.max(t, 0), 1) * (RAMP.length - 1);
  const i = Math.min(Math.floor(x), RAMP.length - 2);
  const f = x - i;
  return RAMP[i].map((v, k) => Math.round(v + (RAMP[i + 1][k] - v) * f));
}

/**
 * A heat map of a - b (same size), averaged over R, G and B, scaled so that
 * the largest difference is the brightest; also the mean and the largest
 * difference.
 */
export function heatMap(a, b) {
  const n = a.width * a.height;
  const A = a.data, B = b.data;
  // The sum of three byte differences has 766 values: one pass collects the
  // sums, a table turns them into colours.
  const sums = new Uint16Array(n);
  let max = 0, total = 0;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const d = Math.abs(A[o] - B[o]) + Math.abs(A[o + 1] - B[o + 1]) + Math.abs(A[o + 2] - B[o + 2]);
    sums[i] = d;
    total += d;
    if (d > max) max = d;
  }
  const lut = new Uint32Array(max + 1);
  const bytes = new Uint8Array(lut.buffer);
  for (let d = 0; d <= max; d++) {
    // A square root lifts the faint differences of smooth regions into view
    // without drowning the edges.
    const [r, g, bl] = ramp(max ? Math.sqrt(d / max) : 0);
    bytes.set([r, g, bl, 255], d * 4);
  }
  const out = new Uint8ClampedArray(n * 4);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < n; i++) words[i] = lut[sums[i]];
  return { image: { data: out, width: a.width, height: a.height }, mean: n ? total / n / 3 : 0, max: max / 3 };
}

/** RGBA of pixel (x, y). */
export function pixelAt(img, x, y) {
  const o = (y * img.width + x) * 4;
  return [img.data[o], img.data[o + 1], img.data[o + 2], img.data[o + 3]];
}

export function rgba([r, g, b, a]) {
  return `rgba(${r}, ${g}, ${b}, ${a})`;
}

/** Where two pictures differ: the count of differing bytes and the largest difference. */
export function compareBytes(a, b) {
  if (a.width !== b.width || a.height !== b.height) return { sameSize: false, differing: a.data.length, largest: 255 };
  let differing = 0, largest = 0;
  for (let i = 0; i < a.data.length; i++) {
    const d = Math.abs(a.data[i] - b.data[i]);
    if (d) {
      differing++;
      if (d > largest) largest = d;
    }
  }
  return { sameSize: true, differing, largest };
}
