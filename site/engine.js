// The lab's access to poolkit: every call goes to the module's worker pool
// (loadPoolkit({ workers })), so the page stays responsive while a big
// picture pools, and a picture is split into row bands whose completion
// drives the progress indicator.

import { loadPoolkit } from "/js/poolkit.js";

// One worker per spare core, up to four: more would only cost memory (every
// worker holds its own WebAssembly instance) on the sizes the lab allows.
function workerCount() {
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores - 1));
}

export async function createEngine() {
  const pk = await loadPoolkit({ workers: workerCount() });
  return {
    // Cross-origin isolation (the server's COOP and COEP headers) is what
    // lets the workers share the picture's memory instead of copying it.
    kind: `in ${pk.workers} Web Worker${pk.workers === 1 ? "" : "s"}${globalThis.crossOriginIsolated ? ", shared memory" : ""}`,
    isolated: globalThis.crossOriginIsolated === true,
    /** pk.pool in the workers; run = { onProgress(fraction), signal }. */
    pool(img, opts, run = {}) {
      return pk.pool({ data: img.data, width: img.width, height: img.height }, opts, {
        signal: run.signal,
        onProgress: run.onProgress && ((done, total) => run.onProgress(done / total)),
      });
    },
    poolTensor: (t, opts, run = {}) => pk.poolTensor(t, opts, { signal: run.signal }),
    adaptivePool: (t, opts) => pk.adaptivePool(t, opts),
    // The gradient view's and fractional pooling's calls run on the page's
    // thread (the worker API does so for them): small maps, or one picture.
    poolTensorGrad: (t, gradOutput, opts) => pk.poolTensorGrad(t, gradOutput, opts),
    fractionalMaxPool: (t, opts) => pk.fractionalMaxPool(t, opts),
    // The tensor is the lab's own copy, so it may move to the worker.
    globalPool: (t, opts, run = {}) => pk.globalPool(t, opts, { signal: run.signal, transfer: true }),
    close: () => pk.close(),
  };
}
