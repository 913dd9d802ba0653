// poolkit: CNN-style pooling (max, average, min, Lp; adaptive; global) on
// pictures and float32 tensors, computed by the Go package pool compiled to
// WebAssembly. One ES module for browsers, Node 20+ and edge runtimes; no
// bundler and no dependencies.

import { bindFrames } from "./frames.js";
import { optionError, rebuildError } from "./errors.js";
import { ADAPTIVE_KEYS, GLOBAL_KEYS, PIXEL_KEYS, REC, TENSOR_KEYS, UNPOOL_KEYS } from "./wire.js";
import { instantiate } from "./loader.js";
import { encodePool, encodeRows, encodeSize, encodeTensorCall, integer, tensorArg } from "./record.js";
import { startWorkers } from "./workers.js";
import { LOAD_KEYS, ROWS_KEYS, bytesOf, clampedOf, describe, isTyped, outArg, picture, pictureArg, snapshot, tensorOutArg } from "./checks.js";

/**
 * Loads poolkit.wasm and returns the pooling API.
 *
 * Without `workers`, calls run synchronously on the calling thread. With
 * `workers: n` (n >= 1), they run in n Web Workers (worker_threads in Node)
 * and return promises; see {@link PoolkitWorkers} in poolkit.d.ts.
 *
 * @param {{ wasm?: URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module | Response,
 *           workers?: number, workerUrl?: URL | string }} [options]
 *   `wasm` overrides where the module comes from: a URL, a path (Node) or URL
 *   string, the module's bytes, a compiled WebAssembly.Module (what Cloudflare
 *   Workers hand out for an imported .wasm) or a fetch Response. The default
 *   is poolkit.wasm beside this file. `workerUrl` names the workers' script
 *   (default: poolkit-worker.js beside this file).
 * @returns {Promise<object>} the API: pool, poolTensor, adaptivePool,
 *   globalPool, maxUnpool, outputSize, inputRows, poolRows.
 */
export async function loadPoolkit(options = {}) {
  const o = snapshot(options, LOAD_KEYS, "loadPoolkit", "options");
  if (o.workers !== undefined && (typeof o.workers !== "number")) {
    throw optionError(TypeError, "workers", `workers ${describe(o.workers)}: must be a number`);
  }
  if (o.workers !== undefined && !(Number.isInteger(o.workers) && o.workers >= 1 && o.workers <= 256)) {
    throw optionError(RangeError, "workers", `workers ${describe(o.workers)}: must be an integer from 1 to 256`);
  }
  if (o.workerUrl !== undefined && typeof o.workerUrl !== "string" && !(o.workerUrl instanceof URL)) {
    throw optionError(TypeError, "workerUrl", `workerUrl ${describe(o.workerUrl)}: must be a URL or a string`);
  }
  const { module, exports, memory } = await instantiate(o.wasm);
  const direct = bindApi(exports, memory);
  if (o.workers === undefined) return direct;
  return startWorkers(direct, module, o.workers, o.workerUrl);
}

// bindApi wraps the functions the Go program published. Every argument is
// checked here and reduced to numbers and byte views: a getter or proxy that
// threw while Go was reading it would unwind through Go's stack and break the
// runtime, and every object Go reads costs it a finalizer.
function bindApi(go, memory) {
  const rec = new Float64Array(REC.length);
  const recBytes = new Uint8Array(rec.buffer);
  const call = (name, ...args) => {
    if (go.exited) throw new Error("poolkit: the WebAssembly instance has exited");
    const r = go[name](...args);
    // Rethrown from here so that the stack shows the caller, not Go.
    if (r instanceof Error) throw rebuildError(r);
    return r;
  };
  const start = () => rec.fill(0);
  call("setRecord", recBytes);

  function picture1(name, src, opts, out, rows) {
    start();
    encodePool(rec, snapshot(opts, PIXEL_KEYS, name), true);
    const { data, width, height } = pictureArg(src);
    rec[REC.width] = width;
    rec[REC.height] = height;
    if (rows) encodeRows(rec, snapshot(rows, ROWS_KEYS, name, "rows"));
    const dst = outArg(out);
    const res = call(name, bytesOf(data), dst && bytesOf(dst));
    const w = rec[REC.result];
    const h = rec[REC.result + 1];
    return picture(dst ? clampedOf(dst, 4 * w * h) : res, w, h);
  }

  function tensor1(name, t, opts, keys, indices, out) {
    start();
    const o = snapshot(opts, keys, name);
    if (name === "poolTensor") encodePool(rec, o);
    else encodeTensorCall(rec, o, name);
    const { data } = tensorArg(t, rec);
    const dst = tensorOutArg(out);
    const args = [bytesOf(data)];
    if (indices !== undefined) {
      if (!isTyped(indices, "Int32Array")) throw optionError(TypeError, "indices", `indices ${describe(indices)}: must be an Int32Array`);
      args.push(bytesOf(indices));
    }
    if (dst) args.push(bytesOf(dst));
    const res = call(name, ...args);
    const shape = Array.from(rec.subarray(REC.shape, REC.shape + rec[REC.tensorRank]));
    const values = dst
      ? new Float32Array(dst.buffer, dst.byteOffset, shape.reduce((a, b) => a * b, 1))
      : new Float32Array((Array.isArray(res) ? res[0] : res).buffer);
    if (Array.isArray(res)) return { data: values, shape, indices: new Int32Array(res[1].buffer) };
    return { data: values, shape };
  }

  /** Pools an RGBA picture; see poolkit.d.ts. */
  const pool = (image, opts, out) => picture1("pool", image, opts, out);

  /** Pools the output rows rows.from..rows.to of a picture from a band of its rows; see poolkit.d.ts. */
  const poolRows = (band, opts, rows, out) => picture1("poolRows", band, opts, out, rows ?? {});

  /** Returns the size of pooling a width x height picture with opts. */
  function outputSize(size, opts) {
    start();
    encodePool(rec, snapshot(opts, PIXEL_KEYS, "outputSize"), true);
    encodeSize(rec, size);
    call("outputSize");
    return { width: rec[REC.result], height: rec[REC.result + 1] };
  }

  /** Returns the input rows [y0, y1) that output rows [from, to) read. */
  function inputRows(size, opts, from, to) {
    start();
    encodePool(rec, snapshot(opts, PIXEL_KEYS, "inputRows"), true);
    encodeSize(rec, size);
    rec[REC.rows + 2] = integer("from", from, 0);
    rec[REC.rows + 3] = integer("to", to, 0);
    call("inputRows");
    return [rec[REC.result], rec[REC.result + 1]];
  }

  /** Pools every plane of a float32 tensor; see poolkit.d.ts. */
  const poolTensor = (t, opts, out) => tensor1("poolTensor", t, opts, TENSOR_KEYS, undefined, out);
  /** Pools every plane of a tensor to exactly outputSize cells. */
  const adaptivePool = (t, opts, out) => tensor1("adaptivePool", t, opts, ADAPTIVE_KEYS, undefined, out);
  /** Reduces every plane of a tensor to one cell. */
  const globalPool = (t, opts, out) => tensor1("globalPool", t, opts, GLOBAL_KEYS, undefined, out);
  /** Puts every value back where its index says, in planes of zeros. */
  const maxUnpool = (t, indices, opts, out) => tensor1("maxUnpool", t, opts, UNPOOL_KEYS, indices, out);

  /** A picture resident in the WebAssembly memory, for frame loops; see poolkit.d.ts. */
  const createFrame = bindFrames({
    call, memory,
    encode: (opts) => {
      start();
      encodePool(rec, snapshot(opts, PIXEL_KEYS, "frame.pool"));
    },
    resultSize: () => [rec[REC.result], rec[REC.result + 1]],
  });

  return Object.freeze({ pool, poolRows, outputSize, inputRows, poolTensor, adaptivePool, globalPool, maxUnpool, createFrame, memory });
}
