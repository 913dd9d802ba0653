// The worker's entry point, in place of the worker.mjs that syumai/workers'
// workers-assets-gen generates beside it. That one starts a new Go runtime
// for every request (about 30 ms of CPU before the first byte is read); this
// one starts a runtime on an isolate's first request and hands it every later
// request too, since worker/main.go registers its handler and stays alive
// instead of returning after one response. It cannot start at module scope:
// Workers forbid the random numbers Go's start-up asks for outside a request.
//
// If the runtime exits or traps, the requests it held are answered 503 with
// Retry-After and the next request starts a fresh one. The runtime keeps the
// env and ctx of the request that started it; the API uses neither.

import "./wasm_exec.js";
import { createRuntimeContext, loadModule } from "./runtime.mjs";

// syumai/workers calls JS through this global (the generated worker.mjs
// defines it the same way).
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (error) {
    return { error };
  }
};

let live; // the runtime serving requests, or undefined before the first one and after a death

function start(env, ctx) {
  const rt = { binding: {}, pending: new Set(), dead: null };
  rt.ready = new Promise((resolve, reject) => {
    rt.fail = reject;
    (async () => {
      const go = new Go();
      // Exit is noticed here, synchronously, in the request that sees it.
      // Go's exit promise belongs to the first request, which has ended, and
      // workerd warns about settling it from another; it is left unsettled.
      go.exit = (code) => die(rt, new Error(`the Go runtime exited with code ${code}`));
      go._resolveExitPromise = () => {};
      // Every call from JS into Go after start-up goes through _resume; a
      // trap surfaces there as an exception, and leaves the instance unusable.
      const resume = go._resume;
      go._resume = function () {
        try {
          return resume.call(this);
        } catch (e) {
          die(rt, e);
          throw e;
        }
      };
      const instance = new WebAssembly.Instance(await loadModule(), { ...go.importObject, workers: { ready: resolve } });
      go.run(instance, createRuntimeContext({ env, ctx, binding: rt.binding })).catch((e) => die(rt, e));
    })().catch((e) => die(rt, e));
  });
  return rt;
}

function die(rt, cause) {
  if (rt.dead) return;
  rt.dead = cause;
  if (live === rt) live = undefined;
  console.error("poolkit: the Go runtime died; the next request starts a new one:", cause);
  rt.fail(cause);
  for (const reject of rt.pending) reject(cause);
}

function unavailable() {
  const body = JSON.stringify({ error: "the worker restarted while serving this request; send it again" }) + "\n";
  return new Response(body, {
    status: 503,
    headers: { "Content-Type": "application/json", "Retry-After": "1", "Access-Control-Allow-Origin": "*" },
  });
}

async function fetch(req, env, ctx) {
  live ??= start(env, ctx);
  const rt = live;
  try {
    await rt.ready;
    return await new Promise((resolve, reject) => {
      rt.pending.add(reject);
      rt.binding.handleRequest(req).then(resolve, reject).finally(() => rt.pending.delete(reject));
    });
  } catch (e) {
    if (rt.dead) return unavailable();
    throw e;
  }
}

export default { fetch };
