// The gradient view: where max, average and Lp pooling send an output's
// gradient back to their input, on a small map made from the picture. The
// values are pk.poolTensorGrad's; the page only colours them.

/** The side of the map the view works on. */
export const SIDE = 12;

/** The ops whose gradients the view shows side by side. */
export const GRAD_OPS = ["max", "avg", "lp"];

// The picture's luminance in [0, 1], one plane of width*height.
function luminance({ data, width, height }) {
  const plane = new Float32Array(width * height);
  for (let i = 0; i < plane.length; i++) {
    plane[i] = (0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2]) / 255;
  }
  return plane;
}

// The windowed options of the form that apply to one map: the window, and
// countIncludePad and p for the ops that read them.
function windowOptions(opts, op) {
  const o = { op, kernel: opts.kernel };
  for (const key of ["stride", "padding", "dilation", "ceilMode"]) if (opts[key] !== undefined) o[key] = opts[key];
  if (op === "avg" && opts.countIncludePad === false) o.countIncludePad = false;
  if (op === "lp") o.p = opts.op === "lp" && opts.p !== undefined ? opts.p : 2;
  return o;
}

// A gradient in a small cell: two decimals without the leading zero; a
// value that rounds to zero but is not zero shows as "~0".
function fmt(v) {
  if (v === 0) return "";
  const r = Math.round(v * 100) / 100;
  return r === 0 ? "~0" : String(r).replace(/^(-?)0\./, "$1.");
}

/**
 * Sets up the view. engine holds adaptivePool, poolTensor and
 * poolTensorGrad (promises). render(picture, opts) makes the map and the
 * output grid for the form's options; picking an output cell, shift-clicking
 * more (a drawn gradient) or "every output" shows the gradients. The state
 * is in view for tests.
 */
export function setupGradient({ root, engine }) {
  const outEl = root.querySelector("#grad-out");
  const err = root.querySelector("#err-grad");
  const stats = root.querySelector("#grad-stats");
  const grids = Object.fromEntries(GRAD_OPS.map((op) => [op, root.querySelector(`#grad-${op}`)]));
  const view = { map: null, opts: null, outShape: null, picked: null, grads: null, done: Promise.resolve() };
  let gen = 0;

  function cellsOf(el, n, cols) {
    el.style.gridTemplateColumns = `repeat(${cols}, var(--grad-cell))`;
    if (el.children.length !== n) el.replaceChildren(...Array.from({ length: n }, () => document.createElement("span")));
    return [...el.children];
  }

  function showMap() {
    for (const op of GRAD_OPS) {
      cellsOf(grids[op], SIDE * SIDE, SIDE).forEach((c, i) => {
        const v = view.map[i];
        const grey = Math.round(v * 255);
        c.style.background = `rgb(${grey} ${grey} ${grey})`;
        c.style.boxShadow = "";
        c.textContent = "";
        c.dataset.i = i;
        c.dataset.g = "0";
        c.classList.remove("lit");
      });
    }
  }

  function fail(e) {
    err.textContent = `The ${SIDE}×${SIDE} map cannot be pooled with these options: ${e.message ?? e}`;
    err.hidden = false;
    outEl.replaceChildren();
    stats.textContent = "";
  }

  /** Makes the map from picture and the output grid for opts. */
  async function render(picture, opts) {
    const my = ++gen;
    err.hidden = true;
    try {
      const plane = { data: luminance(picture), shape: [picture.height, picture.width] };
      const map = await engine.adaptivePool(plane, { op: "avg", outputSize: [SIDE, SIDE] });
      const forward = await engine.poolTensor({ data: map.data, shape: [SIDE, SIDE] }, windowOptions(opts, "max"));
      if (my !== gen) return;
      view.map = map.data;
      view.opts = opts;
      view.outShape = forward.shape;
      view.grads = null;
      showMap();
      const [oh, ow] = forward.shape;
      // The picked cells stay picked while they exist.
      const fits = Array.isArray(view.picked) && view.picked.every((o) => o < oh * ow);
      const keep = view.picked === "all" || fits ? view.picked : [0];
      outEl.style.gridTemplateColumns = `repeat(${ow}, var(--grad-cell))`;
      outEl.replaceChildren(...Array.from({ length: oh * ow }, (_, o) => {
        const b = document.createElement("button");
        b.type = "button";
        // Shift-click draws a gradient: it adds the cell to (or takes it
        // from) those picked.
        b.addEventListener("click", (e) => {
          const cells = Array.isArray(view.picked) ? view.picked : [];
          if (!e.shiftKey) pick([o]);
          else if (!cells.includes(o)) pick([...cells, o]);
          else if (cells.length > 1) pick(cells.filter((c) => c !== o));
        });
        return b;
      }));
      [...outEl.children].forEach((b, o) => {
        b.dataset.o = o;
        b.setAttribute("aria-label", `output row ${Math.floor(o / ow)}, column ${o % ow}`);
        const grey = Math.round(forward.data[o] * 255);
        b.style.background = `rgb(${grey} ${grey} ${grey})`;
      });
      await pick(keep);
    } catch (e) {
      if (my === gen) fail(e);
    }
  }

  /** Shows the gradients of gradient 1 at the output cells picked (an array), or at every output ("all"). */
  async function pick(picked) {
    if (!view.map) return;
    const my = ++gen;
    const [oh, ow] = view.outShape;
    const grad = new Float32Array(oh * ow);
    if (picked === "all") grad.fill(1);
    else for (const o of picked) grad[o] = 1;
    const t = { data: view.map, shape: [SIDE, SIDE] };
    const run = async () => {
      const results = await Promise.all(GRAD_OPS.map((op) => engine.poolTensorGrad(t, { data: grad, shape: [oh, ow] }, windowOptions(view.opts, op))));
      if (my !== gen) return;
      view.picked = picked;
      view.grads = Object.fromEntries(GRAD_OPS.map((op, i) => [op, results[i].data]));
      for (const b of outEl.children) {
        const on = grad[Number(b.dataset.o)] !== 0;
        b.classList.toggle("lit", on);
        b.setAttribute("aria-pressed", String(on));
      }
      for (const op of GRAD_OPS) {
        const g = view.grads[op];
        let top = 0;
        for (const v of g) top = Math.max(top, Math.abs(v));
        [...grids[op].children].forEach((c, i) => {
          const v = g[i];
          c.dataset.g = String(v);
          c.textContent = fmt(v);
          // The gradient as a coloured cover over the grey map: its share of the largest.
          c.style.boxShadow = v === 0 ? "" : `inset 0 0 0 999px rgb(${v > 0 ? "230 80 20" : "40 90 230"} / ${(0.25 + 0.75 * Math.abs(v) / top).toFixed(3)})`;
          c.classList.toggle("lit", v !== 0);
        });
      }
      const count = (op) => view.grads[op].reduce((n, v) => n + (v !== 0), 0);
      const reach = `max reaches ${count("max")} input cells, avg ${count("avg")}, lp ${count("lp")}.`;
      if (picked === "all") stats.textContent = `Every output's gradient 1: ${reach}`;
      else if (picked.length > 1) stats.textContent = `${picked.length} outputs with gradient 1: ${reach}`;
      else {
        const [o] = picked;
        stats.textContent = `Output (row ${Math.floor(o / ow)}, column ${o % ow}) with gradient 1: max sends it to ` +
          `${count("max")} input cell, avg to ${count("avg")} cells, lp to ${count("lp")}.`;
      }
    };
    view.done = run().catch((e) => { if (my === gen) fail(e); });
    return view.done;
  }

  root.querySelector("#grad-all").addEventListener("click", () => pick("all"));
  return { render, pick, view };
}

/**
 * Fractional max pooling of a picture: its four channels as planes of a
 * uint8 tensor, pooled by fractionalMaxPool with the same samples for
 * every plane (so that the channels' windows line up), and interleaved
 * back. Returns the picture and the samples used.
 */
export async function fractionalPicture(fractionalMaxPool, img, kernel, ratio) {
  const { width: w, height: h, data } = img;
  const n = w * h;
  const planes = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) for (let c = 0; c < 4; c++) planes[c * n + i] = data[4 * i + c];
  // Math.random() below 1 can still round to 1 in float32, which is no sample.
  const draw = () => Math.min(Math.fround(Math.random()), 1 - 2 ** -24);
  const pair = [draw(), draw()];
  const samples = Float32Array.from({ length: 8 }, (_, i) => pair[i % 2]);
  const r = await fractionalMaxPool({ data: planes, shape: [4, h, w] }, { kernel, outputRatio: ratio, samples });
  const [, oh, ow] = r.shape;
  const m = oh * ow;
  const out = new Uint8ClampedArray(4 * m);
  for (let i = 0; i < m; i++) for (let c = 0; c < 4; c++) out[4 * i + c] = r.data[c * m + i];
  return { picture: { data: out, width: ow, height: oh }, samples };
}
