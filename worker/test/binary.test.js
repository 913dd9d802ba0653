// Binary tensors and call "unpool" at the edge, in workerd: the answers are
// the JS module's for the same tensor, NaN and the infinities included.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadPoolkit } from "../../js/poolkit.js";
import { randomTensor, startWorker } from "./helpers.js";

let mf, pk;
before(async () => {
  [mf, pk] = await Promise.all([startWorker(), loadPoolkit()]);
});
after(() => mf?.dispose());

const post = (path, body, headers) => mf.dispatchFetch(`http://poolkit.test${path}`, { method: "POST", body, headers });

test("a binary tensor in and out: the module's values, bit for bit, with indices", async () => {
  const t = randomTensor([2, 3, 16, 20], 7);
  t.data[5] = NaN;
  t.data[40] = Infinity;
  t.data[41] = -Infinity;
  const opts = { op: "max", kernel: 3, stride: 2, padding: 1, returnIndices: true };
  const res = await post(`/v1/pool/tensor?shape=${t.shape.join(",")}&op=max&kernel=3&stride=2&padding=1&returnIndices=true`,
    new Uint8Array(t.data.buffer), { "content-type": "application/octet-stream", accept: "application/octet-stream" });
  const bytes = await res.arrayBuffer();
  assert.equal(res.status, 200, new TextDecoder().decode(bytes));
  const want = pk.poolTensor(t, opts);
  assert.equal(res.headers.get("x-shape"), want.shape.join(","));
  const offset = Number(res.headers.get("x-indices-offset"));
  assert.deepEqual(new Uint32Array(bytes, 0, offset / 4), new Uint32Array(want.data.buffer, want.data.byteOffset, want.data.length));
  assert.deepEqual(new Int32Array(bytes, offset), want.indices);
});

test("infinities come back as 1e999 in JSON, which JSON.parse reads as Infinity", async () => {
  const res = await post("/v1/pool/tensor", '{"shape":[4],"data":[1,1e999,null,-1e999],"op":"max","kernel":[2]}');
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.deepEqual(JSON.parse(text), { shape: [2], data: [Infinity, null] });
});

test('call "unpool" inverts a max pooling as pk.maxUnpool does', async () => {
  const t = randomTensor([1, 2, 6, 8], 3);
  const pooled = pk.poolTensor(t, { op: "max", kernel: 2, returnIndices: true });
  const body = JSON.stringify({ call: "unpool", shape: pooled.shape, data: [...pooled.data], indices: [...pooled.indices], kernel: 2 });
  const res = await post("/v1/pool/tensor", body);
  const got = await res.json();
  assert.equal(res.status, 200, JSON.stringify(got));
  const want = pk.maxUnpool(pooled, pooled.indices, { kernel: 2 });
  assert.deepEqual(got.shape, want.shape);
  assert.deepEqual(Float32Array.from(got.data), want.data);
});
