import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { loadPoolkit } from "../poolkit.js";
import { randomPicture, randomTensor } from "./helpers.js";

let pk;
before(async () => {
  pk = await loadPoolkit({ workers: 3 });
});
after(() => pk.close());

const sizes = [[1, 1], [1, 7], [7, 1], [13, 97], [101, 37], [257, 301]];
const optionSets = [
  { op: "max", kernel: 2 },
  { op: "avg", kernel: 3, stride: 2, padding: 1, ceilMode: true },
  { op: "avg", kernel: [4, 3], stride: [3, 1], padding: "same", alpha: "premultiplied", colorSpace: "linear" },
  { op: "min", kernel: [3, 1], stride: 1, dilation: [2, 1], padding: [2, 0] },
  { op: "lp", kernel: 2, p: 3, stride: 1 },
  { op: "avg", kernel: 5, stride: 1, padding: 2, countIncludePad: false },
];

test("workers give pool's bytes on odd sizes with any number of bands", async () => {
  let calls = 0;
  for (const [width, height] of sizes) {
    const image = randomPicture(width, height, width * 1000 + height);
    for (const opts of optionSets) {
      let want;
      try {
        want = pk.direct.pool(image, opts);
      } catch (err) {
        await assert.rejects(pk.pool(image, opts), (e) => e.constructor === err.constructor && e.message === err.message && e.option === err.option);
        continue;
      }
      const bandCounts = width * height > 10000 ? [undefined, 7] : [undefined, 1, 2, 7, want.height, want.height + 5];
      for (const bands of bandCounts) {
        const got = await pk.pool(image, opts, { bands });
        assert.equal(got.width, want.width);
        assert.equal(got.height, want.height);
        assert.deepEqual(got.data, want.data, `${width}x${height} ${JSON.stringify(opts)} in ${bands} bands`);
        calls++;
      }
    }
  }
  assert.ok(calls > 100, `${calls} calls`);
});

test("progress is reported once per band, in order", async () => {
  const image = randomPicture(64, 300);
  const seen = [];
  await pk.pool(image, { op: "avg", kernel: 2 }, { bands: 9, onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual(seen, Array.from({ length: 9 }, (_, i) => [i + 1, 9]));
  const big = randomPicture(1024, 1024);
  let last;
  await pk.pool(big, { op: "max", kernel: 2 }, { onProgress: (done, total) => (last = [done, total]) });
  assert.ok(last[1] >= 3, `a 4 MiB picture splits in at least one band per worker, got ${last[1]}`);
  assert.equal(last[0], last[1]);
});

test("a caller's output buffer receives the result", async () => {
  const image = randomPicture(50, 41);
  const opts = { op: "avg", kernel: 3, stride: 2 };
  const want = pk.direct.pool(image, opts);
  const out = new Uint8ClampedArray(want.data.length);
  const got = await pk.pool(image, opts, { out, bands: 4 });
  assert.equal(got.data.buffer, out.buffer);
  assert.deepEqual(out, want.data);
  await assert.rejects(pk.pool(image, opts, { out: new Uint8ClampedArray(3) }), RangeError);
});

test("inputs stay the caller's; a shared buffer is read in place", async () => {
  const image = randomPicture(40, 40);
  const copy = image.data.slice();
  await pk.pool(image, { op: "max", kernel: 2 }, { bands: 4 });
  assert.deepEqual(image.data, copy);
  const shared = new Uint8ClampedArray(new SharedArrayBuffer(image.data.length));
  shared.set(image.data);
  const got = await pk.pool({ data: shared, width: 40, height: 40 }, { op: "max", kernel: 2 }, { bands: 4 });
  assert.deepEqual(got.data, pk.direct.pool(image, { op: "max", kernel: 2 }).data);
});

test("workers write their rows of a shared result in place", async () => {
  const image = randomPicture(512, 700, 9);
  const opts = { op: "avg", kernel: 3, stride: 1, padding: "same" };
  const want = pk.direct.pool(image, opts);
  const out = new Uint8ClampedArray(new SharedArrayBuffer(want.data.length + 8));
  const got = await pk.pool(image, opts, { out, bands: 5 });
  assert.equal(got.data.buffer, out.buffer, "the caller's shared buffer");
  assert.ok(bytes(out.subarray(0, want.data.length)).equals(bytes(want.data)));
  // Without an out, the workers' rows are copied into a plain array, which
  // the caller can transfer.
  const big = await pk.pool(image, opts);
  assert.ok(big.data.buffer instanceof ArrayBuffer, "a plain result");
  assert.ok(bytes(big.data).equals(bytes(want.data)));
  // Two large calls at once stage their input in buffers of their own.
  const other = randomPicture(700, 512, 4);
  const [a, b] = await Promise.all([pk.pool(image, opts), pk.pool(other, opts)]);
  assert.ok(bytes(a.data).equals(bytes(want.data)));
  assert.ok(bytes(b.data).equals(bytes(pk.direct.pool(other, opts).data)));
});

test("bad input rejects with the direct call's error, and the workers carry on", async () => {
  const image = randomPicture(8, 8);
  await assert.rejects(pk.pool(image, { op: "mean", kernel: 2 }), { name: "TypeError", message: 'op "mean": must be "max", "avg", "min" or "lp"', option: "op" });
  await assert.rejects(pk.pool(image, { op: "max", kernel: 0 }), RangeError);
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2, strides: 1 }), TypeError);
  // Caught in the workers, not by the main thread's checks.
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2, alpha: "premultiplied" }, { bands: 3 }), (e) => e instanceof TypeError && e.message.startsWith("alpha") && e.option === "alpha");
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2 }, { bands: 0 }), RangeError);
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2 }, { onProgress: 1 }), TypeError);
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2 }, { onProgres: () => {} }), TypeError);
  await assert.rejects(pk.poolTensor(randomTensor([4, 4]), { op: "avg", kernel: 2, returnIndices: true }), TypeError);
  await assert.rejects(pk.adaptivePool(randomTensor([4, 4]), { op: "avg", outputSize: 0 }), RangeError);
  assert.equal((await pk.pool(image, { op: "max", kernel: 2 })).width, 4);
});

// bytes views a typed array's bytes, so that results compare bit for bit,
// NaN payloads and the sign of zero included.
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function sameTensor(got, want, what) {
  assert.deepEqual(got.shape, want.shape, what);
  assert.ok(bytes(got.data).equals(bytes(want.data)), `${what}: data`);
  assert.equal(got.indices === undefined, want.indices === undefined, `${what}: indices`);
  if (want.indices) assert.ok(bytes(got.indices).equals(bytes(want.indices)), `${what}: indices`);
}

// specialTensor is randomTensor with NaN, infinities and signed zeros
// sprinkled in, which every kernel must carry through as the direct call does.
function specialTensor(shape, seed) {
  const t = randomTensor(shape, seed);
  const special = [NaN, Infinity, -Infinity, 0, -0];
  for (let i = seed % 7; i < t.data.length; i += 13 + (i % 5)) t.data[i] = special[i % special.length];
  return t;
}

test("tensor calls split over planes give the direct call's bytes", async () => {
  const calls = [
    ["poolTensor", { op: "max", kernel: 3, stride: 2, padding: 1, returnIndices: true }],
    ["poolTensor", { op: "max", kernel: 3, stride: 1, padding: 1 }],
    ["poolTensor", { op: "avg", kernel: [3, 2], stride: 1, padding: [1, 0], countIncludePad: false, ceilMode: true }],
    ["poolTensor", { op: "min", kernel: 2, dilation: 2, padding: "same" }],
    ["poolTensor", { op: "lp", kernel: 2, p: 3 }],
    ["adaptivePool", { op: "max", outputSize: [5, 4], returnIndices: true }],
    ["adaptivePool", { op: "avg", outputSize: 3 }],
    ["globalPool", { op: "max" }],
    ["globalPool", { op: "avg" }],
  ];
  let checked = 0;
  for (const shape of [[2, 3, 17, 19], [7, 9, 11], [1, 80, 12, 10]]) {
    const t = specialTensor(shape, shape[1]);
    for (const [fn, opts] of calls) {
      const want = pk.direct[fn](t, opts);
      for (const parts of [undefined, 2, 3, 7, 1000]) {
        sameTensor(await pk[fn](t, opts, { parts }), want, `${fn} ${JSON.stringify(shape)} ${JSON.stringify(opts)} in ${parts} parts`);
        checked++;
      }
      if (fn === "poolTensor" && opts.returnIndices) {
        const unpool = { kernel: 3, stride: 2, padding: 1, outputSize: shape.slice(-2) };
        const back = pk.direct.maxUnpool(want, want.indices, unpool);
        for (const parts of [2, 5]) sameTensor(await pk.maxUnpool(want, want.indices, unpool, { parts }), back, `maxUnpool in ${parts} parts`);
      }
    }
  }
  assert.ok(checked > 100, `${checked} calls`);
});

test("a large tensor call splits over the workers, equal to the direct call", async () => {
  const t = specialTensor([1, 80, 128, 128], 3);
  const opts = { op: "max", kernel: 3, stride: 1, padding: 1 };
  const got = await pk.poolTensor(t, opts);
  sameTensor(got, pk.direct.poolTensor(t, opts), "CenterNet's layer");
  assert.ok(got.data.buffer instanceof ArrayBuffer, "the workers' planes are copied into a plain result");
  const shared = { data: new Float32Array(new SharedArrayBuffer(t.data.byteLength)), shape: t.shape };
  shared.data.set(t.data);
  sameTensor(await pk.globalPool(shared, { op: "avg" }), pk.direct.globalPool(t, { op: "avg" }), "a shared input, read in place");
});

test("tensor calls write into a caller's out: in place when shared, else copied", async () => {
  const t = specialTensor([2, 40, 64, 64], 5);
  const opts = { op: "max", kernel: 3, stride: 1, padding: 1, returnIndices: true };
  const want = pk.direct.poolTensor(t, opts);
  const n = want.data.length;
  const small = randomTensor([1, 2, 8, 8]);
  const smallWant = pk.direct.poolTensor(small, { op: "avg", kernel: 2 });
  for (const [label, make] of [["shared", (k) => new Float32Array(new SharedArrayBuffer(4 * k))], ["plain", (k) => new Float32Array(k)]]) {
    for (const parts of [undefined, 1, 3]) {
      // Longer than the result and filled with a value no result holds: the
      // view must cover the result's values and leave the rest alone.
      const out = make(n + 3).fill(-7);
      const got = await pk.poolTensor(t, opts, { out, parts });
      assert.equal(got.data.buffer, out.buffer, `${label} out, ${parts} parts`);
      sameTensor(got, want, `${label} out, ${parts} parts`);
      assert.deepEqual([...out.subarray(n)], [-7, -7, -7], `${label} out, ${parts} parts`);
      await assert.rejects(pk.poolTensor(t, opts, { out: make(n - 1), parts }), { name: "RangeError", option: "out" });
    }
    const out = make(smallWant.data.length);
    const got = await pk.poolTensor(small, { op: "avg", kernel: 2 }, { out });
    assert.equal(got.data.buffer, out.buffer, `${label} out of a call on this thread`);
    sameTensor(got, smallWant, `${label} out of a call on this thread`);
  }
  await assert.rejects(pk.poolTensor(t, opts, { out: new Uint8Array(4 * n) }), { name: "TypeError", option: "out" });
});

test("tensor inputs are copied unless the caller hands them over", async () => {
  const t = randomTensor([16, 64, 64]);
  const opts = { op: "avg", kernel: 2 };
  const want = pk.direct.poolTensor(t, opts);
  sameTensor(await pk.poolTensor(t, opts), want, "copied");
  assert.equal(t.data.length, 16 * 64 * 64, "copied, not transferred, by default");
  const mine = { data: t.data.slice(), shape: t.shape };
  sameTensor(await pk.poolTensor(mine, opts, { transfer: true }), want, "transferred");
  assert.equal(mine.data.length, 0, "transfer: true hands the buffer over to the one worker");
  const small = randomTensor([8, 8]);
  assert.equal((await pk.poolTensor(small, opts, { transfer: true })).data.length, 16, "a small call runs on this thread");
  // A resident tensor's data is a view of the wasm memory, which cannot be
  // handed over: it is copied, and stays usable.
  const resident = pk.direct.createTensor(t.shape);
  resident.data.set(t.data);
  sameTensor(await pk.poolTensor(resident, opts, { transfer: true }), want, "resident, transfer asked");
  assert.equal(resident.data.length, 16 * 64 * 64, "a resident tensor is copied, not transferred");
  resident.free();
  await assert.rejects(pk.poolTensor(t, opts, { parts: 0 }), { name: "RangeError", message: "parts 0: must be a positive integer" });
  await assert.rejects(pk.poolTensor(t, opts, { parts: "2" }), TypeError);
});

test("many calls at once all complete", async () => {
  const jobs = Array.from({ length: 40 }, (_, i) => {
    const image = randomPicture(20 + i, 30, i + 1);
    return pk.pool(image, { op: "avg", kernel: 2 }, { bands: 1 + (i % 4) }).then((r) => assert.deepEqual(r.data, pk.direct.pool(image, { op: "avg", kernel: 2 }).data));
  });
  await Promise.all(jobs);
});

test("a call aborts with its signal's reason", async () => {
  const image = randomPicture(200, 200);
  const ctl = new AbortController();
  const p = pk.pool(image, { op: "avg", kernel: 2 }, { bands: 50, signal: ctl.signal });
  ctl.abort(new Error("stop"));
  await assert.rejects(p, /stop/);
  await assert.rejects(pk.pool(image, { op: "avg", kernel: 2 }, { signal: AbortSignal.abort() }), { name: "AbortError" });
  assert.equal((await pk.pool(image, { op: "avg", kernel: 2 })).width, 100);
});

test("idle workers do not keep Node running, and close ends calls", async () => {
  const script = `
    import { loadPoolkit } from ${JSON.stringify(new URL("../poolkit.js", import.meta.url).href)};
    const pk = await loadPoolkit({ workers: 2 });
    const r = await pk.pool({ data: new Uint8ClampedArray(64), width: 4, height: 4 }, { op: "max", kernel: 2 });
    console.log(r.width);`;
  const res = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30000 });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), "2");

  const other = await loadPoolkit({ workers: 1 });
  const pending = assert.rejects(other.pool(randomPicture(300, 300), { op: "avg", kernel: 3 }), /closed/);
  await other.close();
  await pending;
  await assert.rejects(other.globalPool(randomTensor([2, 2]), { op: "max" }), /closed/);
});

test("workers start in a Node process run with V8 flags, which workers refuse to inherit", () => {
  const script = `
    import { loadPoolkit } from ${JSON.stringify(new URL("../poolkit.js", import.meta.url).href)};
    const pk = await loadPoolkit({ workers: 2 });
    const r = await pk.pool({ data: new Uint8ClampedArray(64).fill(9), width: 4, height: 4 }, { op: "max", kernel: 2 }, { bands: 2 });
    await pk.close();
    console.log(r.data.join(","));`;
  const res = spawnSync(process.execPath, ["--max-old-space-size=8000", "--stack-size=900", "--input-type=module", "-e", script], {
    encoding: "utf8", timeout: 30000,
  });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stdout.trim(), Array(16).fill(9).join(","));
});
