// Runs the extended golden vectors in pool/testdata/golden/extended/*.json
// (tools/gen_golden_extended.py: autograd's gradients, fractional max
// pooling, divisorOverride, region pooling, from PyTorch and torchvision)
// through the JS API, synchronously and through workers. Max, min,
// unpooling, fractional and region max pooling match bit for bit, and so do
// averages (PyTorch's float32 order); Lp and roiAlign within the ulps a case
// states, as pool's Go test reads them.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { loadPoolkit } from "../poolkit.js";
import { goldenFailures, poolkit } from "./helpers.js";

const dir = new URL("../../pool/testdata/golden/extended/", import.meta.url);
const f32 = (values) => Float32Array.from(values, Number);
const tensor = (t) => ({ data: f32(t.data), shape: t.shape });

// run makes the case's call on pk (synchronous or workers).
function run(pk, c) {
  const i = c.input;
  const opts = c.samples === undefined ? c.options : { ...c.options, samples: f32(c.samples) };
  switch (c.call) {
    case "pool":
      return pk.pool({ data: Uint8ClampedArray.from(i.data), width: i.width, height: i.height }, opts);
    case "poolTensor":
      return pk.poolTensor(tensor(i), opts);
    case "poolGrad":
      return pk.poolTensorGrad(tensor(i), tensor(c.gradOutput), opts);
    case "adaptiveGrad":
      return pk.adaptivePoolGrad(tensor(i), tensor(c.gradOutput), opts);
    case "globalGrad":
      return pk.globalPoolGrad(tensor(i), tensor(c.gradOutput), opts);
    case "unpoolGrad":
      return pk.maxUnpoolGrad(tensor(i), Int32Array.from(c.indices), tensor(c.gradOutput), opts);
    case "fractional":
      return pk.fractionalMaxPool(tensor(i), opts);
    case "fractionalGrad":
      return pk.fractionalMaxPoolGrad(tensor(i), tensor(c.gradOutput), opts);
    case "roiAlign":
      return pk.roiAlign(tensor(i), tensor(c.rois), opts);
    case "maxRoiPool":
      return pk.maxRoiPool(tensor(i), tensor(c.rois), opts);
  }
  throw new Error(`unknown call ${c.call}`);
}

// ordinal maps float32 bits to integers in the order of the values, so that
// their difference counts the representable numbers between them.
const ordinal = (bits) => (bits & 0x80000000 ? -(bits & 0x7fffffff) : bits);

// check returns why got differs from the case's expectation, or "".
function check(c, got) {
  const want = c.output;
  if (c.call === "pool") {
    if (got.width !== want.width || got.height !== want.height) return `size ${got.width}x${got.height}, want ${want.width}x${want.height}`;
    const k = want.data.findIndex((v, k) => got.data[k] !== v);
    return k >= 0 ? `byte ${k}: ${got.data[k]}, want ${want.data[k]}` : "";
  }
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape ${JSON.stringify(got.shape)}, want ${JSON.stringify(want.shape)}`;
  if (!(got.data instanceof Float32Array)) return `data is a ${got.data?.constructor.name}, want a Float32Array`;
  const exp = f32(want.data);
  if (got.data.length !== exp.length) return `length ${got.data.length}, want ${exp.length}`;
  const gb = new Uint32Array(got.data.buffer, got.data.byteOffset, got.data.length);
  const eb = new Uint32Array(exp.buffer);
  const ulps = c.tolerance?.ulps ?? 0;
  for (let k = 0; k < exp.length; k++) {
    if (gb[k] === eb[k] || (Number.isNaN(got.data[k]) && Number.isNaN(exp[k]))) continue;
    if (Math.abs(ordinal(gb[k]) - ordinal(eb[k])) <= ulps) continue;
    return `element ${k}: ${got.data[k]}, want ${exp[k]}` + (ulps ? ` within ${ulps} ulps` : "");
  }
  if (c.call === "fractional" && c.options.returnIndices) {
    if (!got.indices) return "no indices";
    const k = c.indices.findIndex((v, k) => got.indices[k] !== v);
    if (k >= 0 || got.indices.length !== c.indices.length) return `index ${k}: ${got.indices[k]}, want ${c.indices[k]}`;
  }
  return "";
}

const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
const files = await Promise.all(names.map(async (name) => ({ name, cases: JSON.parse(await readFile(new URL(name, dir), "utf8")).cases })));

test("the extended golden files are there, with every call", () => {
  const calls = new Set(files.flatMap((f) => f.cases.map((c) => c.call)));
  for (const call of ["pool", "poolTensor", "poolGrad", "adaptiveGrad", "globalGrad", "unpoolGrad", "fractional", "fractionalGrad", "roiAlign", "maxRoiPool"]) {
    assert.ok(calls.has(call), `no golden case of ${call}`);
  }
});

for (const { name, cases } of files) {
  test(`golden extended ${name}: ${cases.length} cases`, async (t) => {
    const pk = await poolkit();
    const failures = goldenFailures(cases, (c) => check(c, run(pk, c)));
    t.diagnostic(`${cases.length - failures.length} of ${cases.length} cases equal`);
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${cases.length} cases differ`);
  });
}

test("golden extended cases through workers", async (t) => {
  const workers = await loadPoolkit({ workers: 2 });
  t.after(() => workers.close());
  const failures = [];
  let n = 0;
  for (const { cases } of files) {
    for (const c of cases) {
      let why;
      try {
        why = check(c, await run(workers, c));
      } catch (err) {
        why = `threw ${err.name}: ${err.message}`;
      }
      if (why) failures.push(`${c.name}: ${why}`);
      n++;
    }
  }
  t.diagnostic(`${n - failures.length} of ${n} cases equal`);
  assert.deepEqual(failures.slice(0, 10), []);
});
