// Twenty 10-megapixel pictures at once: one Go runtime serves them all from
// one heap, so past the bound on work in flight some are answered 503 with
// Retry-After. Each answer must be a correct 200 or such a 503, none lost,
// and the runtime must live on.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { loadPoolkit } from "../../js/poolkit.js";
import { encodePng } from "../../site/png.js";
import { decodePNG, startWorker } from "./helpers.js";

const [width, height] = [3650, 2739]; // 9,997,350 pixels, under the edge's 10,000,000
const opts = "op=avg&kernel=4";

let mf, png, want;
before(async () => {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 4) {
      data[i] = x;
      data[i + 1] = y;
      data[i + 2] = (x * y) >> 6;
      data[i + 3] = 255 - ((x + y) & 127);
    }
  }
  const pk = await loadPoolkit();
  want = pk.pool({ data, width, height }, { op: "avg", kernel: 4 });
  png = new Uint8Array(await (await encodePng({ data, width, height })).arrayBuffer());
  mf = await startWorker();
});
after(() => mf?.dispose());

test("20 concurrent 10-megapixel pictures: each a correct 200 or a 503, and the runtime lives on", { timeout: 300_000 }, async (t) => {
  const answers = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const raw = i % 2 === 1;
      const res = await mf.dispatchFetch(`http://poolkit.test/v1/pool?${opts}${raw ? "&format=rgba" : ""}`, { method: "POST", body: png });
      return { raw, res, bytes: new Uint8Array(await res.arrayBuffer()) };
    }),
  );
  let ok = 0;
  for (const { raw, res, bytes } of answers) {
    if (res.status === 503) {
      assert.equal(res.headers.get("retry-after"), "1");
      assert.match(JSON.parse(new TextDecoder().decode(bytes)).error, /^busy: /, "refused for the bound, not because the runtime died");
      continue;
    }
    assert.equal(res.status, 200, new TextDecoder().decode(bytes.subarray(0, 200)));
    const got = raw ? { data: bytes, width: Number(res.headers.get("x-width")), height: Number(res.headers.get("x-height")) } : await decodePNG(bytes);
    assert.equal(`${got.width}x${got.height}`, `${want.width}x${want.height}`);
    assert.ok(Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength).equals(Buffer.from(want.data.buffer)), "pixels differ");
    ok++;
  }
  assert.ok(ok >= 1, "at least the first request is let in");
  t.diagnostic(`${ok} answered 200, ${20 - ok} answered 503`);

  // The same runtime serves on, and a picture sent alone is let in.
  const res = await mf.dispatchFetch(`http://poolkit.test/v1/pool?${opts}&format=rgba`, { method: "POST", body: png });
  assert.equal(res.status, 200);
  assert.deepEqual([Number(res.headers.get("x-width")), Number(res.headers.get("x-height"))], [want.width, want.height]);
  assert.ok(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(want.data.buffer)), "pixels differ after the burst");
});
