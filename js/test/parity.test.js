// The JS API and the HTTP API take one set of rules: the table in
// internal/httpapi/testdata/parity.json, which internal/httpapi's
// TestParityWithJS sends over HTTP, is run here through the wasm module.
// Each row names the option both must blame, or null where both succeed.

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

for (const c of table.cases) {
  test(`parity: ${c.name}`, async () => {
    const pk = await poolkit();
    const t = tensorOf(c);
    const run = () => {
      switch (c.call) {
        case "picture": return pk.pool(pictureOf(c), c.opts);
        case "pool": return pk.poolTensor(t, c.opts);
        case "adaptive": return pk.adaptivePool(t, c.opts);
        case "global": return pk.globalPool(t, c.opts);
        case "unpool": return pk.maxUnpool(t, Int32Array.from(c.indices), c.opts);
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
      return true;
    });
  });
}
