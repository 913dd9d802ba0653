import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

// About 1% over the module as built with Go's simd experiment (2,940,951
// bytes, 849,066 gzipped). Its vector kernels (in Go and in wasm assembly)
// add about 156 KB raw and 39 KB gzipped to the portable build of the same
// source; the gradients, fractional max pooling and region pooling took
// about 120 KB raw and 33 KB gzipped, and judging every option rule in Go
// rather than also in JavaScript about 20 KB raw: room for a fix, not a
// feature.
const limits = { "poolkit.wasm": { raw: 2_969_000, gzip: 856_000 } };
const { files } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));

test("sizes of the package's files", async (t) => {
  // README.md, LICENSE and CHANGELOG.md are copied in by the prepack script
  // (pack.test.js runs it): a fresh clone has none of them.
  for (const name of files.filter((f) => /\.(js|ts|wasm)$/.test(f))) {
    const bytes = await readFile(new URL(`../${name}`, import.meta.url));
    const gzip = gzipSync(bytes, { level: 9 }).length;
    t.diagnostic(`${name}: ${bytes.length} bytes raw, ${gzip} bytes gzip`);
    const limit = limits[name];
    if (!limit) continue;
    assert.ok(bytes.length <= limit.raw, `${name} is ${bytes.length} bytes, over ${limit.raw}`);
    assert.ok(gzip <= limit.gzip, `${name} is ${gzip} bytes gzipped, over ${limit.gzip}`);
  }
});
