// The worker side of loadPoolkit({ workers }): one WebAssembly instance per
// worker, compiled once on the main thread and sent over as a Module; one
// call at a time; results go back transferred, or are written in place when
// the caller handed over a shared buffer for them; errors as { name, message }.

import { loadPoolkit } from "./poolkit.js";
import { errorData } from "./errors.js";

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
    if (m.into) {
      // Planes of a tensor whose result the caller holds in shared memory:
      // the values are copied out of Go straight into it.
      const r = pk[m.fn](...m.args, m.into.data);
      if (r.indices) m.into.indices.set(r.indices);
      post({ result: { shape: r.shape } });
      return;
    }
    const r = m.fn === "poolBand" ? poolBand(...m.args) : pk[m.fn](...m.args);
    // Rows written into a shared result are already where the caller reads
    // them; everything else goes back transferred.
    const result = r.shape ? { shape: r.shape } : { width: r.width, height: r.height };
    const transfer = [];
    for (const key of ["data", "indices"]) {
      if (!r[key] || isShared(r[key])) continue;
      result[key] = r[key];
      transfer.push(r[key].buffer);
    }
    post({ result }, transfer);
  } catch (err) {
    post({ error: errorData(err) });
  }
}

// poolBand pools output rows [from, to) of a picture held whole in shared
// memory into out, reading only the input rows they need.
function poolBand(image, opts, from, to, out) {
  const { data, width, height } = image;
  const [y0, y1] = pk.inputRows({ width, height }, opts, from, to);
  const band = { data: data.subarray(4 * width * y0, 4 * width * y1), width, height: y1 - y0 };
  return pk.poolRows(band, opts, { height, srcY: y0, from, to }, out);
}

function isShared(a) {
  return typeof SharedArrayBuffer === "function" && a.buffer instanceof SharedArrayBuffer;
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
