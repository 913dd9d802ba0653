// Messages for the mistakes a new user makes first: each says what to do.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadPoolkit } from "../poolkit.js";
import { poolkit } from "./helpers.js";

test("a missing wasm names the path and says to run make build", async () => {
  const missing = new URL("./no-such-dir/poolkit.wasm", import.meta.url);
  for (const wasm of [missing, fileURLToPath(missing)]) {
    await assert.rejects(loadPoolkit({ wasm }), (err) => {
      assert.match(err.message, /no WebAssembly module at .*no-such-dir\/poolkit\.wasm/);
      assert.match(err.message, /make build/);
      assert.equal(err.cause?.code, "ENOENT");
      return true;
    });
  }
});

test("a number kernel on a 1-D tensor suggests kernel: [k]", async () => {
  const pk = await poolkit();
  assert.throws(() => pk.poolTensor({ data: new Float32Array(4), shape: [4] }, { op: "max", kernel: 2 }), (err) => {
    assert.equal(err.option, "shape");
    assert.match(err.message, /kernel: \[k\]/);
    return true;
  });
  // As it says, the array form pools the signal.
  assert.deepEqual([...pk.poolTensor({ data: new Float32Array([1, 3, 2, 0]), shape: [4] }, { op: "max", kernel: [2] }).data], [3, 2]);
});

// Lists reach pool as given, their lengths judged there: the messages are the
// Go API's, a list longer than the record's slots quoted as far as it holds.
test("a list of the wrong length reads as pool says it", async () => {
  const pk = await poolkit();
  const t = { data: new Float32Array(16), shape: [1, 4, 4] };
  for (const [opts, message] of [
    [{ op: "max", kernel: [2, 2, 2, 2] }, "kernel [2, 2, 2, ...]: must have 1, 2 or 3 elements"],
    [{ op: "max", kernel: [] }, "kernel []: must have 1, 2 or 3 elements"],
    [{ op: "max", kernel: 2, stride: [1, 1, 1] }, "stride [1, 1, 1]: must have 2 elements, one per axis of kernel [2, 2]"],
    [{ op: "max", kernel: [3, 3, 3], padding: [1, 1, 1, 1, 1, 1, 1] }, "padding [1, 1, 1, 1, 1, 1, ...]: must have 3 elements (both sides of each axis) or 6 (begin and end of each axis)"],
    [{ op: "max", kernel: 2, stride: [1.5, 1, 1, 1] }, "stride [1.5, 1, 1, ...]: must be an integer"],
  ]) {
    assert.throws(() => pk.poolTensor(t, opts), { name: "RangeError", message });
  }
  // A number alone is quoted alone, as HTTP quotes it.
  assert.throws(() => pk.poolTensor(t, { op: "avg", kernel: 2, divisorOverride: 1.5 }), { name: "RangeError", message: "divisorOverride 1.5: must be an integer" });
  const image = { data: new Float32Array(36), shape: [1, 1, 6, 6] };
  const rois = { shape: [1, 5], data: new Float32Array([0, 0, 0, 4, 4]) };
  assert.throws(() => pk.roiAlign(image, rois, { outputSize: 2, samplingRatio: 0.5 }), { name: "RangeError", message: "samplingRatio 0.5: must be an integer" });
  assert.throws(() => pk.globalPool(t, { op: "max", p: 3 }), { name: "TypeError", message: 'p 3: applies to op "lp" only, not "max"' });
  assert.throws(() => pk.globalPool(t, { op: "max", dims: 0 }), { name: "RangeError", message: "dims 0: must be 1, 2 or 3" });
  assert.throws(() => pk.pool({ data: new Uint8ClampedArray(0), width: 0, height: 2 }, { op: "max", kernel: 1 }), { name: "RangeError", message: "width 0: must be at least 1" });
  assert.throws(() => pk.fractionalMaxPool(t, { kernel: 2, outputSize: 2, samples: [] }), { name: "RangeError", message: "samples length 0: must hold 2 per plane (2 for shape [1, 4, 4])" });
});

// A shape reaches pool as given, gradOutput's and the regions' too: the
// messages are the Go API's, a shape longer than the record's slots quoted
// as far as it holds; JavaScript checks only that it is an array of numbers.
test("a shape reads as pool says it", async () => {
  const pk = await poolkit();
  const o = { op: "max", kernel: 2 };
  const rank = "must have 1 to 5 dimensions: the spatial axes after at most a batch and a channel axis";
  for (const [shape, name, message] of [
    [[1, 1, 1, 1, 2, 2], "RangeError", `shape [1, 1, 1, 1, 2, ...]: ${rank}`],
    [[], "RangeError", `shape []: ${rank}`],
    [[0, 4], "RangeError", "shape [0, 4]: every dimension must be at least 1"],
    [[2, 2.5], "RangeError", "shape [2, 2.5]: must be an integer"],
    [[2, 2 ** 30 + 1], "RangeError", "shape [2, 1073741825]: must be at most 1073741824"],
    ["2x2", "TypeError", 'shape "2x2": must be an array of numbers'],
    [[2, "2"], "TypeError", 'shape [2, "2"]: must be an array of numbers'],
  ]) {
    assert.throws(() => pk.poolTensor({ data: new Float32Array(4), shape }, o), { name, message, option: "shape" });
    assert.throws(() => pk.createTensor(shape), { name, message, option: "shape" });
  }
  const t = { data: new Float32Array(16), shape: [1, 4, 4] };
  for (const [grad, message] of [
    [{ data: new Float32Array(3), shape: [1, 2, 2] }, "gradOutput length 3: must match shape [1, 2, 2] (4 elements)"],
    [{ data: new Float32Array(4), shape: [1, 2, 2.5] }, "gradOutput shape [1, 2, 2.5]: must be an integer"],
    [{ data: new Float32Array(4), shape: [1, 1, 1, 1, 1, 2, 2] }, "gradOutput shape [1, 1, 1, 1, 1, ...]: must be the forward output's shape [1, 2, 2]"],
  ]) {
    assert.throws(() => pk.poolTensorGrad(t, grad, o), { name: "RangeError", message, option: "gradOutput" });
  }
  const rois = { data: new Float32Array(4), shape: [1, 5] };
  assert.throws(() => pk.roiAlign({ data: new Float32Array(36), shape: [1, 6, 6] }, rois, { outputSize: 2 }), { name: "RangeError", message: "rois length 4: must match shape [1, 5]", option: "rois" });
});

// An empty array is put into the memory like any other, even as the first
// input of its buffer, and reaches pool.
test("empty data in a new instance is refused by its length", async () => {
  const pk = await loadPoolkit();
  assert.throws(() => pk.poolTensor({ data: new Float32Array(0), shape: [2, 2] }, { op: "max", kernel: 2 }), { name: "RangeError", message: "data length 0: must match shape [2, 2] (4 elements)", option: "data" });
});

// A band's rows and inputRows' output rows reach pool as given: JavaScript
// checks only that each is a number.
test("rows read as pool says them", async () => {
  const pk = await poolkit();
  const image = { data: new Uint8ClampedArray(4 * 4 * 6), width: 4, height: 6 };
  const o = { op: "max", kernel: 2 };
  for (const [rows, name, option, message] of [
    [{ height: 0, srcY: 0, from: 0, to: 1 }, "RangeError", "rows.height", "rows.height 0: must be at least 1"],
    [{ height: 6, srcY: -1, from: 0, to: 1 }, "RangeError", "rows.srcY", "rows.srcY -1: must be at least 0"],
    [{ height: 6, srcY: 0, from: 0.5, to: 1 }, "RangeError", "rows.from", "rows.from 0.5: must be an integer"],
    [{ height: 6, srcY: 0, from: 0, to: 2 ** 30 + 1 }, "RangeError", "rows.to", "rows.to 1073741825: must be at most 1073741824"],
    [{ height: 6, srcY: 0, from: -1, to: 1 }, "RangeError", "rows", "rows [-1, 1): must be a non-empty range within the 3 output rows"],
    [{ height: 6, srcY: 0, from: 0, to: "1" }, "TypeError", "rows.to", 'rows.to "1": must be a number'],
  ]) {
    assert.throws(() => pk.poolRows(image, o, rows), { name, message, option });
  }
  assert.deepEqual(pk.poolRows(image, o, { height: 6, srcY: 0, from: 0, to: 3 }).data, pk.pool(image, o).data);
  for (const [from, to, name, option, message] of [
    [1.5, 2, "RangeError", "from", "from 1.5: must be an integer"],
    [2, 1, "RangeError", "rows", "rows [2, 1): must be a non-empty range within the 3 output rows"],
    [0, null, "TypeError", "to", "to null: must be a number"],
  ]) {
    assert.throws(() => pk.inputRows(image, o, from, to), { name, message, option });
  }
  assert.deepEqual(pk.inputRows(image, o, 1, 3), [2, 6]);
});

// A tensor call's input is bounded by its elements, 2^28 float32s (1 GiB),
// before pool looks at its data.
test("a shape of more than 2^28 elements is refused by its size", async () => {
  const pk = await poolkit();
  assert.throws(() => pk.poolTensor({ data: new Float32Array(4), shape: [2 ** 15, 2 ** 14] }, { op: "max", kernel: 2 }), {
    name: "RangeError",
    option: "data",
    message: "data of shape [32768, 16384]: must be at most 2^28 elements",
  });
});
