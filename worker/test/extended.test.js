// The edge worker's extended calls of /v1/pool/tensor (gradients, fractional
// max pooling, region pooling) and divisorOverride, held to PyTorch's and
// torchvision's answers: every case of pool/testdata/golden/extended runs
// through the built bundle in workerd.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { ulps } from "../../testing/ulp.js";
import { startWorker } from "./helpers.js";

const dir = fileURLToPath(new URL("../../pool/testdata/golden/extended/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

let mf;
before(async () => {
  mf = await startWorker();
});
after(() => mf?.dispose());

/** The golden format's numbers, with "NaN" and the infinities as strings. */
const num = (v) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v);
/** JSON has no NaN: the endpoint reads null for it. */
const wire = (data) => data.map((v) => (typeof v === "string" ? (v === "NaN" ? null : num(v)) : v));
const tensor = (t) => ({ shape: t.shape, data: wire(t.data) });

async function run(c) {
  if (c.call === "pool") {
    const q = new URLSearchParams({ input: "rgba", width: c.input.width, height: c.input.height, format: "rgba" });
    for (const [k, v] of Object.entries(c.options)) q.set(k, Array.isArray(v) ? v.join(",") : String(v));
    const res = await mf.dispatchFetch("http://poolkit.test/v1/pool?" + q, { method: "POST", body: new Uint8Array(c.input.data) });
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.equal(res.status, 200, new TextDecoder().decode(bytes));
    assert.deepEqual(Array.from(bytes), c.output.data);
    return;
  }
  const body = { ...tensor(c.input), ...c.options };
  if (c.call !== "poolTensor") body.call = c.call;
  for (const k of ["gradOutput", "rois"]) if (c[k]) body[k] = tensor(c[k]);
  if (c.samples) body.samples = wire(c.samples);
  if (c.indices && c.call === "unpoolGrad") body.indices = c.indices;
  const res = await mf.dispatchFetch("http://poolkit.test/v1/pool/tensor", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  const got = await res.json();
  assert.equal(res.status, 200, JSON.stringify(got));
  assert.deepEqual(got.shape, c.output.shape);
  const want = new Float32Array(c.output.data.map(num));
  const data = new Float32Array(got.data.map((v) => (v === null ? NaN : v)));
  const tol = c.tolerance?.ulps ?? 0;
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]) && Number.isNaN(data[i])) continue;
    if (ulps(data[i], want[i]) > tol) assert.fail(`element ${i}: ${data[i]}, want ${want[i]} (${tol} ulps)`);
  }
  if (c.call === "fractional") assert.deepEqual(got.indices, c.indices);
}

for (const file of files) {
  test(`${file}: every case equals PyTorch`, async () => {
    const { cases } = JSON.parse(readFileSync(dir + file, "utf8"));
    assert.ok(cases.length > 0);
    for (const c of cases) {
      try {
        await run(c);
      } catch (e) {
        e.message = `${c.name}: ${e.message}`;
        throw e;
      }
    }
  });
}

test("a gradOutput of the wrong shape is a 400 naming gradOutput", async () => {
  const res = await mf.dispatchFetch("http://poolkit.test/v1/pool/tensor", {
    method: "POST",
    body: JSON.stringify({ shape: [4, 4], data: new Array(16).fill(1), call: "poolGrad", op: "max", kernel: 2, gradOutput: { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] } }),
  });
  assert.equal(res.status, 400);
  const e = await res.json();
  assert.equal(e.option, "gradOutput");
  assert.match(e.error, /forward output's shape \[2, 2\]/);
});
