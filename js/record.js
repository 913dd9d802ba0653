// Encoding a call's options into the record of float64s that the wasm reads
// (its layout in wire.js). snapshot has checked each option's type against
// OPTION_KINDS: Go reads numbers only, and pool judges their values. An option whose slot
// reads 0 as "not given" has its bit in the given slot set when given, so
// that an explicit 0 reaches pool as written.

import { optionError } from "./errors.js";
import { ALPHAS, COLOR_SPACES, DTYPES, GIVEN, ONE_NUMBER, OP_CODES, PAD_SAME, REC, SHAPE_SLOTS } from "./wire.js";
import { ROWS_KEYS, describe, isTyped, number } from "./checks.js";

const AXES = [undefined, "[length]", "[height, width]", "[depth, height, width]"];

// encodePool encodes the pooling options; what a picture takes of them
// (2-D, per-axis padding or "same") is pool's rule.
export function encodePool(rec, o, picture) {
  rec[REC.op] = opCode(o.op);
  if (o.kernel === undefined) throw optionError(TypeError, "kernel", `kernel: required; a number or ${picture ? AXES[2] : "an array of 1 to 3 numbers"}`);
  list(rec, REC.kernel, REC.kernelCount, o.kernel, GIVEN.kernel);
  if (o.stride !== undefined) list(rec, REC.stride, REC.strideCount, o.stride, GIVEN.stride);
  if (o.dilation !== undefined) list(rec, REC.dilation, REC.dilationCount, o.dilation, GIVEN.dilation);
  encodePadding(rec, o.padding);
  rec[REC.ceilMode] = flag(o.ceilMode, false);
  rec[REC.countIncludePad] = flag(o.countIncludePad, true);
  rec[REC.returnIndices] = flag(o.returnIndices, false);
  encodeP(rec, o.p);
  if (o.divisorOverride !== undefined) given(rec, REC.divisorOverride, "divisorOverride", o.divisorOverride);
  rec[REC.alpha] = choice("alpha", o.alpha, ALPHAS);
  rec[REC.colorSpace] = choice("colorSpace", o.colorSpace, COLOR_SPACES);
}

// encodePadding writes padding: numbers as list writes them (pool says
// how many per axis it takes), "valid" or a SAME mode.
function encodePadding(rec, v) {
  if (v === undefined || v === "valid") return;
  if (typeof v === "string") {
    const mode = Object.hasOwn(PAD_SAME, v) ? PAD_SAME[v] : undefined;
    if (mode === undefined) {
      throw optionError(TypeError, "padding", `padding ${describe(v)}: must be a whole number, one per spatial axis, two per axis (begin..., end...), "valid", "same", "same_upper" or "same_lower"`);
    }
    rec[REC.padMode] = mode;
    return;
  }
  list(rec, REC.padding, REC.paddingCount, v, GIVEN.padding, 6);
}

function encodeP(rec, p) {
  if (p !== undefined) given(rec, REC.p, "p", p);
}

// given writes v, the value of option name, to rec[i] and marks it given.
function given(rec, i, name, v) {
  rec[i] = v;
  rec[REC.given] += GIVEN[name];
}


// encodeTensorCall encodes the options of adaptivePool, globalPool and
// maxUnpool.
export function encodeTensorCall(rec, o, name) {
  if (name !== "maxUnpool") rec[REC.op] = opCode(o.op);
  rec[REC.returnIndices] = flag(o.returnIndices, false);
  if (name === "globalPool") {
    // The record holds one number; pool judges it.
    if (typeof o.dims === "object") throw optionError(TypeError, "dims", `dims ${describe(o.dims)}: must be a number`);
    if (o.dims !== undefined) given(rec, REC.dims, "dims", o.dims);
    encodeP(rec, o.p);
    return;
  }
  if (o.outputSize !== undefined) list(rec, REC.outputSize, REC.outputSizeCount, o.outputSize, GIVEN.outputSize);
  else if (name === "adaptivePool") throw optionError(TypeError, "outputSize", "outputSize: required; a number or an array of 1 to 3 numbers");
  if (name !== "maxUnpool") return;
  // Which of kernel and outputSize gives the rank, and the output, is
  // pool's rule.
  if (o.kernel !== undefined) list(rec, REC.kernel, REC.kernelCount, o.kernel, GIVEN.kernel);
  if (o.stride !== undefined) list(rec, REC.stride, REC.strideCount, o.stride, GIVEN.stride);
  encodePadding(rec, o.padding);
}

export function encodeSize(rec, size) {
  if (size === null || typeof size !== "object") {
    throw optionError(TypeError, "size", `size ${describe(size)}: must be an object { width, height }`);
  }
  rec[REC.width] = number("width", size.width);
  rec[REC.height] = number("height", size.height);
}

export function encodeRows(rec, r) {
  ROWS_KEYS.forEach((key, i) => {
    rec[REC.rows + i] = number(`rows.${key}`, r[key]);
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

// list writes v, a number or an array of numbers, the value of a list
// option, from rec[i]: a number with the count ONE_NUMBER (every axis), an
// array with its length as its count and as many of its numbers as the
// slots hold, which are all pool reads before it refuses a longer one. bit
// is the option's GIVEN.
function list(rec, i, count, v, bit, slots = 3) {
  if (typeof v === "number") {
    rec[i] = v;
    rec[count] = ONE_NUMBER;
  } else {
    const n = Math.min(v.length, slots);
    for (let j = 0; j < n; j++) rec[i + j] = v[j];
    rec[count] = v.length;
  }
  rec[REC.given] += bit;
}

/** The typed array of each tensor element type, by its name. */
export const DTYPE_TYPES = { float32: Float32Array, uint8: Uint8Array, float64: Float64Array };
/** The element type name of each typed array a tensor may hold. */
export const DTYPE_NAMES = { Float32Array: "float32", Uint8Array: "uint8", Float64Array: "float64" };

/**
 * Checks a tensor argument's types, writes its shape and element type into
 * rec and returns its data and a copy of its shape. Float32Array data pools
 * as it is; Uint8Array and Float64Array data pool in float32 and come back
 * in their own type.
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
  rec[REC.dtype] = DTYPES[data[Symbol.toStringTag]];
  // The data is copied whole: whether its length fits the shape is pool's
  // to say.
  return { data, shape: dims };
}

/**
 * Checks that a tensor's shape is an array of numbers, writes it into rec
 * as given and returns a copy. Its values and its length are pool's to
 * judge: the record holds its length and its first SHAPE_SLOTS numbers.
 */
export function shapeArg(shape, rec) {
  if (!Array.isArray(shape)) throw optionError(TypeError, "shape", `shape ${describe(shape)}: must be an array of numbers`);
  return copyShape(shape, "shape", "shape", rec, REC.tensorRank, REC.shape);
}

// copyShape writes shape, an array, into rec as given (its length in slot
// count, its first numbers from slot first) and returns a copy; name is the
// option its type errors blame and label how they call it.
function copyShape(shape, name, label, rec, count, first) {
  const dims = [];
  for (let i = 0; i < shape.length; i++) dims.push(shape[i]);
  // A loop, not forEach: a tiny call pays for every closure.
  for (let i = 0; i < dims.length; i++) {
    if (typeof dims[i] !== "number") throw optionError(TypeError, name, `${label} ${describe(dims)}: must be an array of numbers`);
    if (i < SHAPE_SLOTS) rec[first + i] = dims[i];
  }
  rec[count] = dims.length;
  return dims;
}

// encodeFractional encodes fractionalMaxPool's options and returns its
// samples as a Float32Array to put in the memory, or undefined when there are
// none to put (Go draws them, or refuses none given).
export function encodeFractional(rec, o) {
  if (o.kernel === undefined) throw optionError(TypeError, "kernel", `kernel: required; a number or ${AXES[2]} or ${AXES[3]}`);
  list(rec, REC.kernel, REC.kernelCount, o.kernel, GIVEN.kernel);
  if (o.outputSize !== undefined) list(rec, REC.outputSize, REC.outputSizeCount, o.outputSize, GIVEN.outputSize);
  if (o.outputRatio !== undefined) list(rec, REC.outputRatio, REC.outputRatioCount, o.outputRatio, GIVEN.outputRatio);
  rec[REC.returnIndices] = flag(o.returnIndices, false);
  if (o.samples === undefined) return undefined;
  const v = o.samples;
  const rule = "must be a Float32Array (or an array of numbers) of N * C * rank values in [0, 1), as PyTorch's _random_samples";
  let samples;
  if (isTyped(v, "Float32Array")) samples = v;
  else if (Array.isArray(v) && v.every((x) => typeof x === "number")) samples = Float32Array.from(v);
  else throw optionError(TypeError, "samples", `samples ${describe(v)}: ${rule}`);
  // How many it takes, and their values, are pool's rules; none is told by
  // the count alone, as an empty buffer cannot be reserved.
  given(rec, REC.samples, "samples", samples.length);
  return samples.length > 0 ? samples : undefined;
}

// encodeRoi encodes roiAlign's (roiAlign true) or maxRoiPool's options.
export function encodeRoi(rec, o, roiAlign) {
  if (o.outputSize === undefined) throw optionError(TypeError, "outputSize", `outputSize: required; a number or ${AXES[2]}`);
  list(rec, REC.outputSize, REC.outputSizeCount, o.outputSize, GIVEN.outputSize);
  if (o.spatialScale !== undefined) given(rec, REC.spatialScale, "spatialScale", o.spatialScale);
  if (!roiAlign) return;
  if (o.samplingRatio !== undefined) rec[REC.samplingRatio] = o.samplingRatio;
  rec[REC.aligned] = flag(o.aligned, false);
  // Which ops roiAlign takes is pool's rule.
  if (o.op !== undefined) rec[REC.op] = opCode(o.op);
}

/**
 * Checks the types of a Float32 tensor argument other than the input
 * (gradOutput, rois), every error naming it, writes its shape into rec as
 * given and returns its data: its shape and its data's length are pool's
 * to judge. rule says what it must be.
 */
export function sideTensorArg(name, t, rec, rule) {
  if (t === null || typeof t !== "object" || !isTyped(t.data, "Float32Array") || !Array.isArray(t.shape)) {
    throw optionError(TypeError, name, `${name} ${describe(t)}: ${rule}`);
  }
  copyShape(t.shape, name, `${name} shape`, rec, REC.sideRank, REC.sideShape);
  return t.data;
}
