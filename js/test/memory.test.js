import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadPoolkit } from "../poolkit.js";
import { randomPicture, randomTensor } from "./helpers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

const image = randomPicture(16, 16);
const tensor = randomTensor([2, 3, 8, 8]);
const bad = [
  (pk) => pk.pool(image, { op: "mean", kernel: 2 }),
  (pk) => pk.pool(image, { op: "max", kernel: 0 }),
  (pk) => pk.pool(image, { op: "max", kernel: 2, padding: 5 }),
  (pk) => pk.pool(image, { op: "max", kernel: 2, strides: 2 }),
  (pk) => pk.pool(image, { op: "max", kernel: 2.5 }),
  (pk) => pk.pool(image, { op: "max", kernel: 99 }),
  (pk) => pk.pool(image, { op: "max", kernel: 2, alpha: "premultiplied" }),
  (pk) => pk.pool({ data: image.data, width: 15, height: 16 }, { op: "max", kernel: 2 }),
  (pk) => pk.poolTensor(tensor, { op: "avg", kernel: 2, returnIndices: true }),
  (pk) => pk.poolTensor({ data: tensor.data, shape: [2, 3, 8, 9] }, { op: "max", kernel: 2 }),
  (pk) => pk.adaptivePool(tensor, { op: "lp", outputSize: 2 }),
  (pk) => pk.adaptivePool(tensor, { op: "max", outputSize: 1 << 20 }),
  (pk) => pk.maxUnpool(tensor, new Int32Array(tensor.data.length).fill(1e6), { kernel: 2 }),
  (pk) => pk.globalPool(tensor, null),
];

function badCalls(pk, n) {
  let thrown = 0;
  for (let i = 0; i < n; i++) {
    try {
      bad[i % bad.length](pk);
    } catch (err) {
      if (err instanceof TypeError || err instanceof RangeError) thrown++;
    }
  }
  return thrown;
}

function heapAfterGC() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// Go's heap settles after a few garbage collections, a few ten thousand bad
// calls; from then on the wasm memory must stay put, within a few pages that
// the collector's pacing moves.
const slack = 1 << 20;

test("after 10,000 bad calls a good call works and memory has stopped growing", async (t) => {
  const pk = await loadPoolkit();
  const want = pk.pool(image, { op: "avg", kernel: 2 });
  assert.equal(badCalls(pk, 10000), 10000, "every bad call throws a TypeError or RangeError");
  assert.deepEqual(pk.pool(image, { op: "avg", kernel: 2 }).data, want.data);
  badCalls(pk, 20000);
  const wasm = [pk.memory.buffer.byteLength];
  const heap = [heapAfterGC()];
  for (let i = 0; i < 2; i++) {
    assert.equal(badCalls(pk, 10000), 10000);
    wasm.push(pk.memory.buffer.byteLength);
    heap.push(heapAfterGC());
  }
  t.diagnostic(`wasm memory ${wasm.join(", ")} bytes; JS heap ${heap.join(", ")} bytes`);
  assert.deepEqual(pk.pool(image, { op: "avg", kernel: 2 }).data, want.data);
  assert.deepEqual(pk.poolTensor(tensor, { op: "max", kernel: 2 }).shape, [2, 3, 4, 4]);
  assert.ok(wasm[2] - wasm[0] <= slack, `wasm memory grew from ${wasm[0]} to ${wasm[2]} bytes`);
  assert.ok(heap[2] - heap[0] <= 2 * slack, `JS heap grew from ${heap[0]} to ${heap[2]} bytes`);
});

test("good calls reuse their buffers", async () => {
  const pk = await loadPoolkit();
  const picture = randomPicture(300, 200);
  const calls = (n) => {
    for (let i = 0; i < n; i++) {
      pk.pool(picture, { op: "avg", kernel: 3 });
      pk.poolTensor(tensor, { op: "max", kernel: 2, returnIndices: true });
    }
  };
  calls(500);
  const before = pk.memory.buffer.byteLength;
  calls(500);
  assert.ok(pk.memory.buffer.byteLength - before <= slack, `wasm memory grew from ${before} to ${pk.memory.buffer.byteLength} bytes`);
});

// Go holds no JavaScript object: a call's input is copied into Go's
// buffers and its result out of them, so nothing a past call passed or got
// back stays referenced.
test("the pictures and tensors of past calls are let go", async () => {
  const pk = await loadPoolkit();
  const arrayBuffers = () => {
    gc();
    gc();
    return process.memoryUsage().arrayBuffers;
  };
  const before = arrayBuffers();
  for (let i = 0; i < 60; i++) {
    pk.pool({ data: new Uint8ClampedArray(4 << 20), width: 1024, height: 1024 }, { op: "max", kernel: 2 });
    pk.poolTensor({ data: new Float32Array(1 << 20), shape: [16, 256, 256] }, { op: "avg", kernel: 2 });
  }
  // 60 rounds hand Go 600 MiB of arrays in and out.
  const kept = arrayBuffers() - before;
  assert.ok(kept <= 96 << 20, `${kept >> 20} MiB of array buffers kept after 60 rounds`);
});

// 100,000 calls of every kind and of sizes that go up and down: after the
// first rounds, in which Go's buffers reach their largest size and its heap
// its pace, the wasm memory must not grow at all and the JS heap must stay
// within a few MiB (what V8 keeps of its young generation).
test("100,000 calls of mixed sizes keep the JS heap and the wasm memory flat", async (t) => {
  const pk = await loadPoolkit();
  const pictures = [randomPicture(2, 2), randomPicture(17, 9), randomPicture(64, 48), randomPicture(3, 120)];
  const tensors = [randomTensor([1, 1, 2, 2]), randomTensor([2, 3, 8, 8]), randomTensor([1, 16, 20, 20]), randomTensor([4, 1, 30])];
  const bytes = { data: Uint8Array.from(randomTensor([1, 2, 6, 6]).data, (v) => Math.abs(v * 255)), shape: [1, 2, 6, 6] };
  const doubles = { data: Float64Array.from(tensors[1].data), shape: tensors[1].shape };
  const resident = pk.createTensor([1, 8, 7, 7]);
  resident.data.set(randomTensor([1, 8, 7, 7]).data);
  const frame = pk.createFrame(32, 24);
  const calls = [
    (i) => pk.pool(pictures[i % 4], { op: i % 3 ? "max" : "avg", kernel: 2 }),
    (i) => pk.poolTensor(tensors[i % 3], { op: "max", kernel: 2, returnIndices: i % 2 === 0 }),
    (i) => pk.poolTensor(tensors[3], { op: "avg", kernel: [i % 3 + 1] }),
    (i) => pk.adaptivePool(tensors[1 + (i % 2)], { op: "avg", outputSize: 1 + (i % 4) }),
    () => pk.globalPool(resident, { op: "avg" }),
    () => pk.poolTensor(bytes, { op: "avg", kernel: 3 }),
    () => pk.globalPool(doubles, { op: "max" }),
    () => frame.pool({ op: "min", kernel: 3 }),
    () => {
      try {
        pk.pool(pictures[0], { op: "max", kernel: 9 });
      } catch {
        // Errors are calls too.
      }
    },
  ];
  const run = (from, n) => {
    for (let i = from; i < from + n; i++) calls[i % calls.length](i >> 4);
  };
  run(0, 20000);
  const wasm = [pk.memory.buffer.byteLength];
  const heap = [heapAfterGC()];
  for (let k = 1; k <= 4; k++) {
    run(k * 20000, 20000);
    wasm.push(pk.memory.buffer.byteLength);
    heap.push(heapAfterGC());
  }
  t.diagnostic(`wasm memory ${wasm.join(", ")} bytes; JS heap ${heap.join(", ")} bytes`);
  assert.ok(wasm[4] - wasm[0] <= slack, `wasm memory grew from ${wasm[0]} to ${wasm[4]} bytes`);
  assert.ok(heap[4] - heap[0] <= 2 * slack, `JS heap grew from ${heap[0]} to ${heap[4]} bytes`);
  resident.free();
  frame.free();
});
