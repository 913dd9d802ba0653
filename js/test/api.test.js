import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { loadPoolkit } from "../poolkit.js";
import { poolkit, randomPicture, randomTensor, throwsNamed } from "./helpers.js";

const wasmURL = new URL("../poolkit.wasm", import.meta.url);

test("pool: max, min and avg of a 4x4 picture by hand", async () => {
  const pk = await poolkit();
  // Channel c of pixel (y, x) is 16*c + 4*y + x, so every window is easy to read.
  const data = new Uint8ClampedArray(64);
  for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) for (let c = 0; c < 4; c++) data[4 * (4 * y + x) + c] = 16 * c + 4 * y + x;
  const image = { data, width: 4, height: 4 };
  const max = pk.pool(image, { op: "max", kernel: 2 });
  assert.equal(max.width, 2);
  assert.equal(max.height, 2);
  assert.ok(max.data instanceof Uint8ClampedArray);
  assert.deepEqual([...max.data.subarray(0, 4)], [5, 21, 37, 53]);
  assert.deepEqual([...pk.pool(image, { op: "min", kernel: 2 }).data.subarray(12)], [10, 26, 42, 58]);
  // (0+1+4+5)/4 = 2.5 rounds to 2, (2+3+6+7)/4 = 4.5 to 4: ties go to even.
  const avg = pk.pool(image, { op: "avg", kernel: 2 });
  assert.equal(avg.data[0], 2);
  assert.equal(avg.data[4], 4);
});

test("pool: a Uint8Array picture and the default stride", async () => {
  const pk = await poolkit();
  const image = { data: new Uint8Array([0, 0, 0, 255, 10, 20, 30, 255, 4, 4, 4, 0]), width: 3, height: 1 };
  const r = pk.pool(image, { op: "max", kernel: [1, 2] });
  assert.equal(r.width, 1);
  assert.deepEqual([...r.data], [10, 20, 30, 255]);
  assert.deepEqual(pk.outputSize(image, { op: "max", kernel: [1, 2] }), { width: 1, height: 1 });
});

test("pool writes into a caller's buffer and returns a view of it", async () => {
  const pk = await poolkit();
  const image = randomPicture(9, 7);
  const want = pk.pool(image, { op: "avg", kernel: 3, padding: 1, stride: 2 });
  const out = new Uint8ClampedArray(4 * want.width * want.height + 8);
  const got = pk.pool(image, { op: "avg", kernel: 3, padding: 1, stride: 2 }, out);
  assert.equal(got.data.buffer, out.buffer);
  assert.equal(got.data.length, 4 * want.width * want.height);
  assert.deepEqual(got.data, want.data);
  const bytes = new Uint8Array(4 * want.width * want.height);
  assert.deepEqual([...pk.pool(image, { op: "avg", kernel: 3, padding: 1, stride: 2 }, bytes).data], [...want.data]);
  throwsNamed(assert, () => pk.pool(image, { op: "max", kernel: 1 }, new Uint8ClampedArray(4)), RangeError, "out");
  throwsNamed(assert, () => pk.pool(image, { op: "max", kernel: 1 }, new Float32Array(300)), TypeError, "out");
});

test("tensor calls write into a caller's Float32Array and return a view of it", async () => {
  const pk = await poolkit();
  const t = randomTensor([2, 3, 9, 7], 5);
  const calls = [
    ["poolTensor", (out) => pk.poolTensor(t, { op: "max", kernel: 3, stride: 2, padding: 1 }, out)],
    ["poolTensor avg", (out) => pk.poolTensor(t, { op: "avg", kernel: [2, 3] }, out)],
    ["adaptivePool", (out) => pk.adaptivePool(t, { op: "max", outputSize: [4, 3], returnIndices: true }, out)],
    ["globalPool", (out) => pk.globalPool(t, { op: "avg" }, out)],
  ];
  for (const [name, f] of calls) {
    const want = f();
    // Filled with a value no result holds, so that a view of the wrong part
    // of the buffer, or a result left unwritten, cannot pass.
    const out = new Float32Array(want.data.length + 5).fill(-7);
    const got = f(out);
    assert.equal(got.data.buffer, out.buffer, name);
    assert.equal(got.data.length, want.data.length, name);
    assert.deepEqual(got.data, want.data, name);
    assert.deepEqual(got.shape, want.shape, name);
    assert.deepEqual(got.indices, want.indices, name);
    assert.deepEqual([...out.subarray(want.data.length)], [-7, -7, -7, -7, -7], name);
    throwsNamed(assert, () => f(new Float32Array(want.data.length - 1)), RangeError, "out");
    throwsNamed(assert, () => f(new Uint8Array(4 * want.data.length)), TypeError, "out");
  }
  const m = pk.poolTensor(t, { op: "max", kernel: 2, returnIndices: true });
  const back = pk.maxUnpool(m, m.indices, { outputSize: [9, 7] });
  const into = new Float32Array(back.data.length);
  assert.deepEqual(pk.maxUnpool(m, m.indices, { outputSize: [9, 7] }, into).data, back.data);
  assert.equal(pk.maxUnpool(m, m.indices, { outputSize: [9, 7] }, into).data.buffer, into.buffer);
  throwsNamed(assert, () => pk.maxUnpool(m, m.indices, { outputSize: [9, 7] }, new Float32Array(3)), RangeError, "out");
});

test("ImageData in and out where the runtime defines it", async (t) => {
  class ImageData {
    constructor(data, width, height) {
      if (!(data instanceof Uint8ClampedArray) || data.length !== 4 * width * height) throw new RangeError("bad ImageData");
      Object.assign(this, { data, width, height, colorSpace: "srgb" });
    }
  }
  globalThis.ImageData = ImageData;
  t.after(() => delete globalThis.ImageData);
  const pk = await poolkit();
  const src = randomPicture(6, 4);
  const r = pk.pool(new ImageData(src.data, 6, 4), { op: "max", kernel: 2 });
  assert.ok(r instanceof ImageData);
  assert.equal(r.width, 3);
  assert.equal(r.height, 2);
  const viaBytes = pk.pool(new ImageData(src.data, 6, 4), { op: "max", kernel: 2 }, new Uint8Array(24));
  assert.ok(viaBytes instanceof ImageData);
  assert.deepEqual(viaBytes.data, r.data);
});

test("poolTensor: indices, shapes of every rank, and maxUnpool", async () => {
  const pk = await poolkit();
  const t = { data: new Float32Array([1, 5, 2, 3, 4, 0, 6, 1, 7, 8, 9, 1, 0, 0, 2, 3]), shape: [1, 1, 4, 4] };
  const r = pk.poolTensor(t, { op: "max", kernel: 2, returnIndices: true });
  assert.deepEqual(r.shape, [1, 1, 2, 2]);
  assert.deepEqual([...r.data], [5, 6, 8, 9]);
  assert.ok(r.indices instanceof Int32Array);
  assert.deepEqual([...r.indices], [1, 6, 9, 10]);
  assert.equal("indices" in pk.poolTensor(t, { op: "max", kernel: 2 }), false);
  assert.deepEqual(pk.poolTensor({ data: t.data, shape: [4, 4] }, { op: "min", kernel: 2 }).shape, [2, 2]);
  assert.deepEqual(pk.poolTensor({ data: t.data, shape: [1, 4, 4] }, { op: "avg", kernel: 4 }).shape, [1, 1, 1]);
  const u = pk.maxUnpool(r, r.indices, { kernel: 2 });
  assert.deepEqual(u.shape, [1, 1, 4, 4]);
  assert.deepEqual([...u.data], [0, 5, 0, 0, 0, 0, 6, 0, 0, 8, 9, 0, 0, 0, 0, 0]);
  assert.deepEqual(pk.maxUnpool(r, r.indices, { outputSize: [4, 5] }).shape, [1, 1, 4, 5]);
});

test("1-D and 3-D pooling, ONNX's pads and SAME_LOWER, by hand", async () => {
  const pk = await poolkit();
  const line = { data: new Float32Array([1, 5, 2, 3, 4, 0, 6]), shape: [1, 7] };
  const m = pk.poolTensor(line, { op: "max", kernel: [3], stride: [2], returnIndices: true });
  assert.deepEqual(m.shape, [1, 3]);
  assert.deepEqual([...m.data], [5, 4, 6]);
  assert.deepEqual([...m.indices], [1, 4, 6]);
  // A number applies to every axis of the kernel's rank.
  assert.deepEqual(pk.poolTensor(line, { op: "max", kernel: [3], stride: 2 }).data, m.data);
  // [begin, end] pads: one cell of padding before, none after; counted.
  const a = pk.poolTensor({ data: new Float32Array([2, 4, 6]), shape: [3] }, { op: "avg", kernel: [2], padding: [1, 0] });
  assert.deepEqual(a.shape, [2]);
  assert.deepEqual([...a.data], [1, 5]);
  // SAME_LOWER pads before, SAME_UPPER after.
  const x = { data: new Float32Array([1, 2, 3, 4]), shape: [4] };
  assert.deepEqual([...pk.poolTensor(x, { op: "avg", kernel: [2], stride: [1], padding: "same_lower" }).data], [1, 1.5, 2.5, 3.5]);
  assert.deepEqual([...pk.poolTensor(x, { op: "avg", kernel: [2], stride: [1], padding: "same_upper" }).data], [1.5, 2.5, 3.5, 4]);
  // 3-D: indices are (d*H + h)*W + w within each volume.
  const v = { data: new Float32Array(16).map((_, i) => (i * 7) % 16), shape: [1, 2, 2, 4] };
  const p = pk.poolTensor(v, { op: "max", kernel: [2, 2, 2], returnIndices: true });
  assert.deepEqual(p.shape, [1, 1, 1, 2]);
  assert.deepEqual([...p.data], [15, 14]);
  assert.deepEqual([...p.indices], [9, 2]);
  const u = pk.maxUnpool(p, p.indices, { kernel: [2, 2, 2] });
  assert.deepEqual(u.shape, [1, 2, 2, 4]);
  assert.deepEqual([...u.data].filter((e) => e !== 0), [14, 15]);
  assert.deepEqual(pk.adaptivePool(v, { op: "avg", outputSize: [1, 1, 2] }).shape, [1, 1, 1, 2]);
  const g = pk.globalPool({ data: new Float32Array([3, 4, 0, 0]), shape: [2, 2] }, { op: "lp", dims: 1 });
  assert.deepEqual(g.shape, [2, 1]);
  assert.deepEqual([...g.data], [5, 0]);
});

test("N-D calls through workers give what the direct calls give", async (t) => {
  const pk = await poolkit();
  const workers = await loadPoolkit({ workers: 2 });
  t.after(() => workers.close());
  const vol = randomTensor([2, 3, 5, 6, 7]);
  const opts = { op: "max", kernel: [2, 3, 2], stride: [1, 2, 2], padding: [1, 0, 1, 0, 1, 1], returnIndices: true };
  const direct = pk.poolTensor(vol, opts);
  const viaWorker = await workers.poolTensor(vol, opts);
  assert.deepEqual(viaWorker.shape, direct.shape);
  assert.deepEqual(viaWorker.data, direct.data);
  assert.deepEqual(viaWorker.indices, direct.indices);
  const global = await workers.globalPool(vol, { op: "lp", dims: 3, p: 3 });
  assert.deepEqual(global, pk.globalPool(vol, { op: "lp", dims: 3, p: 3 }));
});

test("poolTensor reads a Float32Array that is a view into a larger buffer", async () => {
  const pk = await poolkit();
  const buf = new Float32Array(20).fill(-7);
  const view = buf.subarray(2, 18);
  view.set([1, 5, 2, 3, 4, 0, 6, 1, 7, 8, 9, 1, 0, 0, 2, 3]);
  assert.deepEqual([...pk.poolTensor({ data: view, shape: [4, 4] }, { op: "max", kernel: 2 }).data], [5, 6, 8, 9]);
});

test("adaptivePool and globalPool", async () => {
  const pk = await poolkit();
  const t = { data: new Float32Array([1, 2, 3, 4, 5]), shape: [1, 5] };
  const a = pk.adaptivePool(t, { op: "avg", outputSize: [1, 3] });
  assert.deepEqual(a.shape, [1, 3]);
  assert.deepEqual([...a.data], [1.5, 3, 4.5]);
  const m = pk.adaptivePool(t, { op: "max", outputSize: [1, 2], returnIndices: true });
  assert.deepEqual([...m.data], [3, 5]);
  assert.deepEqual([...m.indices], [2, 4]);
  const g = pk.globalPool({ data: new Float32Array([1, 2, 3, 4, 10, 20, 30, 40]), shape: [2, 2, 2] }, { op: "avg" });
  assert.deepEqual(g.shape, [2, 1, 1]);
  assert.deepEqual([...g.data], [2.5, 25]);
  const r = randomTensor([1, 3, 5, 5]);
  const channelMax = [0, 1, 2].map((c) => Math.max(...r.data.subarray(c * 25, c * 25 + 25)));
  const gm = pk.globalPool(r, { op: "max" });
  assert.deepEqual(gm.shape, [1, 3, 1, 1]);
  assert.deepEqual([...gm.data], channelMax);
});

test("poolRows bands join into pool's result", async () => {
  const pk = await poolkit();
  const image = randomPicture(13, 11, 9);
  const opts = { op: "avg", kernel: 3, stride: 2, padding: 1, ceilMode: true };
  const whole = pk.pool(image, opts);
  const joined = new Uint8ClampedArray(whole.data.length);
  for (const [from, to] of [[0, 2], [2, 3], [3, whole.height]]) {
    const [y0, y1] = pk.inputRows(image, opts, from, to);
    const band = { data: image.data.subarray(4 * 13 * y0, 4 * 13 * y1), width: 13, height: y1 - y0 };
    const r = pk.poolRows(band, opts, { height: 11, srcY: y0, from, to });
    assert.equal(r.height, to - from);
    joined.set(r.data, 4 * whole.width * from);
  }
  assert.deepEqual(joined, whole.data);
  throwsNamed(assert, () => pk.poolRows(image, opts, { height: 11, srcY: 0, from: 0, to: 99 }), RangeError, "rows");
  throwsNamed(assert, () => pk.poolRows(image, opts, { height: 11, srcY: 0, form: 0, to: 1 }), TypeError, "form", "from");
});

// The README's kinds of bad input ("JavaScript" and "Options"), each with the class and the name it must carry.
const image = randomPicture(4, 4);
const tensor = randomTensor([1, 2, 4, 4]);
const badCalls = [
  ["kernel 0", (pk) => pk.pool(image, { op: "max", kernel: 0 }), RangeError, ["kernel [0, 0]", "each must be at least 1"]],
  ["kernel [2, 0]", (pk) => pk.pool(image, { op: "max", kernel: [2, 0] }), RangeError, ["kernel"]],
  ["stride 0", (pk) => pk.pool(image, { op: "max", kernel: 2, stride: 0 }), RangeError, ["stride"]],
  ["stride -1", (pk) => pk.poolTensor(tensor, { op: "max", kernel: 2, stride: -1 }), RangeError, ["stride"]],
  ["padding -1", (pk) => pk.pool(image, { op: "max", kernel: 2, padding: -1 }), RangeError, ["padding [-1, -1]", "each pad must be at least 0"]],
  ["padding over half the kernel", (pk) => pk.pool(image, { op: "max", kernel: 2, padding: 2 }), RangeError, ["padding", "half"]],
  ["padding over half the dilated kernel", (pk) => pk.poolTensor(tensor, { op: "avg", kernel: 3, dilation: 2, padding: [3, 1] }), RangeError, ["padding"]],
  ["window larger than the input", (pk) => pk.pool(image, { op: "max", kernel: 5 }), RangeError, ["kernel", "does not fit"]],
  ["dilated window larger than the input", (pk) => pk.poolTensor(tensor, { op: "max", kernel: 3, dilation: 2 }), RangeError, ["kernel"]],
  ["non-integer kernel", (pk) => pk.pool(image, { op: "max", kernel: 1.5 }), RangeError, ["kernel", "integer"]],
  ["non-integer stride", (pk) => pk.pool(image, { op: "max", kernel: 2, stride: [1, 0.5] }), RangeError, ["stride", "integer"]],
  ["NaN dilation", (pk) => pk.pool(image, { op: "max", kernel: 2, dilation: NaN }), RangeError, ["dilation"]],
  ["huge kernel", (pk) => pk.pool(image, { op: "max", kernel: 1e20 }), RangeError, ["kernel"]],
  ["non-integer width", (pk) => pk.pool({ data: new Uint8ClampedArray(16), width: 2.5, height: 2 }, { op: "max", kernel: 1 }), RangeError, ["width"]],
  ["zero height", (pk) => pk.pool({ data: new Uint8ClampedArray(0), width: 2, height: 0 }, { op: "max", kernel: 1 }), RangeError, ["height"]],
  ["string width", (pk) => pk.pool({ data: new Uint8ClampedArray(16), width: "2", height: 2 }, { op: "max", kernel: 1 }), TypeError, ["width"]],
  ["data length not width*height*4", (pk) => pk.pool({ data: new Uint8ClampedArray(15), width: 2, height: 2 }, { op: "max", kernel: 1 }), RangeError, ["data", "width*height*4"]],
  ["data of the wrong type", (pk) => pk.pool({ data: [1, 2, 3, 4], width: 1, height: 1 }, { op: "max", kernel: 1 }), TypeError, ["data"]],
  ["no picture", (pk) => pk.pool(null, { op: "max", kernel: 1 }), TypeError, ["image"]],
  ["data length not matching the shape", (pk) => pk.poolTensor({ data: new Float32Array(15), shape: [4, 4] }, { op: "max", kernel: 2 }), RangeError, ["data", "shape"]],
  ["shape of rank 1", (pk) => pk.poolTensor({ data: new Float32Array(4), shape: [4] }, { op: "max", kernel: 1 }), RangeError, ["shape"]],
  ["shape with a zero", (pk) => pk.poolTensor({ data: new Float32Array(0), shape: [0, 4] }, { op: "max", kernel: 1 }), RangeError, ["shape"]],
  ["non-integer shape", (pk) => pk.poolTensor({ data: new Float32Array(4), shape: [2, 2.5] }, { op: "max", kernel: 1 }), RangeError, ["shape"]],
  ["shape not an array", (pk) => pk.poolTensor({ data: new Float32Array(4), shape: "2x2" }, { op: "max", kernel: 1 }), TypeError, ["shape"]],
  ["tensor data not Float32Array", (pk) => pk.poolTensor({ data: new Int32Array(4), shape: [2, 2] }, { op: "max", kernel: 1 }), TypeError, ["data", "Float32Array"]],
  ["unknown op", (pk) => pk.pool(image, { op: "mean", kernel: 2 }), TypeError, ['op "mean": must be "max", "avg", "min" or "lp"']],
  ["op of the wrong type", (pk) => pk.pool(image, { op: 1, kernel: 2 }), TypeError, ["op"]],
  ["missing op", (pk) => pk.pool(image, { kernel: 2 }), TypeError, ["op", "required"]],
  ["missing kernel", (pk) => pk.pool(image, { op: "max" }), TypeError, ["kernel", "required"]],
  ["kernel as a string", (pk) => pk.pool(image, { op: "max", kernel: "2" }), TypeError, ["kernel"]],
  ["kernel of three sides", (pk) => pk.pool(image, { op: "max", kernel: [2, 2, 2] }), TypeError, ["kernel"]],
  ["unknown padding", (pk) => pk.pool(image, { op: "max", kernel: 2, padding: "full" }), TypeError, ["padding", '"same"']],
  ["unknown alpha", (pk) => pk.pool(image, { op: "avg", kernel: 2, alpha: "multiplied" }), TypeError, ["alpha"]],
  ["unknown colorSpace", (pk) => pk.pool(image, { op: "avg", kernel: 2, colorSpace: "p3" }), TypeError, ["colorSpace"]],
  ["premultiplied max", (pk) => pk.pool(image, { op: "max", kernel: 2, alpha: "premultiplied" }), TypeError, ["alpha"]],
  ["linear lp", (pk) => pk.pool(image, { op: "lp", kernel: 2, colorSpace: "linear" }), TypeError, ["colorSpace"]],
  ["alpha on a tensor", (pk) => pk.poolTensor(tensor, { op: "avg", kernel: 2, alpha: "premultiplied" }), TypeError, ["alpha", "pictures"]],
  ["ceilMode not boolean", (pk) => pk.pool(image, { op: "max", kernel: 2, ceilMode: "yes" }), TypeError, ["ceilMode"]],
  ["ceilMode with same", (pk) => pk.pool(image, { op: "max", kernel: 2, ceilMode: true, padding: "same" }), TypeError, ["ceilMode"]],
  ["countIncludePad not boolean", (pk) => pk.pool(image, { op: "avg", kernel: 2, countIncludePad: 0 }), TypeError, ["countIncludePad"]],
  ["p zero", (pk) => pk.pool(image, { op: "lp", kernel: 2, p: 0 }), RangeError, ["p 0"]],
  ["p infinite", (pk) => pk.poolTensor(tensor, { op: "lp", kernel: 2, p: Infinity }), RangeError, ["p Infinity"]],
  ["p a string", (pk) => pk.poolTensor(tensor, { op: "lp", kernel: 2, p: "2" }), TypeError, ["p"]],
  ["returnIndices on avg", (pk) => pk.poolTensor(tensor, { op: "avg", kernel: 2, returnIndices: true }), TypeError, ["returnIndices"]],
  ["returnIndices on a picture", (pk) => pk.pool(image, { op: "max", kernel: 2, returnIndices: true }), TypeError, ["returnIndices"]],
  ["a typo in an option name", (pk) => pk.pool(image, { op: "max", kernel: 2, strides: 2 }), TypeError, ['"strides"', '"stride"']],
  ["an unknown option", (pk) => pk.poolTensor(tensor, { op: "max", kernel: 2, groups: 2 }), TypeError, ['"groups"']],
  ["an unknown option set to undefined", (pk) => pk.pool(image, { op: "max", kernel: 2, stide: undefined }), TypeError, ['"stide"']],
  ["options not an object", (pk) => pk.pool(image, "max"), TypeError, ["options"]],
  ["adaptive lp", (pk) => pk.adaptivePool(tensor, { op: "lp", outputSize: 2 }), TypeError, ["op"]],
  ["adaptive without outputSize", (pk) => pk.adaptivePool(tensor, { op: "avg" }), TypeError, ["outputSize"]],
  ["adaptive outputSize 0", (pk) => pk.adaptivePool(tensor, { op: "avg", outputSize: [0, 2] }), RangeError, ["outputSize"]],
  ["adaptive outputSize too large", (pk) => pk.adaptivePool(tensor, { op: "avg", outputSize: 1 << 20 }), RangeError, ["outputSize"]],
  ["adaptive with a kernel", (pk) => pk.adaptivePool(tensor, { op: "avg", outputSize: 2, kernel: 2 }), TypeError, ['"kernel"']],
  ["global unknown op", (pk) => pk.globalPool(tensor, { op: "mean" }), TypeError, ["op"]],
  ["global dims 4", (pk) => pk.globalPool(tensor, { op: "max", dims: 4 }), RangeError, ["dims"]],
  ["global dims a string", (pk) => pk.globalPool(tensor, { op: "max", dims: "3" }), TypeError, ["dims"]],
  ["global p without lp", (pk) => pk.globalPool(tensor, { op: "avg", p: 3 }), TypeError, ["p", "lp"]],
  ["global 3-D of a 4-D tensor too small", (pk) => pk.globalPool({ data: new Float32Array(4), shape: [2, 2] }, { op: "avg", dims: 3 }), RangeError, ["shape", "3-D"]],
  // N-D: the README's "1-D, 3-D and ONNX's padding" rules.
  ["kernel of four axes", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [2, 2, 2, 2] }), RangeError, ["kernel", "1, 2 or 3"]],
  ["kernel of no axes", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [] }), RangeError, ["kernel"]],
  ["stride of another length", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [2, 2, 2], stride: [1, 1] }), RangeError, ["stride", "3 elements"]],
  ["dilation of another length", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [2], dilation: [1, 1] }), RangeError, ["dilation"]],
  ["padding of another length", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [2, 2, 2], padding: [1, 1, 1, 1] }), RangeError, ["padding [1, 1, 1, 1]", "3 elements (both sides of each axis) or 6"]],
  ["a pad not smaller than its kernel", (pk) => pk.poolTensor(tensor, { op: "avg", kernel: [3, 2], padding: [3, 0, 0, 0] }), RangeError, ["padding [3, 0, 0, 0]", "smaller than the kernel"]],
  ["a negative begin pad", (pk) => pk.poolTensor(tensor, { op: "avg", kernel: [3, 2], padding: [-1, 0, 0, 0] }), RangeError, ["padding", "each pad must be at least 0"]],
  ["unknown auto padding", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [2], padding: "same_middle" }), TypeError, ["padding", "same_lower"]],
  ["same_lower with ceilMode", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [2], padding: "same_lower", ceilMode: true }), TypeError, ["ceilMode"]],
  ["a 3-D kernel on a 2-D tensor", (pk) => pk.poolTensor({ data: new Float32Array(16), shape: [4, 4] }, { op: "max", kernel: [2, 2, 2] }), RangeError, ["shape", "3-D"]],
  ["a 1-D kernel on a 4-D tensor", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [2] }), RangeError, ["shape", "1-D"]],
  ["a shape of six dimensions", (pk) => pk.poolTensor({ data: new Float32Array(1), shape: [1, 1, 1, 1, 1, 1] }, { op: "max", kernel: 1 }), RangeError, ["shape"]],
  ["a 3-D kernel on a picture", (pk) => pk.pool(image, { op: "max", kernel: [2, 2, 2] }), TypeError, ["kernel", "2-D"]],
  ["begin and end pads on a picture", (pk) => pk.pool(image, { op: "max", kernel: 3, padding: [1, 0, 0, 1] }), TypeError, ["padding", "tensors"]],
  ["same_lower on a picture", (pk) => pk.pool(image, { op: "max", kernel: 3, padding: "same_lower" }), TypeError, ["padding", "tensors"]],
  ["adaptive outputSize of four axes", (pk) => pk.adaptivePool(tensor, { op: "max", outputSize: [1, 1, 1, 1] }), RangeError, ["outputSize"]],
  ["adaptive 3-D of a 2-D tensor", (pk) => pk.adaptivePool({ data: new Float32Array(16), shape: [4, 4] }, { op: "max", outputSize: [2, 2, 2] }), RangeError, ["shape"]],
  ["unpool kernel and outputSize of other ranks", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [4] }, new Int32Array(4), { kernel: [2], outputSize: [4, 4] }), RangeError, ["outputSize", "kernel"]],
  ["unpool indices out of range", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [2, 2] }, new Int32Array([0, 1, 2, 99]), { kernel: 2 }), RangeError, ["indices"]],
  ["unpool indices of the wrong length", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [2, 2] }, new Int32Array(3), { kernel: 2 }), RangeError, ["indices"]],
  ["unpool indices not Int32Array", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [2, 2] }, [0, 1, 2, 3], { kernel: 2 }), TypeError, ["indices"]],
  ["unpool without kernel or outputSize", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [2, 2] }, new Int32Array(4), {}), TypeError, ["kernel"]],
  // An explicit 0 where the record's slot reads 0 as "not given" reaches pool, which refuses it.
  ["explicit stride [0, 0] on a tensor", (pk) => pk.poolTensor(tensor, { op: "max", kernel: 2, stride: [0, 0] }), RangeError, ["stride"]],
  ["explicit dilation 0 on a 3-D tensor", (pk) => pk.poolTensor(tensor, { op: "max", kernel: [1, 1, 1], dilation: 0 }), RangeError, ["dilation"]],
  ["explicit divisorOverride 0", (pk) => pk.poolTensor(tensor, { op: "avg", kernel: 2, divisorOverride: 0 }), RangeError, ["divisorOverride"]],
  ["explicit divisorOverride 0 on a picture", (pk) => pk.pool(image, { op: "avg", kernel: 2, divisorOverride: 0 }), RangeError, ["divisorOverride"]],
  ["divisorOverride a fraction", (pk) => pk.poolTensor(tensor, { op: "avg", kernel: 2, divisorOverride: 2.5 }), RangeError, ["divisorOverride", "integer"]],
  ["explicit p 0 with op max", (pk) => pk.poolTensor(tensor, { op: "max", kernel: 2, p: 0 }), RangeError, ["p 0"]],
  ["p NaN", (pk) => pk.pool(image, { op: "lp", kernel: 2, p: NaN }), RangeError, ["p NaN"]],
  ["adaptive outputSize 0", (pk) => pk.adaptivePool(tensor, { op: "max", outputSize: 0 }), RangeError, ["outputSize"]],
  ["unpool outputSize 0", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [2, 2] }, new Int32Array(4), { outputSize: 0 }), RangeError, ["outputSize"]],
  ["unpool kernel 0", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [2, 2] }, new Int32Array(4), { kernel: 0 }), RangeError, ["kernel"]],
  ["a fractional pad", (pk) => pk.poolTensor(tensor, { op: "max", kernel: 3, padding: [0.5, 1] }), RangeError, ["padding", "integer"]],
  ["a huge negative stride", (pk) => pk.poolTensor(tensor, { op: "max", kernel: 2, stride: -1e20 }), RangeError, ["stride"]],
  ["unpool with same padding", (pk) => pk.maxUnpool({ data: new Float32Array(4), shape: [2, 2] }, new Int32Array(4), { kernel: 2, padding: "same" }), TypeError, ["padding"]],
];

for (const [name, call, E, words] of badCalls) {
  test(`bad input throws ${E.name}: ${name}`, async () => {
    const pk = await poolkit();
    throwsNamed(assert, () => call(pk), E, ...words);
  });
}

test("a throwing getter in the options is the caller's error, and the instance lives on", async () => {
  const pk = await poolkit();
  const opts = { op: "max", get kernel() { throw new Error("boom"); } };
  assert.throws(() => pk.pool(image, opts), /boom/);
  assert.equal(pk.pool(image, { op: "max", kernel: 2 }).width, 2);
});

test("loadPoolkit takes the module as a URL, a path, bytes or a compiled Module", async () => {
  const bytes = await readFile(wasmURL);
  const sources = [
    wasmURL,
    wasmURL.href,
    wasmURL.pathname,
    bytes,
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    await WebAssembly.compile(bytes),
    new Response(bytes, { headers: { "content-type": "application/wasm" } }),
    new Response(bytes, { headers: { "content-type": "application/octet-stream" } }),
  ];
  for (const wasm of sources) {
    const pk = await loadPoolkit({ wasm });
    assert.equal(pk.pool(image, { op: "max", kernel: 4 }).width, 1, String(wasm));
  }
  await assert.rejects(loadPoolkit({ wasm: 42 }), TypeError);
  await assert.rejects(loadPoolkit({ wasmURL }), (e) => e instanceof TypeError && e.message.includes('"wasmURL"'));
  await assert.rejects(loadPoolkit({ workers: 0 }), RangeError);
  await assert.rejects(loadPoolkit({ workers: "2" }), TypeError);
});

test("loading leaves no globals behind", async () => {
  await loadPoolkit();
  for (const name of ["Go", "fs", "path", "__poolkit"]) assert.equal(name in globalThis, false, name);
  assert.equal(typeof globalThis.process.versions.node, "string");
});

test("two instances are independent", async () => {
  const [a, b] = await Promise.all([loadPoolkit(), loadPoolkit()]);
  assert.notEqual(a.memory, b.memory);
  assert.deepEqual(a.pool(image, { op: "avg", kernel: 2 }).data, b.pool(image, { op: "avg", kernel: 2 }).data);
});
