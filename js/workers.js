// The promise-based API of loadPoolkit({ workers }): calls split into bands
// of a picture's rows or runs of a tensor's planes, spread over the worker
// threads (threads.js), through the input's memory shared with them where it
// can be, with progress reports.

import { optionError } from "./errors.js";
import { ADAPTIVE_KEYS, GLOBAL_KEYS, PIXEL_KEYS, REC, TENSOR_KEYS, UNPOOL_KEYS } from "./wire.js";
import { isNode } from "./loader.js";
import { startThreads } from "./threads.js";
import { isVideoFrame, sourceSize } from "./frames.js";
import { tensorArg } from "./record.js";
import { clampedOf, describe, isTyped, outArg, picture, pictureArg, pictureOutFits, residentTensors, snapshot, tensorOutArg, tensorOutFits } from "./checks.js";

const RUN_POOL_KEYS = ["out", "onProgress", "bands", "signal"];
const RUN_TENSOR_KEYS = ["out", "transfer", "parts", "signal"];

// Input bytes per band when a picture is split: small enough for a progress
// indicator to move and for the workers to share the load, large enough that
// the rows each band repeats for the window's overlap cost nothing.
const BAND_BYTES = 4 << 20;

// Below SPLIT_BYTES of input a call runs in one worker, below DIRECT_BYTES
// on the calling thread: there a message to a worker and back costs more
// than the call itself.
const SPLIT_BYTES = 1 << 20;
const DIRECT_BYTES = 128 << 10;

// startWorkers starts count workers, each with its own instance of module,
// and returns the promise-based API. direct is the calling thread's
// instance: it validates options, runs the calls too small to be worth a
// message, and finds the bands' input rows where they are copied here;
// shapeOf is its judgement of a tensor's shape (a copy of it, or undefined
// where pool refuses it).
export async function startWorkers(direct, shapeOf, module, count, workerUrl) {
  const { submit, take, give, close, closed } = await startThreads(module, count, workerUrl);

  // runDirect runs a small call on the calling thread: a message to a
  // worker and back would cost more than the call.
  function runDirect(signal, f) {
    if (closed()) return Promise.reject(closed());
    return withSignal(signal, async () => f());
  }

  /** Pools a picture in row bands spread over the workers; see poolkit.d.ts. */
  async function pool(image, opts, run) {
    if (!isVideoFrame(image)) return pool1(pictureArg(image), opts, run);
    const { width, height } = sourceSize(image);
    const n = 4 * width * height;
    // A VideoFrame is copied by copyTo straight into memory the workers
    // share (or into a plain array), with no canvas between: the same bytes
    // as drawing it, in a fraction of the time. The buffer goes back to the
    // spares once the call is over.
    const shared = canShare() ? take(n) : null;
    try {
      const data = shared ? new Uint8ClampedArray(shared, 0, n) : new Uint8ClampedArray(n);
      await image.copyTo(data, { format: "RGBA", colorSpace: "srgb" });
      return await pool1({ data, width, height }, opts, run);
    } finally {
      if (shared) give(shared);
    }
  }

  async function pool1({ data, width, height }, opts, run) {
    const o = snapshot(opts, PIXEL_KEYS, "pool");
    const r = snapshot(run ?? {}, RUN_POOL_KEYS, "pool", "run options");
    const out = outArg(r.out);
    if (r.onProgress !== undefined && typeof r.onProgress !== "function") {
      throw optionError(TypeError, "onProgress", `onProgress ${describe(r.onProgress)}: must be a function`);
    }
    const size = direct.outputSize({ width, height }, o);
    const n = 4 * size.width * size.height;
    pictureOutFits(out, n, size.width, size.height);
    // A picture whose data does not fit its size runs directly, which pool refuses.
    if ((r.bands === undefined && data.length < DIRECT_BYTES) || data.length !== 4 * width * height) {
      return runDirect(r.signal, () => {
        const res = direct.pool({ data, width, height }, o, out);
        r.onProgress?.(1, 1);
        return res;
      });
    }
    const bands = partCount("bands", data.length, size.height, count, r.bands);
    const job = { data, width, height, o, out, size, n, bands, onProgress: r.onProgress };
    return withSignal(r.signal, (signal) => (canShare() ? poolShared(job, signal) : poolTransferred(job, signal)));
  }

  // poolShared lets the workers read their bands from shared memory and
  // write their rows of the result there: this thread copies the input once
  // (not at all when it is shared already) and each band out as it
  // arrives, and slices nothing. Each worker finds the input rows of its
  // band itself, which costs a geometry's worth of work per band that this
  // thread would otherwise do alone while the workers wait.
  async function poolShared({ data, width, height, o, out, size, n, bands, onProgress }, signal) {
    const outRow = 4 * size.width;
    const staged = !isShared(data);
    const src = staged ? new Uint8ClampedArray(take(data.length), 0, data.length) : data;
    if (staged) src.set(data);
    // The workers write into a shared out in place; otherwise into a spare
    // buffer, whose bands are copied into out, or into a plain array (an
    // ImageData cannot hold shared memory, and a fresh shared buffer costs
    // more than the copy).
    const plain = !(out && isShared(out));
    const buffer = plain ? take(n) : null;
    const dst = plain ? new Uint8ClampedArray(buffer, 0, n) : out;
    const result = plain ? (out ?? new Uint8ClampedArray(n)) : dst;
    let done = 0;
    const tasks = evenRanges(0, size.height, bands).map(([from, to]) => {
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
    await Promise.all(evenRanges(0, size.height, bands).map(async ([from, to]) => {
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
    const { data, shape: given } = tensorArg(t, new Float64Array(REC.length));
    const r = snapshot(run ?? {}, RUN_TENSOR_KEYS, fn, "run options");
    const out = tensorOutArg(r.out, data);
    if (indices !== undefined && !isTyped(indices, "Int32Array")) {
      throw optionError(TypeError, "indices", `indices ${describe(indices)}: must be an Int32Array`);
    }
    // A shape pool refuses, or data whose length does not fit it, runs
    // directly, where pool says why.
    const shape = shapeOf(given);
    const fits = shape !== undefined && data.length === shape.reduce((a, b) => a * b, 1);
    const lead = fits ? shape.length - spatialRank(o) : 0;
    const planes = lead >= 0 && fits ? shape.slice(0, lead).reduce((a, b) => a * b, 1) : 1;
    const parts = partCount("parts", data.byteLength, planes, count, r.parts);
    // uint8 and float64 tensors run on the calling thread: the parts are
    // joined as float32.
    if ((r.parts === undefined && data.byteLength < DIRECT_BYTES) || !isTyped(data, "Float32Array") || !fits) {
      return runDirect(r.signal, () => (indices === undefined ? direct[fn]({ data, shape: given }, o, out) : direct[fn]({ data, shape: given }, indices, o, out)));
    }
    // A resident tensor's data is a view of the WebAssembly memory: it is
    // copied, whatever transfer says.
    const mine = r.transfer && !residentTensors.has(t);
    return withSignal(r.signal, async (signal) => into(out, await tensorParts(fn, { data, shape, indices, o, lead, planes, parts, mine, out }, signal)));
  }

  async function tensorParts(fn, { data, shape, indices, o, lead, planes, parts, mine, out }, signal) {
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
    try {
      if (whole) return await run(0, planes);
      if (!share) return joinParts(await Promise.all(evenRanges(0, planes, parts).map(([p0, p1]) => run(p0, p1))), shape, lead);
      // One plane first, here: its result's size is every plane's, so the
      // workers can write theirs where they belong and nothing is joined. It
      // costs a plane's work, not a message to a worker and back before the
      // others can start, and bad input throws before any worker is bothered.
      const plane = { data: src.subarray(0, per), shape: [1, ...shape.slice(lead)] };
      const first = idx === undefined ? direct[fn](plane, o) : direct[fn](plane, idx.subarray(0, per), o);
      const n = planes * first.data.length;
      // The workers write into a shared out long enough in place, else into
      // spare buffers copied out when they are done (see SPARE_BUFFERS).
      const staging = (Type, inPlace) => {
        if (inPlace) return out.subarray(0, n);
        const a = new Type(take(4 * n), 0, n);
        staged.push(a.buffer);
        return a;
      };
      const values = staging(Float32Array, out && isShared(out) && out.length >= n);
      const where = first.indices && staging(Int32Array, false);
      const cells = first.data.length;
      values.set(first.data);
      where?.set(first.indices);
      await Promise.all(evenRanges(1, planes, Math.min(parts, planes - 1)).map(([p0, p1]) => run(p0, p1, {
        data: values.subarray(p0 * cells, p1 * cells),
        indices: where?.subarray(p0 * cells, p1 * cells),
      })));
      const result = { data: values.buffer === out?.buffer ? values : copyOut(values, out), shape: [...shape.slice(0, lead), ...first.shape.slice(1)] };
      if (where) result.indices = where.slice();
      return result;
    } finally {
      // Staged buffers go back only once no worker can still be using them,
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

  // The gradients, fractional max pooling and region pooling run on the
  // calling thread, through direct, and resolve with its result: they are
  // a training loop's steps on tensors the size of a layer's, whose cost a
  // round trip to a worker would match, and most of them would need their
  // extra tensors split to the planes of each part.
  // After close they reject, as every other call does.
  const onThread = (fn) => (...args) => runDirect(undefined, () => direct[fn](...args));

  return Object.freeze({
    workers: count, direct, pool, poolTensor, adaptivePool, globalPool, maxUnpool,
    poolTensorGrad: onThread("poolTensorGrad"), adaptivePoolGrad: onThread("adaptivePoolGrad"),
    globalPoolGrad: onThread("globalPoolGrad"), maxUnpoolGrad: onThread("maxUnpoolGrad"),
    fractionalMaxPool: onThread("fractionalMaxPool"), fractionalMaxPoolGrad: onThread("fractionalMaxPoolGrad"),
    roiAlign: onThread("roiAlign"), maxRoiPool: onThread("maxRoiPool"),
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

// copyOut copies staged values into out when it is long enough, else into
// a new plain array (into then reports a short out). It copies at once,
// not in into: the staged buffer goes back to the spares as soon as the
// workers are done, and another call may take it.
function copyOut(values, out) {
  if (out && out.length >= values.length) {
    out.set(values);
    return out.subarray(0, values.length);
  }
  return values.slice();
}

// into returns res with its data in out, when the caller gave one: in place
// already, or copied there.
function into(out, res) {
  if (out === undefined || res.data.buffer === out.buffer) return res;
  tensorOutFits(out, res.data.length, res.shape);
  out.set(res.data);
  return { ...res, data: out.subarray(0, res.data.length) };
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

// partCount is how many parts a call splits into: the run option name
// ("bands" or "parts") where the caller asked for a number, else splitCount.
function partCount(name, bytes, units, workers, asked) {
  if (asked !== undefined) return askedCount(name, asked, units);
  return splitCount(bytes, units, workers);
}

// evenRanges splits [from, to) into n consecutive ranges whose lengths differ
// by at most one.
function evenRanges(from, to, n) {
  return Array.from({ length: n }, (_, i) => [from + Math.floor(i * (to - from) / n), from + Math.floor((i + 1) * (to - from) / n)]);
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

function isShared(a) {
  return typeof SharedArrayBuffer === "function" && a.buffer instanceof SharedArrayBuffer;
}

// canShare says whether workers can be handed shared memory: always in
// Node, and in a browser when the page is cross-origin isolated.
function canShare() {
  return typeof SharedArrayBuffer === "function" && (isNode() || globalThis.crossOriginIsolated === true);
}

// spatialRank is how many trailing axes a tensor call pools over; the axes
// before them are planes, each pooled on its own.
export function spatialRank(o) {
  const sized = [o.kernel, o.outputSize].find(Array.isArray);
  return sized ? sized.length : (o.dims ?? 2);
}
