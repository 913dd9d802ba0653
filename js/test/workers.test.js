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
        await assert.rejects(pk.pool(image, opts), (e) => e.constructor === err.constructor && e.message === err.message);
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

test("bad input rejects with the direct call's error, and the workers carry on", async () => {
  const image = randomPicture(8, 8);
  await assert.rejects(pk.pool(image, { op: "mean", kernel: 2 }), { name: "TypeError", message: 'op "mean": must be "max", "avg", "min" or "lp"' });
  await assert.rejects(pk.pool(image, { op: "max", kernel: 0 }), RangeError);
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2, strides: 1 }), TypeError);
  // Caught in the workers, not by the main thread's checks.
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2, alpha: "premultiplied" }, { bands: 3 }), (e) => e instanceof TypeError && e.message.startsWith("alpha"));
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2 }, { bands: 0 }), RangeError);
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2 }, { onProgress: 1 }), TypeError);
  await assert.rejects(pk.pool(image, { op: "max", kernel: 2 }, { onProgres: () => {} }), TypeError);
  await assert.rejects(pk.poolTensor(randomTensor([4, 4]), { op: "avg", kernel: 2, returnIndices: true }), TypeError);
  await assert.rejects(pk.adaptivePool(randomTensor([4, 4]), { op: "avg", outputSize: 0 }), RangeError);
  assert.equal((await pk.pool(image, { op: "max", kernel: 2 })).width, 4);
});

test("tensor calls in workers equal the direct ones", async () => {
  const t = randomTensor([2, 3, 17, 19]);
  const opts = { op: "max", kernel: 3, stride: 2, padding: 1, returnIndices: true };
  const want = pk.direct.poolTensor(t, opts);
  const got = await pk.poolTensor(t, opts);
  assert.deepEqual(got, want);
  assert.deepEqual(await pk.adaptivePool(t, { op: "avg", outputSize: [5, 4] }), pk.direct.adaptivePool(t, { op: "avg", outputSize: [5, 4] }));
  assert.deepEqual(await pk.globalPool(t, { op: "avg" }), pk.direct.globalPool(t, { op: "avg" }));
  assert.deepEqual(await pk.maxUnpool(want, want.indices, { kernel: 3, stride: 2, padding: 1 }),
    pk.direct.maxUnpool(want, want.indices, { kernel: 3, stride: 2, padding: 1 }));
  assert.equal(t.data.length, 2 * 3 * 17 * 19, "copied, not transferred, by default");
  const mine = randomTensor([8, 8]);
  const r = await pk.poolTensor(mine, { op: "avg", kernel: 2 }, { transfer: true });
  assert.equal(r.data.length, 16);
  assert.equal(mine.data.length, 0, "transfer: true hands the buffer over");
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
