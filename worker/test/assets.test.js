// The deployed site's static assets in workerd, as wrangler serves them
// beside the worker: site/_headers makes the site cross-origin isolated
// (COOP, COEP) and lets any origin load the module under /js/ (CORP, CORS),
// as the local server does; the API under /v1/ still reaches the worker.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { existsSync, readFileSync } from "node:fs";
import { Miniflare } from "miniflare";
import { bundle } from "./helpers.js";

const publicDir = new URL("../../build/worker/public/", import.meta.url).pathname;
const compatibilityDate = readFileSync(new URL("../wrangler.toml", import.meta.url), "utf8").match(/^compatibility_date\s*=\s*"([^"]+)"/m)[1];
let mf;

before(async () => {
  if (!existsSync(publicDir + "_headers")) throw new Error(`${publicDir}_headers is missing: run \`make build\` first`);
  mf = new Miniflare({
    modules: true,
    modulesRoot: bundle,
    scriptPath: bundle + "entry.mjs",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate,
    // wrangler.toml's [assets]: the folder, and the worker first for /v1/*.
    assets: { directory: publicDir, routerConfig: { has_user_worker: true, static_routing: { user_worker: ["/v1/*"] } } },
  });
  await mf.ready;
});
after(() => mf?.dispose());

const get = (path) => mf.dispatchFetch(`http://poolkit.test${path}`);

test("the site is served cross-origin isolated", async () => {
  const res = await get("/");
  assert.equal(res.status, 200);
  assert.match(await res.text(), /<html|<!doctype/i);
  assert.equal(res.headers.get("cross-origin-opener-policy"), "same-origin");
  assert.equal(res.headers.get("cross-origin-embedder-policy"), "require-corp");
});

test("the module may be loaded from any origin, by isolated pages too", async () => {
  for (const path of ["/js/poolkit.js", "/js/poolkit-worker.js", "/js/poolkit.wasm"]) {
    const res = await get(path);
    await res.arrayBuffer();
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get("cross-origin-resource-policy"), "cross-origin", path);
    assert.equal(res.headers.get("access-control-allow-origin"), "*", path);
    assert.equal(res.headers.get("cross-origin-embedder-policy"), "require-corp", path);
  }
});

test("the API still reaches the worker", async () => {
  const res = await get("/v1/health");
  assert.equal(res.status, 200);
  assert.equal((await res.json()).name, "poolkit");
});
