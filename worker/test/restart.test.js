// One Go runtime serves an isolate's requests; when it dies, the requests it
// held are answered 503 and the next request starts a fresh runtime. The
// worker is built here with -tags crashtest, which adds routes that kill the
// runtime (worker/crash.go); production builds have none.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { pictures, startWorker } from "./helpers.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
let mf, dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "poolkit-crashtest-"));
  execFileSync(join(root, "worker/build.sh"), [dir], { cwd: root, env: { ...process.env, GOFLAGS: "-tags=crashtest" }, stdio: ["ignore", "ignore", "inherit"] });
  mf = await startWorker(join(dir, "worker/"));
});
after(async () => {
  await mf?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const url = (path) => "http://poolkit.test" + path;

async function pool() {
  const res = await mf.dispatchFetch(url("/v1/pool?op=max&kernel=2"), { method: "POST", body: pictures[0].bytes });
  await res.arrayBuffer();
  return res.status;
}

for (const how of ["exit", "panic", "trap"]) {
  test(`after the runtime dies by ${how}, the next request gets a fresh one`, { timeout: 60_000 }, async () => {
    assert.equal(await pool(), 200);
    // The request that kills the runtime is one the runtime held: it gets
    // the 503 that every request in flight at its death gets.
    const crash = await mf.dispatchFetch(url("/crash/" + how), { method: "POST" });
    assert.equal(crash.status, 503);
    assert.equal(crash.headers.get("retry-after"), "1");
    assert.match((await crash.json()).error, /restarted/);

    assert.equal(await pool(), 200);
    const health = await mf.dispatchFetch(url("/v1/health"));
    assert.equal(health.status, 200);
    assert.equal((await health.json()).name, "poolkit");
  });
}
