// The 1-D view: a signal (a generated waveform, or a curve drawn by hand)
// pooled with the form's op, kernel width and stride, as MaxPool1d and
// AvgPool1d pool audio and time series. Each output is drawn as a bar across
// the input samples its window reads; a max's or min's dot marks the sample
// it came from.

export const LENGTH = 128;
export const WAVES = { chirp: "chirp", steps: "steps", noisy: "noisy sine" };

const SVG = "http://www.w3.org/2000/svg";
const W = 512; // the plot's width in viewBox units: 4 per sample
const H = 160;

/** Returns n samples of a waveform in [-1, 1]; the same every time. */
export function waveform(kind, n = LENGTH) {
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 30 - 1;
  };
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / n;
    switch (kind) {
      case "steps":
        return [0.6, -0.2, 0.9, -0.7, 0.1, 0.5, -0.9, 0.3][Math.floor(t * 8)];
      case "noisy":
        return 0.7 * Math.sin(2 * Math.PI * 3 * t) + 0.25 * noise();
      default:
        return Math.sin(2 * Math.PI * (2 + 10 * t) * t);
    }
  });
}

/**
 * The 1-D options that the form's 2-D options mean along the width: kernel
 * [kw], stride [sw], padding [pw] or the same word, dilation [dw].
 */
export function toSignalOptions(opts) {
  const width = (v) => (Array.isArray(v) ? v[1] : v);
  const o = { op: opts.op, kernel: [width(opts.kernel)] };
  if (opts.stride !== undefined) o.stride = [width(opts.stride)];
  if (opts.dilation !== undefined) o.dilation = [width(opts.dilation)];
  if (typeof opts.padding === "string") o.padding = opts.padding;
  else if (opts.padding !== undefined) o.padding = [width(opts.padding)];
  for (const key of ["ceilMode", "countIncludePad", "p"]) {
    if (opts[key] !== undefined) o[key] = opts[key];
  }
  if (o.op === "max" || o.op === "min") o.returnIndices = true;
  return o;
}

// windowStart returns where output i's window starts (possibly in the
// padding), with the padding the module applies before the input.
function windowStart(i, o, n, outLength) {
  const k = o.kernel[0];
  const s = o.stride?.[0] ?? k;
  const d = o.dilation?.[0] ?? 1;
  let before = 0;
  if (o.padding === "same") before = Math.floor(Math.max((outLength - 1) * s + (k - 1) * d + 1 - n, 0) / 2);
  else if (Array.isArray(o.padding)) before = o.padding[0];
  return i * s - before;
}

/**
 * Sets up the view. poolTensor(t, opts) is the engine's; render(poolOptions)
 * pools the current signal with the 1-D form of the page's options.
 */
export function setupSignal({ root, poolTensor }) {
  const plot = root.querySelector("#signal-plot");
  const select = root.querySelector("#signal-wave");
  const stats = root.querySelector("#signal-stats");
  const error = root.querySelector("#err-signal");
  // of is the input the output was pooled from.
  const view = { input: waveform("chirp"), output: null, indices: null, opts: null, of: null, wave: "chirp" };
  let last = null; // the page's pool options of the last render
  let gen = 0;

  select.replaceChildren(...Object.entries(WAVES).map(([value, label]) => new Option(label, value)));
  select.append(new Option("drawn by hand", "drawn"));
  select.addEventListener("change", () => {
    if (select.value === "drawn") return;
    view.wave = select.value;
    view.input = waveform(select.value);
    if (last) render(last);
  });

  const y = (v) => H / 2 - (v * (H - 16)) / 2;
  const x = (i) => (i + 0.5) * (W / LENGTH);

  // Drawing: each pointer position sets the sample under it, and the samples
  // between it and the last position, so a fast stroke leaves no gaps.
  let prev = null;
  const sampleAt = (e) => {
    const r = plot.getBoundingClientRect();
    const i = Math.min(LENGTH - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * LENGTH)));
    const v = Math.min(1, Math.max(-1, 1 - (2 * (e.clientY - r.top)) / r.height));
    return [i, v];
  };
  const paint = (e) => {
    const [i, v] = sampleAt(e);
    const [i0, v0] = prev ?? [i, v];
    const steps = Math.abs(i - i0);
    for (let k = 0; k <= steps; k++) {
      const t = steps ? k / steps : 1;
      view.input[Math.round(i0 + (i - i0) * t)] = v0 + (v - v0) * t;
    }
    prev = [i, v];
    view.wave = select.value = "drawn";
    draw();
  };
  plot.addEventListener("pointerdown", (e) => {
    plot.setPointerCapture(e.pointerId);
    view.input = Float32Array.from(view.input);
    prev = null;
    paint(e);
  });
  plot.addEventListener("pointermove", (e) => {
    if (prev) paint(e);
  });
  const end = () => {
    if (!prev) return;
    prev = null;
    if (last) render(last);
  };
  plot.addEventListener("pointerup", end);
  plot.addEventListener("pointercancel", end);

  function el(name, attrs) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  }

  function draw() {
    const parts = [el("line", { x1: 0, x2: W, y1: y(0), y2: y(0), stroke: "currentColor", "stroke-opacity": 0.25 })];
    parts.push(el("polyline", {
      class: "signal-in", fill: "none", stroke: "currentColor", "stroke-opacity": 0.55, "stroke-width": 1.5,
      points: Array.from(view.input, (v, i) => `${x(i)},${y(v)}`).join(" "),
    }));
    const out = view.output;
    if (out && !prev) {
      const o = view.opts;
      const k = o.kernel[0], d = o.dilation?.[0] ?? 1;
      out.forEach((v, i) => {
        const s = Math.max(0, windowStart(i, o, LENGTH, out.length));
        const e = Math.min(LENGTH - 1, windowStart(i, o, LENGTH, out.length) + (k - 1) * d);
        parts.push(el("line", {
          class: "signal-out", x1: x(s) - 1.5, x2: x(e) + 1.5, y1: y(v), y2: y(v), "data-i": i,
          style: "stroke: var(--accent)", "stroke-width": 3, "stroke-opacity": 0.8,
        }));
      });
      view.indices?.forEach((at, i) => {
        parts.push(el("circle", { class: "signal-win", cx: x(at), cy: y(out[i]), r: 3, style: "fill: var(--accent)" }));
      });
    }
    plot.replaceChildren(...parts);
  }

  async function render(poolOptions) {
    last = poolOptions;
    const my = ++gen;
    const o = toSignalOptions(poolOptions);
    const input = view.input;
    try {
      const r = await poolTensor({ data: Float32Array.from(input), shape: [1, LENGTH] }, o);
      if (my !== gen) return;
      Object.assign(view, { output: r.data, indices: r.indices ?? null, opts: o, of: input });
      error.hidden = true;
      const k = o.kernel[0], s = o.stride?.[0] ?? k;
      stats.textContent = `${LENGTH} samples → ${r.data.length}: ${o.op} over ${k} sample${k === 1 ? "" : "s"}, every ${s}` +
        ` (poolTensor with kernel [${k}] on shape [1, ${LENGTH}])`;
    } catch (e) {
      if (my !== gen) return;
      Object.assign(view, { output: null, indices: null, opts: o, of: input });
      error.textContent = `1-D: ${e.message ?? e}`;
      error.hidden = false;
      stats.textContent = "";
    }
    draw();
  }

  draw();
  return { view, render };
}
