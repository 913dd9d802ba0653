// The option form: its values, the pool options they mean, presets, the URL
// that restores them, and where an engine error belongs on the page.

/** The form's fields and their defaults; "" in a number field means the option's own default. */
export const DEFAULTS = Object.freeze({
  op: "max",
  kh: "2", kw: "2",
  sh: "", sw: "",
  padmode: "n", ph: "0", pw: "0",
  dh: "1", dw: "1",
  ceilMode: false,
  countIncludePad: true,
  p: "2",
  fractional: false,
  ratio: "0.6",
  alpha: "straight",
  colorSpace: "srgb",
});

export const PRESETS = [
  { name: "CNN 2x2 stride 2", values: { op: "max", kh: "2", kw: "2", sh: "2", sw: "2", padmode: "n", ph: "0", pw: "0" } },
  { name: "box blur 3x3", values: { op: "avg", kh: "3", kw: "3", sh: "1", sw: "1", padmode: "same" } },
  { name: "dilate 5x5", values: { op: "max", kh: "5", kw: "5", sh: "1", sw: "1", padmode: "same" } },
  { name: "erode 5x5", values: { op: "min", kh: "5", kw: "5", sh: "1", sw: "1", padmode: "same" } },
  { name: "pixelate 16x16", values: { op: "avg", kh: "16", kw: "16", sh: "16", sw: "16", padmode: "n", ph: "0", pw: "0", ceilMode: true } },
];

// A preset sets the window; everything it does not name goes back to the
// default, so a preset always means the same pooling.
export function presetValues(preset) {
  return { ...DEFAULTS, ...preset.values };
}

const BOOLEANS = ["ceilMode", "countIncludePad", "fractional"];

export function readForm(form) {
  const v = {};
  for (const key of Object.keys(DEFAULTS)) {
    const el = form.elements[key];
    v[key] = BOOLEANS.includes(key) ? el.checked : el.value.trim();
  }
  return v;
}

export function writeForm(form, values) {
  for (const key of Object.keys(DEFAULTS)) {
    const el = form.elements[key];
    const value = values[key] ?? DEFAULTS[key];
    if (BOOLEANS.includes(key)) el.checked = Boolean(value);
    else el.value = String(value);
  }
  syncApplicability(form);
}

/** Greys out the fields that the chosen op or padding mode ignores. */
export function syncApplicability(form) {
  const { op, padmode } = readForm(form);
  form.elements.ph.disabled = form.elements.pw.disabled = padmode !== "n";
  form.elements.countIncludePad.disabled = op !== "avg" || padmode === "same";
  form.elements.p.disabled = op !== "lp";
  form.elements.ratio.disabled = !form.elements.fractional.checked;
}

/**
 * The fractionalMaxPool options the form describes, or null when fractional
 * pooling is off: the kernel and the output ratio.
 */
export function toFractionalOptions(v) {
  if (!v.fractional) return null;
  return { kernel: pair(v.kh, v.kw), outputRatio: num(v.ratio) ?? NaN };
}

// A number field's value as the module expects it: the number typed, even
// when it is out of range or fractional, so that the module's own validation
// names the problem; an empty required field is left out and reported by it.
function num(s) {
  return s === "" ? undefined : Number(s);
}

function pair(h, w) {
  const a = num(h), b = num(w);
  if (a === undefined && b === undefined) return undefined;
  if (a !== undefined && b !== undefined && a === b) return a;
  // One side left empty is an error for the module to name, not a square.
  return [a ?? NaN, b ?? NaN];
}

/** The pk.pool options the form describes. */
export function toPoolOptions(v) {
  const o = { op: v.op, kernel: pair(v.kh, v.kw) };
  const stride = pair(v.sh, v.sw);
  if (stride !== undefined) o.stride = stride;
  if (v.padmode === "same" || v.padmode === "valid") o.padding = v.padmode;
  else {
    const padding = pair(v.ph, v.pw);
    if (padding !== undefined && padding !== 0) o.padding = padding;
  }
  const dilation = pair(v.dh, v.dw);
  if (dilation !== undefined && dilation !== 1) o.dilation = dilation;
  if (v.ceilMode) o.ceilMode = true;
  if (v.op === "avg" && !v.countIncludePad && v.padmode !== "same") o.countIncludePad = false;
  if (v.op === "lp" && v.p !== "") o.p = num(v.p);
  if (v.alpha !== "straight") o.alpha = v.alpha;
  if (v.colorSpace !== "srgb") o.colorSpace = v.colorSpace;
  return o;
}

/** The /v1/pool query for pool options: the JS names, pairs written "h,w". */
export function toQuery(opts) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(opts)) {
    if (value === undefined) continue;
    q.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return q;
}

/** The form values as a URL hash; only what differs from the defaults. */
export function toHash(v, extra = {}) {
  const q = new URLSearchParams();
  for (const [key, def] of Object.entries(DEFAULTS)) {
    if (v[key] !== def) q.set(key, typeof def === "boolean" ? (v[key] ? "1" : "0") : v[key]);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== null && value !== "") q.set(key, value);
  }
  return q.toString();
}

/** Form values and extras from a URL hash; unknown keys are ignored. */
export function fromHash(hash) {
  const q = new URLSearchParams(hash.replace(/^#/, ""));
  const v = { ...DEFAULTS };
  for (const [key, def] of Object.entries(DEFAULTS)) {
    if (!q.has(key)) continue;
    v[key] = typeof def === "boolean" ? q.get(key) === "1" || q.get(key) === "true" : q.get(key);
  }
  return { values: v, params: q };
}

// The options a module error can name (its err.option), and the form field
// that each one belongs to.
const OPTION_FIELDS = {
  op: "op",
  kernel: "kernel",
  stride: "stride",
  padding: "padding",
  dilation: "dilation",
  ceilMode: "ceilMode",
  countIncludePad: "countIncludePad",
  p: "p",
  alpha: "alpha",
  colorSpace: "colorSpace",
  outputRatio: "ratio",
  outputSize: "ratio",
  size: "input",
  "input size": "input",
  data: "input",
};

/** Which control an error is about, from its option: a value of OPTION_FIELDS, or "general". */
export function errorTarget(err) {
  return Object.hasOwn(OPTION_FIELDS, err?.option) ? OPTION_FIELDS[err.option] : "general";
}

/** The inputs that get aria-invalid for an error on a field. */
export const FIELD_INPUTS = {
  op: ["op"],
  kernel: ["kh", "kw"],
  stride: ["sh", "sw"],
  padding: ["padmode", "ph", "pw"],
  dilation: ["dh", "dw"],
  ceilMode: ["ceilMode"],
  countIncludePad: ["countIncludePad"],
  p: ["p"],
  alpha: ["alpha"],
  colorSpace: ["colorSpace"],
  ratio: ["ratio"],
};
