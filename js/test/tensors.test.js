// Tensors resident in the WebAssembly memory (pk.createTensor), and tensors
// of uint8 and float64 values: each gives the bytes the float32 call on a
// plain copy gives, converted to its type.

import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPoolkit } from "../poolkit.js";
import { poolkit, randomPicture, randomTensor } from "./helpers.js";

const calls = [
  ["poolTensor", (pk, t) => pk.poolTensor(t, { op: "max", kernel: 2, returnIndices: true })],
  ["poolTensor avg 3-D", (pk, t) => pk.poolTensor(t, { op: "avg", kernel: [1, 3, 2], stride: 1, padding: [0, 1, 1] })],
  ["adaptivePool", (pk, t) => pk.adaptivePool(t, { op: "avg", outputSize: [3, 5] })],
  ["globalPool", (pk, t) => pk.globalPool(t, { op: "lp", p: 3 })],
  ["maxUnpool", (pk, t) => pk.maxUnpool(t, new Int32Array(t.data.length).map((_, i) => (i % 36) * 2 % 36), { kernel: 2, outputSize: [6, 6] })],
];

test("a resident tensor pools to the plain tensor's values, in every call", async () => {
  const pk = await poolkit();
  const plain = randomTensor([2, 3, 6, 6], 5);
  const t = pk.createTensor([2, 3, 6, 6]);
  assert.deepEqual(t.shape, [2, 3, 6, 6]);
  assert.equal(t.dtype, "float32");
  assert.ok(t.data instanceof Float32Array);
  assert.equal(t.data.buffer, pk.memory.buffer);
  t.data.set(plain.data);
  for (const [name, call] of calls) {
    const got = call(pk, name === "poolTensor avg 3-D" ? { ...t, data: t.data, shape: [6, 6, 6] } : t);
    const want = call(pk, name === "poolTensor avg 3-D" ? { data: plain.data, shape: [6, 6, 6] } : plain);
    assert.deepEqual(got, want, name);
  }
  t.free();
});

test("a resident tensor keeps its values when the memory grows, and refuses use after free", async () => {
  const pk = await poolkit();
  const t = pk.createTensor([4, 4]);
  t.data.set(randomTensor([4, 4], 2).data);
  const before = Array.from(t.data);
  const old = t.data;
  const grown = pk.memory.buffer.byteLength;
  pk.poolTensor(randomTensor([4, 1024, 1024]), { op: "max", kernel: 2 });
  assert.ok(pk.memory.buffer.byteLength > grown);
  assert.equal(old.length, 0, "the old view is detached");
  assert.deepEqual(Array.from(t.data), before);
  assert.deepEqual(pk.poolTensor(t, { op: "max", kernel: 2 }), pk.poolTensor({ data: Float32Array.from(before), shape: [4, 4] }, { op: "max", kernel: 2 }));
  t.free();
  t.free();
  assert.throws(() => t.data, { name: "TypeError", option: "tensor" });
  assert.throws(() => pk.poolTensor(t, { op: "max", kernel: 2 }), { name: "TypeError", option: "tensor" });
  // Its buffer goes to the next resident tensor.
  const u = pk.createTensor([2, 2], "uint8");
  u.data.set([1, 2, 3, 4]);
  assert.deepEqual(Array.from(pk.poolTensor(u, { op: "max", kernel: 2 }).data), [4]);
});

test("createTensor checks its shape and element type", async () => {
  const pk = await poolkit();
  assert.throws(() => pk.createTensor([2, 0]), { name: "RangeError", option: "shape" });
  assert.throws(() => pk.createTensor("2x2"), { name: "TypeError", option: "shape" });
  assert.throws(() => pk.createTensor([2, 2], "int8"), { name: "TypeError", option: "dtype", message: /^dtype "int8": must be "float32", "uint8" or "float64"/ });
  assert.throws(() => pk.createTensor([1 << 16, 1 << 16]), { name: "RangeError", option: "data" });
  // The module is still usable.
  assert.deepEqual(pk.createTensor([1, 2], "float64").data, new Float64Array(2));
});

test("uint8 tensors pool in float32 and round back half to even; max and min are exact", async () => {
  const pk = await poolkit();
  const f = randomTensor([3, 9, 11], 7);
  const bytes = Uint8Array.from(f.data, (v) => Math.floor((v + 1) * 128));
  const floats = Float32Array.from(bytes);
  for (const opts of [
    { op: "max", kernel: 3, stride: 2, padding: 1 },
    { op: "min", kernel: 2 },
    { op: "avg", kernel: 2 },
    { op: "avg", kernel: 3, stride: 1, countIncludePad: false, padding: 1 },
    { op: "lp", kernel: 2, p: 1 },
  ]) {
    const got = pk.poolTensor({ data: bytes, shape: [3, 9, 11] }, opts);
    const want = pk.poolTensor({ data: floats, shape: [3, 9, 11] }, opts);
    assert.ok(got.data instanceof Uint8Array, opts.op);
    assert.deepEqual(got.shape, want.shape);
    const rounded = Array.from(want.data, (v) => {
      const r = Math.round(v);
      return Math.min(255, Math.max(0, r - v === 0.5 && r % 2 === 1 ? r - 1 : r));
    });
    assert.deepEqual(Array.from(got.data), rounded, JSON.stringify(opts));
  }
  // Ties go to even: 1.5 -> 2, 2.5 -> 2.
  assert.deepEqual(Array.from(pk.poolTensor({ data: Uint8Array.of(1, 2, 2, 3), shape: [1, 4] }, { op: "avg", kernel: [2] }).data), [2, 2]);
  const out = new Uint8Array(4);
  const r = pk.globalPool({ data: bytes, shape: [3, 9, 11] }, { op: "max" }, out);
  assert.equal(r.data.buffer, out.buffer);
  assert.throws(() => pk.globalPool({ data: bytes, shape: [3, 9, 11] }, { op: "max" }, new Float32Array(3)), { name: "TypeError", option: "out", message: /Uint8Array/ });
});

test("float64 tensors pool in float32 and come back as float64", async () => {
  const pk = await poolkit();
  const f = randomTensor([2, 2, 8, 8], 3);
  const doubles = Float64Array.from(f.data);
  for (const [name, call] of calls.filter(([n]) => n !== "poolTensor avg 3-D")) {
    const got = call(pk, { data: doubles, shape: f.shape });
    const want = call(pk, f);
    assert.ok(got.data instanceof Float64Array, name);
    assert.deepEqual(Array.from(got.data), Array.from(want.data), name);
    assert.deepEqual(got.indices, want.indices);
  }
});

// A call whose options and shape are the last call's reuses what that call
// resolved, and input of the last call's size goes where that call's went:
// two instances given the same calls in different orders, so that what each
// reuses differs, must agree on every result, also after the memory grew
// between two calls of one size.
test("calls that repeat the last call's options, shape or size pool their own input", async () => {
  const [a, b] = await Promise.all([loadPoolkit(), loadPoolkit()]);
  const opts = [{ op: "max", kernel: 2 }, { op: "avg", kernel: 3, stride: 1, padding: 1 }, { op: "max", kernel: 2, stride: 1 }];
  const shapes = [[1, 2, 6, 6], [2, 1, 6, 6], [1, 1, 9, 4]];
  const calls = [];
  let seed = 1;
  for (const o of opts) {
    for (const shape of shapes) {
      for (let i = 0; i < 3; i++) calls.push({ o, t: randomTensor(shape, seed++), picture: randomPicture(shape[3], shape[2], seed++) });
    }
  }
  const run = (pk, c) => [pk.poolTensor(c.t, c.o), pk.pool(c.picture, c.o)];
  const want = calls.map((c) => run(a, c));
  const order = calls.map((_, i) => (i * 7) % calls.length);
  assert.equal(new Set(order).size, calls.length);
  const got = [];
  for (const i of order) {
    if (i % 5 === 0) b.createFrame(1024 + i, 1024).free();
    got[i] = run(b, calls[i]);
  }
  assert.deepEqual(got, want);
  const grown = b.memory.buffer.byteLength;
  const frame = b.createFrame(4096, 4096);
  assert.ok(b.memory.buffer.byteLength > grown, "the frame grew the memory");
  assert.deepEqual(run(b, calls[0]), want[0]);
  frame.free();
});
