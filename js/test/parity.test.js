// The JS API and the HTTP API take one set of rules: the table in
// internal/httpapi/testdata/parity.json, which internal/httpapi's
// TestParityWithJS sends over HTTP, is run here through the wasm module.
// Each row names the option both must blame, or null where both succeed,
// and where it gives one the rule both messages end with, pool's.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { poolkit } from "./helpers.js";

const table = JSON.parse(await readFile(new URL("../../internal/httpapi/testdata/parity.json", import.meta.url), "utf8"));

function tensorOf(c) {
  const n = c.shape.reduce((a, b) => a * b, 1);
  // JSON.parse reads 1e999 as Infinity; null stands for NaN.
  const data = c.data ? Float32Array.from(c.data, (v) => (v === null ? NaN : v)) : Float32Array.from({ length: n }, (_, i) => (i % 7) - 2.5);
  return { data, shape: c.shape };
}

// The same bytes as the Go side's raw RGBA: byte i is i * 37 mod 256.
function pictureOf(c) {
  const [height, width] = c.shape;
  return { data: Uint8ClampedArray.from({ length: 4 * width * height }, (_, i) => (i * 37) & 255), width, height };
}

// The HTTP body carries gradOutput and rois among the options; JS takes
// them as arguments, and samples as a Float32Array.
function split(opts) {
  const { gradOutput, rois, ...rest } = opts;
  if (rest.samples) rest.samples = Float32Array.from(rest.samples);
  return { opts: rest, grad: gradOutput && tensorOf(gradOutput), rois: rois && tensorOf(rois) };
}

for (const c of table.cases) {
  test(`parity: ${c.name}`, async () => {
    const pk = await poolkit();
    const t = tensorOf(c);
    const { opts, grad, rois } = split(c.opts);
    const run = () => {
      switch (c.call) {
        case "picture": return pk.pool(pictureOf(c), opts);
        case "pool": return pk.poolTensor(t, opts);
        case "adaptive": return pk.adaptivePool(t, opts);
        case "global": return pk.globalPool(t, opts);
        case "unpool": return pk.maxUnpool(t, Int32Array.from(c.indices), opts);
        case "poolGrad": return pk.poolTensorGrad(t, grad, opts);
        case "adaptiveGrad": return pk.adaptivePoolGrad(t, grad, opts);
        case "globalGrad": return pk.globalPoolGrad(t, grad, opts);
        case "unpoolGrad": return pk.maxUnpoolGrad(t, Int32Array.from(c.indices), grad, opts);
        case "fractional": return pk.fractionalMaxPool(t, opts);
        case "fractionalGrad": return pk.fractionalMaxPoolGrad(t, grad, opts);
        case "roiAlign": return pk.roiAlign(t, rois, opts);
        case "maxRoiPool": return pk.maxRoiPool(t, rois, opts);
      }
      throw new Error(`unknown call ${c.call}`);
    };
    if (c.option === null) {
      assert.ok(run().data.length > 0);
      return;
    }
    assert.throws(run, (err) => {
      assert.ok(err instanceof TypeError || err instanceof RangeError, `${err}`);
      assert.equal(err.option, c.option, err.message);
      if (c.rule !== undefined) assert.ok(err.message.endsWith(`: ${c.rule}`), `${err.message} does not end with the rule ${c.rule}`);
      return true;
    });
  });
}
