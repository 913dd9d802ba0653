// 200 requests to the edge worker in workerd, 20 in flight at a time, half
// pictures and half tensors: every answer must be right, not just some.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadPoolkit } from "../../js/poolkit.js";
import { decodePNG, pictureOptions, pictures, randomTensor, startWorker, tensorBody, tensorOptions, toFloat32, toQuery } from "./helpers.js";

const total = 200;
const inFlight = 20;

let mf, pk;
before(async () => {
  [mf, pk] = await Promise.all([startWorker(), loadPoolkit()]);
});
after(() => mf?.dispose());

/** The i-th request and a check of its answer. */
function job(i) {
  if (i % 2 === 0) {
    const pic = pictures[(i / 2) % pictures.length];
    const opts = pictureOptions[i % pictureOptions.length];
    const want = pk.pool(pic.pixels, opts);
    return {
      path: "/v1/pool?" + toQuery(opts),
      body: pic.bytes,
      async check(bytes) {
        const got = await decodePNG(bytes);
        assert.equal(`${got.width}x${got.height}`, `${want.width}x${want.height}`);
        assert.ok(got.data.every((v, k) => v === want.data[k]), `${pic.file} ${JSON.stringify(opts)}: pixels differ`);
      },
    };
  }
  const t = randomTensor([1, 2, 11, 13], i);
  const opts = tensorOptions[i % tensorOptions.length];
  const want = pk.poolTensor(t, opts);
  return {
    path: "/v1/pool/tensor",
    body: tensorBody(t, opts),
    async check(bytes) {
      const got = JSON.parse(new TextDecoder().decode(bytes));
      assert.deepEqual(got.shape, Array.from(want.shape));
      const data = toFloat32(got.data);
      assert.ok(data.every((v, k) => Object.is(v, want.data[k])), `tensor ${i} ${JSON.stringify(opts)}: values differ`);
      if (opts.returnIndices) assert.deepEqual(got.indices, Array.from(want.indices));
    },
  };
}

test(`${total} requests, ${inFlight} at a time, all answered correctly`, async (t) => {
  const jobs = Array.from({ length: total }, (_, i) => job(i));
  // One request first, so that the timings below leave out workerd's start.
  await (await mf.dispatchFetch("http://poolkit.test/v1/health")).arrayBuffer();

  const latencies = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < jobs.length) {
        const j = jobs[next++];
        const start = performance.now();
        const res = await mf.dispatchFetch("http://poolkit.test" + j.path, { method: "POST", body: j.body });
        const bytes = new Uint8Array(await res.arrayBuffer());
        latencies.push(performance.now() - start);
        assert.equal(res.status, 200, new TextDecoder().decode(bytes));
        await j.check(bytes);
      }
    }),
  );
  const wall = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(0);
  assert.equal(latencies.length, total);
  t.diagnostic(
    `${total} requests, ${inFlight} in flight: ${(wall / 1000).toFixed(2)} s, ${((total / wall) * 1000).toFixed(1)} requests/s; ` +
      `latency p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`,
  );
});
