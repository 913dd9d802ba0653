// The worker side of loadPoolkit({ workers }): one WebAssembly instance per
// worker, compiled once on the main thread and sent over as a Module; one
// call at a time; results go back transferred, errors as { name, message }.

import { loadPoolkit } from "./poolkit.js";

let pk;
let post;

async function handle(m) {
  if (m.type === "init") {
    try {
      pk = await loadPoolkit({ wasm: m.module });
      post({ type: "ready" });
    } catch (err) {
      post({ type: "ready", error: errorData(err) });
    }
    return;
  }
  try {
    const r = pk[m.fn](...m.args);
    const result = r.shape ? { data: r.data, shape: r.shape } : { data: r.data, width: r.width, height: r.height };
    const transfer = [r.data.buffer];
    if (r.indices) {
      result.indices = r.indices;
      transfer.push(r.indices.buffer);
    }
    post({ result }, transfer);
  } catch (err) {
    post({ error: errorData(err) });
  }
}

function errorData(err) {
  return { name: err?.name ?? "Error", message: err?.message ?? String(err) };
}

// A browser worker must listen before any await, or the init message could
// arrive with nobody listening; Node queues messages until a listener comes.
// No top-level await and a specifier in a variable: bundlers build workers
// as classic scripts by default (Vite's iife) and must not resolve Node's
// built-ins for the browser.
if (typeof WorkerGlobalScope === "function" && globalThis instanceof WorkerGlobalScope) {
  post = (m, transfer) => globalThis.postMessage(m, transfer);
  globalThis.addEventListener("message", (e) => handle(e.data));
} else {
  const threads = "node:worker_threads";
  import(/* webpackIgnore: true */ /* @vite-ignore */ threads).then(({ parentPort }) => {
    post = (m, transfer) => parentPort.postMessage(m, transfer);
    parentPort.on("message", handle);
  });
}
