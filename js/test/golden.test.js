// Runs the golden vectors in pool/testdata/golden/*.json (format: tools/README.md)
// through the JS API, synchronously and through workers, and compares bit for
// bit, or within the case's tolerance in units in the last place.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { loadPoolkit } from "../poolkit.js";
import { ulps as ulpsApart } from "../../testing/ulp.js";
import { goldenFailures, poolkit } from "./helpers.js";

const goldenDir = new URL("../../pool/testdata/golden/", import.meta.url);

// Cases worked out by hand, in the golden format, so that the runner is
// tested even where the golden files are missing.
const handCases = [
  { name: "hand: avg counting padding", call: "poolTensor", options: { op: "avg", kernel: 2, stride: 1, padding: 1 },
    input: { shape: [2, 2], data: [1, 2, 3, 4] }, output: { shape: [3, 3], data: [0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1] } },
  { name: "hand: avg not counting padding", call: "poolTensor", options: { op: "avg", kernel: 2, stride: 1, padding: 1, countIncludePad: false },
    input: { shape: [2, 2], data: [1, 2, 3, 4] }, output: { shape: [3, 3], data: [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4] } },
  { name: "hand: ceil mode keeps a last window that starts inside", call: "poolTensor", options: { op: "max", kernel: [1, 2], stride: [1, 2], ceilMode: true },
    input: { shape: [1, 5], data: [1, 2, 3, 4, 5] }, output: { shape: [1, 3], data: [2, 4, 5] } },
  { name: "hand: same padding pads after", call: "poolTensor", options: { op: "avg", kernel: [1, 2], stride: [1, 2], padding: "same" },
    input: { shape: [1, 5], data: [1, 2, 3, 4, 5] }, output: { shape: [1, 3], data: [1.5, 3.5, 5] } },
  { name: "hand: dilation", call: "poolTensor", options: { op: "max", kernel: [1, 2], stride: 1, dilation: [1, 2] },
    input: { shape: [1, 5], data: [1, 5, 2, 4, 3] }, output: { shape: [1, 3], data: [2, 5, 3] } },
  { name: "hand: lp", call: "poolTensor", options: { op: "lp", kernel: 2 },
    input: { shape: [2, 2], data: [3, -4, 0, 0] }, output: { shape: [1, 1], data: [5] } },
  { name: "hand: min with indices", call: "poolTensor", options: { op: "min", kernel: 2, returnIndices: true },
    input: { shape: [1, 1, 2, 4], data: [4, 3, 9, 9, 3, 8, 9, "-Infinity"] }, output: { shape: [1, 1, 1, 2], data: [3, "-Infinity"] }, indices: [1, 7] },
  { name: "hand: NaN wins a max", call: "poolTensor", options: { op: "max", kernel: 2 },
    input: { shape: [2, 2], data: [1, "NaN", 3, 4] }, output: { shape: [1, 1], data: ["NaN"] } },
  { name: "hand: adaptive avg windows overlap", call: "adaptivePool", options: { op: "avg", outputSize: [1, 3] },
    input: { shape: [1, 5], data: [1, 2, 3, 4, 5] }, output: { shape: [1, 3], data: [1.5, 3, 4.5] } },
  { name: "hand: global avg", call: "globalPool", options: { op: "avg" },
    input: { shape: [1, 2, 2], data: [1, 2, 3, 5] }, output: { shape: [1, 1, 1], data: [2.75] } },
  { name: "hand: unpool", call: "unpool", options: { kernel: 2 },
    input: { shape: [1, 2], data: [7, 8] }, indices: [2, 5], output: { shape: [2, 4], data: [0, 0, 7, 0, 0, 8, 0, 0] } },
  { name: "hand: pixels avg ties to even", call: "pool", options: { op: "avg", kernel: [1, 4] },
    input: { width: 4, height: 1, data: [0, 1, 1, 2, 1, 2, 1, 3, 0, 1, 1, 2, 1, 2, 1, 3] }, output: { width: 1, height: 1, data: [0, 2, 1, 2] } },
  { name: "hand: pixels padding never wins a max", call: "pool", options: { op: "max", kernel: 3, stride: 1, padding: 1 },
    input: { width: 1, height: 1, data: [0, 0, 0, 0] }, output: { width: 1, height: 1, data: [0, 0, 0, 0] } },
];

const f32 = (values) => Float32Array.from(values, Number);

function run(pk, c) {
  const i = c.input;
  switch (c.call) {
    case "pool":
      return pk.pool({ data: Uint8ClampedArray.from(i.data), width: i.width, height: i.height }, c.options);
    case "poolTensor":
      return pk.poolTensor({ data: f32(i.data), shape: i.shape }, c.options);
    case "adaptivePool":
      return pk.adaptivePool({ data: f32(i.data), shape: i.shape }, c.options);
    case "globalPool":
      return pk.globalPool({ data: f32(i.data), shape: i.shape }, c.options);
    case "unpool":
      return pk.maxUnpool({ data: f32(i.data), shape: i.shape }, Int32Array.from(c.indices), c.options);
  }
  throw new Error(`unknown call ${c.call}`);
}

// check returns why got differs from the case's expectation, or "".
function check(c, got) {
  const want = c.output;
  if (c.call === "pool") {
    if (got.width !== want.width || got.height !== want.height) return `size ${got.width}x${got.height}, want ${want.width}x${want.height}`;
    for (let k = 0; k < want.data.length; k++) {
      if (got.data[k] !== want.data[k]) return `byte ${k}: ${got.data[k]}, want ${want.data[k]}`;
    }
    return got.data.length === want.data.length ? "" : `length ${got.data.length}, want ${want.data.length}`;
  }
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape ${JSON.stringify(got.shape)}, want ${JSON.stringify(want.shape)}`;
  const exp = f32(want.data);
  if (got.data.length !== exp.length) return `length ${got.data.length}, want ${exp.length}`;
  const ulps = c.tolerance?.ulps ?? 0;
  for (let k = 0; k < exp.length; k++) {
    if (Number.isNaN(got.data[k]) && Number.isNaN(exp[k])) continue;
    if (ulpsApart(got.data[k], exp[k]) <= ulps) continue;
    return `element ${k}: ${got.data[k]}, want ${exp[k]}` + (ulps ? ` within ${ulps} ulps` : "");
  }
  const wantIndices = c.call !== "unpool" && c.indices;
  if (wantIndices) {
    if (!got.indices) return "no indices";
    for (let k = 0; k < wantIndices.length; k++) {
      if (got.indices[k] !== wantIndices[k]) return `index ${k}: ${got.indices[k]}, want ${wantIndices[k]}`;
    }
  }
  return "";
}

async function goldenFiles() {
  let names;
  try {
    names = (await readdir(goldenDir)).filter((n) => n.endsWith(".json")).sort();
  } catch {
    return [];
  }
  return Promise.all(names.map(async (name) => ({ name, cases: JSON.parse(await readFile(new URL(name, goldenDir), "utf8")).cases })));
}

const files = [{ name: "hand-computed", cases: handCases }, ...(await goldenFiles())];
let workers;

for (const { name, cases } of files) {
  test(`golden ${name}: ${cases.length} cases`, async (t) => {
    const pk = await poolkit();
    const failures = goldenFailures(cases, (c) => check(c, run(pk, c)));
    t.diagnostic(`${cases.length - failures.length} of ${cases.length} cases equal`);
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${cases.length} cases differ`);
  });
}

test("golden pictures through workers in several bands", async (t) => {
  workers = await loadPoolkit({ workers: 3 });
  t.after(() => workers.close());
  const failures = [];
  let n = 0;
  for (const { cases } of files) {
    for (const c of cases.filter((c) => c.call === "pool")) {
      const i = c.input;
      let why;
      try {
        const got = await workers.pool({ data: Uint8ClampedArray.from(i.data), width: i.width, height: i.height }, c.options, { bands: 3 });
        why = check(c, got);
      } catch (err) {
        why = `threw ${err.name}: ${err.message}`;
      }
      if (why) failures.push(`${c.name}: ${why}`);
      n++;
    }
  }
  t.diagnostic(`${n - failures.length} of ${n} picture cases equal`);
  assert.deepEqual(failures.slice(0, 10), []);
});
