import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPoolkit } from "../poolkit.js";
import { randomPicture, randomTensor } from "./helpers.js";

// pool takes a large picture in bands (poolkit.js, BAND_FROM): every option
// must give the bytes of one call over the whole picture, which poolRows
// over every output row makes.
test("a large picture pooled in bands gives one call's bytes", async () => {
  const pk = await loadPoolkit();
  const width = 2101;
  const height = 2049;
  const image = randomPicture(width, height, 5);
  assert.ok(image.data.length >= 2 << 20, "the picture must be large enough to be taken in bands");
  const cases = [
    { op: "max", kernel: 2 },
    { op: "avg", kernel: 3, stride: 2, padding: 1, ceilMode: true },
    { op: "min", kernel: [5, 3], stride: [3, 1], dilation: [2, 1] },
    { op: "avg", kernel: 4, alpha: "premultiplied", colorSpace: "linear" },
    { op: "lp", p: 3, kernel: 7, stride: 5, padding: "same" },
    { op: "max", kernel: 1500, stride: 1000 },
    // Windows that overlap by more than a band's share: bands of more rows.
    { op: "max", kernel: 41, stride: 1, padding: 20 },
    { op: "avg", kernel: [1, 9], stride: [1, 3] },
  ];
  for (const opts of cases) {
    const { width: w, height: h } = pk.outputSize({ width, height }, opts);
    const want = pk.poolRows(image, opts, { height, srcY: 0, from: 0, to: h });
    const got = pk.pool(image, opts);
    assert.equal(got.width, w, JSON.stringify(opts));
    assert.equal(got.height, h, JSON.stringify(opts));
    assert.ok(Buffer.from(got.data.buffer).equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.length)), JSON.stringify(opts));
    const out = new Uint8ClampedArray(4 * w * h + 8).fill(7);
    const into = pk.pool(image, opts, out);
    assert.equal(into.data.buffer, out.buffer, "the result is written into out");
    assert.ok(Buffer.from(out.buffer, 0, 4 * w * h).equals(Buffer.from(got.data.buffer)), JSON.stringify(opts));
    assert.deepEqual([...out.subarray(4 * w * h)], [7, 7, 7, 7, 7, 7, 7, 7], "nothing written past the result");
  }
  assert.throws(() => pk.pool(image, { op: "max", kernel: 2 }, new Uint8ClampedArray(10)), (e) => e instanceof RangeError && e.option === "out");
  assert.throws(() => pk.pool(image, { op: "max", kernel: 3000 }), (e) => e instanceof RangeError && e.option !== undefined);
});

// poolTensor takes a large float32 tensor in runs of planes (poolkit.js,
// TENSOR_BAND_FROM): every option must give the values of pooling each
// plane on its own, planes with NaN, -0 and infinities among them.
test("a large tensor pooled in runs of planes gives each plane's values", async () => {
  const pk = await loadPoolkit();
  const shape = [3, 40, 70, 70];
  const t = randomTensor(shape, 9);
  assert.ok(t.data.byteLength >= 2 << 20, "the tensor must be large enough to be taken in runs");
  const specials = [NaN, -0, 0, Infinity, -Infinity];
  for (let i = 0; i < t.data.length; i += 997) t.data[i] = specials[(i / 997) % specials.length];
  const cases = [
    { op: "max", kernel: 3, stride: 2, padding: 1 },
    { op: "max", kernel: 2 },
    { op: "avg", kernel: 3, stride: 1, padding: 1, countIncludePad: false },
    { op: "min", kernel: 5, stride: 1, padding: 2, ceilMode: true },
    { op: "lp", p: 2, kernel: [2, 3] },
    { op: "max", kernel: [2, 3, 3], stride: [2, 1, 1], padding: [0, 1, 1] },
  ];
  for (const opts of cases) {
    const spatial = Array.isArray(opts.kernel) ? opts.kernel.length : 2;
    const lead = shape.length - spatial;
    const per = shape.slice(lead).reduce((a, b) => a * b, 1);
    const parts = [];
    for (let p = 0; p < t.data.length / per; p++) parts.push(pk.poolTensor({ data: t.data.subarray(p * per, (p + 1) * per), shape: shape.slice(lead) }, opts));
    const want = new Float32Array(parts.reduce((n, r) => n + r.data.length, 0));
    parts.reduce((at, r) => (want.set(r.data, at), at + r.data.length), 0);
    const got = pk.poolTensor(t, opts);
    const what = JSON.stringify(opts);
    assert.deepEqual(got.shape, [...shape.slice(0, lead), ...parts[0].shape], what);
    assert.ok(Buffer.from(got.data.buffer).equals(Buffer.from(want.buffer)), what);
    const out = new Float32Array(want.length + 2).fill(7);
    const into = pk.poolTensor(t, opts, out);
    assert.equal(into.data.buffer, out.buffer, "the result is written into out");
    assert.ok(Buffer.from(out.buffer, 0, want.byteLength).equals(Buffer.from(want.buffer)), what);
    assert.deepEqual([...out.subarray(want.length)], [7, 7], "nothing written past the result");
  }
  const indexed = pk.poolTensor(t, { op: "max", kernel: 2, returnIndices: true });
  assert.equal(indexed.indices.length, indexed.data.length);
  assert.throws(() => pk.poolTensor(t, { op: "max", kernel: 2 }, new Float32Array(10)), (e) => e instanceof RangeError && e.option === "out");
  assert.throws(() => pk.poolTensor(t, { op: "max", kernel: 80 }), (e) => e instanceof RangeError && e.option !== undefined);
  assert.throws(() => pk.poolTensor({ data: t.data, shape: [3, 40, 70, 71] }, { op: "max", kernel: 2 }), (e) => e instanceof RangeError && e.option === "data");
});
