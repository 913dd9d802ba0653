// The JS API refuses a value of a type an option does not take with a
// TypeError naming the option: the types are wire's table (OPTION_KINDS in
// wire.js), by which checks.js's snapshot checks every call's options and
// the HTTP API its JSON members.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ADAPTIVE_KEYS, FRACTIONAL_KEYS, GLOBAL_KEYS, MAX_ROI_KEYS, OPTION_KINDS, PIXEL_KEYS, ROI_ALIGN_KEYS, TENSOR_KEYS, UNPOOL_KEYS } from "../wire.js";
import { poolkit } from "./helpers.js";

const tensor = { data: Float32Array.from({ length: 36 }, (_, i) => i % 7), shape: [1, 6, 6] };
const picture = { data: new Uint8ClampedArray(4 * 36), width: 6, height: 6 };
const rois = { data: new Float32Array([0, 0, 0, 4, 4]), shape: [1, 5] };

// One call of each option list, with options it accepts.
const calls = [
  { keys: TENSOR_KEYS, opts: { op: "max", kernel: 2 }, run: (pk, o) => pk.poolTensor(tensor, o) },
  { keys: PIXEL_KEYS, opts: { op: "avg", kernel: 2 }, run: (pk, o) => pk.pool(picture, o) },
  { keys: ADAPTIVE_KEYS, opts: { op: "max", outputSize: 2 }, run: (pk, o) => pk.adaptivePool(tensor, o) },
  { keys: GLOBAL_KEYS, opts: { op: "lp" }, run: (pk, o) => pk.globalPool(tensor, o) },
  { keys: UNPOOL_KEYS, opts: { kernel: 2 }, run: (pk, o) => pk.maxUnpool({ data: new Float32Array(9), shape: [1, 3, 3] }, new Int32Array(9), o) },
  { keys: FRACTIONAL_KEYS, opts: { kernel: 2, outputSize: 3 }, run: (pk, o) => pk.fractionalMaxPool(tensor, o) },
  { keys: ROI_ALIGN_KEYS, opts: { outputSize: 2 }, run: (pk, o) => pk.roiAlign({ data: tensor.data, shape: [1, 1, 6, 6] }, rois, o) },
  { keys: MAX_ROI_KEYS, opts: { outputSize: 2 }, run: (pk, o) => pk.maxRoiPool(tensor, rois, o) },
];

// A value of each type, and the kind letter it is.
const samples = [
  ["n", 2],
  ["n", [2, 2]],
  ["s", "2"],
  ["b", true],
];

for (const c of calls) {
  for (const key of c.keys) {
    const kinds = OPTION_KINDS[key];
    if (kinds === undefined) continue;
    for (const [kind, v] of samples) {
      if (kinds.includes(kind)) continue;
      test(`${c.keys.join(",")}: ${key} ${JSON.stringify(v)} is a TypeError (${key} takes ${kinds})`, async () => {
        const pk = await poolkit();
        assert.throws(() => c.run(pk, { ...c.opts, [key]: v }), (err) => {
          assert.ok(err instanceof TypeError, `${err}`);
          assert.equal(err.option, key, err.message);
          return true;
        });
      });
    }
  }
}

test("every option of every call has its types in OPTION_KINDS", () => {
  // samples is a typed array, which JSON has no type for.
  const untyped = calls.flatMap((c) => c.keys).filter((k) => OPTION_KINDS[k] === undefined && k !== "samples");
  assert.deepEqual(untyped, []);
});
