// How poolkit scales over workers, and how close one call comes to the copies
// it cannot avoid. Shared by Node and the browser page.
//
// Every configuration of a table is measured round by round, one call each
// per round in a rotating order, so that a burst of other work on the machine
// falls on all of them alike; each worker result must equal the synchronous
// one byte for byte.

import { CASES, outputSize, randomPicture, repsWithin } from "./cases.js";
import { randomTensor } from "../testing/random.js";

const PICTURE_CASE = CASES.find((c) => c.id === "avg3s1");
const TENSOR_CASE = {
  id: "centernet",
  label: "poolTensor max 3×3 /1 padding 1, [1, 80, 128, 128] (CenterNet)",
  shape: [1, 80, 128, 128],
  opts: { op: "max", kernel: 3, stride: 1, padding: 1 },
};
const COPY_CASE = CASES.find((c) => c.id === "max2");
const WORKERS = [1, 2];

/**
 * workerScaling measures pk.pool on the picture case at the plan's largest
 * size and pk.poolTensor on CenterNet's peak-finding layer, synchronously and
 * with 1 and 2 workers.
 */
export async function workerScaling(loadPoolkit, direct, plan, log) {
  const size = plan.sizes[plan.sizes.length - 1];
  const img = randomPicture(size, size);
  const popts = { op: PICTURE_CASE.op, kernel: PICTURE_CASE.kernel, stride: PICTURE_CASE.stride, padding: "same" };
  const t = randomTensor(TENSOR_CASE.shape);
  const jobs = [
    { id: PICTURE_CASE.id, label: `pool ${PICTURE_CASE.label}, ${size}²`, call: (pk) => pk.pool(img, popts) },
    { id: TENSOR_CASE.id, label: TENSOR_CASE.label, call: (pk) => pk.poolTensor(t, TENSOR_CASE.opts) },
  ];
  const pks = { 0: direct };
  const cases = [];
  try {
    for (const n of WORKERS) pks[n] = await loadPoolkit({ workers: n });
    for (const job of jobs) cases.push(await scaleJob(job, pks, plan.reps[size], plan.cellBudgetMs, log));
  } catch (err) {
    cases.push({ id: "setup", label: "loadPoolkit({ workers })", rows: [{ workers: WORKERS[0], error: String(err?.message ?? err) }] });
    log(`poolkit workers: ERROR ${err?.message ?? err}`);
  } finally {
    for (const n of WORKERS) await pks[n]?.close();
  }
  return { cases, shared: canShare() };
}

async function scaleJob(job, pks, reps, budget, log) {
  const ns = [0, ...WORKERS];
  const rows = [];
  let want;
  try {
    // The first call of each warms up (workers grow their memory) and is the
    // one checked.
    const t0 = performance.now();
    want = await job.call(pks[0]);
    const warm = performance.now() - t0;
    const checks = {};
    for (const n of WORKERS) checks[n] = sameBytes(await job.call(pks[n]), want);
    // At least 3 rounds even when slow: this comparison is the point of the table.
    const rounds = Math.max(Math.min(3, reps), repsWithin(budget, warm * ns.length, reps));
    const times = await interleaved(ns.map((n) => () => job.call(pks[n])), rounds);
    ns.forEach((n, i) => rows.push({ workers: n, ms: times[i], n: rounds, check: checks[n] }));
  } catch (err) {
    rows.push({ workers: -1, error: String(err?.message ?? err) });
  }
  for (const r of rows) {
    const who = r.workers === 0 ? "synchronous" : r.workers > 0 ? `${r.workers} worker${r.workers > 1 ? "s" : ""}` : "";
    log(`poolkit ${who} ${job.label}: ${r.error ? `ERROR ${r.error}` : `${r.ms.toFixed(2)} ms (n=${r.n})${r.check ? ` ${r.check.status}` : ""}`}`);
  }
  return { id: job.id, label: job.label, rows };
}

/**
 * copyPath measures the synchronous pk.pool on max 2×2 /2 at the plan's
 * largest size against the copies any call makes: the picture into wasm
 * memory and the result out, the two TypedArray.set calls that Go's
 * js.CopyBytesToGo and js.CopyBytesToJS make (wasm_exec.js). Like is
 * compared with like: both sides allocate their result, or both write it
 * into one reused out, since a fresh array costs a page fault per 4 KiB it
 * is written, as much as the copies themselves on some machines. The bare
 * copies go into and out of WebAssembly.Memory objects of their own, warm
 * like poolkit's reused buffers (reading poolkit's memory assumed it had
 * grown to the result's size, which pool in bands never needs). Where the
 * runtime gives the process's CPU time (Node), that is the clock: other
 * processes on the machine then cost neither side anything, where wall time
 * swung the ratio by a third between runs; the browser has wall time only.
 * In Node the garbage is collected between calls, off the clock (collector).
 */
export async function copyPath(pk, plan, log) {
  const size = plan.sizes[plan.sizes.length - 1];
  const img = randomPicture(size, size);
  const c = COPY_CASE;
  const opts = { op: c.op, kernel: c.kernel, stride: c.stride };
  const { width, height } = outputSize(c, size, size);
  const n = 4 * width * height;
  const out = new Uint8ClampedArray(n);
  const memory = (bytes) => {
    const m = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    new Uint8Array(m.buffer).fill(1);
    return m;
  };
  const scratch = memory(img.data.length);
  const results = memory(n);
  const copyIn = () => new Uint8Array(scratch.buffer, 0, img.data.length).set(img.data);
  const result = () => new Uint8Array(results.buffer, 0, n);
  const calls = {
    pool: () => pk.pool(img, opts),
    copies: () => {
      copyIn();
      const r = new Uint8ClampedArray(n);
      r.set(result());
      return r;
    },
    poolOut: () => pk.pool(img, opts, out),
    copiesOut: () => {
      copyIn();
      out.set(result());
      return out;
    },
  };
  const names = Object.keys(calls);
  names.forEach((k) => calls[k]());
  const clock = cpuClock();
  const times = await interleaved(names.map((k) => calls[k]), Math.max(3, plan.reps[size] * 6), clock.now, await collector());
  const ms = Object.fromEntries(names.map((k, i) => [k, times[i]]));
  log(`poolkit copy path ${c.label} ${size}² (${clock.name}): pool ${ms.pool.toFixed(2)} ms, bare copies ${ms.copies.toFixed(2)} ms (${(ms.pool / ms.copies).toFixed(2)}x); into out ${ms.poolOut.toFixed(2)} ms, ${ms.copiesOut.toFixed(2)} ms (${(ms.poolOut / ms.copiesOut).toFixed(2)}x)`);
  return { case: c.id, size, ms, clock: clock.name };
}

// cpuClock returns the process's CPU time in ms where the runtime gives it
// (Node), else the wall clock, with the name the report gives it.
function cpuClock() {
  if (typeof process === "object" && typeof process.cpuUsage === "function") {
    return { name: "CPU time", now: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } };
  }
  return { name: "wall time", now: () => performance.now() };
}

// collector returns a function that runs the garbage collector where the
// runtime lets a script (Node, by V8's expose-gc flag), else undefined. The
// copy path's calls each leave a 16 MiB result behind, and V8 collects them
// when their external memory presses, on whichever call is running then: 2
// to 8 ms that fell on pool or on the bare copies by chance, run to run.
async function collector() {
  if (typeof process !== "object") return undefined;
  const [v8, vm] = await Promise.all([import("node:v8"), import("node:vm")]);
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc");
}

// interleaved calls every function once per round, starting one later each
// round, and returns the median time of each on clock (the wall clock by
// default). Given collect, it collects the garbage before each call, off the
// clock.
async function interleaved(fs, rounds, clock = () => performance.now(), collect = undefined) {
  const times = fs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < fs.length; j++) {
      const i = (r + j) % fs.length;
      collect?.();
      const t0 = clock();
      const res = await fs[i]();
      times[i].push(clock() - t0);
      if (res === undefined) throw new Error("no output");
    }
  }
  return times.map((ts) => {
    const s = [...ts].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  });
}

function sameBytes(got, want) {
  const bytes = (a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const a = bytes(got.data);
  const b = bytes(want.data);
  let diffs = a.length === b.length ? 0 : Infinity;
  for (let i = 0; i < a.length && diffs !== Infinity; i++) if (a[i] !== b[i]) diffs++;
  return diffs ? { status: "mismatch", maxDiff: diffs, diffs } : { status: "exact", maxDiff: 0, diffs: 0 };
}

function canShare() {
  return typeof SharedArrayBuffer === "function" && (typeof process === "object" || globalThis.crossOriginIsolated === true);
}
