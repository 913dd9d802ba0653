// The calls of issue 22 through the JS API: divisorOverride, the gradients,
// fractional max pooling and region pooling, with the errors of their bad
// input (golden-extended.test.js compares their values with PyTorch's).

import { test } from "node:test";
import assert from "node:assert/strict";
import { poolkit } from "./helpers.js";

const tensor = (shape, values) => ({ shape, data: Float32Array.from(values) });

// throwsOption asserts that f throws E naming option.
function throwsOption(f, E, option) {
  assert.throws(f, (err) => {
    assert.ok(err instanceof E, `${err.name}: ${err.message}, want a ${E.name}`);
    assert.equal(err.option, option, err.message);
    assert.match(err.message, new RegExp(option.replace(/\./g, "\\.")));
    return true;
  });
}

test("divisorOverride divides every window's sum, tensors and pictures", async () => {
  const pk = await poolkit();
  const t = tensor([2, 4], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual([...pk.poolTensor(t, { op: "avg", kernel: 2, stride: 2, divisorOverride: 2 }).data], [7, 11]);
  // 1-D and 3-D take it too.
  assert.deepEqual([...pk.poolTensor(tensor([4], [1, 2, 3, 4]), { op: "avg", kernel: [2], divisorOverride: 4 }).data], [0.75, 1.75]);
  assert.deepEqual([...pk.poolTensor(tensor([2, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1]), { op: "avg", kernel: [2, 2, 2], divisorOverride: 3 }).data], [Math.fround(8 / 3)]);
  // A picture: 10+20+30+40 = 100 over 8 is 12.5, rounded half to even.
  const px = { data: Uint8ClampedArray.from([10, 10, 10, 255, 20, 20, 20, 255, 30, 30, 30, 255, 40, 40, 40, 255]), width: 2, height: 2 };
  assert.deepEqual([...pk.pool(px, { op: "avg", kernel: 2, divisorOverride: 8 }).data], [12, 12, 12, 128]);
});

test("divisorOverride's bad values name it", async () => {
  const pk = await poolkit();
  const t = tensor([2, 2], [1, 2, 3, 4]);
  const px = { data: new Uint8ClampedArray(16), width: 2, height: 2 };
  for (const [v, E] of [[0, RangeError], [-2, RangeError], [1.5, RangeError], ["2", TypeError], [NaN, RangeError]]) {
    throwsOption(() => pk.poolTensor(t, { op: "avg", kernel: 2, divisorOverride: v }), E, "divisorOverride");
    throwsOption(() => pk.pool(px, { op: "avg", kernel: 2, divisorOverride: v }), E, "divisorOverride");
  }
  // Averages only.
  throwsOption(() => pk.poolTensor(t, { op: "max", kernel: 2, divisorOverride: 2 }), RangeError, "divisorOverride");
  throwsOption(() => pk.adaptivePool(t, { op: "avg", outputSize: 1, divisorOverride: 2 }), TypeError, "divisorOverride");
});
