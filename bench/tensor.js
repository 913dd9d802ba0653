// The tensor benchmark: pk.poolTensor against onnxruntime-web and tfjs-wasm on
// the pooling layers of well-known CNNs, float32 in and out, one thread each,
// and poolkit with 2 workers beside them. Shared by Node and the browser
// page, like cases.js; every output is checked against poolkit's.

import { measure } from "./cases.js";
import { encodeModel } from "./onnx-model.js";
import { xorshift32 } from "../testing/random.js";

/** The layers, in table order; `pad` is symmetric, `exclude` leaves padded cells out of an average. */
export const TENSOR_LAYERS = [
  { id: "stem", label: "ResNet stem: max 3×3 /2 pad 1", shape: [1, 64, 112, 112], op: "max", kernel: 3, stride: 2, pad: 1 },
  { id: "vgg", label: "VGG: max 2×2 /2", shape: [1, 64, 224, 224], op: "max", kernel: 2, stride: 2, pad: 0 },
  { id: "inception", label: "Inception: avg 3×3 /1 pad 1, pad not counted", shape: [1, 256, 28, 28], op: "avg", kernel: 3, stride: 1, pad: 1, exclude: true },
  { id: "centernet", label: "CenterNet peaks: max 3×3 /1 pad 1", shape: [1, 80, 128, 128], op: "max", kernel: 3, stride: 1, pad: 1 },
  { id: "sppf", label: "YOLO SPPF: max 5×5 /1 pad 2", shape: [1, 512, 20, 20], op: "max", kernel: 5, stride: 1, pad: 2 },
  { id: "head", label: "ResNet head: global avg", shape: [1, 2048, 7, 7], op: "avg", global: true },
];

export const TENSOR_PEERS = ["poolkit", "poolkit, 2 workers", "onnxruntime-web", "tfjs-wasm"];

/** Pseudo-random activations in [-1, 1), a ReLU's zeros on a quarter of them, from a fixed seed. */
export function randomActivations(n) {
  const a = new Float32Array(n);
  const next = xorshift32(0x2545f491);
  for (let i = 0; i < n; i++) {
    const x = next();
    a[i] = (x & 3) === 0 ? 0 : x / 2 ** 31 - 1;
  }
  return a;
}

function poolkitOptions(l) {
  if (l.global) return { op: l.op, kernel: l.shape.slice(2) };
  return { op: l.op, kernel: l.kernel, stride: l.stride, padding: l.pad, ...(l.exclude ? { countIncludePad: false } : {}) };
}

export function poolkitTensorPeer(pk, name = "poolkit") {
  return { name, prepare: (l, data) => () => pk.poolTensor({ data, shape: l.shape }, poolkitOptions(l)) };
}

/**
 * onnxruntime-web, wasm backend: one NCHW float32 model per layer, built in
 * code; GlobalAveragePool for the head, count_include_pad 0 where the pad is
 * not counted.
 */
export function ortTensorPeer(ort) {
  const sessions = new Map();
  const model = (l) => {
    const [n, c, h, w] = l.shape;
    const out = l.global ? [n, c, 1, 1] : [n, c, (h + 2 * l.pad - l.kernel) / l.stride + 1, (w + 2 * l.pad - l.kernel) / l.stride + 1].map(Math.floor);
    const node = l.global
      ? { op: "GlobalAveragePool", inputs: ["x"], outputs: ["y"] }
      : {
          op: l.op === "max" ? "MaxPool" : "AveragePool",
          inputs: ["x"],
          outputs: ["y"],
          attrs: {
            kernel_shape: [l.kernel, l.kernel],
            strides: [l.stride, l.stride],
            pads: [l.pad, l.pad, l.pad, l.pad],
            ...(l.op === "avg" ? { count_include_pad: l.exclude ? 0 : 1 } : {}),
          },
        };
    return encodeModel({
      nodes: [node],
      inputs: [{ name: "x", type: "float", shape: l.shape }],
      outputs: [{ name: "y", type: "float", shape: out }],
    });
  };
  return {
    name: "onnxruntime-web",
    async prepare(l, data) {
      if (!sessions.has(l.id)) {
        sessions.set(l.id, await ort.InferenceSession.create(model(l), { executionProviders: ["wasm"], graphOptimizationLevel: "all" }));
      }
      const s = sessions.get(l.id);
      return async () => {
        const { y } = await s.run({ x: new ort.Tensor("float32", data, l.shape) });
        const out = { data: y.data, shape: y.dims };
        y.dispose?.();
        return out;
      };
    },
  };
}

/**
 * tfjs on its wasm backend (XNNPACK), which pools NHWC only: it is given the
 * same tensor already in NHWC (the transpose is not timed), and its output is
 * compared in that layout. Stride-1 windows use "same", which is the layer's
 * padding there and, as in TensorFlow, leaves padded cells out of averages.
 */
export function tfTensorPeer(tf) {
  return {
    name: "tfjs-wasm",
    prepare(l, data) {
      const [n, c, h, w] = l.shape;
      const nhwc = toNHWC(data, l.shape);
      const pad = l.pad === 0 ? "valid" : l.stride === 1 && 2 * l.pad === l.kernel - 1 ? "same" : l.pad;
      return () => {
        const y = tf.tidy(() => {
          const x = tf.tensor4d(nhwc, [n, h, w, c]);
          if (l.global) return tf.mean(x, [1, 2], true);
          return l.op === "max" ? tf.maxPool(x, l.kernel, l.stride, pad) : tf.avgPool(x, l.kernel, l.stride, pad);
        });
        const out = { data: y.dataSync(), shape: y.shape, nhwc: true };
        y.dispose();
        return out;
      };
    },
  };
}

function toNHWC(data, [n, c, h, w]) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[(b * h * w + i) * c + ch] = data[(b * c + ch) * h * w + i];
  return out;
}

/**
 * compareTensor checks out against poolkit's ref: a max must be equal value
 * for value; an average may differ by float rounding (another order of
 * summation), at most 1e-6 of the larger of 1 and the value.
 */
export function compareTensor(out, ref, l) {
  const [n, c, oh, ow] = ref.shape;
  const got = out.nhwc ? { data: toNCHW(out.data, [n, c, oh, ow]) } : out;
  if (got.data.length !== ref.data.length) return { status: "mismatch", note: `${got.data.length} values, poolkit ${ref.data.length}` };
  let maxDiff = 0;
  let diffs = 0;
  let far = false;
  for (let i = 0; i < ref.data.length; i++) {
    const a = got.data[i];
    const b = ref.data[i];
    if (a === b || (a !== a && b !== b)) continue;
    diffs++;
    const d = Math.abs(a - b);
    if (!(d <= maxDiff)) maxDiff = d;
    if (!(d <= 1e-6 * Math.max(1, Math.abs(b)))) far = true;
  }
  if (diffs === 0) return { status: "exact" };
  return { status: l.op === "avg" && !far ? "rounding" : "mismatch", diffs, maxDiff };
}

function toNCHW(data, [n, c, h, w]) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < h * w; i++) out[(b * c + ch) * h * w + i] = data[(b * h * w + i) * c + ch];
  return out;
}

/**
 * runTensorSuite measures every peer on every layer: one untimed, checked
 * call each and a few more untimed ones (the engine's optimizing compiler and
 * the allocator settle in the first calls of every library: fresh output
 * buffers page-fault until freed ones are reused), then rounds of one timed
 * call per peer, interleaved so that a change in the machine's load touches
 * every peer alike; medians per peer.
 * peers: [{ name, prepare(layer, data) -> run() }], poolkit first.
 * cfg: { tensorReps, tensorWarmup, cellBudgetMs }
 */
export async function runTensorSuite(peers, cfg, log = () => {}) {
  const results = [];
  for (const l of TENSOR_LAYERS) {
    const data = randomActivations(l.shape.reduce((a, b) => a * b, 1));
    const live = [];
    let ref;
    let slowest = 0;
    for (const peer of peers) {
      try {
        const run = await peer.prepare(l, data);
        const t0 = performance.now();
        const out = await run();
        slowest = Math.max(slowest, performance.now() - t0);
        ref ??= out;
        const check = peer === peers[0] ? undefined : compareTensor(out, ref, l);
        for (let i = 0; i < (cfg.tensorWarmup ?? 0); i++) await run();
        live.push({ peer, run, times: [], check });
      } catch (e) {
        results.push({ peer: peer.name, layer: l.id, error: String(e?.message ?? e) });
        log(`${peer.name} ${l.id}: ERROR ${e?.message ?? e}`);
      }
    }
    const rounds = Math.max(1, Math.min(cfg.tensorReps, Math.floor(cfg.cellBudgetMs / Math.max(slowest * live.length, 1e-3))));
    for (let r = 0; r < rounds; r++) {
      for (const x of live) x.times.push((await measure(x.run, 1)).ms);
    }
    for (const x of live) {
      const ms = [...x.times].sort((a, b) => a - b)[x.times.length >> 1];
      results.push({ peer: x.peer.name, layer: l.id, ms, n: x.times.length, check: x.check });
      log(`${x.peer.name} ${l.id}: ${ms.toFixed(2)} ms (n=${x.times.length})${x.check ? ` ${x.check.status}` : ""}`);
    }
  }
  return results;
}

/**
 * tensorBench runs the suite with poolkit on the calling thread and in 2
 * workers, onnxruntime-web and tfjs, and closes the workers.
 */
export async function tensorBench({ loadPoolkit, pk, ort, tf }, cfg, log) {
  const pk2 = await loadPoolkit({ workers: 2 });
  try {
    const peers = [poolkitTensorPeer(pk), poolkitTensorPeer(pk2, "poolkit, 2 workers"), ortTensorPeer(ort), tfTensorPeer(tf)];
    return await runTensorSuite(peers, cfg, log);
  } finally {
    await pk2.close();
  }
}

/** tensorFailures adds poolkit's errors and its workers' differences to failures, peers' mismatches to warnings. */
export function tensorFailures(envs, failures, warnings) {
  for (const env of envs) {
    for (const r of env.run.tensor ?? []) {
      const what = `${env.name}: ${r.peer} on ${layerLabel(r.layer)}`;
      if (r.error) (r.peer.startsWith("poolkit") ? failures : warnings).push(`${what} failed: ${r.error}`);
      else if (r.peer.startsWith("poolkit") && r.check && r.check.status !== "exact") failures.push(`${what} differs from the synchronous call`);
      else if (r.check?.status === "mismatch") warnings.push(`${what}: ${r.check.note ?? `${r.check.diffs} values differ, by up to ${r.check.maxDiff}`}`);
    }
  }
}

/** tensorTables writes the tensor section of BENCHMARKS.md with w. */
export function tensorTables(envs, plan, w) {
  w("## Tensors: CNN pooling layers, float32");
  w();
  w("`pk.poolTensor` on float32 NCHW tensors against onnxruntime-web (wasm, `numThreads = 1`) and tfjs-wasm, one");
  w("thread each, and `(await loadPoolkit({ workers: 2 })).poolTensor` beside them. Inputs: pseudo-random");
  w("activations in [-1, 1), a quarter of them 0. Each call goes from a `Float32Array` to a `Float32Array`;");
  w("ONNX sessions are made once, untimed; tfjs gets the same tensor already in NHWC, its layout. One");
  w(`checked and ${plan.tensorWarmup} more untimed calls per library (the first calls of every library pay for compiling and`);
  w("for fresh output memory), then rounds of one timed call per library, interleaved; medians.");
  w("Ratios are peer / poolkit (above 1: poolkit is faster). Checks: *exact* (equal values), *rounding*");
  w("(an average summed in another order, within 1e-6), **MISMATCH**.");
  w();
  for (const env of envs) {
    const rs = env.run.tensor ?? [];
    if (!rs.length) continue;
    w(`### ${env.name}: median ms`);
    w();
    w(`| layer | input | ${TENSOR_PEERS.join(" | ")} | onnxruntime-web / poolkit | tfjs-wasm / poolkit | 2 workers speedup | checks (2 workers, ORT, tfjs) |`);
    w(`| --- | --- | ${TENSOR_PEERS.map(() => "---:").join(" | ")} | ---: | ---: | ---: | --- |`);
    for (const l of TENSOR_LAYERS) {
      const at = (p) => rs.find((r) => r.peer === p && r.layer === l.id);
      const base = at("poolkit");
      const cells = TENSOR_PEERS.map((p) => msCell(at(p)));
      const ratio = (p) => (at(p)?.ms !== undefined && base?.ms !== undefined ? `${(at(p).ms / base.ms).toFixed(2)}×` : "");
      const speedup = at("poolkit, 2 workers")?.ms !== undefined && base?.ms !== undefined ? `${(base.ms / at("poolkit, 2 workers").ms).toFixed(2)}×` : "";
      const checks = TENSOR_PEERS.slice(1).map((p) => checkCell(at(p))).join(", ");
      w(`| ${l.label} | [${l.shape.join(",")}] | ${cells.join(" | ")} | ${ratio("onnxruntime-web")} | ${ratio("tfjs-wasm")} | ${speedup} | ${checks} |`);
    }
    w();
  }
}

function layerLabel(id) {
  return TENSOR_LAYERS.find((l) => l.id === id)?.label ?? id;
}

function msCell(r) {
  if (!r) return "";
  if (r.error) return "error";
  return r.ms >= 100 ? r.ms.toFixed(0) : r.ms >= 10 ? r.ms.toFixed(1) : r.ms.toFixed(2);
}

function checkCell(r) {
  if (!r) return "";
  if (r.error) return "error";
  if (!r.check) return "";
  return r.check.status === "mismatch" ? "**MISMATCH**" : r.check.status;
}
