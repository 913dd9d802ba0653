// poolkit: CNN-style pooling (max, average, min, Lp; adaptive; global) on
// pictures and float32 tensors, computed by the Go package pool compiled to
// WebAssembly. One ES module for browsers, Node 20+ and edge runtimes; no
// bundler and no dependencies.

import { bindFrames, isVideoFrame } from "./frames.js";
import { optionError, rebuildError } from "./errors.js";
import { ADAPTIVE_KEYS, BUF_DATA, BUF_GRAD, BUF_INDICES, ERROR_KINDS, FRACTIONAL_KEYS, GLOBAL_KEYS, MAX_ROI_KEYS, PIXEL_KEYS, REC, ROI_ALIGN_KEYS, TENSOR_KEYS, TEXT_LEN, TEXT_OFFSET, UNPOOL_KEYS } from "./wire.js";
import { instantiate } from "./loader.js";
import { DTYPE_NAMES, DTYPE_TYPES, encodeFractional, encodePool, encodeRoi, encodeRows, encodeSize, encodeTensorCall, shapeArg, sideTensorArg, tensorArg } from "./record.js";
import { spatialRank, startWorkers } from "./workers.js";
import { LOAD_KEYS, ROWS_KEYS, bytesOf, residentTensors, clampedOf, describe, isTyped, number, outArg, picture, pictureArg, pictureOutFits, snapshot, tensorOutArg, tensorOutFits } from "./checks.js";

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
 *   globalPool, maxUnpool, outputSize, inputRows, poolRows, their gradients,
 *   fractionalMaxPool, roiAlign, maxRoiPool.
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
  const { module, exports, wasm, memory } = await instantiate(o.wasm);
  const { api: direct, shapeOf } = bindApi(exports, wasm, memory);
  if (o.workers === undefined) return direct;
  return startWorkers(direct, shapeOf, module, o.workers, o.workerUrl);
}

// Arrays of up to SMALL elements are copied into and out of the memory
// element by element, which costs less than making a view to copy with.
const SMALL = 64;

// pool takes a picture of at least BAND_FROM bytes in bands of about
// BAND_BYTES: each band is copied into the memory and pooled while the
// processor's second-level cache still holds it, where the kernel would read
// a whole picture back from further out (Node, max 2x2/2 into out: 1920x1080
// in about half the time of one call, 4096x4096 in 0.8 of the time of bands
// of 4 MiB). A band whose windows' overlap would make it read more than
// HALO_SHARE again its own rows (a large kernel at stride 1) takes twice the
// rows until it does not. The bands give one call's bytes: they are poolRows
// calls, as the workers make.
const BAND_FROM = 2 << 20;
const BAND_BYTES = 512 << 10;
const HALO_SHARE = 0.25;

// poolTensor takes a float32 tensor of at least TENSOR_BAND_FROM bytes in
// runs of whole planes of about TENSOR_BAND_BYTES, for the same reason: a
// run is pooled from the cache it was just copied into, where a whole
// tensor is read back from memory once it no longer fits (VGG's max 2x2 on
// [1, 64, 224, 224] with another library's call between two of its own:
// about a third less time).
const TENSOR_BAND_FROM = 2 << 20;
const TENSOR_BAND_BYTES = 256 << 10;

// bindApi binds the Go program's //go:wasmexport entry points (see
// wasm/main.go). Every argument is checked here and reduced to numbers in
// the record and bytes in buffers of the WebAssembly memory that Go hands
// out; Go reads no JavaScript object. A call writes the record and its
// input into the memory, calls the export, and copies the result out of the
// memory once, into a new array or the caller's out. It returns the API
// and shapeOf, which the workers split tensors by.
function bindApi(go, wasm, memory) {
  // The options are encoded here, then copied into the record in the memory
  // in one set: a view of the memory would have to be re-made after every
  // call that may grow it, reserve's included.
  const rec = new Float64Array(REC.length);
  const recAddress = wasm.record();
  let buffer;
  let bytes;
  let memRec;
  let text;
  let views;
  // sync re-makes the views of the memory when it has grown, which
  // detaches every view of its old buffer.
  const sync = () => {
    // Growing detaches the old buffer, which empties its views: this test
    // costs less than reading memory.buffer.
    if (bytes !== undefined && bytes.length !== 0) return;
    buffer = memory.buffer;
    bytes = new Uint8Array(buffer);
    views = {
      Uint8Array: bytes, Uint8ClampedArray: bytes, Int32Array: new Int32Array(buffer),
      Float32Array: new Float32Array(buffer), Float64Array: new Float64Array(buffer),
    };
    memRec = new Float64Array(buffer, recAddress, REC.length);
    text = new Uint8Array(buffer, recAddress + TEXT_OFFSET, TEXT_LEN);
  };
  // copyOut fills a (of any typed array) from the bytes at address at of the
  // memory: small results element by element, which costs less than making
  // a view of the memory to copy from.
  const copyOut = (a, at) => {
    const n = a.length;
    if (n > SMALL) {
      a.set(new a.constructor(buffer, at, n));
      return a;
    }
    const v = views[a[Symbol.toStringTag]];
    const from = at / a.BYTES_PER_ELEMENT;
    for (let i = 0; i < n; i++) a[i] = v[from + i];
    return a;
  };
  const decoder = new TextDecoder();
  const failure = () => {
    const kind = ERROR_KINDS[memRec[REC.error]] ?? "Error";
    const optionLength = memRec[REC.errorOption];
    const option = optionLength ? decoder.decode(text.subarray(0, optionLength)) : undefined;
    const message = decoder.decode(text.subarray(optionLength, optionLength + memRec[REC.errorMessage]));
    // Made here, so that the stack shows the caller.
    return rebuildError({ name: kind, message, option });
  };
  const alive = () => {
    if (go.exited) throw new Error("poolkit: the WebAssembly instance has exited");
  };
  // call runs export name with the record, and copies the record back with
  // what Go wrote into it; it throws the error Go reported. The whole record
  // goes both ways, each in one set of a view kept from call to call: 50
  // numbers cost less than a view of part of it, and one set less than a
  // loop over them.
  const call = (name, a0, a1, a2, a3) => {
    alive();
    sync();
    memRec.set(rec);
    const status = exported[name](a0, a1, a2, a3);
    sync();
    if (status !== 0) throw failure();
    rec.set(memRec);
  };
  // The size and address of each reused buffer (BUF_DATA and the others)
  // as its last reserve left it: input of the last call's size goes where
  // that call's went, without asking Go again. Only reserve changes a
  // buffer, and its address stays while its size does.
  const reservedBytes = [];
  const reservedAt = [];
  // put copies a typed array's bytes into buffer id and names it in slot.
  const put = (id, slot, a) => {
    alive();
    let at = reservedAt[id];
    if (reservedBytes[id] !== a.byteLength) {
      at = wasm.reserve(id, a.byteLength);
      sync();
      if (at === 0) throw failure();
      reservedBytes[id] = a.byteLength;
      reservedAt[id] = at;
    }
    // The views are re-made after every call, but frameNew runs outside
    // call and may grow the memory too.
    sync();
    const n = a.length;
    if (n > SMALL) {
      bytes.set(a instanceof Uint8Array || a instanceof Uint8ClampedArray ? a : bytesOf(a), at);
    } else {
      const v = views[a[Symbol.toStringTag]];
      const to = at / a.BYTES_PER_ELEMENT;
      for (let i = 0; i < n; i++) v[to + i] = a[i];
    }
    rec[slot] = id;
  };
  const start = () => rec.fill(0);
  // The exports taken out of the instance once: a property read on
  // instance.exports, and a call with spread arguments, each cost more than a
  // small call's work. Extra arguments to a wasm function are dropped.
  const exported = { ...wasm };

  function picture1(name, src, opts, out, rows) {
    start();
    encodePool(rec, snapshot(opts, PIXEL_KEYS, name), true);
    const { data, width, height } = pictureArg(src);
    rec[REC.width] = width;
    rec[REC.height] = height;
    if (rows) encodeRows(rec, snapshot(rows, ROWS_KEYS, name, "rows"));
    const dst = outArg(out);
    // A picture whose data does not fit its size is one call, which pool refuses.
    if (!rows && data.length >= BAND_FROM && data.length === 4 * width * height) return banded(data, width, height, dst);
    put(BUF_DATA, REC.data, data);
    call(name);
    const w = rec[REC.result];
    const h = rec[REC.result + 1];
    const at = rec[REC.output];
    const n = rec[REC.outputLen];
    if (!dst) return picture(copyOut(new Uint8ClampedArray(n), at), w, h);
    pictureOutFits(dst, n, w, h);
    return picture(copyOut(clampedOf(dst, n), at), w, h);
  }

  // banded is pool for a large picture, whose options are in the record.
  function banded(data, width, height, dst) {
    call("outputSize");
    const w = rec[REC.result];
    const h = rec[REC.result + 1];
    const n = 4 * w * h;
    pictureOutFits(dst, n, w, h);
    const res = dst ? clampedOf(dst, n) : new Uint8ClampedArray(n);
    // inputRows of output rows [from, to), into y0 and y1.
    let y0;
    let y1;
    const inputRows = (from, to) => {
      rec[REC.height] = height;
      rec[REC.rows + 2] = from;
      rec[REC.rows + 3] = to;
      call("inputRows");
      y0 = rec[REC.result];
      y1 = rec[REC.result + 1];
    };
    let step = Math.max(1, Math.floor((BAND_BYTES / (4 * width)) * (h / height)));
    // A band past the first, which padding may spare rows.
    for (; 2 * step < h; step *= 2) {
      inputRows(step, 2 * step);
      if (y1 - y0 <= (1 + HALO_SHARE) * step * (height / h)) break;
    }
    for (let from = 0; from < h; from += step) {
      const to = Math.min(h, from + step);
      inputRows(from, to);
      put(BUF_DATA, REC.data, data.subarray(4 * width * y0, 4 * width * y1));
      rec[REC.height] = y1 - y0;
      rec[REC.rows] = height;
      rec[REC.rows + 1] = y0;
      call("poolRows");
      res.set(new Uint8ClampedArray(buffer, rec[REC.output], rec[REC.outputLen]), 4 * w * from);
    }
    return picture(res, w, h);
  }

  // tensor1 runs a tensor call. side holds the other inputs of the calls
  // that take them: gradOutput (the gradients, whose result is float32),
  // rois (region pooling); fractional samples come with the options.
  function tensor1(name, t, opts, keys, indices, out, side) {
    start();
    const o = snapshot(opts, keys, name);
    // A gradient takes its forward call's options: its name less "Grad".
    const forward = side?.grad === undefined ? name : name.slice(0, -4);
    let second = indices;
    if (forward === "poolTensor") encodePool(rec, o);
    else if (forward === "fractionalMaxPool") second = encodeFractional(rec, o);
    else if (forward === "roiAlign" || forward === "maxRoiPool") encodeRoi(rec, o, forward === "roiAlign");
    else encodeTensorCall(rec, o, forward);
    const { data } = tensorArg(t, rec);
    const Type = side?.grad === undefined ? DTYPE_TYPES[DTYPE_NAMES[data[Symbol.toStringTag]]] : Float32Array;
    const dst = tensorOutArg(out, data);
    if (indices !== undefined && !isTyped(indices, "Int32Array")) throw optionError(TypeError, "indices", `indices ${describe(indices)}: must be an Int32Array`);
    let grad;
    if (side?.grad !== undefined) grad = sideTensorArg("gradOutput", side.grad, rec, "must be { data: Float32Array, shape } of the forward output's shape");
    if (side?.rois !== undefined) second = sideTensorArg("rois", side.rois, rec, "must be { data: Float32Array, shape: [R, 5] }");
    // A resident tensor is named by its buffer, never copied: reserving
    // another buffer may grow the memory and detach a view of it.
    const id = residentBuffer(t);
    if (id === undefined) put(BUF_DATA, REC.data, data);
    else rec[REC.data] = id;
    const roisId = side?.rois === undefined ? undefined : residentBuffer(side.rois);
    if (roisId !== undefined) rec[REC.indices] = roisId;
    else if (second !== undefined) put(BUF_INDICES, REC.indices, second);
    if (grad !== undefined) {
      const gradId = residentBuffer(side.grad);
      if (gradId === undefined) put(BUF_GRAD, REC.gradOutput, grad);
      else rec[REC.gradOutput] = gradId;
    }
    call(name);
    const shape = [];
    let n = 1;
    for (let i = 0; i < rec[REC.tensorRank]; i++) {
      shape.push(rec[REC.shape + i]);
      n *= rec[REC.shape + i];
    }
    let values;
    if (dst) {
      tensorOutFits(dst, n, shape);
      values = new Type(dst.buffer, dst.byteOffset, n);
    } else {
      values = new Type(n);
    }
    copyOut(values, rec[REC.output]);
    const where = rec[REC.indicesOut];
    if (where) return { data: values, shape, indices: copyOut(new Int32Array(n), where) };
    return { data: values, shape };
  }

  // checkShape returns a copy of shape when pool takes it as a tensor's
  // shape, and throws pool's error about it otherwise: JavaScript sizes and
  // splits tensors only by shapes pool has judged.
  function checkShape(shape) {
    start();
    const dims = shapeArg(shape, rec);
    call("checkShape");
    return dims;
  }

  // shapeOf is checkShape, undefined where it would throw.
  function shapeOf(shape) {
    try {
      return checkShape(shape);
    } catch {
      return undefined;
    }
  }

  // Resident tensors: their data lives in a buffer of the memory that Go
  // keeps until free, so that calls on them copy nothing in.
  const resident = new WeakMap();
  const residentBuffer = (t) => {
    const r = resident.get(t);
    if (r === undefined) return undefined;
    if (r.id === 0) throw optionError(TypeError, "tensor", "tensor: has been freed");
    return r.id;
  };

  /** A tensor resident in the WebAssembly memory; see poolkit.d.ts. */
  function createTensor(shape, dtype = "float32") {
    const Type = DTYPE_TYPES[dtype];
    if (typeof dtype !== "string" || Type === undefined) {
      throw optionError(TypeError, "dtype", `dtype ${describe(dtype)}: must be "float32", "uint8" or "float64"`);
    }
    const dims = checkShape(shape);
    const n = dims.reduce((a, b) => a * b, 1);
    const state = { id: wasm.bufferNew() };
    const at = wasm.reserve(state.id, n * Type.BYTES_PER_ELEMENT);
    sync();
    if (at === 0) {
      wasm.bufferFree(state.id);
      throw failure();
    }
    let view;
    const t = Object.freeze({
      shape: dims,
      dtype,
      get data() {
        if (state.id === 0) throw optionError(TypeError, "tensor", "tensor: has been freed");
        if (view?.buffer !== memory.buffer) view = new Type(memory.buffer, at, n);
        return view;
      },
      free() {
        if (state.id === 0) return;
        wasm.bufferFree(state.id);
        state.id = 0;
        view = undefined;
      },
    });
    Object.freeze(dims);
    resident.set(t, state);
    residentTensors.add(t);
    return t;
  }

  /**
   * Pools an RGBA picture; see poolkit.d.ts. A VideoFrame is pooled by
   * poolVideoFrame, which returns a promise.
   */
  const pool = (image, opts, out) => (isVideoFrame(image) ? poolVideoFrame(image, opts, out) : picture1("pool", image, opts, out));

  // The frames that poolVideoFrame copies VideoFrames into, one for each
  // call in flight: each waits for its copy while others run.
  const idleFrames = [];

  // poolVideoFrame pools a VideoFrame: VideoFrame.copyTo writes its pixels
  // as RGBA straight into a frame resident in the memory (as frame.read
  // does), which is pooled there and its result copied out once. Every
  // error, the options' included, rejects the promise.
  async function poolVideoFrame(vf, opts, out) {
    const o = snapshot(opts, PIXEL_KEYS, "pool");
    // The options are checked before the copy, then encoded again after
    // it: calls that ran while it was under way wrote the record.
    start();
    encodePool(rec, o, true);
    const dst = outArg(out);
    const frame = idleFrames.pop() ?? createFrame();
    try {
      await frame.read(vf);
      const r = frame.pool(o);
      const n = 4 * r.width * r.height;
      pictureOutFits(dst, n, r.width, r.height);
      const res = dst ? clampedOf(dst, n) : new Uint8ClampedArray(n);
      res.set(r.data);
      return picture(res, r.width, r.height);
    } finally {
      idleFrames.push(frame);
    }
  }

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
    rec[REC.rows + 2] = number("from", from);
    rec[REC.rows + 3] = number("to", to);
    call("inputRows");
    return [rec[REC.result], rec[REC.result + 1]];
  }

  /** Pools every plane of a float32 tensor; see poolkit.d.ts. */
  function poolTensor(t, opts, out) {
    const data = t?.data;
    if (!isTyped(data, "Float32Array") || data.byteLength < TENSOR_BAND_FROM || resident.has(t)) return tensor1("poolTensor", t, opts, TENSOR_KEYS, undefined, out);
    const o = snapshot(opts, TENSOR_KEYS, "poolTensor");
    // Whatever does not split into runs, bad input included, is one call,
    // which pool judges.
    const shape = shapeOf(t.shape);
    if (shape === undefined) return tensor1("poolTensor", t, o, TENSOR_KEYS, undefined, out);
    const lead = shape.length - spatialRank(o);
    const planes = shape.slice(0, Math.max(lead, 0)).reduce((a, b) => a * b, 1);
    const per = shape.slice(Math.max(lead, 0)).reduce((a, b) => a * b, 1);
    const step = Math.max(1, Math.floor(TENSOR_BAND_BYTES / (4 * per)));
    if (o.returnIndices || lead < 1 || lead > 2 || step >= planes || planes * per !== data.length) return tensor1("poolTensor", t, o, TENSOR_KEYS, undefined, out);
    return bandedTensor(data, shape, lead, planes, per, step, o, out);
  }

  // bandedTensor is poolTensor for a large float32 tensor: runs of step of
  // its planes of per cells, each copied into the memory and pooled while
  // the processor's cache still holds it, as banded does for a picture. The
  // first run checks the options and gives every plane's output size.
  function bandedTensor(data, shape, lead, planes, per, step, o, out) {
    const spatial = shape.slice(lead);
    const run = (p0, p1, into) => tensor1("poolTensor", { data: data.subarray(p0 * per, p1 * per), shape: [p1 - p0, ...spatial] }, o, TENSOR_KEYS, undefined, into);
    const first = run(0, step);
    const cells = first.data.length / step;
    const n = planes * cells;
    const outShape = [...shape.slice(0, lead), ...first.shape.slice(1)];
    const dst = tensorOutArg(out, data);
    tensorOutFits(dst, n, outShape);
    const values = dst ? new Float32Array(dst.buffer, dst.byteOffset, n) : new Float32Array(n);
    values.set(first.data);
    for (let p0 = step; p0 < planes; p0 += step) {
      const p1 = Math.min(planes, p0 + step);
      run(p0, p1, values.subarray(p0 * cells, p1 * cells));
    }
    return { data: values, shape: outShape };
  }

  /** Pools every plane of a tensor to exactly outputSize cells. */
  const adaptivePool = (t, opts, out) => tensor1("adaptivePool", t, opts, ADAPTIVE_KEYS, undefined, out);
  /** Reduces every plane of a tensor to one cell. */
  const globalPool = (t, opts, out) => tensor1("globalPool", t, opts, GLOBAL_KEYS, undefined, out);
  /** Puts every value back where its index says, in planes of zeros. */
  const maxUnpool = (t, indices, opts, out) => tensor1("maxUnpool", t, opts, UNPOOL_KEYS, indices, out);

  // The gradients (see poolkit.d.ts): the forward call's arguments with the
  // gradient of its output after the tensor(s).
  const poolTensorGrad = (t, gradOutput, opts) => tensor1("poolTensorGrad", t, opts, TENSOR_KEYS, undefined, undefined, { grad: need(gradOutput) });
  const adaptivePoolGrad = (t, gradOutput, opts) => tensor1("adaptivePoolGrad", t, opts, ADAPTIVE_KEYS, undefined, undefined, { grad: need(gradOutput) });
  const globalPoolGrad = (t, gradOutput, opts) => tensor1("globalPoolGrad", t, opts, GLOBAL_KEYS, undefined, undefined, { grad: need(gradOutput) });
  const maxUnpoolGrad = (t, indices, gradOutput, opts) => {
    if (indices === undefined) throw optionError(TypeError, "indices", "indices: required; an Int32Array");
    return tensor1("maxUnpoolGrad", t, opts, UNPOOL_KEYS, indices, undefined, { grad: need(gradOutput) });
  };
  /** PyTorch's FractionalMaxPool2d/3d; see poolkit.d.ts. */
  const fractionalMaxPool = (t, opts) => tensor1("fractionalMaxPool", t, opts, FRACTIONAL_KEYS);
  const fractionalMaxPoolGrad = (t, gradOutput, opts) => tensor1("fractionalMaxPoolGrad", t, opts, FRACTIONAL_KEYS, undefined, undefined, { grad: need(gradOutput) });
  /** Region pooling (torchvision's roi_align, ONNX's RoiAlign); see poolkit.d.ts. */
  const roiAlign = (t, rois, opts) => tensor1("roiAlign", t, opts, ROI_ALIGN_KEYS, undefined, undefined, { rois: need(rois, "rois") });
  /** torchvision's roi_pool, ONNX's MaxRoiPool; see poolkit.d.ts. */
  const maxRoiPool = (t, rois, opts) => tensor1("maxRoiPool", t, opts, MAX_ROI_KEYS, undefined, undefined, { rois: need(rois, "rois") });

  /** A picture resident in the WebAssembly memory, for frame loops; see poolkit.d.ts. */
  const createFrame = bindFrames({
    call: (name, ...args) => {
      if (name === "frameNew" || name === "frameFree") {
        alive();
        return wasm[name](...args);
      }
      call(name, ...args);
      return rec[REC.output];
    },
    memory,
    encode: (opts) => {
      start();
      encodePool(rec, snapshot(opts, PIXEL_KEYS, "frame.pool"));
    },
    resultSize: () => [rec[REC.result], rec[REC.result + 1]],
  });

  const api = Object.freeze({
    pool, poolRows, outputSize, inputRows, poolTensor, adaptivePool, globalPool, maxUnpool,
    poolTensorGrad, adaptivePoolGrad, globalPoolGrad, maxUnpoolGrad, fractionalMaxPool, fractionalMaxPoolGrad,
    roiAlign, maxRoiPool, createFrame, createTensor, memory,
  });
  return { api, shapeOf };
}

// need returns a required tensor argument, or throws naming it.
function need(t, name = "gradOutput") {
  if (t === undefined || t === null) throw optionError(TypeError, name, `${name}: required; a { data: Float32Array, shape }`);
  return t;
}
