// The picture jobs a new user tries first, each against the peer that does
// the same job, measured interleaved (one call of every contender per round)
// so that load on the machine weighs on all of them alike:
//
// - downscaling a 12-megapixel photo (4000x3000) by a whole factor k: avg
//   against wasm-vips' shrink, max against onnxruntime-web's uint8 MaxPool;
// - the 3x3 box blur of a 4096x4096 picture against wasm-vips' own box blur,
//   conv with a 3x3 mask of ones and scale 9 (it extends the border pixels
//   where poolkit counts only the pixels inside, and rounds its integer sums
//   its own way: the interiors agree within one);
// - the cost of each picture option (premultiplied alpha, linear light)
//   against the plain average of the same call.

import { compare, randomPicture } from "./cases.js";
import { ortPeer, vipsPeer } from "./peers.js";

const KS = [3, 4, 8, 16];
const OPTIONS = [
  { label: "plain", o: {} },
  { label: "premultiplied", o: { alpha: "premultiplied" } },
  { label: "linear", o: { colorSpace: "linear" } },
  { label: "premultiplied + linear", o: { alpha: "premultiplied", colorSpace: "linear" } },
];

/**
 * downscaleBench measures the three tables. quick shrinks the pictures and
 * takes one round, so that `make test` keeps the harness from rotting.
 */
export async function downscaleBench(pk, libs, { quick }, log) {
  const photo = quick ? [400, 300] : [4000, 3000];
  const square = quick ? 256 : 4096;
  const rounds = quick ? 1 : 7;
  const failures = [];
  const ort = ortPeer(libs.ort);
  const vips = vipsPeer(libs.vips);
  const mask = libs.vips.Image.newFromArray([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 9, 0);

  const img = randomPicture(...photo);
  const downscale = [];
  for (const k of KS) {
    const avg = { id: `avg${k}s${k}`, op: "avg", kernel: k, stride: k };
    const max = { id: `max${k}s${k}`, op: "max", kernel: k, stride: k };
    const t = await interleave(rounds, {
      "poolkit avg": () => pk.pool(img, { op: "avg", kernel: k }),
      "wasm-vips shrink": () => vips.run(img, avg),
      "poolkit max": () => pk.pool(img, { op: "max", kernel: k }),
      "onnxruntime-web MaxPool": () => ort.run(img, max),
    });
    const ck = compare(t.out["onnxruntime-web MaxPool"], t.out["poolkit max"], max);
    if (ck.status !== "exact") failures.push(`downscale: onnxruntime-web's max ${k}×${k}/${k} differs from poolkit's (max abs diff ${ck.maxDiff})`);
    // shrink rounds half up where poolkit rounds half to even: off by one at
    // most. It also keeps a last, partial block where k does not divide the
    // side, which poolkit (as PyTorch) drops: compare the whole blocks.
    const cv = compare(crop(t.out["wasm-vips shrink"], t.out["poolkit avg"]), t.out["poolkit avg"], avg);
    if (cv.status === "mismatch") failures.push(`downscale: wasm-vips' shrink by ${k} differs from poolkit's avg by more than one (max abs diff ${cv.maxDiff})`);
    downscale.push({ k, ms: t.ms });
    log(`downscale ${photo.join("x")} by ${k}: ${Object.entries(t.ms).map(([n, ms]) => `${n} ${ms.toFixed(1)} ms`).join(", ")}`);
  }

  const sq = randomPicture(square, square);
  const box = await interleave(rounds, {
    poolkit: () => pk.pool(sq, { op: "avg", kernel: 3, stride: 1, padding: "same" }),
    "wasm-vips conv": () => {
      const im = libs.vips.Image.newFromMemory(sq.data, square, square, 4, "uchar");
      const blurred = im.conv(mask, { precision: "integer" });
      const bytes = blurred.writeToMemory();
      blurred.delete();
      im.delete();
      return { data: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length), width: square, height: square };
    },
  });
  const interior = interiorDifference(box.out.poolkit, box.out["wasm-vips conv"]);
  if (interior > 1) failures.push(`box blur: wasm-vips' conv differs from poolkit by ${interior} inside the border`);
  log(`box blur ${square}²: ${Object.entries(box.ms).map(([n, ms]) => `${n} ${ms.toFixed(1)} ms`).join(", ")}`);

  const costs = [];
  for (const c of [
    { label: `avg 2×2 /2, ${photo.join("×")}`, pic: img, o: { op: "avg", kernel: 2 } },
    { label: `avg 4×4 /4, ${photo.join("×")}`, pic: img, o: { op: "avg", kernel: 4 } },
    { label: `avg 3×3 /1 same, ${square}²`, pic: sq, o: { op: "avg", kernel: 3, stride: 1, padding: "same" } },
  ]) {
    const t = await interleave(rounds, Object.fromEntries(OPTIONS.map(({ label, o }) => [label, () => pk.pool(c.pic, { ...c.o, ...o })])));
    costs.push({ label: c.label, ms: t.ms });
    log(`options, ${c.label}: ${Object.entries(t.ms).map(([n, ms]) => `${n} ${ms.toFixed(1)} ms`).join(", ")}`);
  }
  return { photo, square, rounds, downscale, box: box.ms, costs, failures };
}

/** interleave calls each function once per round, in turn, after one warm-up call each; it returns medians and the last outputs. */
async function interleave(rounds, fns) {
  const times = Object.fromEntries(Object.keys(fns).map((n) => [n, []]));
  const out = {};
  for (const [n, f] of Object.entries(fns)) out[n] = await f();
  for (let r = 0; r < rounds; r++) {
    for (const [n, f] of Object.entries(fns)) {
      const t0 = performance.now();
      out[n] = await f();
      times[n].push(performance.now() - t0);
    }
  }
  return { ms: Object.fromEntries(Object.entries(times).map(([n, t]) => [n, median(t)])), out };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** interiorDifference returns the largest difference between a and b away from a one-pixel border. */
function interiorDifference(a, b) {
  let max = 0;
  for (let y = 1; y < a.height - 1; y++) {
    for (let i = (y * a.width + 1) * 4; i < (y * a.width + a.width - 1) * 4; i++) max = Math.max(max, Math.abs(a.data[i] - b.data[i]));
  }
  return max;
}

/** crop returns the top left of img the size of like. */
function crop(img, like) {
  if (img.width < like.width || img.height < like.height) return img;
  const data = new Uint8ClampedArray(like.width * like.height * 4);
  for (let y = 0; y < like.height; y++) data.set(img.data.subarray(y * img.width * 4, (y * img.width + like.width) * 4), y * like.width * 4);
  return { data, width: like.width, height: like.height };
}

/** formatDownscale renders the tables as Markdown lines. */
export function formatDownscale(d) {
  const f = (ms) => ms.toFixed(ms < 10 ? 2 : 1);
  const r = (peer, own) => `${(peer / own).toFixed(2)}×`;
  const out = [];
  const w = (s = "") => out.push(s);
  w(`## Downscaling a ${d.photo[0]}×${d.photo[1]} photo by k (Node, one thread)`);
  w();
  w(`Kernel = stride = k. Medians of ${d.rounds} interleaved rounds (one call of each library per round), RGBA bytes in and out, copies into and out of each library's wasm memory included.`);
  w("avg against wasm-vips' `shrink` (which rounds half up: it may differ by one), max against onnxruntime-web's uint8 MaxPool (byte-identical, checked). Ratios are peer / poolkit.");
  w();
  w("| k | avg: poolkit | wasm-vips `shrink` | ratio | max: poolkit | onnxruntime-web MaxPool | ratio |");
  w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const { k, ms } of d.downscale) {
    const pa = ms["poolkit avg"], va = ms["wasm-vips shrink"], pm = ms["poolkit max"], om = ms["onnxruntime-web MaxPool"];
    w(`| ${k} | ${f(pa)} | ${f(va)} | ${r(va, pa)} | ${f(pm)} | ${f(om)} | ${r(om, pm)} |`);
  }
  w();
  w(`## The 3×3 box blur of a ${d.square}×${d.square} picture (Node, one thread)`);
  w();
  w("poolkit's avg 3×3 /1 with `padding: \"same\"` against wasm-vips' `conv` with a 3×3 mask of ones and scale 9, its own box blur; it extends the border pixels where poolkit leaves the padding uncounted, and its integer path rounds some sums the other way: the interiors agree within one (checked).");
  w();
  w("| poolkit | wasm-vips `conv` | ratio |");
  w("| ---: | ---: | ---: |");
  w(`| ${f(d.box.poolkit)} | ${f(d.box["wasm-vips conv"])} | ${r(d.box["wasm-vips conv"], d.box.poolkit)} |`);
  w();
  w("## What the picture options cost (Node, one thread)");
  w();
  w("The same `pk.pool` call with `alpha: \"premultiplied\"`, `colorSpace: \"linear\"` or both, against the plain average; in parentheses, the option's time / the plain time.");
  w();
  w(`| call | ${OPTIONS.map((o) => o.label).join(" | ")} |`);
  w(`| --- | ${OPTIONS.map(() => "---:").join(" | ")} |`);
  for (const c of d.costs) {
    const plain = c.ms.plain;
    w(`| ${c.label} | ${OPTIONS.map((o) => (o.label === "plain" ? f(plain) : `${f(c.ms[o.label])} (${(c.ms[o.label] / plain).toFixed(2)}×)`)).join(" | ")} |`);
  }
  w();
  return out;
}
