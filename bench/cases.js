// The benchmark's pictures, cases, reference kernels and measuring loop,
// shared by Node and the browser page: nothing here touches the runtime, so
// both environments measure exactly the same work.

import { xorshift32 } from "../testing/random.js";

/** Cases in table order. `same` is TensorFlow's SAME padding; `global` pools the whole picture. */
export const CASES = [
  { id: "max2", label: "max 2×2 /2", op: "max", kernel: 2, stride: 2 },
  { id: "avg2", label: "avg 2×2 /2", op: "avg", kernel: 2, stride: 2 },
  { id: "max3s2", label: "max 3×3 /2 same", op: "max", kernel: 3, stride: 2, same: true },
  { id: "avg3s1", label: "avg 3×3 /1 same", op: "avg", kernel: 3, stride: 1, same: true },
  // The stride-1 max windows grow in this order: each one's cost is predicted
  // from the one before (see predict), and the first and last give the
  // window-independence ratio.
  { id: "max3s1", label: "max 3×3 /1 same", op: "max", kernel: 3, stride: 1, same: true },
  { id: "max15", label: "max 15×15 /1 same", op: "max", kernel: 15, stride: 1, same: true },
  { id: "max31", label: "max 31×31 /1 same", op: "max", kernel: 31, stride: 1, same: true },
  { id: "gavg", label: "global avg", op: "avg", global: true },
];

/** The options pk.pool takes for case c on a w×h picture. */
export function poolkitOptions(c, w, h) {
  if (c.global) return { op: c.op, kernel: [h, w] };
  const o = { op: c.op, kernel: c.kernel, stride: c.stride };
  if (c.same) o.padding = "same";
  return o;
}

/** TensorFlow SAME geometry along one axis: output size and padding before. */
export function sameAxis(n, k, s) {
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return { out, before: Math.floor(total / 2) };
}

/** The output size of case c on a w×h picture. */
export function outputSize(c, w, h) {
  if (c.global) return { width: 1, height: 1 };
  if (c.same) return { width: sameAxis(w, c.kernel, c.stride).out, height: sameAxis(h, c.kernel, c.stride).out };
  return { width: Math.floor((w - c.kernel) / c.stride) + 1, height: Math.floor((h - c.kernel) / c.stride) + 1 };
}

// xorshift32 with a fixed seed: the Go benchmark generates the same bytes,
// and both hash the pictures to prove it.
export const SEED = 0x9e3779b9;

export function randomPicture(w, h) {
  const data = new Uint8ClampedArray(w * h * 4);
  const words = new Uint32Array(data.buffer);
  const next = xorshift32(SEED);
  // Little-endian byte order, as Go's binary.LittleEndian writes it.
  for (let i = 0; i < words.length; i++) words[i] = next();
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error("big-endian hosts are not supported");
  return { data, width: w, height: h };
}

export function gradientPicture(w, h) {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i += 4) {
      data[i] = Math.floor((x * 255) / (w - 1));
      data[i + 1] = Math.floor((y * 255) / (h - 1));
      data[i + 2] = Math.floor(((x + y) * 255) / (w + h - 2));
      data[i + 3] = 255 - Math.floor((y * 128) / h);
    }
  }
  return { data, width: w, height: h };
}

export const PICTURES = { random: randomPicture, gradient: gradientPicture };

/** FNV-1a over the bytes, to compare outputs across processes without shipping them. */
export function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/**
 * The naive kernel: the direct window loop anyone would write first.
 * Assigning sum/count to a Uint8ClampedArray rounds half to even, which is
 * poolkit's rule, so the loop is exact.
 */
export function naivePool(img, c) {
  const { data, width: w, height: h } = img;
  if (c.global) {
    const sum = [0, 0, 0, 0];
    for (let i = 0; i < data.length; i += 4) {
      sum[0] += data[i];
      sum[1] += data[i + 1];
      sum[2] += data[i + 2];
      sum[3] += data[i + 3];
    }
    return { data: new Uint8ClampedArray(sum.map((s) => s / (w * h))), width: 1, height: 1 };
  }
  const { width: ow, height: oh } = outputSize(c, w, h);
  const k = c.kernel;
  const s = c.stride;
  const px = c.same ? sameAxis(w, k, s).before : 0;
  const py = c.same ? sameAxis(h, k, s).before : 0;
  const out = new Uint8ClampedArray(ow * oh * 4);
  const isMax = c.op === "max";
  for (let oy = 0; oy < oh; oy++) {
    const y0 = Math.max(oy * s - py, 0);
    const y1 = Math.min(oy * s - py + k, h);
    for (let ox = 0; ox < ow; ox++) {
      const x0 = Math.max(ox * s - px, 0);
      const x1 = Math.min(ox * s - px + k, w);
      for (let ch = 0; ch < 4; ch++) {
        let acc = 0;
        for (let y = y0; y < y1; y++) {
          let i = (y * w + x0) * 4 + ch;
          for (let x = x0; x < x1; x++, i += 4) {
            const v = data[i];
            if (isMax) {
              if (v > acc) acc = v;
            } else {
              acc += v;
            }
          }
        }
        out[(oy * ow + ox) * 4 + ch] = isMax ? acc : acc / ((y1 - y0) * (x1 - x0));
      }
    }
  }
  return { data: out, width: ow, height: oh };
}

/**
 * compare checks got against the reference. Max is exact by nature, so any
 * difference there is a mismatch; an average may differ by one where a peer
 * rounds another way (half up, truncation, float error).
 */
export function compare(got, want, c) {
  if (got.width !== want.width || got.height !== want.height || got.data.length !== want.data.length) {
    return { status: "mismatch", maxDiff: Infinity, diffs: 0, note: `size ${got.width}x${got.height} (${got.data.length} bytes), want ${want.width}x${want.height}` };
  }
  let maxDiff = 0;
  let diffs = 0;
  const a = got.data;
  const b = want.data;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
    if (d) {
      diffs++;
      if (d > maxDiff) maxDiff = d;
    }
  }
  let status = "exact";
  if (maxDiff > 1 || (maxDiff > 0 && c.op === "max")) status = "mismatch";
  else if (maxDiff === 1) status = "within1";
  return { status, maxDiff, diffs };
}

const now = () => performance.now();

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * runSuite measures every peer on every case and size, and checks each
 * peer's output on both pictures against poolkit's. Each timed call goes from
 * input bytes to output bytes.
 *
 * peers: [{ name, run(img, c) -> out | Promise<out> | null (no equivalent) }],
 * the first being poolkit, the reference.
 * cfg: { sizes (ascending), reps: {size: n}, cellBudgetMs, skipOverMs }
 */
export async function runSuite(peers, cfg, log = () => {}) {
  const results = [];
  const hashes = {};
  const seen = []; // medians measured (or guessed, for skipped cells), for predict
  for (const size of cfg.sizes) {
    const first = size === cfg.sizes[0];
    const pics = {};
    for (const [name, make] of Object.entries(PICTURES)) {
      pics[name] = make(size, size);
      hashes[`input/${name}/${size}`] = fnv1a(pics[name].data);
    }
    const slice = await measure(() => pics.random.data.slice(), cfg.reps[size]);
    results.push({ peer: "slice", case: "slice", size, ...slice });
    for (const c of CASES) {
      const refs = {};
      for (const peer of peers) {
        // The reference is never skipped: every other cell is checked against it.
        const guess = peer === peers[0] ? 0 : predict(seen, peer.name, c, size);
        if (guess > cfg.skipOverMs) {
          const r = { peer: peer.name, case: c.id, size, skipped: `predicted ${(guess / 1000).toFixed(0)} s`, predictedMs: guess };
          results.push(r);
          // A skipped cell's guess predicts the cells that grow from it.
          seen.push({ peer: peer.name, c, size, ms: guess });
          log(`${peer.name} ${c.id} ${size}: skipped, ${r.skipped}`);
          continue;
        }
        let r;
        try {
          r = await measurePeer(peer, c, first ? pics : { random: pics.random }, refs, cfg.reps[size], cfg.cellBudgetMs);
        } catch (e) {
          r = { error: String(e && e.stack ? e.stack : e).split("\n").slice(0, 3).join(" | ") };
        }
        if (r.ms !== undefined) seen.push({ peer: peer.name, c, size, ms: r.ms });
        if (peer === peers[0] && r.outputs) {
          for (const [pic, out] of Object.entries(r.outputs)) {
            refs[pic] = out;
            hashes[`${c.id}/${pic}/${size}`] = fnv1a(out.data);
          }
        }
        delete r.outputs;
        results.push({ peer: peer.name, case: c.id, size, ...r });
        log(`${peer.name} ${c.id} ${size}: ${describe(r)}`);
      }
    }
  }
  return { results, hashes };
}

/**
 * predict guesses a cell's time from cells already measured for the same
 * peer: the same case on a smaller picture, scaled by area, or a smaller
 * stride-1 max window on the same picture, scaled by window area (the naive
 * cost). The smaller guess wins, so that a window-independent peer is not
 * skipped for a cost it does not have.
 */
export function predict(seen, peer, c, size) {
  let guess = 0;
  for (const s of seen) {
    if (s.peer !== peer) continue;
    let g = 0;
    if (s.c.id === c.id && s.size < size) g = (s.ms * size * size) / (s.size * s.size);
    else if (s.size === size && c.op === "max" && c.stride === 1 && s.c.op === "max" && s.c.stride === 1 && s.c.kernel < c.kernel) {
      g = (s.ms * c.kernel * c.kernel) / (s.c.kernel * s.c.kernel);
    }
    if (g > 0 && (guess === 0 || g < guess)) guess = g;
  }
  return guess;
}

function describe(r) {
  if (r.error) return `ERROR ${r.error}`;
  if (r.na) return "n/a";
  const checks = Object.entries(r.checks ?? {})
    .map(([p, k]) => `${p} ${k.status}${k.maxDiff ? ` (max diff ${k.maxDiff}, ${k.diffs} bytes)` : ""}`)
    .join(", ");
  return `${r.ms.toFixed(2)} ms (n=${r.n}) ${checks}`;
}

/**
 * measurePeer runs one cell. The first call warms up (compiles, grows wasm
 * memory) and is untimed, unless it alone took more than the cell's budget:
 * then it is the one sample (warmOnly). The outputs of the first call on each picture
 * are checked against the reference.
 */
async function measurePeer(peer, c, pics, refs, reps, budget) {
  const outputs = {};
  const names = Object.keys(pics);
  // The last picture is the timed one, so its first call is the warm-up.
  names.sort((a, b) => (a === "random") - (b === "random"));
  let warm = 0;
  for (const name of names) {
    const t0 = now();
    const out = await peer.run(pics[name], c);
    warm = now() - t0;
    if (out === null) return { na: true };
    outputs[name] = out;
  }
  const checks = {};
  if (refs.random) for (const name of names) checks[name] = compare(outputs[name], refs[name], c);
  const m = warm > budget ? { ms: warm, n: 1, warmOnly: true } : await measure(() => peer.run(pics.random, c), repsWithin(budget, warm, reps));
  return { ...m, checks, outputs };
}

/** How many of reps calls that take about ms each fit in budget, at least one. */
export function repsWithin(budget, ms, reps) {
  return Math.max(1, Math.min(reps, Math.floor(budget / ms)));
}

/** The median time of n calls of f, which must return something. */
export async function measure(f, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = now();
    const out = await f();
    times.push(now() - t0);
    if (out === undefined) throw new Error("no output");
  }
  return { ms: median(times), n };
}
