// poolkit: CNN-style pooling (max, average, min, Lp; adaptive; global) on
// pictures and float32 tensors, computed by the Go package pool compiled to
// WebAssembly. One ES module for browsers, Node 20+ and edge runtimes; no
// bundler and no dependencies.

import defineGo from "./wasm_exec.js";
import { bindFrames, isPictureSource, readPixels } from "./frames.js";
import { optionError, rebuildError } from "./errors.js";
// The record of numbers a call passes to Go and gets its result sizes back in,
// and the codes of the options' names, generated from internal/wire.
import { ALPHAS, COLOR_SPACES, MAX_SIDE, OP_CODES, PAD_AXES, PAD_BEGIN_END, PAD_SAME, REC } from "./wire.js";

const POOL_KEYS = ["op", "kernel", "stride", "padding", "dilation", "ceilMode", "countIncludePad", "p"];
const PIXEL_KEYS = [...POOL_KEYS, "alpha", "colorSpace"];
// alpha and colorSpace are accepted here so that Go can say they apply to
// pictures only, which reads better than "unknown option".
const TENSOR_KEYS = [...POOL_KEYS, "returnIndices", "alpha", "colorSpace"];
const ADAPTIVE_KEYS = ["op", "outputSize", "returnIndices"];
const GLOBAL_KEYS = ["op", "dims", "p"];
const UNPOOL_KEYS = ["kernel", "stride", "padding", "outputSize"];
const LOAD_KEYS = ["wasm", "workers"];
const ROWS_KEYS = ["height", "srcY", "from", "to"];

const isNode = () => typeof globalThis.process?.versions?.node === "string";

// Specifiers in variables, with the bundler hints, keep browser bundlers from
// trying to resolve Node's built-ins, which only the Node branches import.
const nodeImport = (name) => import(/* webpackIgnore: true */ /* @vite-ignore */ name);

/**
 * Loads poolkit.wasm and returns the pooling API.
 *
 * Without `workers`, calls run synchronously on the calling thread. With
 * `workers: n` (n >= 1), they run in n Web Workers (worker_threads in Node)
 * and return promises; see {@link PoolkitWorkers} in poolkit.d.ts.
 *
 * @param {{ wasm?: URL | string | ArrayBuffer | ArrayBufferView | WebAssembly.Module | Response,
 *           workers?: number }} [options]
 *   `wasm` overrides where the module comes from: a URL, a path (Node) or URL
 *   string, the module's bytes, a compiled WebAssembly.Module (what Cloudflare
 *   Workers hand out for an imported .wasm) or a fetch Response. The default
 *   is poolkit.wasm beside this file.
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
  const { module, exports, memory } = await instantiate(o.wasm);
  const direct = bindApi(exports, memory);
  if (o.workers === undefined) return direct;
  return startWorkers(direct, module, o.workers);
}

let goRuntime;

// loadGo runs Go's wasm_exec.js once and returns its Go class. The script
// defines globalThis.Go and, where they are missing, stand-ins for
// Node's fs, process and path; a stand-in process in a browser misleads every
// library that sniffs for Node, so all of them are removed again. The runtime
// only needs fs to print a fatal error; see instantiate.
function loadGo() {
  goRuntime ??= (async () => {
    const names = ["Go", "fs", "process", "path"];
    const before = names.map((n) => [n, Object.getOwnPropertyDescriptor(globalThis, n)]);
    defineGo();
    const Go = globalThis.Go;
    const fs = globalThis.fs;
    for (const [n, d] of before) {
      if (!d) delete globalThis[n];
      else if (globalThis[n] !== d.value && "value" in d) Object.defineProperty(globalThis, n, d);
    }
    if (typeof Go !== "function") throw new Error("poolkit: wasm_exec.js did not define Go");
    return { Go, fs };
  })();
  return goRuntime;
}

async function instantiate(source) {
  const { Go, fs } = await loadGo();
  const go = new Go();
  for (const imports of Object.values(go.importObject)) {
    const write = imports["runtime.wasmWrite"];
    if (typeof write !== "function") continue;
    imports["runtime.wasmWrite"] = (sp) => {
      if (globalThis.fs) return write(sp);
      globalThis.fs = fs;
      try {
        return write(sp);
      } finally {
        delete globalThis.fs;
      }
    };
  }
  const { module, instance } = await compile(source ?? new URL("./poolkit.wasm", import.meta.url), go.importObject);
  // run executes Go's main synchronously up to its select{}, so the API
  // object is in place when it returns; nothing else runs in between.
  const exited = go.run(instance);
  const exports = globalThis.__poolkit;
  delete globalThis.__poolkit;
  if (exports === undefined) throw new Error("poolkit: poolkit.wasm did not start");
  exited.then(() => { exports.exited = true; });
  return { module, exports, memory: instance.exports.mem };
}

async function compile(source, imports) {
  const WA = globalThis.WebAssembly;
  if (source instanceof WA.Module) return { module: source, instance: await WA.instantiate(source, imports) };
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WA.instantiate(source, imports);
  if (typeof Response === "function" && source instanceof Response) return fromResponse(source, imports);
  let url = source;
  if (typeof source === "string") {
    // A scheme of one letter is a Windows drive, not a URL.
    if (isNode() && !/^[a-z][a-z0-9+.-]+:/i.test(source)) {
      const { readFile } = await nodeImport("node:fs/promises");
      return WA.instantiate(await readFile(source), imports);
    }
    url = new URL(source, globalThis.document?.baseURI ?? globalThis.location?.href);
  }
  if (!(url instanceof URL)) {
    throw optionError(TypeError, "wasm", `wasm ${describe(source)}: must be a URL, a path, bytes, a WebAssembly.Module or a Response`);
  }
  if (url.protocol === "file:" && isNode()) {
    const { readFile } = await nodeImport("node:fs/promises");
    return WA.instantiate(await readFile(url), imports);
  }
  return fromResponse(await fetch(url), imports);
}

async function fromResponse(res, imports) {
  if (!res.ok) throw new Error(`poolkit: fetching ${res.url || "poolkit.wasm"} failed: ${res.status} ${res.statusText}`);
  const type = (res.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  // Streaming compilation refuses any other MIME type, which many static
  // servers get wrong; the bytes are still good.
  if (type === "application/wasm" && typeof WebAssembly.instantiateStreaming === "function") {
    return WebAssembly.instantiateStreaming(res, imports);
  }
  return WebAssembly.instantiate(await res.arrayBuffer(), imports);
}

const AXES = [undefined, "[length]", "[height, width]", "[depth, height, width]"];

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

  function tensor1(name, t, opts, keys, indices) {
    start();
    const o = snapshot(opts, keys, name);
    if (name === "poolTensor") encodePool(rec, o);
    else encodeTensorCall(rec, o, name);
    const { data } = tensorArg(t, rec);
    let res;
    if (indices === undefined) {
      res = call(name, bytesOf(data));
    } else {
      if (!isTyped(indices, "Int32Array")) throw optionError(TypeError, "indices", `indices ${describe(indices)}: must be an Int32Array`);
      res = call(name, bytesOf(data), bytesOf(indices));
    }
    const shape = Array.from(rec.subarray(REC.shape, REC.shape + rec[REC.tensorRank]));
    if (Array.isArray(res)) return { data: new Float32Array(res[0].buffer), shape, indices: new Int32Array(res[1].buffer) };
    return { data: new Float32Array(res.buffer), shape };
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
  const poolTensor = (t, opts) => tensor1("poolTensor", t, opts, TENSOR_KEYS);
  /** Pools every plane of a tensor to exactly outputSize cells. */
  const adaptivePool = (t, opts) => tensor1("adaptivePool", t, opts, ADAPTIVE_KEYS);
  /** Reduces every plane of a tensor to one cell. */
  const globalPool = (t, opts) => tensor1("globalPool", t, opts, GLOBAL_KEYS);
  /** Puts every value back where its index says, in planes of zeros. */
  const maxUnpool = (t, indices, opts) => tensor1("maxUnpool", t, opts, UNPOOL_KEYS, indices);

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

/**
 * Returns an ImageData where the runtime has one, else a plain
 * { data, width, height } of the same shape.
 */
function picture(data, width, height) {
  if (typeof globalThis.ImageData === "function") {
    try {
      return new globalThis.ImageData(data, width, height);
    } catch {
      // Some engines refuse views over shared memory; the plain shape follows.
    }
  }
  return { data, width, height };
}

// --- encoding the options into the record ---

// encodePool encodes the pooling options; a picture's are 2-D.
function encodePool(rec, o, picture) {
  rec[REC.op] = opCode(o.op);
  if (o.kernel === undefined) throw optionError(TypeError, "kernel", `kernel: required; a number or ${picture ? AXES[2] : "an array of 1 to 3 numbers"}`);
  const rank = rankOf("kernel", o.kernel);
  if (picture && rank !== 2) throw optionError(TypeError, "kernel", `kernel ${describe(o.kernel)}: must be a number or [height, width]; pictures are 2-D`);
  rec[REC.rank] = rank;
  axes(rec, REC.kernel, "kernel", o.kernel, 1, rank);
  if (o.stride !== undefined) axes(rec, REC.stride, "stride", o.stride, 1, rank);
  if (o.dilation !== undefined) axes(rec, REC.dilation, "dilation", o.dilation, 1, rank);
  encodePadding(rec, o.padding, rank, picture);
  rec[REC.ceilMode] = flag("ceilMode", o.ceilMode, false);
  rec[REC.countIncludePad] = flag("countIncludePad", o.countIncludePad, true);
  rec[REC.returnIndices] = flag("returnIndices", o.returnIndices, false);
  encodeP(rec, o.p);
  rec[REC.alpha] = choice("alpha", o.alpha, ALPHAS);
  rec[REC.colorSpace] = choice("colorSpace", o.colorSpace, COLOR_SPACES);
}

// encodePadding writes padding: a number, rank numbers (both sides of each
// axis), 2*rank numbers (begin..., end...), "valid" or a SAME mode.
function encodePadding(rec, v, rank, picture) {
  if (v === undefined || v === "valid") return;
  const rule = picture
    ? 'must be a number, [height, width], "valid" or "same" (begin and end pads and "same_lower" apply to tensors)'
    : `must be a number, ${AXES[rank]}, ${rank * 2} numbers [begin..., end...], "valid", "same", "same_upper" or "same_lower"`;
  if (typeof v === "string") {
    const mode = Object.hasOwn(PAD_SAME, v) ? PAD_SAME[v] : undefined;
    if (mode === undefined || (picture && v === "same_lower")) throw optionError(TypeError, "padding", `padding ${describe(v)}: ${rule}`);
    rec[REC.padMode] = mode;
    return;
  }
  if (Array.isArray(v) && v.length === 2 * rank && !picture) {
    if (!v.every((x) => typeof x === "number")) throw optionError(TypeError, "padding", `padding ${describe(v)}: ${rule}`);
    rec[REC.padMode] = PAD_BEGIN_END;
    v.forEach((x, i) => {
      rec[REC.padding + (i < rank ? i : 3 + i - rank)] = integer("padding", x, 0, undefined, v);
    });
    return;
  }
  if (typeof v !== "number" && !(Array.isArray(v) && v.length === rank)) throw optionError(TypeError, "padding", `padding ${describe(v)}: ${rule}`);
  rec[REC.padMode] = PAD_AXES;
  axes(rec, REC.padding, "padding", v, 0, rank);
  for (let i = 0; i < rank; i++) rec[REC.padding + 3 + i] = rec[REC.padding + i];
}

function encodeP(rec, p) {
  if (p === undefined) return;
  if (typeof p !== "number") throw optionError(TypeError, "p", `p ${describe(p)}: must be a number`);
  if (!(p > 0 && p < Infinity)) throw optionError(RangeError, "p", `p ${describe(p)}: must be a positive finite number`);
  rec[REC.p] = p;
}

// rankOf returns the spatial rank an option implies: its length when it is
// an array, 2 for a number.
function rankOf(name, v) {
  if (!Array.isArray(v)) return 2;
  if (v.length < 1 || v.length > 3) throw optionError(RangeError, name, `${name} ${describe(v)}: must have 1, 2 or 3 elements`);
  return v.length;
}

// encodeTensorCall encodes the options of adaptivePool, globalPool and
// maxUnpool.
function encodeTensorCall(rec, o, name) {
  if (name !== "maxUnpool") rec[REC.op] = opCode(o.op);
  rec[REC.returnIndices] = flag("returnIndices", o.returnIndices, false);
  if (name === "globalPool") {
    if (o.dims === undefined) rec[REC.rank] = 2;
    else if (typeof o.dims !== "number") throw optionError(TypeError, "dims", `dims ${describe(o.dims)}: must be 1, 2 or 3`);
    else if (![1, 2, 3].includes(o.dims)) throw optionError(RangeError, "dims", `dims ${describe(o.dims)}: must be 1, 2 or 3`);
    else rec[REC.rank] = o.dims;
    if (o.p !== undefined && o.op !== "lp") throw optionError(TypeError, "p", `p ${describe(o.p)}: applies to op "lp" only`);
    encodeP(rec, o.p);
    return;
  }
  // maxUnpool's rank comes from kernel or outputSize, whichever is an array;
  // both must agree.
  let rank = 2;
  let from;
  for (const key of name === "maxUnpool" ? ["kernel", "outputSize"] : ["outputSize"]) {
    if (!Array.isArray(o[key])) continue;
    const r = rankOf(key, o[key]);
    if (from && r !== rank) {
      throw optionError(RangeError, key, `${key} ${describe(o[key])}: must have ${rank} elements, as ${from} ${describe(o[from])} has`);
    }
    rank = r;
    from = key;
  }
  rec[REC.rank] = rank;
  if (o.outputSize !== undefined) axes(rec, REC.outputSize, "outputSize", o.outputSize, 1, rank);
  else if (name === "adaptivePool") throw optionError(TypeError, "outputSize", "outputSize: required; a number or an array of 1 to 3 numbers");
  if (name !== "maxUnpool") return;
  if (o.kernel !== undefined) axes(rec, REC.kernel, "kernel", o.kernel, 1, rank);
  else if (o.outputSize === undefined) throw optionError(TypeError, "kernel", "kernel: required unless outputSize is given; a number or an array of 1 to 3 numbers");
  if (o.stride !== undefined) axes(rec, REC.stride, "stride", o.stride, 1, rank);
  if (typeof o.padding === "string" && o.padding.startsWith("same")) {
    throw optionError(TypeError, "padding", `padding ${describe(o.padding)}: is not defined for maxUnpool; give outputSize instead`);
  }
  encodePadding(rec, o.padding, rank, false);
}

function encodeSize(rec, size) {
  if (size === null || typeof size !== "object") {
    throw optionError(TypeError, "size", `size ${describe(size)}: must be an object { width, height }`);
  }
  rec[REC.width] = dimension("width", size.width);
  rec[REC.height] = dimension("height", size.height);
}

function encodeRows(rec, r) {
  ROWS_KEYS.forEach((key, i) => {
    rec[REC.rows + i] = integer(key, r[key], 0, `rows.${key}`);
  });
}

function opCode(op) {
  const rule = 'must be "max", "avg", "min" or "lp"';
  if (op === undefined) throw optionError(TypeError, "op", `op: required; ${rule}`);
  if (typeof op !== "string" || !Object.hasOwn(OP_CODES, op)) throw optionError(TypeError, "op", `op ${describe(op)}: ${rule}`);
  return OP_CODES[op];
}

function choice(name, v, names) {
  if (v === undefined) return 0;
  const i = names.indexOf(v);
  if (i < 0) throw optionError(TypeError, name, `${name} ${describe(v)}: must be ${names.map((n) => `"${n}"`).join(" or ")}`);
  return i;
}

function flag(name, v, def) {
  if (v === undefined) return def ? 1 : 0;
  if (typeof v !== "boolean") throw optionError(TypeError, name, `${name} ${describe(v)}: must be true or false`);
  return v ? 1 : 0;
}

// axes writes n, or an array of rank integers of at least least, to
// rec[i], rec[i+1], ...
function axes(rec, i, name, v, least, rank) {
  if (typeof v === "number") {
    rec.fill(integer(name, v, least), i, i + rank);
    return;
  }
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number")) {
    throw optionError(TypeError, name, `${name} ${describe(v)}: must be a number or ${AXES[rank]}`);
  }
  if (v.length !== rank) throw optionError(RangeError, name, `${name} ${describe(v)}: must have ${rank} elements, one per axis (${AXES[rank]})`);
  v.forEach((x, j) => {
    rec[i + j] = integer(name, x, least, undefined, v);
  });
}

// integer checks that v is an integer in [least, 2^30]; messages quote
// whole, the value as the caller wrote it.
function integer(name, v, least, label = name, whole = v) {
  if (typeof v !== "number") throw optionError(TypeError, label, `${label} ${describe(v)}: must be a number`);
  const at = `${label} ${describe(whole)}`;
  if (!Number.isInteger(v)) throw optionError(RangeError, label, `${at}: must be an integer`);
  if (v < least) throw optionError(RangeError, label, `${at}: ${least === 0 ? "must not be negative" : `must be at least ${least}`}`);
  if (v > MAX_SIDE) throw optionError(RangeError, label, `${at}: must be at most ${MAX_SIDE}`);
  return v;
}

// --- workers ---

const RUN_POOL_KEYS = ["out", "onProgress", "bands", "signal"];
const RUN_TENSOR_KEYS = ["transfer", "parts", "signal"];

// Input bytes per band when a picture is split: small enough for a progress
// indicator to move and for the workers to share the load, large enough that
// the rows each band repeats for the window's overlap cost nothing.
const BAND_BYTES = 4 << 20;

// Below SPLIT_BYTES of input a call runs in one worker, below DIRECT_BYTES
// on the calling thread: there a message to a worker and back costs more
// than the call itself.
const SPLIT_BYTES = 1 << 20;
const DIRECT_BYTES = 128 << 10;

// The spare shared buffers kept for staging input: one for the input and
// one for a result that is copied out.
const SPARE_BUFFERS = 2;

// startWorkers starts count workers, each with its own instance of module,
// and returns the promise-based API. direct is the calling thread's
// instance: it validates options, runs the calls too small to be worth a
// message, and finds the bands' input rows where they are copied here.
async function startWorkers(direct, module, count) {
  const spawn = await workerSpawner();
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

  // Input staged in memory the workers share is copied into one of these,
  // kept for the next call: a fresh buffer pays a page fault per 4 KiB on
  // its first write, which costs more than the copy itself.
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

  // runDirect runs a small call on the calling thread: a message to a
  // worker and back would cost more than the call.
  function runDirect(signal, f) {
    if (closed) return Promise.reject(closed);
    return withSignal(signal, async () => f());
  }

  /** Pools a picture in row bands spread over the workers; see poolkit.d.ts. */
  async function pool(image, opts, run) {
    const { data, width, height } = pictureArg(image);
    const o = snapshot(opts, PIXEL_KEYS, "pool");
    const r = snapshot(run ?? {}, RUN_POOL_KEYS, "pool", "run options");
    const out = outArg(r.out);
    if (r.onProgress !== undefined && typeof r.onProgress !== "function") {
      throw optionError(TypeError, "onProgress", `onProgress ${describe(r.onProgress)}: must be a function`);
    }
    const size = direct.outputSize({ width, height }, o);
    const n = 4 * size.width * size.height;
    if (out && out.length < n) {
      throw optionError(RangeError, "out", `out length ${out.length}: must be at least ${n} for the ${size.width}x${size.height} (width x height) result`);
    }
    if (r.bands === undefined && data.length < DIRECT_BYTES) {
      return runDirect(r.signal, () => {
        const res = direct.pool({ data, width, height }, o, out);
        r.onProgress?.(1, 1);
        return res;
      });
    }
    const bands = bandCount(data.length, size.height, count, r.bands);
    const job = { data, width, height, o, out, size, n, bands, onProgress: r.onProgress };
    return withSignal(r.signal, (signal) => (canShare() ? poolShared(job, signal) : poolTransferred(job, signal)));
  }

  // poolShared lets the workers read their bands from shared memory and
  // write their rows of the result in place: this thread copies the input
  // once (not at all when it is shared already) and joins nothing. Each
  // worker finds the input rows of its band itself, which costs a
  // geometry's worth of work per band that this thread would otherwise do
  // alone while the workers wait.
  async function poolShared({ data, width, height, o, out, size, n, bands, onProgress }, signal) {
    const outRow = 4 * size.width;
    const staged = !isShared(data);
    const src = staged ? new Uint8ClampedArray(take(data.length), 0, data.length) : data;
    if (staged) src.set(data);
    // An ImageData cannot hold shared memory, nor can a buffer of the
    // caller's that is not shared: then the workers write into a spare
    // buffer and each band is copied out as it arrives.
    const plain = out ? !isShared(out) : typeof globalThis.ImageData === "function";
    const buffer = plain ? take(n) : null;
    const dst = out && !plain ? out : new Uint8ClampedArray(buffer ?? new SharedArrayBuffer(n), 0, n);
    const result = plain ? (out ?? new Uint8ClampedArray(n)) : dst;
    let done = 0;
    const tasks = Array.from({ length: bands }, (_, i) => {
      const from = Math.floor(i * size.height / bands);
      const to = Math.floor((i + 1) * size.height / bands);
      const rows = dst.subarray(from * outRow, to * outRow);
      return submit({ fn: "poolBand", args: [{ data: src, width, height }, o, from, to, rows] }, [], signal).then(() => {
        if (signal.aborted) return;
        if (plain) result.set(rows, from * outRow);
        onProgress?.(++done, bands);
      });
    });
    // Spare buffers go back only once no worker can still be reading or
    // writing them, even when the call failed or was aborted.
    Promise.allSettled(tasks).then(() => {
      if (staged) give(src.buffer);
      if (buffer) give(buffer);
    });
    await Promise.all(tasks);
    return picture(out ? clampedOf(out, n) : result, size.width, size.height);
  }

  // poolTransferred is the way without shared memory: each band is copied
  // into a buffer of its own, transferred to a worker and back, and joined.
  async function poolTransferred({ data, width, height, o, out, size, n, bands, onProgress }, signal) {
    const rowBytes = 4 * width;
    let dst = out;
    let done = 0;
    await Promise.all(Array.from({ length: bands }, async (_, i) => {
      const from = Math.floor(i * size.height / bands);
      const to = Math.floor((i + 1) * size.height / bands);
      const [y0, y1] = direct.inputRows({ width, height }, o, from, to);
      const rows = data.slice(y0 * rowBytes, y1 * rowBytes);
      const res = await submit({
        fn: "poolRows",
        args: [{ data: rows, width, height: y1 - y0 }, o, { height, srcY: y0, from, to }],
      }, [rows.buffer], signal);
      if (signal.aborted) return;
      if (bands === 1 && !dst) dst = res.data;
      else (dst ??= new Uint8ClampedArray(n)).set(res.data, from * 4 * size.width);
      onProgress?.(++done, bands);
    }));
    return picture(out ? clampedOf(out, n) : dst, size.width, size.height);
  }

  // tensorCall runs a tensor call whole in one worker, or split into runs of
  // planes (every axis before the pooled ones) spread over the workers and
  // joined: each plane is pooled on its own, so the result is the same bytes.
  async function tensorCall(fn, t, opts, keys, run, indices) {
    const o = snapshot(opts, keys, fn);
    const { data, shape } = tensorArg(t, new Float64Array(REC.length));
    const r = snapshot(run ?? {}, RUN_TENSOR_KEYS, fn, "run options");
    if (indices !== undefined && !isTyped(indices, "Int32Array")) {
      throw optionError(TypeError, "indices", `indices ${describe(indices)}: must be an Int32Array`);
    }
    const lead = shape.length - spatialRank(o);
    const planes = lead >= 0 ? shape.slice(0, lead).reduce((a, b) => a * b, 1) : 1;
    const parts = partsCount(data.byteLength, planes, count, r.parts);
    if (r.parts === undefined && data.byteLength < DIRECT_BYTES) {
      return runDirect(r.signal, () => (indices === undefined ? direct[fn]({ data, shape }, o) : direct[fn]({ data, shape }, indices, o)));
    }
    return withSignal(r.signal, (signal) => tensorParts(fn, { data, shape, indices, o, lead, planes, parts, mine: r.transfer }, signal));
  }

  async function tensorParts(fn, { data, shape, indices, o, lead, planes, parts, mine }, signal) {
    const whole = parts === 1;
    const share = canShare();
    const per = data.length / planes;
    const staged = [];
    // The input goes to shared memory in one copy where the workers can read
    // it there, unless it runs whole and the caller lets its buffer go.
    const input = (a) => {
      if (isShared(a) || (whole && mine) || !share) return a;
      const s = new a.constructor(take(a.byteLength), 0, a.length);
      s.set(a);
      staged.push(s.buffer);
      return s;
    };
    const src = input(data);
    const idx = indices === undefined ? undefined : input(indices);
    const sent = [];
    // run pools planes [p0, p1) in a worker; into, when given, holds the
    // shared views the worker writes its result into.
    const run = (p0, p1, into) => {
      const transfer = [];
      const send = (a) => {
        if (isShared(a)) return a.subarray(p0 * per, p1 * per);
        const b = whole && mine ? a : a.slice(p0 * per, p1 * per);
        transfer.push(b.buffer);
        return b;
      };
      const args = [{ data: send(src), shape: whole ? shape : [p1 - p0, ...shape.slice(lead)] }];
      if (idx !== undefined) args.push(send(idx));
      args.push(o);
      const task = submit({ fn, args, into }, transfer, signal);
      sent.push(task);
      return task;
    };
    const ranges = (from, n) => Array.from({ length: n }, (_, i) => [
      from + Math.floor(i * (planes - from) / n), from + Math.floor((i + 1) * (planes - from) / n),
    ]);
    try {
      if (whole) return await run(0, planes);
      if (!share) return joinParts(await Promise.all(ranges(0, parts).map(([p0, p1]) => run(p0, p1))), shape, lead);
      // One plane first: its result's size is every plane's, so the other
      // parts can write theirs in place and nothing is joined.
      const first = await run(0, 1);
      const cells = first.data.length;
      const result = { data: new Float32Array(new SharedArrayBuffer(4 * planes * cells)), shape: [...shape.slice(0, lead), ...first.shape.slice(1)] };
      result.data.set(first.data);
      if (first.indices) {
        result.indices = new Int32Array(new SharedArrayBuffer(4 * planes * cells));
        result.indices.set(first.indices);
      }
      await Promise.all(ranges(1, Math.min(parts, planes - 1)).map(([p0, p1]) => run(p0, p1, {
        data: result.data.subarray(p0 * cells, p1 * cells),
        indices: result.indices?.subarray(p0 * cells, p1 * cells),
      })));
      return result;
    } finally {
      // Staged input goes back only once no worker can still be reading it,
      // even when the call failed or was aborted.
      Promise.allSettled(sent).then(() => staged.forEach(give));
    }
  }

  /** Pools every plane of a tensor in a worker. */
  const poolTensor = async (t, opts, run) => tensorCall("poolTensor", t, opts, TENSOR_KEYS, run);
  /** Adaptive pooling in a worker. */
  const adaptivePool = async (t, opts, run) => tensorCall("adaptivePool", t, opts, ADAPTIVE_KEYS, run);
  /** Global pooling in a worker. */
  const globalPool = async (t, opts, run) => tensorCall("globalPool", t, opts, GLOBAL_KEYS, run);
  /** Max unpooling in a worker. */
  const maxUnpool = async (t, indices, opts, run) => tensorCall("maxUnpool", t, opts, UNPOOL_KEYS, run, indices);

  /** Stops the workers; calls still running reject. */
  async function close() {
    spare.length = 0;
    if (!closed) await shutDown(new Error("poolkit: the workers were closed"));
  }

  return Object.freeze({
    workers: count, direct, pool, poolTensor, adaptivePool, globalPool, maxUnpool,
    outputSize: direct.outputSize, close,
  });
}

// withSignal runs f with a signal that aborts when the caller's does or
// when f's work fails, and rejects as soon as either happens.
async function withSignal(callerSignal, f) {
  if (callerSignal !== undefined && !(typeof callerSignal === "object" && callerSignal !== null && "aborted" in callerSignal)) {
    throw optionError(TypeError, "signal", `signal ${describe(callerSignal)}: must be an AbortSignal`);
  }
  callerSignal?.throwIfAborted?.();
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(callerSignal.reason);
  callerSignal?.addEventListener("abort", onAbort, { once: true });
  const aborted = new Promise((_, reject) => {
    ctl.signal.addEventListener("abort", () => reject(ctl.signal.reason), { once: true });
  });
  try {
    return await Promise.race([f(ctl.signal).catch((err) => {
      ctl.abort(err);
      throw err;
    }), aborted]);
  } finally {
    callerSignal?.removeEventListener("abort", onAbort);
  }
}

// joinParts joins the results of runs of planes, in order, into one tensor
// of shape's leading axes and the pooled axes of the results.
function joinParts(results, shape, lead) {
  const join = (key, Type) => {
    const joined = new Type(results.reduce((sum, res) => sum + res[key].length, 0));
    let at = 0;
    for (const res of results) {
      joined.set(res[key], at);
      at += res[key].length;
    }
    return joined;
  };
  const res = { data: join("data", Float32Array), shape: [...shape.slice(0, lead), ...results[0].shape.slice(1)] };
  if (results[0].indices) res.indices = join("indices", Int32Array);
  return res;
}

function bandCount(bytes, rows, workers, asked) {
  if (asked !== undefined) return askedCount("bands", asked, rows);
  return splitCount(bytes, rows, workers);
}

function partsCount(bytes, planes, workers, asked) {
  if (asked !== undefined) return askedCount("parts", asked, planes);
  return splitCount(bytes, planes, workers);
}

function askedCount(name, asked, most) {
  if (typeof asked !== "number") throw optionError(TypeError, name, `${name} ${describe(asked)}: must be a number`);
  if (!Number.isInteger(asked) || asked < 1) throw optionError(RangeError, name, `${name} ${describe(asked)}: must be a positive integer`);
  return Math.min(asked, most);
}

// splitCount is how many parts a call on bytes of input splits into, at most
// units (rows or planes): one below SPLIT_BYTES, else about BAND_BYTES each,
// rounded up to a multiple of the workers so that no worker is left alone
// with a last part while the others wait.
function splitCount(bytes, units, workers) {
  if (bytes < SPLIT_BYTES) return 1;
  return Math.min(units, workers * Math.ceil(bytes / BAND_BYTES / workers));
}

// spatialRank is how many trailing axes a tensor call pools over; the axes
// before them are planes, each pooled on its own.
function spatialRank(o) {
  const sized = [o.kernel, o.outputSize].find(Array.isArray);
  return sized ? sized.length : (o.dims ?? 2);
}

function isShared(a) {
  return typeof SharedArrayBuffer === "function" && a.buffer instanceof SharedArrayBuffer;
}

// workerSpawner returns a function that starts worker number i on
// poolkit-worker.js.
async function workerSpawner() {
  if (isNode()) {
    const { Worker: NodeWorker } = await nodeImport("node:worker_threads");
    // A worker inherits the parent's flags unless told otherwise, and refuses
    // to start on V8 flags (node --max-old-space-size=8000) or --input-type
    // (node -e with ES modules). It runs poolkit's own modules and needs none.
    const execArgv = [];
    // Not new URL(..., import.meta.url): bundlers would copy or bundle the
    // worker a second time for this branch.
    const here = import.meta.url;
    return (i) => new NodeWorker(new URL("./poolkit-worker.js", here), { execArgv, name: `poolkit-${i}` });
  }
  if (typeof Worker !== "function") throw new Error("poolkit: this runtime has no Worker");
  // One expression with static options: the form Vite and webpack recognize,
  // bundling the worker and rewriting its URL.
  return () => new Worker(new URL("./poolkit-worker.js", import.meta.url), { type: "module", name: "poolkit-worker" });
}

// canShare says whether workers can be handed shared memory: always in
// Node, and in a browser when the page is cross-origin isolated.
function canShare() {
  return typeof SharedArrayBuffer === "function" && (isNode() || globalThis.crossOriginIsolated === true);
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


function isTyped(x, ...tags) {
  return ArrayBuffer.isView(x) && tags.includes(x[Symbol.toStringTag]);
}

// bytesOf views a typed array's bytes as a Uint8Array of this realm, the
// only kind Go's copy functions take.
function bytesOf(a) {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function clampedOf(a, n) {
  return new Uint8ClampedArray(a.buffer, a.byteOffset, n);
}

function outArg(out) {
  if (out === undefined) return undefined;
  if (!isTyped(out, "Uint8ClampedArray", "Uint8Array")) {
    throw optionError(TypeError, "out", `out ${describe(out)}: must be a Uint8ClampedArray or Uint8Array`);
  }
  return out;
}

function dimension(name, v) {
  if (typeof v !== "number") throw optionError(TypeError, name, `${name} ${describe(v)}: must be a number`);
  if (!Number.isInteger(v) || v < 1 || v > MAX_SIDE) throw optionError(RangeError, name, `${name} ${describe(v)}: must be an integer from 1 to ${MAX_SIDE}`);
  return v;
}

/**
 * Checks a picture argument and returns its fields. An ImageBitmap,
 * HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, HTMLVideoElement or
 * VideoFrame is read here, once, into RGBA bytes.
 */
function pictureArg(image) {
  if (image === null || typeof image !== "object") {
    throw optionError(TypeError, "image", `image ${describe(image)}: must be an ImageData, { data, width, height } or a picture source (ImageBitmap, HTMLImageElement, HTMLCanvasElement, OffscreenCanvas, HTMLVideoElement, VideoFrame)`);
  }
  const { data, width, height } = isPictureSource(image) ? readPixels(image) : image;
  if (!isTyped(data, "Uint8ClampedArray", "Uint8Array")) {
    throw optionError(TypeError, "data", `data ${describe(data)}: must be a Uint8ClampedArray or Uint8Array of RGBA bytes`);
  }
  dimension("width", width);
  dimension("height", height);
  if (data.length !== width * height * 4) {
    throw optionError(RangeError, "data", `data length ${data.length}: must be width*height*4 = ${width * height * 4} for ${width}x${height} (width x height) RGBA pixels`);
  }
  return { data, width, height };
}

/** Checks a tensor argument, writes its shape into rec and returns its data. */
function tensorArg(t, rec) {
  if (t === null || typeof t !== "object") {
    throw optionError(TypeError, "tensor", `tensor ${describe(t)}: must be an object { data: Float32Array, shape }`);
  }
  const { data, shape } = t;
  if (!isTyped(data, "Float32Array")) throw optionError(TypeError, "data", `data ${describe(data)}: must be a Float32Array`);
  const rule = "must be an array of 1 to 5 dimensions: the spatial axes after at most a batch and a channel axis";
  if (!Array.isArray(shape)) throw optionError(TypeError, "shape", `shape ${describe(shape)}: ${rule}`);
  const dims = Array.from(shape);
  if (dims.length < 1 || dims.length > 5) throw optionError(RangeError, "shape", `shape ${describe(dims)}: ${rule}`);
  let n = 1;
  dims.forEach((d, i) => {
    if (typeof d !== "number") throw optionError(TypeError, "shape", `shape ${describe(dims)}: ${rule} of numbers`);
    if (!Number.isInteger(d) || d < 1 || d > MAX_SIDE) {
      throw optionError(RangeError, "shape", `shape ${describe(dims)}: every dimension must be an integer from 1 to ${MAX_SIDE}`);
    }
    rec[REC.shape + i] = d;
    n *= d;
  });
  rec[REC.tensorRank] = dims.length;
  if (data.length !== n) {
    throw optionError(RangeError, "data", `data length ${data.length}: must match shape ${describe(dims)} (${n} elements)`);
  }
  return { data, shape: dims };
}

/**
 * Copies the known keys of opts into a plain object, and throws a TypeError
 * naming any other key: a typo such as "strides" must not be ignored.
 */
function snapshot(opts, keys, call, what = "options") {
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
    throw optionError(TypeError, what, `${what} ${describe(opts)}: must be an object`);
  }
  for (const key of Object.keys(opts)) {
    if (!keys.includes(key)) throw optionError(TypeError, key, unknownKey(key, keys, call, what));
  }
  const o = {};
  for (const key of keys) {
    const v = opts[key];
    if (v !== undefined) o[key] = Array.isArray(v) ? Array.from(v) : v;
  }
  return o;
}

function unknownKey(key, keys, call, what) {
  const near = keys.find((k) => k.toLowerCase() === key.toLowerCase()) ?? keys.find((k) => distance(k, key) <= 2);
  const hint = near ? ` (did you mean "${near}"?)` : "";
  return `option "${key}": unknown to ${call}${hint}; the ${what} are ${keys.join(", ")}`;
}

// distance is the Levenshtein distance, for "did you mean".
function distance(a, b) {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Writes a value the way an error message quotes it. */
function describe(v) {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "function") return "(a function)";
  if (typeof v === "symbol") return "(a symbol)";
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[${v.slice(0, 4).map((e) => (Array.isArray(e) ? "[...]" : describe(e))).join(", ")}${v.length > 4 ? ", ..." : ""}]`;
  if (ArrayBuffer.isView(v)) return `(a ${v[Symbol.toStringTag] ?? "DataView"} of length ${v.length ?? v.byteLength})`;
  return "(an object)";
}
