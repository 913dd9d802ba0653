// The checks of the arguments that are not options (pictures, tensors, out
// buffers, option objects' keys), the shapes of results, and how values are
// quoted in messages.

import { isPictureSource, readPixels } from "./frames.js";
import { optionError } from "./errors.js";
import { KIND_RULES, OPTION_KINDS } from "./wire.js";

export const LOAD_KEYS = ["wasm", "workers", "workerUrl"];

// residentTensors holds the tensors createTensor made: their data is a view
// of the WebAssembly memory, which cannot be transferred to a worker.
export const residentTensors = new WeakSet();
export const ROWS_KEYS = ["height", "srcY", "from", "to"];

export function isTyped(x, ...tags) {
  return ArrayBuffer.isView(x) && tags.includes(x[Symbol.toStringTag]);
}

// bytesOf views a typed array's bytes as a Uint8Array of this realm, the
// only kind Go's copy functions take.
export function bytesOf(a) {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

export function clampedOf(a, n) {
  return new Uint8ClampedArray(a.buffer, a.byteOffset, n);
}

export function outArg(out) {
  if (out === undefined) return undefined;
  if (!isTyped(out, "Uint8ClampedArray", "Uint8Array")) {
    throw optionError(TypeError, "out", `out ${describe(out)}: must be a Uint8ClampedArray or Uint8Array`);
  }
  return out;
}

// tensorOutArg checks out against the tensor's data, whose type it must have.
export function tensorOutArg(out, data) {
  if (out === undefined) return undefined;
  const tag = data?.[Symbol.toStringTag] ?? "Float32Array";
  if (!isTyped(out, tag)) throw optionError(TypeError, "out", `out ${describe(out)}: must be a ${tag}, as the tensor's data is`);
  return out;
}

// pictureOutFits throws unless out, when given, holds n bytes, the w x h
// result of a picture call.
export function pictureOutFits(out, n, w, h) {
  if (out && out.length < n) throw optionError(RangeError, "out", `out length ${out.length}: must be at least ${n} for the ${w}x${h} (width x height) result`);
}

// tensorOutFits throws unless out, when given, holds n elements, the result
// of shape shape of a tensor call.
export function tensorOutFits(out, n, shape) {
  if (out && out.length < n) throw optionError(RangeError, "out", `out length ${out.length}: must be at least ${n} for the result of shape [${shape.join(", ")}]`);
}

// number checks that v, the value of name, is a number, which is what the
// record carries; its value is pool's to judge.
export function number(name, v) {
  if (typeof v !== "number") throw optionError(TypeError, name, `${name} ${describe(v)}: must be a number`);
  return v;
}

/**
 * Checks a picture argument and returns its fields. An ImageBitmap,
 * HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, HTMLVideoElement or
 * VideoFrame is read here, once, into RGBA bytes.
 */
export function pictureArg(image) {
  if (image === null || typeof image !== "object") {
    throw optionError(TypeError, "image", `image ${describe(image)}: must be an ImageData, { data, width, height } or a picture source (ImageBitmap, HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, HTMLVideoElement, VideoFrame)`);
  }
  const { data, width, height } = isPictureSource(image) ? readPixels(image) : image;
  if (!isTyped(data, "Uint8ClampedArray", "Uint8Array")) {
    throw optionError(TypeError, "data", `data ${describe(data)}: must be a Uint8ClampedArray or Uint8Array of RGBA bytes`);
  }
  // The size and the data's length are pool's to judge: the data is copied
  // whole, and a call cut into bands is one whose length fits its size.
  number("width", width);
  number("height", height);
  return { data, width, height };
}

/**
 * Copies the known keys of opts into a plain object, and throws a TypeError
 * naming any other key (a typo such as "strides" must not be ignored) or an
 * option of a type OPTION_KINDS does not give it.
 */
export function snapshot(opts, keys, call, what = "options") {
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
    throw optionError(TypeError, what, `${what} ${describe(opts)}: must be an object`);
  }
  const own = Object.keys(opts);
  const kinds = kindsOf(keys);
  const o = {};
  // A plain object's options are its own keys: reading only those spares
  // the lookups of every absent one, the larger part of a small call's cost.
  // Other objects may hold options on their prototypes.
  const proto = Object.getPrototypeOf(opts);
  if (proto === Object.prototype || proto === null) {
    for (const key of own) {
      const i = keys.indexOf(key);
      if (i < 0) throw optionError(TypeError, key, unknownKey(key, keys, call, what));
      const v = opts[key];
      if (v === undefined) continue;
      if (kinds[i] !== 0 && (kinds[i] & kindBit(v)) === 0) throw kindError(key, v);
      o[key] = Array.isArray(v) ? Array.from(v) : v;
    }
    return o;
  }
  for (const key of own) {
    if (!keys.includes(key)) throw optionError(TypeError, key, unknownKey(key, keys, call, what));
  }
  for (let i = 0; i < keys.length; i++) copy(o, keys[i], opts[keys[i]], kinds[i]);
  return o;
}

// The kinds' bits: a key's mask has the bit of each kind OPTION_KINDS
// gives it, and is 0 when it has no entry there (any value: wasm, out).
const KIND_BITS = { n: 1, s: 2, b: 4 };

// kindsOf returns the masks of keys' kinds, made once per list of keys: a
// tiny call's options are checked by index, which costs less than by name.
const kindMasks = new WeakMap();
function kindsOf(keys) {
  let masks = kindMasks.get(keys);
  if (masks === undefined) {
    masks = keys.map((key) => (OPTION_KINDS[key] === undefined ? 0 : [...OPTION_KINDS[key]].reduce((m, k) => m | KIND_BITS[k], 0)));
    kindMasks.set(keys, masks);
  }
  return masks;
}

// copy puts v, a value of option key whose kinds' mask is mask, into o,
// unless it is undefined (not given), an array as a copy.
function copy(o, key, v, mask) {
  if (v === undefined) return;
  if (mask !== 0 && (mask & kindBit(v)) === 0) throw kindError(key, v);
  o[key] = Array.isArray(v) ? Array.from(v) : v;
}

// kindError is the TypeError for v, a value of a type option key does not take.
function kindError(key, v) {
  return optionError(TypeError, key, `${key} ${describe(v)}: ${KIND_RULES[OPTION_KINDS[key]]}`);
}

// kindBit returns the bit of v's kind: a number or an array of numbers, a
// string or a boolean; 0 for any other value.
function kindBit(v) {
  switch (typeof v) {
    case "number":
      return KIND_BITS.n;
    case "string":
      return KIND_BITS.s;
    case "boolean":
      return KIND_BITS.b;
  }
  if (!Array.isArray(v)) return 0;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "number") return 0;
  return KIND_BITS.n;
}

function unknownKey(key, keys, call, what) {
  const near = keys.find((k) => k.toLowerCase() === key.toLowerCase()) ?? keys.find((k) => distance(k, key) <= 2);
  const hint = near ? ` (did you mean "${near}"?)` : "";
  return `option "${key}": unknown to ${call}${hint}; the ${what} are ${keys.join(", ")}`;
}

// distance is the Levenshtein distance, for "did you mean".
function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Writes a value the way an error message quotes it. */
export function describe(v) {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return "(a function)";
  if (typeof v === "symbol") return "(a symbol)";
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[${v.slice(0, 4).map((e) => (Array.isArray(e) ? "[...]" : describe(e))).join(", ")}${v.length > 4 ? ", ..." : ""}]`;
  if (ArrayBuffer.isView(v)) return `(a ${v[Symbol.toStringTag] ?? "DataView"} of length ${v.length ?? v.byteLength})`;
  return "(an object)";
}

/**
 * Returns an ImageData where the runtime has one, else a plain
 * { data, width, height } of the same shape.
 */
export function picture(data, width, height) {
  if (typeof globalThis.ImageData === "function") {
    try {
      return new globalThis.ImageData(data, width, height);
    } catch {
      // Some engines refuse views over shared memory; the plain shape follows.
    }
  }
  return { data, width, height };
}
