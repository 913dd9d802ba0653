// The worker threads behind loadPoolkit({ workers }): Web Workers (or
// Node's worker_threads), each with its own instance of the module, one call
// at a time each; a queue of calls; and the spare shared buffers that calls
// stage their input and results in.

import { rebuildError } from "./errors.js";
import { isNode, nodeImport } from "./loader.js";

// The spare shared buffers kept from call to call: one for the input, one
// for a result and one for a tensor's indices. A fresh SharedArrayBuffer
// costs a page fault per 4 KiB on its first write, which on some machines
// (virtual ones above all) costs far more than copying the same bytes: a
// 5 MB one took 15-20 ms to allocate and fill where the copy took 0.4 ms.
const SPARE_BUFFERS = 3;

// startThreads starts count workers, each with its own instance of module,
// and resolves once all are ready. submit(message, transfer, signal) runs a
// call in the next idle worker; take(bytes) and give(buffer) lend and return
// spare shared buffers; close() stops the workers, and calls still running
// reject.
export async function startThreads(module, count, workerUrl) {
  const spawn = await workerSpawner(workerUrl);
  const idle = [];
  const queue = [];
  let closed = null;

  const slots = Array.from({ length: count }, (_, i) => {
    const slot = { worker: spawn(i), task: null, started: null };
    listen(slot.worker, (m) => onMessage(slot, m), (err) => fail(err));
    return slot;
  });

  function onMessage(slot, m) {
    if (m.type === "ready") {
      slot.started(m.error && rebuildError(m.error));
      return;
    }
    const task = slot.task;
    // A worker closed while it ran a call may still answer it.
    if (!task) return;
    slot.task = null;
    slot.worker.unref?.();
    idle.push(slot);
    if (m.error) task.reject(rebuildError(m.error));
    else task.resolve(m.result);
    pump();
  }

  function fail(err) {
    if (closed) return;
    shutDown(err);
  }

  function shutDown(err) {
    closed = err;
    const stopped = slots.map((slot) => {
      slot.started?.(err);
      slot.task?.reject(err);
      slot.task = null;
      return slot.worker.terminate();
    });
    for (const task of queue.splice(0)) task.reject(err);
    return Promise.all(stopped);
  }

  // pump hands queued tasks to idle workers; a task whose call was aborted
  // (by its caller, or because a sibling band failed) is dropped unsent.
  function pump() {
    while (idle.length && queue.length) {
      const task = queue.shift();
      if (task.signal?.aborted) {
        task.reject(task.signal.reason);
        continue;
      }
      const slot = idle.pop();
      slot.task = task;
      slot.worker.ref?.();
      slot.worker.postMessage(task.message, task.transfer);
    }
  }

  function submit(message, transfer, signal) {
    if (closed) return Promise.reject(closed);
    return new Promise((resolve, reject) => {
      queue.push({ message, transfer, signal, resolve, reject });
      pump();
    });
  }

  try {
    await Promise.all(slots.map((slot) => new Promise((resolve, reject) => {
      slot.started = (err) => {
        slot.started = null;
        if (err) reject(err);
        else resolve();
      };
      slot.worker.postMessage({ type: "init", module });
    })));
  } catch (err) {
    if (!closed) shutDown(err);
    throw err;
  }
  for (const slot of slots) {
    slot.worker.unref?.();
    idle.push(slot);
  }

  // Input and results staged in memory the workers share go through these,
  // kept for the next call (see SPARE_BUFFERS): the results are copied out
  // into the caller's out or a plain array, which the allocator reuses.
  const spare = [];
  const take = (bytes) => {
    const i = spare.findIndex((b) => b.byteLength >= bytes);
    return i >= 0 ? spare.splice(i, 1)[0] : new SharedArrayBuffer(bytes);
  };
  const give = (buffer) => {
    spare.push(buffer);
    spare.sort((a, b) => a.byteLength - b.byteLength);
    if (spare.length > SPARE_BUFFERS) spare.shift();
  };
  /** Stops the workers; calls still running reject. */
  async function close() {
    spare.length = 0;
    if (!closed) await shutDown(new Error("poolkit: the workers were closed"));
  }

  return { submit, take, give, close, closed: () => closed };
}

// workerSpawner returns a function that starts worker number i on
// poolkit-worker.js, or on workerUrl when given.
async function workerSpawner(workerUrl) {
  if (isNode()) {
    const { Worker: NodeWorker } = await nodeImport("node:worker_threads");
    // A worker inherits the parent's flags unless told otherwise, and refuses
    // to start on V8 flags (node --max-old-space-size=8000) or --input-type
    // (node -e with ES modules). It runs poolkit's own modules and needs none.
    const execArgv = [];
    // Not new URL(..., import.meta.url): bundlers would copy or bundle the
    // worker a second time for this branch.
    const here = import.meta.url;
    const script = workerUrl ?? new URL("./poolkit-worker.js", here);
    return (i) => new NodeWorker(script, { execArgv, name: `poolkit-${i}` });
  }
  if (typeof Worker !== "function") throw new Error("poolkit: this runtime has no Worker");
  if (workerUrl !== undefined) return () => webWorker(new URL(workerUrl, globalThis.location?.href));
  return () => {
    try {
      // One expression with static options: the form Vite and webpack
      // recognize, bundling the worker and rewriting its URL.
      return new Worker(new URL("./poolkit-worker.js", import.meta.url), { type: "module", name: "poolkit-worker" });
    } catch (err) {
      // The module was loaded from another origin (a CDN), whose scripts a
      // page may not start workers on.
      if (err?.name !== "SecurityError") throw err;
      return webWorker(new URL(WORKER_SCRIPT, import.meta.url));
    }
  };
}

// The worker script's name in a variable, so that bundlers leave this
// second reference to it alone.
const WORKER_SCRIPT = "./poolkit-worker.js";

// webWorker starts a module worker on url. A page may start workers only on
// scripts of its own origin; for a script on another origin it starts one on
// a same-origin blob URL whose one line imports the script, which a module
// worker may do across origins where the script is served with CORS. The
// blob's URL is not revoked: workers of a pool may start after the call
// that made them returns, and the few bytes last as long as the page.
function webWorker(url) {
  const options = { type: "module", name: "poolkit-worker" };
  if (url.origin === globalThis.location?.origin || url.protocol === "blob:" || url.protocol === "data:") return new Worker(url, options);
  const source = `import ${JSON.stringify(url.href)};\n`;
  return new Worker(URL.createObjectURL(new Blob([source], { type: "text/javascript" })), options);
}

// listen attaches to a Web Worker or a worker_threads Worker alike.
function listen(worker, onMessage, onFail) {
  if (typeof worker.on === "function") {
    worker.on("message", onMessage);
    worker.on("error", onFail);
    worker.on("exit", (code) => onFail(new Error(`poolkit: a worker exited (code ${code})`)));
    return;
  }
  worker.addEventListener("message", (e) => onMessage(e.data));
  worker.addEventListener("messageerror", () => onFail(new Error("poolkit: a worker's reply could not be read")));
  worker.addEventListener("error", (e) => {
    e.preventDefault();
    onFail(new Error(`poolkit: a worker failed: ${e.message || "poolkit-worker.js did not load"}`));
  });
}
