// The views beside the main result: max/avg/min compared, the pyramid, the
// global average and the alpha and linear-light before/after.

import { draw, heatMap, toTensor, pixelAt, rgba } from "./pixels.js";
import { decodePng } from "./png.js";

const $ = (sel, root = document) => root.querySelector(sel);

/** The window of opts without what only one op takes. */
export function geometryOf(opts) {
  const g = {};
  for (const k of ["kernel", "stride", "padding", "dilation", "ceilMode"]) if (opts[k] !== undefined) g[k] = opts[k];
  return g;
}

export const COMPARE_OPS = ["max", "avg", "min"];

/** Pools img with max, avg and min over the same windows; pool(img, opts) is the engine's. */
export async function computeCompare(pool, img, opts, tick) {
  const g = geometryOf(opts);
  const out = {};
  for (const op of COMPARE_OPS) {
    out[op] = await pool(img, { ...g, op });
    tick();
  }
  return out;
}

export function showCompare(out) {
  for (const op of COMPARE_OPS) {
    draw($(`#cmp-${op}`), out[op]);
    $(`#compare-grid [data-size="${op}"]`).textContent = `${out[op].width}×${out[op].height}`;
  }
  const heat = heatMap(out.max, out.avg);
  draw($("#cmp-heat"), heat.image);
  $("#cmp-heat-stats").textContent = `mean ${heat.mean.toFixed(1)}, largest ${heat.max.toFixed(0)}`;
  return heat;
}

/** Repeated 2x2 stride 2 pooling until a side would drop below 1. */
export async function computePyramid(pool, img, op, tick) {
  const levels = [img];
  let cur = img;
  while (cur.width >= 2 && cur.height >= 2) {
    cur = await pool(cur, { op, kernel: 2, stride: 2 });
    levels.push(cur);
    tick();
  }
  return levels;
}

/** How many pool calls computePyramid makes for a picture of this size. */
export function pyramidCalls(w, h) {
  let n = 0;
  while (w >= 2 && h >= 2) {
    w = Math.floor(w / 2);
    h = Math.floor(h / 2);
    n++;
  }
  return n;
}

export function showPyramid(levels, sameSize) {
  const list = $("#pyramid");
  const first = levels[0];
  // The largest level fills about 20rem; every other keeps its share of it,
  // so the shrinking is seen, not only read.
  const scale = Math.min(320 / first.width, 240 / first.height);
  list.replaceChildren(...levels.map((lv, i) => {
    const li = document.createElement("li");
    const fig = document.createElement("figure");
    const frame = document.createElement("div");
    frame.className = "frame checker";
    const c = document.createElement("canvas");
    draw(c, lv);
    const w = sameSize ? first.width * scale : Math.max(lv.width * scale, 1);
    const h = sameSize ? first.height * scale : Math.max(lv.height * scale, 1);
    c.style.width = `${w}px`;
    c.style.height = `${h}px`;
    frame.append(c);
    const cap = document.createElement("figcaption");
    const px = lv.width * lv.height;
    const share = i === 0 ? "input" : `${((100 * px) / (levels[i - 1].width * levels[i - 1].height)).toFixed(0)}% of level ${i - 1}`;
    cap.innerHTML = `<strong>level ${i}</strong><br><span class="size">${lv.width}×${lv.height}</span><br>${px.toLocaleString("en")} px · ${share}`;
    li.dataset.width = lv.width;
    li.dataset.height = lv.height;
    fig.append(frame, cap);
    li.append(fig);
    return li;
  }));
}

const CHANNELS = [
  { name: "red", color: (v) => `rgb(${v}, 0, 0)` },
  { name: "green", color: (v) => `rgb(0, ${v}, 0)` },
  { name: "blue", color: (v) => `rgb(0, 0, ${v})` },
  { name: "alpha", color: (v) => `rgb(${v}, ${v}, ${v})` },
];

/** Per-channel means over the whole picture; globalPool is the engine's. */
export async function computeGlobal(globalPool, img) {
  const out = await globalPool(toTensor(img, 4), { op: "avg" });
  return Array.from(out.data);
}

export function showGlobal(means) {
  const round = means.map((v) => Math.round(v));
  const swatch = (label, color, text, key) => {
    const d = document.createElement("div");
    d.className = "swatch";
    d.dataset.channel = key;
    const i = document.createElement("i");
    i.style.background = color;
    const t = document.createElement("div");
    t.innerHTML = `<b>${label}</b><span>${text}</span>`;
    d.append(i, t);
    return d;
  };
  $("#global").replaceChildren(
    ...CHANNELS.map((c, k) => swatch(c.name, c.color(round[k]), means[k].toFixed(2), c.name)),
    swatch("mean colour", `rgba(${round[0]}, ${round[1]}, ${round[2]}, ${(means[3] / 255).toFixed(3)})`,
      `#${round.slice(0, 3).map((v) => v.toString(16).padStart(2, "0")).join("")}`, "mean"),
  );
}

async function loadSample(url) {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const img = await decodePng(bytes);
  if (!img) throw new Error(`${url}: not a PNG this page can read`);
  return img;
}

// The window of the disc card that is half opaque red, half transparent
// black: the disc's top edge runs through it.
export const DISC_PROBE = { x: 15, y: 4 };

/** The before/after of the two picture options (straight vs premultiplied alpha, sRGB vs linear light), on the two bundled test cards. */
export async function computeBeforeAfter(pool) {
  const [disc, check] = await Promise.all([loadSample("samples/disc.png"), loadSample("samples/checkerboard.png")]);
  const avg = { op: "avg", kernel: 2, stride: 2 };
  return {
    disc,
    check,
    straight: await pool(disc, { ...avg, alpha: "straight" }),
    premul: await pool(disc, { ...avg, alpha: "premultiplied" }),
    srgb: await pool(check, { ...avg, colorSpace: "srgb" }),
    linear: await pool(check, { ...avg, colorSpace: "linear" }),
  };
}

export function showBeforeAfter(ba) {
  draw($("#ba-disc-in"), ba.disc);
  draw($("#ba-disc-straight"), ba.straight);
  draw($("#ba-disc-premul"), ba.premul);
  draw($("#ba-check-in"), ba.check);
  draw($("#ba-check-srgb"), ba.srgb);
  draw($("#ba-check-linear"), ba.linear);
  const { x, y } = DISC_PROBE;
  const s = pixelAt(ba.straight, x, y), p = pixelAt(ba.premul, x, y);
  const chip = (px) => `<span class="chip" style="background:rgba(${px[0]},${px[1]},${px[2]},${(px[3] / 255).toFixed(3)})"></span>`;
  $("#probe-alpha").innerHTML =
    `Output (${x}, ${y}) pools two opaque red and two transparent black pixels: ` +
    `straight ${chip(s)} <code data-probe="straight">${rgba(s)}</code>, dark red at half alpha; ` +
    `premultiplied ${chip(p)} <code data-probe="premultiplied">${rgba(p)}</code>, pure red at half alpha.`;
  const a = pixelAt(ba.srgb, 0, 0), b = pixelAt(ba.linear, 0, 0);
  $("#probe-linear").innerHTML =
    `Two black and two white pixels: srgb ${chip(a)} <code data-probe="srgb">${a[0]}</code>, ` +
    `linear ${chip(b)} <code data-probe="linear">${b[0]}</code> &mdash; half the light of white is byte ${b[0]}, not ${a[0]}.`;
}
