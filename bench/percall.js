// The per-call cost: tiny calls (a 2x2 float32 tensor max, a 2x2 RGBA picture
// max), where what a library costs is its call overhead and not its kernel,
// for poolkit, onnxruntime-web and tfjs-wasm; and the ResNet head (global
// average over [1, 2048, 7, 7]) from a resident tensor beside a plain one.
// Shared by Node and Chromium, like cases.js.

import { ortPeer, tfPeer } from "./peers.js";
import { ortTensorPeer, poolkitTensorPeer, randomActivations, tfTensorPeer } from "./tensor.js";

/** The tiny calls, in table order. */
export const PERCALL_CASES = [
  { id: "tensor", label: "2×2 float32 tensor, max 2×2" },
  { id: "picture", label: "2×2 RGBA picture, max 2×2" },
];

export const PERCALL_PEERS = ["poolkit", "onnxruntime-web", "tfjs-wasm"];

const layer = { id: "tiny", shape: [1, 1, 2, 2], op: "max", kernel: 2, stride: 2, pad: 0 };
const pictureCase = { id: "tiny-max2", op: "max", kernel: 2, stride: 2 };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

// timeBatch runs f n times (awaiting it when it is asynchronous) and
// returns the mean microseconds a call.
async function timeBatch(f, n, async) {
  const t0 = performance.now();
  if (async) for (let i = 0; i < n; i++) await f();
  else for (let i = 0; i < n; i++) f();
  return ((performance.now() - t0) * 1000) / n;
}

/**
 * perCallBench measures every peer on every tiny case: batches of calls,
 * interleaved across peers so that a change in the machine's load touches
 * each alike, and the median of the batches' means. Every peer's result is
 * checked against poolkit's first.
 */
export async function perCallBench({ pk, ort, tf }, { quick }, log = () => {}) {
  const tensor = { data: new Float32Array([0.5, -1, 3, 2]), shape: layer.shape };
  const image = { data: new Uint8ClampedArray([1, 200, 3, 255, 9, 8, 70, 6, 5, 40, 3, 2, 250, 1, 2, 3]), width: 2, height: 2 };
  const ortT = ortTensorPeer(ort);
  const tfT = tfTensorPeer(tf);
  const ortP = ortPeer(ort);
  const tfP = tfPeer(tf);
  const runs = {
    tensor: {
      poolkit: [poolkitTensorPeer(pk).prepare(layer, tensor.data), false],
      "onnxruntime-web": [await ortT.prepare(layer, tensor.data), true],
      "tfjs-wasm": [tfT.prepare(layer, tensor.data), false],
    },
    picture: {
      poolkit: [() => pk.pool(image, { op: "max", kernel: 2 }), false],
      "onnxruntime-web": [() => ortP.run(image, pictureCase), true],
      "tfjs-wasm": [() => tfP.run(image, pictureCase), false],
    },
  };
  const batch = quick ? 200 : 2000;
  const rounds = quick ? 3 : 15;
  const results = [];
  for (const c of PERCALL_CASES) {
    const live = [];
    for (const name of PERCALL_PEERS) {
      const [f, async] = runs[c.id][name];
      try {
        const out = await f();
        const values = Array.from(out.data);
        const want = c.id === "tensor" ? [3] : [250, 200, 70, 255];
        const ok = values.length === want.length && values.every((v, i) => v === want[i]);
        for (let i = 0; i < batch; i++) await f();
        live.push({ name, f, async, times: [], ok });
      } catch (e) {
        results.push({ peer: name, case: c.id, error: String(e?.message ?? e) });
        log(`${name} ${c.id}: ERROR ${e?.message ?? e}`);
      }
    }
    for (let r = 0; r < rounds; r++) {
      for (const x of live) x.times.push(await timeBatch(x.f, batch, x.async));
    }
    for (const x of live) {
      const us = median(x.times);
      results.push({ peer: x.name, case: c.id, us, n: x.times.length * batch, ok: x.ok });
      log(`${x.name} ${c.id}: ${us.toFixed(2)} us a call (${x.times.length} batches of ${batch})${x.ok ? "" : " WRONG RESULT"}`);
    }
  }
  results.push(...(await headBench({ pk }, { quick }, log)));
  return results;
}

// headBench times the ResNet head on a plain tensor (copied in every call)
// and on a resident one (pk.createTensor), in interleaved rounds.
async function headBench({ pk }, { quick }, log) {
  const shape = [1, 2048, 7, 7];
  const data = randomActivations(2048 * 49);
  const resident = pk.createTensor(shape);
  resident.data.set(data);
  const out = new Float32Array(2048);
  const plain = () => pk.globalPool({ data, shape }, { op: "avg" }, out);
  const kept = () => pk.globalPool(resident, { op: "avg" }, out);
  const want = pk.globalPool({ data, shape }, { op: "avg" }).data;
  const same = kept().data.every((v, i) => v === want[i]);
  const batch = quick ? 20 : 200;
  const times = { plain: [], resident: [] };
  for (let r = 0; r < (quick ? 3 : 15); r++) {
    times.plain.push(await timeBatch(plain, batch, false));
    times.resident.push(await timeBatch(kept, batch, false));
  }
  resident.free();
  const res = [];
  for (const [name, ts] of Object.entries(times)) {
    const us = median(ts);
    res.push({ peer: `poolkit, ${name} tensor`, case: "head", us, n: ts.length * batch, ok: same });
    log(`poolkit head, ${name} tensor: ${us.toFixed(1)} us a call`);
  }
  return res;
}

/** perCallTables writes the per-call section of BENCHMARKS.md with w. */
export function perCallTables(envs, w) {
  w("## Per-call cost: tiny calls");
  w();
  w("What a call costs when the kernel costs nothing: a 2×2 float32 tensor (`[1, 1, 2, 2]`) and a 2×2 RGBA");
  w("picture, max 2×2, result in a new array, through each library's own API (onnxruntime-web: `session.run`,");
  w("awaited; tfjs-wasm: `tf.tidy`, the op, `dataSync`). Batches of calls interleaved across libraries; the");
  w("median of the batches' mean microseconds a call. The ResNet head rows: `pk.globalPool` over");
  w("`[1, 2048, 7, 7]` into an `out`, from a plain tensor (copied into the wasm memory each call) and from a");
  w("resident one (`pk.createTensor`, nothing copied in).");
  w();
  for (const env of envs) {
    const rs = env.run.perCall ?? [];
    if (!rs.length) continue;
    w(`### ${env.name}: median microseconds a call`);
    w();
    w(`| call | ${PERCALL_PEERS.join(" | ")} |`);
    w(`| --- | ${PERCALL_PEERS.map(() => "---:").join(" | ")} |`);
    for (const c of PERCALL_CASES) {
      const cells = PERCALL_PEERS.map((p) => {
        const r = rs.find((x) => x.peer === p && x.case === c.id);
        if (!r) return "";
        if (r.error) return "error";
        return `${r.us.toFixed(2)}${r.ok ? "" : " (**wrong**)"}`;
      });
      w(`| ${c.label} | ${cells.join(" | ")} |`);
    }
    w();
    for (const r of rs.filter((x) => x.case === "head")) w(`- ResNet head, ${r.peer}: ${r.us.toFixed(1)} us${r.ok ? "" : " (**differs**)"}`);
    w();
  }
}

/** perCallFailures adds poolkit's errors and wrong results to failures. */
export function perCallFailures(envs, failures, warnings) {
  for (const env of envs) {
    for (const r of env.run.perCall ?? []) {
      const what = `${env.name}: ${r.peer}, per-call ${r.case}`;
      const mine = r.peer.startsWith("poolkit");
      if (r.error) (mine ? failures : warnings).push(`${what} failed: ${r.error}`);
      else if (!r.ok) (mine ? failures : warnings).push(`${what}: wrong result`);
    }
  }
}
