// Encoding a call's options into the record of float64s that the wasm reads
// (its layout in wire.js). snapshot has checked each option's type against
// OPTION_KINDS: Go reads numbers only, and pool judges their values. An option whose slot
// reads 0 as "not given" has its bit in the given slot set when given, so
// that an explicit 0 reaches pool as written.

import { optionError } from "./errors.js";
import { ALPHAS, COLOR_SPACES, DTYPES, GIVEN, MAX_SIDE, OP_CODES, PAD_AXES, PAD_BEGIN_END, PAD_SAME, REC } from "./wire.js";
import { ROWS_KEYS, describe, dimension, isTyped } from "./checks.js";

const AXES = [undefined, "[length]", "[height, width]", "[depth, height, width]"];

// encodePool encodes the pooling options; what a picture takes of them
// (2-D, per-axis padding or "same") is pool's rule.
export function encodePool(rec, o, picture) {
  rec[REC.op] = opCode(o.op);
  if (o.kernel === undefined) throw optionError(TypeError, "kernel", `kernel: required; a number or ${picture ? AXES[2] : "an array of 1 to 3 numbers"}`);
  const rank = rankOf("kernel", o.kernel);
  rec[REC.rank] = rank;
  axes(rec, REC.kernel, "kernel", o.kernel, rank, GIVEN.kernel);
  if (o.stride !== undefined) axes(rec, REC.stride, "stride", o.stride, rank, GIVEN.stride);
  if (o.dilation !== undefined) axes(rec, REC.dilation, "dilation", o.dilation, rank, GIVEN.dilation);
  encodePadding(rec, o.padding, rank);
  rec[REC.ceilMode] = flag(o.ceilMode, false);
  rec[REC.countIncludePad] = flag(o.countIncludePad, true);
  rec[REC.returnIndices] = flag(o.returnIndices, false);
  encodeP(rec, o.p);
  if (o.divisorOverride !== undefined) given(rec, REC.divisorOverride, "divisorOverride", o.divisorOverride);
  rec[REC.alpha] = choice("alpha", o.alpha, ALPHAS);
  rec[REC.colorSpace] = choice("colorSpace", o.colorSpace, COLOR_SPACES);
}

// encodePadding writes padding: a number, rank numbers (both sides of each
// axis), 2*rank numbers (begin..., end...), "valid" or a SAME mode.
function encodePadding(rec, v, rank) {
  if (v === undefined || v === "valid") return;
  const rule = `must be a number, ${AXES[rank]}, ${rank * 2} numbers [begin..., end...], "valid", "same", "same_upper" or "same_lower"`;
  if (typeof v === "string") {
    const mode = Object.hasOwn(PAD_SAME, v) ? PAD_SAME[v] : undefined;
    if (mode === undefined) throw optionError(TypeError, "padding", `padding ${describe(v)}: ${rule}`);
    rec[REC.padMode] = mode;
    return;
  }
  if (Array.isArray(v) && v.length === 2 * rank) {
    rec[REC.padMode] = PAD_BEGIN_END;
    v.forEach((x, i) => {
      rec[REC.padding + (i < rank ? i : 3 + i - rank)] = x;
    });
    return;
  }
  if (typeof v !== "number" && !(Array.isArray(v) && v.length === rank)) throw optionError(TypeError, "padding", `padding ${describe(v)}: ${rule}`);
  rec[REC.padMode] = PAD_AXES;
  axes(rec, REC.padding, "padding", v, rank, 0);
  for (let i = 0; i < rank; i++) rec[REC.padding + 3 + i] = rec[REC.padding + i];
}

function encodeP(rec, p) {
  if (p !== undefined) given(rec, REC.p, "p", p);
}

// given writes v, the value of option name, to rec[i] and marks it given.
function given(rec, i, name, v) {
  rec[i] = v;
  rec[REC.given] += GIVEN[name];
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
export function encodeTensorCall(rec, o, name) {
  if (name !== "maxUnpool") rec[REC.op] = opCode(o.op);
  rec[REC.returnIndices] = flag(o.returnIndices, false);
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
  if (o.outputSize !== undefined) axes(rec, REC.outputSize, "outputSize", o.outputSize, rank, GIVEN.outputSize);
  else if (name === "adaptivePool") throw optionError(TypeError, "outputSize", "outputSize: required; a number or an array of 1 to 3 numbers");
  if (name !== "maxUnpool") return;
  if (o.kernel !== undefined) axes(rec, REC.kernel, "kernel", o.kernel, rank, GIVEN.kernel);
  else if (o.outputSize === undefined) throw optionError(TypeError, "kernel", "kernel: required unless outputSize is given; a number or an array of 1 to 3 numbers");
  if (o.stride !== undefined) axes(rec, REC.stride, "stride", o.stride, rank, GIVEN.stride);
  if (typeof o.padding === "string" && o.padding.startsWith("same")) {
    throw optionError(TypeError, "padding", `padding ${describe(o.padding)}: is not defined for maxUnpool; give outputSize instead`);
  }
  encodePadding(rec, o.padding, rank, false);
}

export function encodeSize(rec, size) {
  if (size === null || typeof size !== "object") {
    throw optionError(TypeError, "size", `size ${describe(size)}: must be an object { width, height }`);
  }
  rec[REC.width] = dimension("width", size.width);
  rec[REC.height] = dimension("height", size.height);
}

export function encodeRows(rec, r) {
  ROWS_KEYS.forEach((key, i) => {
    rec[REC.rows + i] = integer(key, r[key], 0, `rows.${key}`);
  });
}

function opCode(op) {
  const rule = 'must be "max", "avg", "min" or "lp"';
  if (op === undefined) throw optionError(TypeError, "op", `op: required; ${rule}`);
  if (!Object.hasOwn(OP_CODES, op)) throw optionError(TypeError, "op", `op ${describe(op)}: ${rule}`);
  return OP_CODES[op];
}

function choice(name, v, names) {
  if (v === undefined) return 0;
  const i = names.indexOf(v);
  if (i < 0) throw optionError(TypeError, name, `${name} ${describe(v)}: must be ${names.map((n) => `"${n}"`).join(" or ")}`);
  return i;
}

function flag(v, def) {
  return (v ?? def) ? 1 : 0;
}

// axes writes n, or an array of rank numbers, to rec[i], rec[i+1], ...,
// and marks the option given with bit, its GIVEN (0 for padding, whose 0
// is no padding, given or not).
function axes(rec, i, name, v, rank, bit) {
  if (typeof v === "number") {
    for (let j = 0; j < rank; j++) rec[i + j] = v;
  } else {
    if (v.length !== rank) throw optionError(RangeError, name, `${name} ${describe(v)}: must have ${rank} elements, one per axis (${AXES[rank]})`);
    for (let j = 0; j < rank; j++) rec[i + j] = v[j];
  }
  rec[REC.given] += bit;
}

// integer checks that v is an integer in [least, 2^30]; messages quote
// whole, the value as the caller wrote it.
export function integer(name, v, least, label = name, whole = v) {
  if (typeof v !== "number") throw optionError(TypeError, label, `${label} ${describe(v)}: must be a number`);
  if (Number.isInteger(v) && v >= least && v <= MAX_SIDE) return v;
  const at = `${label} ${describe(whole)}`;
  if (!Number.isInteger(v)) throw optionError(RangeError, label, `${at}: must be an integer`);
  if (v < least) throw optionError(RangeError, label, `${at}: ${least === 0 ? "must not be negative" : `must be at least ${least}`}`);
  throw optionError(RangeError, label, `${at}: must be at most ${MAX_SIDE}`);
}

/** The typed array of each tensor element type, by its name. */
export const DTYPE_TYPES = { float32: Float32Array, uint8: Uint8Array, float64: Float64Array };
/** The element type name of each typed array a tensor may hold. */
export const DTYPE_NAMES = { Float32Array: "float32", Uint8Array: "uint8", Float64Array: "float64" };

/**
 * Checks a tensor argument, writes its shape and element type into rec and
 * returns its data. Float32Array data pools as it is; Uint8Array and
 * Float64Array data pool in float32 and come back in their own type.
 */
export function tensorArg(t, rec) {
  if (t === null || typeof t !== "object") {
    throw optionError(TypeError, "tensor", `tensor ${describe(t)}: must be an object { data: Float32Array, shape }`);
  }
  const { data, shape } = t;
  if (!isTyped(data, "Float32Array", "Uint8Array", "Float64Array")) {
    throw optionError(TypeError, "data", `data ${describe(data)}: must be a Float32Array (or a Uint8Array or Float64Array)`);
  }
  const dims = shapeArg(shape, rec);
  let n = 1;
  for (let i = 0; i < dims.length; i++) n *= dims[i];
  rec[REC.dtype] = DTYPES[data[Symbol.toStringTag]];
  if (data.length !== n) {
    throw optionError(RangeError, "data", `data length ${data.length}: must match shape ${describe(dims)} (${n} elements)`);
  }
  return { data, shape: dims };
}

/** Checks a tensor's shape, writes it into rec when given one and returns a copy. */
export function shapeArg(shape, rec) {
  const rule = "must be an array of 1 to 5 dimensions: the spatial axes after at most a batch and a channel axis";
  if (!Array.isArray(shape)) throw optionError(TypeError, "shape", `shape ${describe(shape)}: ${rule}`);
  if (shape.length < 1 || shape.length > 5) throw optionError(RangeError, "shape", `shape ${describe(Array.from(shape))}: ${rule}`);
  const dims = [];
  for (let i = 0; i < shape.length; i++) dims.push(shape[i]);
  // A loop, not forEach: a tiny call pays for every closure.
  for (let i = 0; i < dims.length; i++) {
    const d = dims[i];
    if (typeof d !== "number") throw optionError(TypeError, "shape", `shape ${describe(dims)}: ${rule} of numbers`);
    if (!Number.isInteger(d) || d < 1 || d > MAX_SIDE) {
      throw optionError(RangeError, "shape", `shape ${describe(dims)}: every dimension must be an integer from 1 to ${MAX_SIDE}`);
    }
    if (rec) rec[REC.shape + i] = d;
  }
  if (rec) rec[REC.tensorRank] = dims.length;
  return dims;
}

// encodeFractional encodes fractionalMaxPool's options and returns its
// samples as a Float32Array, or undefined when Go is to draw them.
export function encodeFractional(rec, o) {
  if (o.kernel === undefined) throw optionError(TypeError, "kernel", `kernel: required; a number or ${AXES[2]} or ${AXES[3]}`);
  const rank = rankOf("kernel", o.kernel);
  rec[REC.rank] = rank;
  axes(rec, REC.kernel, "kernel", o.kernel, rank, GIVEN.kernel);
  if (o.outputSize !== undefined) axes(rec, REC.outputSize, "outputSize", o.outputSize, rank, GIVEN.outputSize);
  if (o.outputRatio !== undefined) {
    const r = o.outputRatio;
    const rule = `must be a number in (0, 1) or ${AXES[rank]} of them`;
    const ratios = typeof r === "number" ? Array(rank).fill(r) : r;
    if (ratios.length !== rank) throw optionError(RangeError, "outputRatio", `outputRatio ${describe(r)}: ${rule}`);
    ratios.forEach((x, i) => {
      rec[REC.outputRatio + i] = x;
    });
    rec[REC.given] += GIVEN.outputRatio;
  }
  rec[REC.returnIndices] = flag(o.returnIndices, false);
  if (o.samples === undefined) return undefined;
  const v = o.samples;
  const rule = "must be a Float32Array (or an array of numbers) of N * C * rank values in [0, 1), as PyTorch's _random_samples";
  let samples;
  if (isTyped(v, "Float32Array")) samples = v;
  else if (Array.isArray(v) && v.every((x) => typeof x === "number")) samples = Float32Array.from(v);
  else throw optionError(TypeError, "samples", `samples ${describe(v)}: ${rule}`);
  if (samples.length === 0) throw optionError(RangeError, "samples", `samples length 0: ${rule}`);
  // Checked in float32: a number just under 1 rounds to 1.
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    if (!(x >= 0 && x < 1)) throw optionError(RangeError, "samples", `samples ${describe(x)} at ${i}: each must lie in [0, 1) in float32`);
  }
  rec[REC.samples] = samples.length;
  return samples;
}

// encodeRoi encodes roiAlign's (roiAlign true) or maxRoiPool's options.
export function encodeRoi(rec, o, roiAlign) {
  if (o.outputSize === undefined) throw optionError(TypeError, "outputSize", `outputSize: required; a number or ${AXES[2]}`);
  rec[REC.rank] = 2;
  axes(rec, REC.outputSize, "outputSize", o.outputSize, 2, GIVEN.outputSize);
  if (o.spatialScale !== undefined) given(rec, REC.spatialScale, "spatialScale", o.spatialScale);
  if (!roiAlign) return;
  if (o.samplingRatio !== undefined) rec[REC.samplingRatio] = o.samplingRatio;
  rec[REC.aligned] = flag(o.aligned, false);
  // Which ops roiAlign takes is pool's rule.
  if (o.op !== undefined) rec[REC.op] = opCode(o.op);
}

/**
 * Checks a Float32 tensor argument other than the input (gradOutput, rois),
 * every error naming it, and returns its data and shape; columns, when
 * given, is the number of columns its 2-D shape must have.
 */
export function sideTensorArg(name, t, columns) {
  const rule = columns ? `must be { data: Float32Array, shape: [R, ${columns}] }` : "must be { data: Float32Array, shape } of the forward output's shape";
  if (t === null || typeof t !== "object" || !isTyped(t.data, "Float32Array") || !Array.isArray(t.shape)) {
    throw optionError(TypeError, name, `${name} ${describe(t)}: ${rule}`);
  }
  const shape = Array.from(t.shape);
  if (shape.length < 1 || shape.length > 5 || !shape.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 1 && d <= MAX_SIDE)) {
    throw optionError(RangeError, name, `${name} shape ${describe(shape)}: must be 1 to 5 integers from 1 to ${MAX_SIDE}`);
  }
  if (columns && (shape.length !== 2 || shape[1] !== columns)) throw optionError(RangeError, name, `${name} shape ${describe(shape)}: ${rule}`);
  const n = shape.reduce((a, b) => a * b, 1);
  if (t.data.length !== n) throw optionError(RangeError, name, `${name} data length ${t.data.length}: must match shape ${describe(shape)} (${n} elements)`);
  return { data: t.data, shape };
}
