import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPoolkit } from "../poolkit.js";
import { randomPicture } from "./helpers.js";

// pool takes a large picture in bands (poolkit.js, BAND_FROM): every option
// must give the bytes of one call over the whole picture, which poolRows
// over every output row makes.
test("a large picture pooled in bands gives one call's bytes", async () => {
  const pk = await loadPoolkit();
  const width = 2101;
  const height = 2049;
  const image = randomPicture(width, height, 5);
  assert.ok(image.data.length >= 16 << 20, "the picture must be large enough to be taken in bands");
  const cases = [
    { op: "max", kernel: 2 },
    { op: "avg", kernel: 3, stride: 2, padding: 1, ceilMode: true },
    { op: "min", kernel: [5, 3], stride: [3, 1], dilation: [2, 1] },
    { op: "avg", kernel: 4, alpha: "premultiplied", colorSpace: "linear" },
    { op: "lp", p: 3, kernel: 7, stride: 5, padding: "same" },
    { op: "max", kernel: 1500, stride: 1000 },
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
