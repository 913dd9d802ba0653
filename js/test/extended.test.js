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

test("poolTensorGrad: max sends each output's gradient to its argmax, avg spreads it", async () => {
  const pk = await poolkit();
  const t = tensor([2, 4], [1, 5, 2, 0, 3, 4, 8, 7]);
  const g = tensor([1, 2], [10, 20]);
  const max = pk.poolTensorGrad(t, g, { op: "max", kernel: 2 });
  assert.deepEqual(max.shape, [2, 4]);
  assert.ok(max.data instanceof Float32Array);
  assert.deepEqual([...max.data], [0, 10, 0, 0, 0, 0, 20, 0]);
  assert.deepEqual([...pk.poolTensorGrad(t, g, { op: "avg", kernel: 2 }).data], [2.5, 2.5, 5, 5, 2.5, 2.5, 5, 5]);
  assert.deepEqual([...pk.poolTensorGrad(t, g, { op: "avg", kernel: 2, divisorOverride: 1 }).data], [10, 10, 20, 20, 10, 10, 20, 20]);
  // A uint8 tensor's gradient is float32 all the same.
  const u8 = pk.poolTensorGrad({ data: Uint8Array.from([1, 5, 2, 0, 3, 4, 8, 7]), shape: [2, 4] }, tensor([1, 2], [0.5, 0.25]), { op: "avg", kernel: 2 });
  assert.ok(u8.data instanceof Float32Array);
  assert.deepEqual([...u8.data], [0.125, 0.125, 0.0625, 0.0625, 0.125, 0.125, 0.0625, 0.0625]);
});

test("the other gradients and forward calls give their documented results", async () => {
  const pk = await poolkit();
  const t = tensor([1, 1, 2, 2], [1, 4, 3, 2]);
  assert.deepEqual([...pk.globalPoolGrad(t, tensor([1, 1, 1, 1], [8]), { op: "max" }).data], [0, 8, 0, 0]);
  assert.deepEqual([...pk.globalPoolGrad(t, tensor([1, 1, 1, 1], [8]), { op: "avg" }).data], [2, 2, 2, 2]);
  assert.deepEqual([...pk.adaptivePoolGrad(t, tensor([1, 1, 1, 2], [1, 2]), { op: "min", outputSize: [1, 2] }).data], [1, 0, 0, 2]);
  const up = pk.maxUnpoolGrad(tensor([1, 2], [7, 8]), Int32Array.from([2, 5]), tensor([2, 4], [0, 1, 2, 3, 4, 5, 6, 7]), { kernel: 2 });
  assert.deepEqual(up.shape, [1, 2]);
  assert.deepEqual([...up.data], [2, 5]);
  // Fractional: every sample 0 places the windows at 0, 1, ... and the last at the end.
  const x = tensor([1, 1, 4, 4], [...Array(16).keys()]);
  const samples = new Float32Array(2);
  const f = pk.fractionalMaxPool(x, { kernel: 2, outputSize: [2, 2], samples, returnIndices: true });
  assert.deepEqual(f.shape, [1, 1, 2, 2]);
  assert.deepEqual([...f.data], [5, 7, 13, 15]);
  assert.deepEqual([...f.indices], [5, 7, 13, 15]);
  assert.equal(pk.fractionalMaxPool(x, { kernel: [2, 2], outputRatio: 0.5, samples }).indices, undefined);
  const fg = pk.fractionalMaxPoolGrad(x, tensor([1, 1, 2, 2], [1, 2, 3, 4]), { kernel: 2, outputSize: [2, 2], samples });
  assert.deepEqual([...fg.data].map((v, i) => [i, v]).filter(([, v]) => v), [[5, 1], [7, 2], [13, 3], [15, 4]]);
  // Without samples they are drawn: the windows still fit, and the values are the input's.
  for (let k = 0; k < 20; k++) {
    const r = pk.fractionalMaxPool(x, { kernel: 2, outputSize: [3, 3], returnIndices: true });
    assert.deepEqual(r.shape, [1, 1, 3, 3]);
    r.indices.forEach((at, i) => assert.equal(r.data[i], x.data[at]));
  }
  // Region pooling: one box over the whole 2x2 map.
  const rois = tensor([1, 5], [0, 0, 0, 1, 1]);
  assert.deepEqual([...pk.maxRoiPool(t, rois, { outputSize: 1 }).data], [4]);
  const ra = pk.roiAlign(t, rois, { outputSize: [1, 1], samplingRatio: 1, aligned: false });
  assert.deepEqual(ra.shape, [1, 1, 1, 1]);
  assert.deepEqual([...ra.data], [2.5]);
  assert.deepEqual([...pk.roiAlign(t, rois, { outputSize: [1, 1], samplingRatio: 2, op: "max" }).data].length, 1);
});

test("the new calls' bad input names the option", async () => {
  const pk = await poolkit();
  const t = tensor([1, 1, 4, 4], [...Array(16).keys()]);
  const g = tensor([1, 1, 2, 2], [1, 2, 3, 4]);
  const max = { op: "max", kernel: 2 };
  throwsOption(() => pk.poolTensorGrad(t, tensor([1, 1, 2, 3], [1, 2, 3, 4, 5, 6]), max), RangeError, "gradOutput");
  throwsOption(() => pk.poolTensorGrad(t, tensor([2, 2], [1, 2, 3, 4]), max), RangeError, "gradOutput");
  throwsOption(() => pk.poolTensorGrad(t, { data: g.data, shape: [1, 1, 2, 3] }, max), RangeError, "gradOutput");
  throwsOption(() => pk.poolTensorGrad(t, { data: [1, 2, 3, 4], shape: [2, 2] }, max), TypeError, "gradOutput");
  throwsOption(() => pk.poolTensorGrad(t, undefined, max), TypeError, "gradOutput");
  throwsOption(() => pk.poolTensorGrad(t, g, { op: "max", kernel: 2, strides: 2 }), TypeError, "strides");
  throwsOption(() => pk.adaptivePoolGrad(t, g, { op: "avg", outputSize: [3, 3] }), RangeError, "gradOutput");
  throwsOption(() => pk.adaptivePoolGrad(t, g, { op: "lp", outputSize: [2, 2] }), TypeError, "op");
  throwsOption(() => pk.globalPoolGrad(t, g, { op: "avg" }), RangeError, "gradOutput");
  throwsOption(() => pk.maxUnpoolGrad(g, Int32Array.from([0, 1, 2, 3]), g, { kernel: 2 }), RangeError, "gradOutput");
  throwsOption(() => pk.maxUnpoolGrad(g, [0, 1, 2, 3], t, { kernel: 2 }), TypeError, "indices");
  throwsOption(() => pk.maxUnpoolGrad(g, Int32Array.from([0, 1, 2, 99]), t, { kernel: 2 }), RangeError, "indices");
  const two = new Float32Array(2);
  for (const [samples, E] of [[Float32Array.from([0.5, 1]), RangeError], [[0.5, 0.99999999], RangeError], [[-0.1, 0], RangeError],
    [Float32Array.from([0.5, NaN]), RangeError], [new Float32Array(3), RangeError], ["0.5", TypeError], [new Float64Array(2), TypeError]]) {
    throwsOption(() => pk.fractionalMaxPool(t, { kernel: 2, outputSize: 2, samples }), E, "samples");
    throwsOption(() => pk.fractionalMaxPoolGrad(t, g, { kernel: 2, outputSize: 2, samples }), E, "samples");
  }
  throwsOption(() => pk.fractionalMaxPoolGrad(t, g, { kernel: 2, outputSize: 2 }), RangeError, "samples");
  throwsOption(() => pk.fractionalMaxPoolGrad(t, tensor([1, 1, 3, 3], new Array(9).fill(1)), { kernel: 2, outputSize: 2, samples: two }), RangeError, "gradOutput");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: 2, samples: two }), RangeError, "outputSize");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: 2, outputSize: 4, samples: two }), RangeError, "outputSize");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: 2, outputRatio: 1.5 }), RangeError, "outputRatio");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: 2, outputRatio: 0.5, outputSize: 2 }), RangeError, "outputRatio");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: [2], outputSize: [2] }), RangeError, "kernel");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: 2, outputSize: 2, stride: 1 }), TypeError, "stride");
  const rois = tensor([1, 5], [0, 0, 0, 3, 3]);
  for (const roi of [pk.roiAlign, pk.maxRoiPool]) {
    throwsOption(() => roi(t, tensor([1, 4], [0, 0, 3, 3]), { outputSize: 2 }), RangeError, "rois");
    throwsOption(() => roi(t, tensor([1, 5], [1, 0, 0, 3, 3]), { outputSize: 2 }), RangeError, "rois");
    throwsOption(() => roi(t, tensor([1, 5], [0.5, 0, 0, 3, 3]), { outputSize: 2 }), RangeError, "rois");
    throwsOption(() => roi(t, tensor([1, 5], [0, 0, NaN, 3, 3]), { outputSize: 2 }), RangeError, "rois");
    throwsOption(() => roi(t, tensor([1, 5], [0, 0, Infinity, 3, 3]), { outputSize: 2 }), RangeError, "rois");
    throwsOption(() => roi(t, { data: [0, 0, 0, 3, 3], shape: [1, 5] }, { outputSize: 2 }), TypeError, "rois");
    throwsOption(() => roi(t, undefined, { outputSize: 2 }), TypeError, "rois");
    throwsOption(() => roi(t, rois, {}), TypeError, "outputSize");
    throwsOption(() => roi(t, rois, { outputSize: [2, 2, 2] }), RangeError, "outputSize");
    throwsOption(() => roi(t, rois, { outputSize: 2, spatialScale: 0 }), RangeError, "spatialScale");
    throwsOption(() => roi(tensor([16], t.data), rois, { outputSize: 2 }), RangeError, "shape");
  }
  throwsOption(() => pk.roiAlign(t, rois, { outputSize: 2, op: "min" }), TypeError, "op");
  throwsOption(() => pk.roiAlign(t, rois, { outputSize: 2, op: "lp" }), TypeError, "op");
  throwsOption(() => pk.roiAlign(t, rois, { outputSize: 2, op: "median" }), TypeError, "op");
  throwsOption(() => pk.roiAlign(t, rois, { outputSize: 2, samplingRatio: 1.5 }), RangeError, "samplingRatio");
  throwsOption(() => pk.roiAlign(t, rois, { outputSize: [2, 0] }), RangeError, "outputSize");
  throwsOption(() => pk.maxRoiPool(t, rois, { outputSize: 2, spatialScale: Infinity }), RangeError, "spatialScale");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: 2, outputRatio: 0 }), RangeError, "outputRatio");
  throwsOption(() => pk.fractionalMaxPool(t, { kernel: [2, 0], outputSize: 2 }), RangeError, "kernel");
  throwsOption(() => pk.roiAlign(t, rois, { outputSize: 2, samplingRatio: -1 }), RangeError, "samplingRatio");
  throwsOption(() => pk.roiAlign(t, rois, { outputSize: 2, aligned: 1 }), TypeError, "aligned");
  throwsOption(() => pk.maxRoiPool(t, rois, { outputSize: 2, aligned: true }), TypeError, "aligned");
  // The module stays usable.
  assert.deepEqual([...pk.maxRoiPool(t, rois, { outputSize: 1 }).data], [15]);
});

test("the workers expose the new calls as promises", async (t) => {
  const { loadPoolkit } = await import("../poolkit.js");
  const workers = await loadPoolkit({ workers: 2 });
  t.after(() => workers.close());
  const x = tensor([1, 1, 2, 4], [1, 5, 2, 0, 3, 4, 8, 7]);
  const pending = workers.poolTensorGrad(x, tensor([1, 1, 1, 2], [10, 20]), { op: "max", kernel: 2 });
  assert.ok(pending instanceof Promise);
  assert.deepEqual([...(await pending).data], [0, 10, 0, 0, 0, 0, 20, 0]);
  await assert.rejects(workers.poolTensorGrad(x, tensor([1, 2], [1, 2]), { op: "max", kernel: 2 }), (err) => err instanceof RangeError && err.option === "gradOutput");
  for (const fn of ["adaptivePoolGrad", "globalPoolGrad", "maxUnpoolGrad", "fractionalMaxPool", "fractionalMaxPoolGrad", "roiAlign", "maxRoiPool"]) {
    assert.equal(typeof workers[fn], "function", fn);
  }
  assert.deepEqual([...(await workers.maxRoiPool(x, tensor([1, 5], [0, 0, 0, 3, 1]), { outputSize: 1 })).data], [8]);
  await workers.close();
  await assert.rejects(workers.poolTensorGrad(x, tensor([1, 1, 1, 2], [10, 20]), { op: "max", kernel: 2 }), /closed/);
});

test("resident tensors serve as the input, gradOutput and rois", async () => {
  const pk = await poolkit();
  const x = pk.createTensor([1, 1, 64, 64]);
  x.data.set(Float32Array.from({ length: 64 * 64 }, (_, i) => (i * 7919) % 101));
  const g = pk.createTensor([1, 1, 32, 32]);
  g.data.fill(1);
  const rois = pk.createTensor([2, 5]);
  rois.data.set([0, 0, 0, 63, 63, 0, 8, 8, 20, 30]);
  try {
    const plain = { data: Float32Array.from(x.data), shape: x.shape };
    const want = pk.poolTensorGrad(plain, { data: Float32Array.from(g.data), shape: g.shape }, { op: "max", kernel: 2 });
    // Several rounds, so that a buffer that grows the memory cannot go unnoticed.
    for (let k = 0; k < 3; k++) {
      const got = pk.poolTensorGrad(x, g, { op: "max", kernel: 2 });
      assert.deepEqual(got.data, want.data);
      pk.poolTensor({ data: new Float32Array(1 << (18 + k)), shape: [1 << (18 + k)] }, { op: "max", kernel: [2] });
    }
    assert.equal(want.data.reduce((a, b) => a + b, 0), 32 * 32);
    const roiWant = pk.roiAlign(plain, { data: Float32Array.from(rois.data), shape: [2, 5] }, { outputSize: 3 });
    assert.deepEqual(pk.roiAlign(x, rois, { outputSize: 3 }).data, roiWant.data);
    assert.deepEqual(pk.maxRoiPool(x, rois, { outputSize: 2 }).data, pk.maxRoiPool(plain, { data: Float32Array.from(rois.data), shape: [2, 5] }, { outputSize: 2 }).data);
  } finally {
    x.free();
    g.free();
    rois.free();
  }
});
