// The pooling lab: wires the picture, the option form and the views to the
// poolkit engine, and keeps the view's state in the URL.

import { createEngine } from "./engine.js";
import * as O from "./options.js";
import { draw, pngBlob } from "./pixels.js";
import { DEFAULT_SAMPLE, SAMPLES, setupInput } from "./input.js";
import {
  computeCompare, showCompare, computePyramid, showPyramid, pyramidCalls,
  computeGlobal, showGlobal, computeBeforeAfter, showBeforeAfter, COMPARE_OPS,
} from "./views.js";
import { setupExplainer } from "./explainer.js";
import { fractionalPicture, setupGradient } from "./gradient.js";
import { setupSignal } from "./signal.js";
import { runAtEdge } from "./edge.js";
import { setupLive } from "./live.js";

const $ = (sel) => document.querySelector(sel);

// A worked example with a tie in a max window and a fractional mean.
const EXPLAINER_GRID = [1, 3, 2, 9, 5, 6, 1, 1, 7, 2, 8, 4, 0, 7, 6, 5];

const form = $("#options");
const state = {
  engine: null,
  signal: null, // the signal view, set up once the engine is
  input: null, // { data, width, height, name, sample? }
  inputGen: 0, // bumps when the picture changes
  result: null,
  resultOpts: null,
  resultInput: null, // the input the result was pooled from
  runGen: 0,
  abort: null, // the AbortController of the run in flight
  idle: null, // settles when the scheduled run is done
  pendingIdle: null, // resolves idle
  derivedFor: -1, // the inputGen the pyramid and global views show
  pyramid: null, // the pyramid's levels
  pyramidKey: "",
  timer: 0,
  fractional: null, // { opts, samples } of a fractional result
  gradient: null, // the gradient view, set up once the engine is
};

// What page code and tests can read without scraping the DOM.
window.lab = {
  state,
  ready: null,
  idle: () => state.idle ?? Promise.resolve(),
  live: setupLive({ root: $("#live-view"), pyramidOp: () => $("#pyramid-op").value }),
};

// ---- the option form ----------------------------------------------------

function buildPresets() {
  $("#presets").replaceChildren(...O.PRESETS.map((p) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = p.name;
    b.addEventListener("click", () => {
      O.writeForm(form, O.presetValues(p));
      schedule(0);
    });
    return b;
  }));
}

form.addEventListener("input", () => {
  O.syncApplicability(form);
  schedule();
});
form.addEventListener("change", () => {
  O.syncApplicability(form);
  schedule();
});
form.addEventListener("submit", (e) => e.preventDefault());

const FIELD_NAMES = Object.keys(O.FIELD_INPUTS);

function clearErrors() {
  for (const f of [...FIELD_NAMES, "general", "input", "compare"]) {
    const el = $(`#err-${f}`);
    if (el) {
      el.hidden = true;
      el.textContent = "";
    }
  }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
}

/** Puts an engine error next to the control it names; returns that field. */
function showError(err) {
  const message = String(err?.message ?? err);
  const field = O.errorTarget(err);
  const el = $(`#err-${field}`) ?? $("#err-general");
  el.textContent = message;
  el.hidden = false;
  for (const name of O.FIELD_INPUTS[field] ?? []) form.elements[name].setAttribute("aria-invalid", "true");
  if (field !== "general") {
    // The summary by the result, for when the control is off screen (phones).
    const g = $("#err-general");
    g.textContent = field === "input" ? `The picture cannot be pooled: ${message}` : `No result: ${message} (see the ${field} control).`;
    g.hidden = false;
  }
  return field;
}

// ---- URL state ----------------------------------------------------------

function extras() {
  const zoom = $("#zoom").value;
  return {
    sample: state.input?.sample ?? "",
    zoom: zoom === "fit" ? "" : zoom,
    pyramid: $("#pyramid-op").value === "max" ? "" : $("#pyramid-op").value,
    edge: $("#edge-url").value.trim(),
  };
}

function updateURL() {
  const hash = O.toHash(O.readForm(form), extras());
  const url = `${location.pathname}${location.search}${hash ? `#${hash}` : ""}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(null, "", url);
}

function restoreFromURL() {
  const { values, params } = O.fromHash(location.hash);
  O.writeForm(form, values);
  const zoom = params.get("zoom");
  $("#zoom").value = ["1", "2", "4", "8"].includes(zoom) ? zoom : "fit";
  const pyr = params.get("pyramid");
  $("#pyramid-op").value = ["avg", "min"].includes(pyr) ? pyr : "max";
  $("#edge-url").value = params.get("edge") ?? "";
  const sample = params.get("sample");
  return SAMPLES.some((s) => s.id === sample) ? sample : null;
}

window.addEventListener("hashchange", () => {
  const sample = restoreFromURL();
  if (sample && sample !== state.input?.sample) picture.loadSample(sample);
  else schedule(0);
});

// ---- the picture --------------------------------------------------------

// The picture comes from input.js (samples, file, drop, paste); showing it
// and running on it is the lab's.
const picture = setupInput({
  onPicture(input) {
    state.input = input;
    state.inputGen++;
    draw($("#input-canvas"), input);
    $("#input-size").textContent = `${input.width}×${input.height}`;
    applyZoom();
    schedule(0);
  },
});

// ---- zoom ---------------------------------------------------------------

function applyZoom() {
  const z = $("#zoom").value;
  const pair = $("#pair-view");
  pair.classList.toggle("fit", z === "fit");
  pair.classList.toggle("actual", z !== "fit");
  for (const c of [$("#input-canvas"), $("#result-canvas")]) {
    if (z === "fit") {
      c.style.width = "";
      c.style.height = "";
    } else {
      c.style.width = `${c.width * Number(z)}px`;
      c.style.height = `${c.height * Number(z)}px`;
    }
  }
}

$("#zoom").addEventListener("change", () => {
  applyZoom();
  updateURL();
});

// ---- running ------------------------------------------------------------

function schedule(delay = 150) {
  clearTimeout(state.timer);
  state.timer = setTimeout(() => {
    run();
  }, delay);
  if (!state.pendingIdle) {
    // Tests and callers wait on lab.idle() for the run that is about to start.
    let resolve;
    state.idle = new Promise((r) => { resolve = r; });
    state.pendingIdle = resolve;
  }
}

function setBusy(done, total, label) {
  const busy = $("#busy");
  busy.hidden = done >= total;
  $("#progress").value = total ? done / total : 0;
  $("#progress-text").textContent = done >= total ? "" : `${label} — ${done} of ${total} calls`;
  $("#views").setAttribute("aria-busy", String(done < total));
}

async function run() {
  const gen = ++state.runGen;
  const finish = state.pendingIdle;
  state.pendingIdle = null;
  // A newer run makes this one's work useless: stop its queued calls.
  state.abort?.abort();
  const ctl = new AbortController();
  state.abort = ctl;
  try {
    await runOnce(gen, ctl.signal);
  } catch (e) {
    // An aborted run ends here by design; anything else is a bug in the page,
    // reported without taking the page down.
    if (gen === state.runGen) console.error(e);
  } finally {
    if (gen === state.runGen) setBusy(1, 1);
    finish?.();
  }
}

async function runOnce(gen, signal) {
  const values = O.readForm(form);
  const opts = O.toPoolOptions(values);
  const fractional = O.toFractionalOptions(values);
  window.lab.live.setOptions(opts);
  updateURL();
  if (!state.engine) return;
  // The 1-D view needs no picture; it finishes alongside the rest.
  const signalDone = state.signal?.render(opts);
  if (!state.input) return signalDone;
  const input = state.input;
  const inputGen = state.inputGen;
  const pyramidKey = `${inputGen}/${$("#pyramid-op").value}`;
  const needPyramid = state.pyramidKey !== pyramidKey;
  const needGlobal = state.derivedFor !== inputGen;
  const total = 1 + COMPARE_OPS.length + (needPyramid ? pyramidCalls(input.width, input.height) : 0) + (needGlobal ? 1 : 0);
  let done = 0;
  const stale = () => gen !== state.runGen;
  const label = `pooling ${state.engine.kind}`;
  const tick = () => { if (!stale()) setBusy(++done, total, label); };
  setBusy(0, total, label);
  const pool = (img, o) => state.engine.pool(img, o, { signal });

  clearErrors();
  let ok = false;
  const t0 = performance.now();
  try {
    let result;
    if (fractional) {
      const f = await fractionalPicture((t, o) => state.engine.fractionalMaxPool(t, o), input, fractional.kernel, fractional.outputRatio);
      result = f.picture;
      if (!stale()) state.fractional = { opts: fractional, samples: f.samples };
    } else {
      result = await state.engine.pool(input, opts, {
        signal,
        onProgress: (f) => { if (!stale()) $("#progress").value = (done + f) / total; },
      });
    }
    const ms = performance.now() - t0;
    if (stale()) return;
    if (!fractional) state.fractional = null;
    state.result = result;
    state.resultOpts = opts;
    state.resultInput = input;
    draw($("#result-canvas"), result);
    applyZoom();
    $("#result-size").textContent = `${result.width}×${result.height}`;
    const kept = (100 * result.width * result.height) / (input.width * input.height);
    $("#result-stats").innerHTML =
      `<strong>${input.width}×${input.height} → ${result.width}×${result.height}</strong> ` +
      `(${kept < 10 ? kept.toFixed(1) : kept.toFixed(0)}% of the pixels) in <strong id="result-ms">${ms.toFixed(1)} ms</strong> ` +
      `<span class="hint">(${state.engine.kind}, transfers included)</span>`;
    $("#result-view").classList.remove("stale");
    $("#download").disabled = false;
    // The edge pools with the options, not fractionally: nothing to compare.
    $("#edge-run").disabled = Boolean(fractional);
    ok = true;
  } catch (e) {
    if (stale()) return;
    showError(e);
    state.result = null;
    $("#result-view").classList.add("stale");
    $("#download").disabled = true;
    $("#edge-run").disabled = true;
    $("#result-stats").textContent = "";
  }
  tick();

  if (ok) {
    try {
      const cmp = await computeCompare(pool, input, opts, tick);
      if (stale()) return;
      showCompare(cmp);
    } catch (e) {
      if (stale()) return;
      const el = $("#err-compare");
      el.textContent = String(e.message ?? e);
      el.hidden = false;
    }
  } else {
    const el = $("#err-compare");
    el.textContent = "These windows cannot be pooled; fix the options first.";
    el.hidden = false;
    done += COMPARE_OPS.length;
  }

  await state.gradient?.render(input, opts);
  if (stale()) return;

  if (needPyramid) {
    const levels = await computePyramid(pool, input, $("#pyramid-op").value, tick);
    if (stale()) return;
    showPyramid(levels, $("#pyramid-same").checked);
    state.pyramid = levels;
    state.pyramidKey = pyramidKey;
  }
  if (needGlobal) {
    const means = await computeGlobal((t, o) => state.engine.globalPool(t, o, { signal }), input);
    if (stale()) return;
    showGlobal(means);
    state.derivedFor = inputGen;
    tick();
  }
  await signalDone;
}

$("#pyramid-op").addEventListener("change", () => schedule(0));
$("#pyramid-same").addEventListener("change", () => {
  if (state.pyramid) showPyramid(state.pyramid, $("#pyramid-same").checked);
});

// ---- download, share, edge ----------------------------------------------

$("#download").addEventListener("click", async () => {
  if (!state.result) return;
  const v = O.readForm(form);
  const base = (state.resultInput.name || "picture").replace(/\.[a-z0-9]+$/i, "");
  const a = document.createElement("a");
  a.href = URL.createObjectURL(await pngBlob(state.result));
  a.download = `${base}-${v.op}-${v.kh}x${v.kw}.png`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
});

$("#share").addEventListener("click", async () => {
  updateURL();
  const status = $("#share-status");
  const note = state.input?.sample ? "" : " Your own picture is not in the link; it opens with the default sample.";
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent = `Link copied.${note}`;
  } catch {
    status.textContent = `The address bar holds the link.${note}`;
  }
});

$("#edge-url").addEventListener("change", updateURL);
$("#edge-run").addEventListener("click", async () => {
  if (!state.result) return;
  const btn = $("#edge-run");
  btn.disabled = true;
  try {
    window.lab.edge = await runAtEdge({
      base: $("#edge-url").value,
      input: state.resultInput,
      result: state.result,
      opts: state.resultOpts,
      els: {
        status: $("#edge-status"),
        out: $("#edge-out"),
        canvas: $("#edge-canvas"),
        size: $("#edge-size"),
        facts: $("#edge-facts"),
      },
    });
  } finally {
    btn.disabled = !state.result;
  }
});

// ---- start --------------------------------------------------------------

async function start() {
  buildPresets();
  picture.buildSamples();
  const sample = restoreFromURL();
  $("#input-status").textContent = "Loading the WebAssembly module…";
  try {
    state.engine = await createEngine();
  } catch (e) {
    const g = $("#err-general");
    g.textContent = `The pooling module did not load: ${e.message}. Build it with “make build” and serve the site with “make run”.`;
    g.hidden = false;
    $("#input-status").textContent = "";
    throw e;
  }
  state.signal = setupSignal({ root: $("#signal-view"), poolTensor: (t, o) => state.engine.poolTensor(t, o) });
  window.lab.signal = state.signal.view;
  state.gradient = setupGradient({ root: $("#grad-view"), engine: state.engine });
  window.lab.gradient = state.gradient.view;
  const explainer = setupExplainer({
    root: $("#explainer"),
    poolTensor: (t, o) => state.engine.poolTensor(t, o),
    initial: EXPLAINER_GRID,
  });
  await Promise.all([
    picture.loadSample(sample ?? DEFAULT_SAMPLE),
    explainer.render(),
    computeBeforeAfter((img, o) => state.engine.pool(img, o)).then(showBeforeAfter, (e) => {
      const el = $("#err-ba");
      el.textContent = String(e.message ?? e);
      el.hidden = false;
    }),
  ]);
  await state.idle;
}

window.lab.ready = start();
