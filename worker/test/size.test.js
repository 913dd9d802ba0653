// The worker's upload size as Cloudflare counts it: wrangler bundles the
// worker offline (--dry-run) and prints the raw and gzip sizes it would
// upload, which must stay under the free plan's 3 MB compressed limit.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("the worker's upload fits Cloudflare's free plan", (t) => {
  const out = mkdtempSync(join(tmpdir(), "poolkit-dry-run-"));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  // wrangler's launcher refuses Node 20; its CLI runs there with a warning.
  const log = execFileSync(process.execPath, [join(root, "node_modules/wrangler/wrangler-dist/cli.js"), "deploy", "--dry-run", "--outdir", out], {
    cwd: join(root, "build/worker"),
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const m = log.match(/Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/);
  assert.ok(m, `no upload size in wrangler's output:\n${log}`);
  const [raw, gzip] = [Number(m[1]), Number(m[2])];
  t.diagnostic(`upload ${raw} KiB, gzip ${gzip} KiB (limits: 3072 KiB free, 10240 KiB paid)`);
  assert.ok(gzip < 3 * 1024, `gzip upload ${gzip} KiB is over the free plan's 3 MB`);
  assert.ok(raw > gzip, "the raw size is the larger one");
});
