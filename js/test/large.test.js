import { test } from "node:test";
import assert from "node:assert/strict";
import { loadPoolkit } from "../poolkit.js";
import { randomPicture } from "./helpers.js";

test("a 4096x4096 picture, directly and in workers", async (t) => {
  const pk = await loadPoolkit({ workers: 2 });
  t.after(() => pk.close());
  const image = randomPicture(4096, 4096, 7);
  for (const opts of [{ op: "max", kernel: 2 }, { op: "avg", kernel: 3, stride: 2, padding: 1 }]) {
    let start = performance.now();
    const want = pk.direct.pool(image, opts);
    const direct = performance.now() - start;
    assert.equal(want.width, 2048);
    assert.equal(want.height, 2048);
    start = performance.now();
    let bands = 0;
    const got = await pk.pool(image, opts, { onProgress: (done, total) => (bands = total) });
    t.diagnostic(`${JSON.stringify(opts)}: direct ${direct.toFixed(0)} ms, ${pk.workers} workers ${(performance.now() - start).toFixed(0)} ms in ${bands} bands`);
    assert.ok(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.length).equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.length)));
  }
  // Spot checks against the definition: the max of the 2x2 window at (y, x).
  const max = pk.direct.pool(image, { op: "max", kernel: 2 });
  for (const [y, x] of [[0, 0], [1023, 517], [2047, 2047]]) {
    for (let c = 0; c < 4; c++) {
      const at = (yy, xx) => image.data[4 * (4096 * yy + xx) + c];
      const m = Math.max(at(2 * y, 2 * x), at(2 * y, 2 * x + 1), at(2 * y + 1, 2 * x), at(2 * y + 1, 2 * x + 1));
      assert.equal(max.data[4 * (2048 * y + x) + c], m);
    }
  }
});
