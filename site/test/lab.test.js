// The pooling lab in Chromium, against the real local server: every view's
// pixels and numbers are checked against the module called directly in the
// same page, and the edge against the in-browser result.

import { test as nodeTest, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { mkdtemp, rm, mkdir, readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { launchChromium, recordProblems, skipChromium } from "../../testing/chromium.js";

// Every test needs Chromium: where it is missing, each is skipped with the
// reason, as in the other browser tests.
const test = skipChromium ? (name) => nodeTest(name, { skip: skipChromium }) : nodeTest;

// ---- the server and the browser -----------------------------------------

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SHOTS = join(ROOT, "test-results", "site");


async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, proc, deadline) {
  let exited = null;
  proc.once("exit", (code, signal) => { exited = { code, signal }; });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`poolkit-server exited (${exited.code ?? exited.signal}) before answering`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer from ${url}`);
}

/**
 * Builds cmd/poolkit-server into a temporary folder and runs it on a free
 * port from the repository root, so that it serves ./site and ./js. The
 * binary is run directly (not through go run) so that stopping it stops the
 * server itself.
 */
async function startServer() {
  const dir = await mkdtemp(join(tmpdir(), "poolkit-site-test-"));
  const bin = join(dir, "poolkit-server");
  await promisify(execFile)("go", ["build", "-o", bin, "./cmd/poolkit-server"], { cwd: ROOT });
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const proc = spawn(bin, ["-addr", addr], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout.on("data", (d) => { log += d; });
  proc.stderr.on("data", (d) => { log += d; });
  const origin = `http://${addr}`;
  try {
    await waitForHealth(`${origin}/v1/health`, proc, Date.now() + 30_000);
  } catch (e) {
    proc.kill();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`${e.message}\n${log}`);
  }
  return {
    origin,
    log: () => log,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function startBrowser() {
  await mkdir(SHOTS, { recursive: true });
  return launchChromium();
}

/**
 * Opens a page that records console errors and uncaught exceptions, so that
 * every test can assert the page stayed clean.
 */
async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  recordProblems(page, problems);
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  await page.goto(url);
  await page.evaluate(() => window.lab.ready);
  return { page, context, problems };
}

// ---- one server, one browser and one desktop page for all tests ---------

let server, browser, desk;

before(async () => {
  if (skipChromium) return;
  [server, browser] = await Promise.all([startServer(), startBrowser()]);
  desk = await openPage(browser, `${server.origin}/`);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The desktop page stays clean through each test, whichever tests run and in
// whatever order; a problem is charged to the test it happened in.
afterEach(() => {
  assert.deepEqual(desk?.problems.splice(0) ?? [], []);
});

// ---- helpers run in the page --------------------------------------------

/** Sets form fields the way a user does, then waits for the run to finish. */
async function setOptions(page, fields) {
  for (const [id, value] of Object.entries(fields)) {
    const el = page.locator(`#${id}`);
    const kind = await el.evaluate((e) => (e.tagName === "SELECT" ? "select" : e.type));
    if (kind === "select") await el.selectOption(String(value));
    else if (kind === "checkbox") await el.setChecked(Boolean(value));
    else await el.fill(String(value));
  }
  await page.evaluate(() => window.lab.idle());
}

async function preset(page, name) {
  await page.getByRole("button", { name, exact: true }).click();
  await page.evaluate(() => window.lab.idle());
}

async function sample(page, id) {
  const gen = await page.evaluate(() => window.lab.state.inputGen);
  await page.locator(`#samples button[data-sample="${id}"]`).click();
  await page.waitForFunction((g) => window.lab.state.inputGen > g, gen);
  assert.equal(await page.evaluate(() => window.lab.state.input.sample), id);
  await page.evaluate(() => window.lab.idle());
}

/**
 * Pools the page's current input with the module imported directly (not
 * through the lab's worker) and compares with a canvas's pixels; returns a
 * summary so that a failure says where.
 */
async function canvasVersusModule(page, canvasId, opts) {
  return page.evaluate(async ({ canvasId, opts }) => {
    const { loadPoolkit } = await import("/js/poolkit.js");
    window.__pk ??= await loadPoolkit();
    const input = window.lab.state.input;
    const want = window.__pk.pool({ data: input.data, width: input.width, height: input.height }, opts);
    // Read through a fresh canvas: reading the page's own canvas again and
    // again makes Chromium warn about readback performance.
    const c = document.getElementById(canvasId);
    const copy = new OffscreenCanvas(c.width, c.height);
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    const got = ctx.getImageData(0, 0, c.width, c.height);
    let differing = 0;
    if (got.width === want.width && got.height === want.height) {
      for (let i = 0; i < want.data.length; i++) if (got.data[i] !== want.data[i]) differing++;
    }
    return { want: [want.width, want.height], got: [got.width, got.height], differing };
  }, { canvasId, opts });
}

function assertSame(r, what) {
  assert.deepEqual(r.got, r.want, `${what}: size`);
  assert.equal(r.differing, 0, `${what}: ${r.differing} bytes differ`);
}

async function visibleErrors(page) {
  return page.$$eval(".error:not([hidden])", (els) => els.map((e) => ({ id: e.id, text: e.textContent })));
}

/** Saves a screenshot of one element, or of the viewport scrolled to an element's top. */
async function shot(page, name, { element, scrollTo } = {}) {
  const path = join(SHOTS, `${name}.png`);
  if (element) {
    await page.locator(element).scrollIntoViewIfNeeded();
    await page.locator(element).screenshot({ path });
    return;
  }
  await page.evaluate((sel) => {
    if (sel) document.querySelector(sel).scrollIntoView({ block: "start" });
    else window.scrollTo(0, 0);
  }, scrollTo ?? null);
  await page.screenshot({ path });
}

// ---- tests --------------------------------------------------------------

test("the default view shows the astronaut pooled 2x2 with stride 2, exactly as the module does", async () => {
  const { page } = desk;
  const state = await page.evaluate(() => ({
    sample: window.lab.state.input.sample,
    size: [window.lab.state.input.width, window.lab.state.input.height],
  }));
  assert.equal(state.sample, "astronaut");
  assert.deepEqual(state.size, [320, 320]);
  assertSame(await canvasVersusModule(page, "result-canvas", { op: "max", kernel: 2 }), "default");
  assert.match(await page.textContent("#result-stats"), /320×320 → 160×160/);
  assert.match(await page.textContent("#result-ms"), /^\d+(\.\d+)? ms$/);
  assert.equal(await page.isHidden("#busy"), true, "the progress indicator is gone when done");
  await shot(page, "desktop-top");
});

test("the lab is cross-origin isolated, so its workers share memory", async () => {
  const r = await desk.page.evaluate(() => ({
    isolated: globalThis.crossOriginIsolated,
    shared: typeof SharedArrayBuffer === "function",
    engine: window.lab.state.engine.isolated,
    kind: window.lab.state.engine.kind,
  }));
  assert.deepEqual(r, { isolated: true, shared: true, engine: true, kind: r.kind });
  assert.match(r.kind, /shared memory/);
});

test("every preset and a range of options match the module", async () => {
  const { page } = desk;
  await sample(page, "coffee");
  const cases = [
    ["CNN 2x2 stride 2", { op: "max", kernel: 2, stride: 2 }],
    ["box blur 3x3", { op: "avg", kernel: 3, stride: 1, padding: "same" }],
    ["dilate 5x5", { op: "max", kernel: 5, stride: 1, padding: "same" }],
    ["erode 5x5", { op: "min", kernel: 5, stride: 1, padding: "same" }],
    ["pixelate 16x16", { op: "avg", kernel: 16, stride: 16, ceilMode: true }],
  ];
  for (const [name, opts] of cases) {
    await preset(page, name);
    assertSame(await canvasVersusModule(page, "result-canvas", opts), name);
  }
  await preset(page, "CNN 2x2 stride 2");
  await setOptions(page, { op: "lp", p: "3", kh: "3", kw: "2", sh: "2", sw: "1", ph: "1", pw: "1", dh: "2", dw: "1" });
  assertSame(await canvasVersusModule(page, "result-canvas",
    { op: "lp", p: 3, kernel: [3, 2], stride: [2, 1], padding: 1, dilation: [2, 1] }), "lp");
  await setOptions(page, { op: "avg", countIncludePad: false, ceilMode: true, colorSpace: "linear" });
  assertSame(await canvasVersusModule(page, "result-canvas",
    { op: "avg", kernel: [3, 2], stride: [2, 1], padding: 1, dilation: [2, 1], ceilMode: true, countIncludePad: false, colorSpace: "linear" }), "avg");
  assert.deepEqual(await visibleErrors(page), []);
});

test("the compare view holds max, avg and min over the same windows, and a heat map", async () => {
  const { page } = desk;
  await sample(page, "chelsea");
  await setOptions(page, { op: "max", kh: "4", kw: "4", sh: "4", sw: "4", padmode: "n", ph: "0", pw: "0", dh: "1", dw: "1", ceilMode: false, colorSpace: "srgb" });
  for (const op of ["max", "avg", "min"]) {
    assertSame(await canvasVersusModule(page, `cmp-${op}`, { op, kernel: 4 }), `compare ${op}`);
  }
  const heat = await page.evaluate(() => {
    const c = document.getElementById("cmp-heat");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let bright = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 300) bright++;
    return { w: c.width, h: c.height, bright, n: d.length / 4 };
  });
  assert.deepEqual([heat.w, heat.h], [100, 66]);
  assert.ok(heat.bright > 0 && heat.bright < heat.n, "the heat map is neither blank nor all bright");
  assert.match(await page.textContent("#cmp-heat-stats"), /mean \d+\.\d, largest \d+/);
  await shot(page, "desktop-compare", { element: "#compare-view" });
});

test("the pyramid halves each side down to one pixel", async () => {
  const { page } = desk;
  await sample(page, "astronaut");
  const sizes = await page.$$eval("#pyramid li", (lis) => lis.map((li) => [Number(li.dataset.width), Number(li.dataset.height)]));
  assert.deepEqual(sizes, [[320, 320], [160, 160], [80, 80], [40, 40], [20, 20], [10, 10], [5, 5], [2, 2], [1, 1]]);
  assert.match(await page.textContent("#pyramid li:nth-child(2) figcaption"), /160×160.*25,600 px · 25% of level 0/);
  // Each level is the module's 2x2 stride-2 max of the level before, called
  // directly in the page: the 5 -> 2 step drops a row and a column, so the
  // last level is not in general the global max of the input.
  const mismatches = await page.evaluate(async () => {
    const { loadPoolkit } = await import("/js/poolkit.js");
    const pk = await loadPoolkit();
    const levels = window.lab.state.pyramid;
    const bad = [];
    for (let i = 1; i < levels.length; i++) {
      const prev = levels[i - 1];
      const want = pk.pool({ data: prev.data, width: prev.width, height: prev.height }, { op: "max", kernel: 2, stride: 2 });
      const got = levels[i];
      if (got.width !== want.width || got.height !== want.height || got.data.some((v, j) => v !== want.data[j])) bad.push(i);
    }
    return bad;
  });
  assert.deepEqual(mismatches, []);
  await shot(page, "desktop-pyramid", { element: "#pyramid-view" });
});

test("the global average shows the per-channel means", async () => {
  const { page } = desk;
  const [want, shown] = await page.evaluate(() => {
    const { data } = window.lab.state.input;
    const sum = [0, 0, 0, 0];
    for (let i = 0; i < data.length; i++) sum[i % 4] += data[i];
    const n = data.length / 4;
    return [sum.map((s) => (s / n).toFixed(2)),
      ["red", "green", "blue", "alpha"].map((c) => document.querySelector(`#global [data-channel="${c}"] span`).textContent)];
  });
  assert.deepEqual(shown, want);
});

test("the explainer shows each window and its arithmetic", async () => {
  const { page } = desk;
  const grid = await page.$$eval("#ex-in span", (s) => s.map((e) => Number(e.textContent)));
  assert.equal(grid.length, 16);
  const win = (o) => {
    const oy = Math.floor(o / 2), ox = o % 2;
    return [0, 1, 4, 5].map((d) => (oy * 2 + Math.floor(d / 4)) * 4 + ox * 2 + (d % 4));
  };
  for (let o = 0; o < 4; o++) {
    const values = win(o).map((i) => grid[i]);
    const max = Math.max(...values), avg = values.reduce((a, b) => a + b, 0) / 4;
    assert.equal(Number(await page.textContent(`#ex-max button[data-o="${o}"]`)), max);
    assert.equal(Number(await page.textContent(`#ex-avg button[data-o="${o}"]`)), avg);
  }
  // Keyboard focus on the avg cell of window 1 (top right).
  await page.focus('#ex-avg button[data-o="1"]');
  const lit = await page.$$eval("#ex-in .lit", (s) => s.map((e) => Number(e.dataset.i)));
  assert.deepEqual(lit, win(1));
  const v = win(1).map((i) => grid[i]);
  const math = await page.textContent("#ex-math");
  assert.ok(math.includes(`max(${v.join(", ")}) = ${Math.max(...v)}`), math);
  assert.ok(math.includes(`(${v.join(" + ")}) / 4 = ${v.reduce((a, b) => a + b, 0)} / 4 = ${v.reduce((a, b) => a + b, 0) / 4}`), math);
  // Hover moves the highlight.
  await page.hover('#ex-max button[data-o="2"]');
  assert.deepEqual(await page.$$eval("#ex-in .lit", (s) => s.map((e) => Number(e.dataset.i))), win(2));
  await shot(page, "desktop-explainer", { element: "#explainer" });
});

test("the 1-D view pools a signal with the current op, kernel and stride, exactly as the module does", async () => {
  const { page } = desk;
  // What the view shows against the module called directly on the same signal.
  const versusModule = () => page.evaluate(async () => {
    const { loadPoolkit } = await import("/js/poolkit.js");
    const { toSignalOptions } = await import("/signal.js");
    window.__pk ??= await loadPoolkit();
    const v = window.lab.signal;
    const { toPoolOptions, readForm } = await import("/options.js");
    const opts = toSignalOptions(toPoolOptions(readForm(document.getElementById("options"))));
    const want = window.__pk.poolTensor({ data: v.input, shape: [1, v.input.length] }, opts);
    return {
      opts,
      want: Array.from(want.data), got: Array.from(v.output ?? []),
      wantIdx: want.indices ? Array.from(want.indices) : null, gotIdx: v.indices ? Array.from(v.indices) : null,
      bars: document.querySelectorAll("#signal-plot .signal-out").length,
      dots: document.querySelectorAll("#signal-plot .signal-win").length,
      stats: document.getElementById("signal-stats").textContent,
    };
  });
  await preset(page, "CNN 2x2 stride 2");
  await setOptions(page, { op: "max", kh: "2", kw: "5", sh: "2", sw: "3" });
  let r = await versusModule();
  assert.deepEqual(r.opts, { op: "max", kernel: [5], stride: [3], returnIndices: true });
  assert.equal(r.got.length, Math.floor((128 - 5) / 3) + 1);
  assert.deepEqual(r.got, r.want);
  assert.deepEqual(r.gotIdx, r.wantIdx);
  assert.equal(r.bars, r.got.length);
  assert.equal(r.dots, r.got.length, "a dot on each max's sample");
  assert.match(r.stats, /128 samples → 42: max over 5 samples, every 3/);
  await shot(page, "desktop-signal", { element: "#signal-view" });

  await setOptions(page, { op: "avg", padmode: "same", kw: "4", sw: "1" });
  await page.selectOption("#signal-wave", "steps");
  await page.waitForFunction(() => window.lab.signal.wave === "steps" && window.lab.signal.of === window.lab.signal.input);
  r = await versusModule();
  assert.equal(r.got.length, 128);
  assert.deepEqual(r.opts.padding, "same");
  assert.deepEqual(r.got, r.want);
  assert.equal(r.dots, 0, "no dots for an average");

  // A stroke across the plot replaces the samples under it and pools again.
  const box = await page.locator("#signal-plot").boundingBox();
  const before = await page.evaluate(() => Array.from(window.lab.signal.input));
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.1);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.9, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => window.lab.signal.wave === "drawn" && window.lab.signal.of === window.lab.signal.input);
  r = await versusModule();
  assert.equal(await page.inputValue("#signal-wave"), "drawn");
  assert.ok(await page.evaluate((b) => window.lab.signal.input.some((x, i) => x !== b[i]), before), "the stroke changed the signal");
  assert.deepEqual(r.got, r.want);

  // Options that do not fit 128 samples are explained in the view.
  await setOptions(page, { padmode: "n", pw: "0", kw: "200" });
  assert.match(await page.textContent("#err-signal"), /^1-D: kernel 200/);
  await preset(page, "CNN 2x2 stride 2");
  assert.equal(await page.isHidden("#err-signal"), true);
});

test("invalid options are explained next to their control, and the page recovers", async () => {
  const { page } = desk;
  await sample(page, "astronaut");
  await preset(page, "CNN 2x2 stride 2");

  await setOptions(page, { kh: "0" });
  let errs = await visibleErrors(page);
  assert.ok(errs.some((e) => e.id === "err-kernel" && /^kernel\b/.test(e.text)), JSON.stringify(errs));
  assert.equal(await page.getAttribute("#kh", "aria-invalid"), "true");
  assert.equal(await page.isDisabled("#download"), true);
  await shot(page, "desktop-error-kernel");

  await setOptions(page, { kh: "2", ph: "2" });
  errs = await visibleErrors(page);
  assert.ok(errs.some((e) => e.id === "err-padding" && /^padding\b/.test(e.text)), JSON.stringify(errs));

  await setOptions(page, { ph: "0", alpha: "premultiplied" });
  errs = await visibleErrors(page);
  assert.ok(errs.some((e) => e.id === "err-alpha" && /^alpha\b/.test(e.text)), JSON.stringify(errs));

  await setOptions(page, { alpha: "straight", op: "lp", colorSpace: "linear" });
  errs = await visibleErrors(page);
  assert.ok(errs.some((e) => e.id === "err-colorSpace" && /^colorSpace\b/.test(e.text)), JSON.stringify(errs));

  await setOptions(page, { colorSpace: "srgb", op: "max", kh: "400", kw: "400" });
  errs = await visibleErrors(page);
  assert.ok(errs.some((e) => e.id === "err-kernel" && /does not fit/.test(e.text)), JSON.stringify(errs));

  await setOptions(page, { kh: "2", kw: "2" });
  assert.deepEqual(await visibleErrors(page), []);
  assertSame(await canvasVersusModule(page, "result-canvas", { op: "max", kernel: 2, stride: 2 }), "after errors");
  assert.equal(await page.isDisabled("#download"), false);
});

test("the gradient view: max sends an output's gradient to its window's argmax, avg spreads it, lp weighs it", async () => {
  const { page } = desk;
  await sample(page, "astronaut");
  await preset(page, "CNN 2x2 stride 2");
  // Output (row 1, column 2) of the 6x6 output reads map rows 2-3, columns 4-5.
  await page.click('#grad-out button[data-o="8"]');
  await page.evaluate(() => window.lab.gradient.done);
  const shown = await page.evaluate(() => {
    const read = (op) => [...document.querySelectorAll(`#grad-${op} span`)].map((c) => Number(c.dataset.g));
    return { map: Array.from(window.lab.gradient.map), max: read("max"), avg: read("avg"), lp: read("lp"), stats: document.getElementById("grad-stats").textContent };
  });
  assert.equal(shown.map.length, 144);
  const win = [2 * 12 + 4, 2 * 12 + 5, 3 * 12 + 4, 3 * 12 + 5];
  const values = win.map((i) => shown.map[i]);
  const argmax = win[values.indexOf(Math.max(...values))];
  const nonZero = (g) => g.map((v, i) => [i, v]).filter(([, v]) => v !== 0);
  assert.deepEqual(nonZero(shown.max), [[argmax, 1]], "max: the whole gradient at the window's first maximum");
  assert.deepEqual(nonZero(shown.avg), win.map((i) => [i, 0.25]), "avg: a quarter to each cell of the window");
  const lp = nonZero(shown.lp);
  assert.deepEqual(lp.map(([i]) => i), win.filter((i) => shown.map[i] !== 0), "lp: the window's non-zero cells");
  // The 2-norm's gradient is x / norm: the gradient dotted with x is the norm.
  const norm = Math.hypot(...values);
  assert.ok(Math.abs(lp.reduce((s, [i, g]) => s + g * shown.map[i], 0) - norm) < 1e-5, JSON.stringify(lp));
  assert.match(shown.stats, /max sends it to 1 input cell, avg to 4 cells/);
  // The same numbers as the module's own poolTensorGrad.
  const direct = await page.evaluate(async () => {
    const { loadPoolkit } = await import("/js/poolkit.js");
    window.__pk ??= await loadPoolkit();
    const t = { data: window.lab.gradient.map, shape: [12, 12] };
    const g = { data: new Float32Array(36), shape: [6, 6] };
    g.data[8] = 1;
    return ["max", "avg", "lp"].map((op) => Array.from(window.__pk.poolTensorGrad(t, g, { op, kernel: 2, stride: 2, ...(op === "lp" ? { p: 2 } : {}) }).data));
  });
  assert.deepEqual([shown.max, shown.avg, shown.lp], direct);
  // Shift-click draws a gradient: a second output, whose window is another 2x2.
  await page.click('#grad-out button[data-o="0"]', { modifiers: ["Shift"] });
  await page.evaluate(() => window.lab.gradient.done);
  const drawn = await page.evaluate(() => ({
    max: [...document.querySelectorAll("#grad-max span")].filter((c) => c.dataset.g !== "0").length,
    avg: [...document.querySelectorAll("#grad-avg span")].filter((c) => c.dataset.g !== "0").length,
    pressed: [...document.querySelectorAll('#grad-out button[aria-pressed="true"]')].map((b) => Number(b.dataset.o)),
  }));
  assert.deepEqual(drawn, { max: 2, avg: 8, pressed: [0, 8] });
  // Every output at once: the windows tile the map, so max reaches one cell per window, avg all of them.
  await page.click("#grad-all");
  await page.evaluate(() => window.lab.gradient.done);
  const all = await page.evaluate(() => ["max", "avg"].map((op) => [...document.querySelectorAll(`#grad-${op} span`)].map((c) => Number(c.dataset.g))));
  assert.equal(all[0].filter((v) => v === 1).length, 36);
  assert.equal(all[0].filter((v) => v !== 0).length, 36);
  assert.ok(all[1].every((v) => v === 0.25));
  await shot(page, "desktop-gradient", { element: "#grad-view" });
  // Overlapping windows sum: kernel 3, stride 1 sends up to 9 outputs' gradients to one cell.
  await setOptions(page, { kh: "3", kw: "3", sh: "1", sw: "1" });
  await page.click("#grad-all");
  await page.evaluate(() => window.lab.gradient.done);
  const avgAll = await page.$$eval("#grad-avg span", (s) => s.map((c) => Number(c.dataset.g)));
  assert.equal(Math.max(...avgAll), 1, "a centre cell is in 9 windows of 9 cells");
  await preset(page, "CNN 2x2 stride 2");
});

test("fractional max pooling in the options shrinks by the ratio, exactly as the module does", async () => {
  const { page } = desk;
  await sample(page, "astronaut");
  await preset(page, "CNN 2x2 stride 2");
  await setOptions(page, { fractional: true, ratio: "0.6" });
  const r = await page.evaluate(async () => {
    const { loadPoolkit } = await import("/js/poolkit.js");
    window.__pk ??= await loadPoolkit();
    const { input, fractional } = window.lab.state;
    const n = input.width * input.height;
    const planes = new Uint8Array(4 * n);
    for (let i = 0; i < n; i++) for (let c = 0; c < 4; c++) planes[c * n + i] = input.data[4 * i + c];
    const want = window.__pk.fractionalMaxPool({ data: planes, shape: [4, input.height, input.width] }, { kernel: 2, outputRatio: 0.6, samples: fractional.samples });
    const c = document.getElementById("result-canvas");
    const copy = new OffscreenCanvas(c.width, c.height);
    const ctx = copy.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(c, 0, 0);
    const got = ctx.getImageData(0, 0, c.width, c.height).data;
    const m = c.width * c.height;
    let differing = 0;
    for (let i = 0; i < m; i++) for (let ch = 0; ch < 4; ch++) if (got[4 * i + ch] !== want.data[ch * m + i]) differing++;
    return { size: [c.width, c.height], shape: want.shape, samples: Array.from(fractional.samples), differing, edge: document.getElementById("edge-run").disabled };
  });
  assert.deepEqual(r.size, [192, 192]);
  assert.deepEqual(r.shape, [4, 192, 192]);
  assert.equal(r.differing, 0);
  assert.ok(r.samples.every((u) => u >= 0 && u < 1) && r.samples.length === 8, JSON.stringify(r.samples));
  assert.equal(r.edge, true, "the edge pools without fractions: nothing to compare");
  await setOptions(page, { ratio: "1.5" });
  const errs = await visibleErrors(page);
  assert.ok(errs.some((e) => e.id === "err-ratio" && /^outputRatio\b/.test(e.text)), JSON.stringify(errs));
  assert.equal(await page.getAttribute("#ratio", "aria-invalid"), "true");
  await setOptions(page, { ratio: "0.6", fractional: false });
  assert.deepEqual(await visibleErrors(page), []);
  assert.equal(await page.isDisabled("#ratio"), true);
  assertSame(await canvasVersusModule(page, "result-canvas", { op: "max", kernel: 2, stride: 2 }), "after fractional");
});

test("run at the edge returns the same bytes", async () => {
  const { page } = desk;
  await sample(page, "chelsea");
  await preset(page, "box blur 3x3");
  await page.click("#edge-run");
  await page.waitForFunction(() => document.getElementById("edge-out").dataset.identical !== undefined && !document.getElementById("edge-run").disabled);
  assert.equal(await page.getAttribute("#edge-out", "data-identical"), "true", await page.textContent("#edge-status"));
  assert.match(await page.textContent("#edge-facts"), /byte-identical/);
  assert.match(await page.textContent("#edge-facts"), /round trip\s*\d+(\.\d+)? ms/);
  // With transparency and premultiplied averaging, which a canvas cannot round-trip.
  await sample(page, "disc");
  await setOptions(page, { alpha: "premultiplied", colorSpace: "linear" });
  await page.evaluate(() => { delete document.getElementById("edge-out").dataset.identical; });
  await page.click("#edge-run");
  await page.waitForFunction(() => document.getElementById("edge-out").dataset.identical !== undefined);
  assert.equal(await page.getAttribute("#edge-out", "data-identical"), "true", await page.textContent("#edge-status"));
  await shot(page, "desktop-edge", { element: "#edge-view" });
});

test("alpha and colorSpace toggles give the documented pixels", async () => {
  const { page } = desk;
  assert.equal(await page.textContent('#probe-alpha [data-probe="straight"]'), "rgba(128, 0, 0, 128)");
  assert.equal(await page.textContent('#probe-alpha [data-probe="premultiplied"]'), "rgba(255, 0, 0, 128)");
  assert.equal(await page.textContent('#probe-linear [data-probe="srgb"]'), "128");
  assert.equal(await page.textContent('#probe-linear [data-probe="linear"]'), "188");

  // The same through the main controls, on the lab's own result.
  const px = (x, y) => page.evaluate(([x, y]) => {
    const r = window.lab.state.result;
    return Array.from(r.data.slice((y * r.width + x) * 4, (y * r.width + x) * 4 + 4));
  }, [x, y]);
  await sample(page, "disc");
  await preset(page, "CNN 2x2 stride 2");
  await setOptions(page, { op: "avg", alpha: "straight" });
  assert.deepEqual(await px(15, 4), [128, 0, 0, 128]);
  await setOptions(page, { alpha: "premultiplied" });
  assert.deepEqual(await px(15, 4), [255, 0, 0, 128]);
  await sample(page, "checkerboard");
  await setOptions(page, { alpha: "straight", colorSpace: "srgb" });
  assert.deepEqual(await px(0, 0), [128, 128, 128, 255]);
  assertSame(await canvasVersusModule(page, "result-canvas", { op: "avg", kernel: 2 }), "checkerboard srgb");
  await setOptions(page, { colorSpace: "linear" });
  assert.deepEqual(await px(0, 0), [188, 188, 188, 255]);
  assertSame(await canvasVersusModule(page, "result-canvas", { op: "avg", kernel: 2, colorSpace: "linear" }), "checkerboard linear");
  await shot(page, "desktop-alpha", { element: "#alpha-view" });
});

test("the options live in the URL and come back on load", async () => {
  const { page } = desk;
  await sample(page, "coffee");
  await preset(page, "dilate 5x5");
  await setOptions(page, { dh: "2", dw: "2", zoom: "2" });
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /sample=coffee/);
  assert.match(hash, /kh=5/);
  const other = await openPage(browser, `${desk.page.url()}`);
  try {
    assert.equal(await other.page.inputValue("#kh"), "5");
    assert.equal(await other.page.inputValue("#padmode"), "same");
    assert.equal(await other.page.inputValue("#dh"), "2");
    assert.equal(await other.page.inputValue("#zoom"), "2");
    assert.equal(await other.page.evaluate(() => window.lab.state.input.sample), "coffee");
    assertSame(await canvasVersusModule(other.page, "result-canvas",
      { op: "max", kernel: 5, stride: 1, padding: "same", dilation: 2 }), "restored");
    assert.deepEqual(other.problems, []);
  } finally {
    await other.context.close();
  }
});

test("a picture can be given as a file, dropped or pasted", async () => {
  const { page } = desk;
  const png = await page.evaluate(async () => {
    const b = await (await fetch("/samples/checkerboard.png")).arrayBuffer();
    return Array.from(new Uint8Array(b));
  });
  await page.setInputFiles("#file", { name: "mine.png", mimeType: "image/png", buffer: Buffer.from(png) });
  await page.waitForFunction(() => window.lab.state.input?.name === "mine.png");
  await page.evaluate(() => window.lab.idle());
  assert.deepEqual(await page.evaluate(() => [window.lab.state.input.width, window.lab.state.input.sample ?? null]), [64, null]);

  for (const [kind, name] of [["drop", "dropped.png"], ["paste", "pasted picture"]]) {
    await page.evaluate(async ({ kind, png }) => {
      const file = new File([new Uint8Array(png)], kind === "drop" ? "dropped.png" : "image.png", { type: "image/png" });
      const dt = new DataTransfer();
      dt.items.add(file);
      if (kind === "drop") document.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      else document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
    }, { kind, png });
    await page.waitForFunction((n) => window.lab.state.input?.name === n, name);
  }
  await page.evaluate(() => window.lab.idle());
  assert.deepEqual(await visibleErrors(page), []);
});

test("download gives the result as a PNG with the same pixels", async () => {
  const { page } = desk;
  await sample(page, "disc");
  await preset(page, "CNN 2x2 stride 2");
  await setOptions(page, { op: "avg", alpha: "premultiplied" });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.match(download.suggestedFilename(), /^disc-avg-2x2\.png$/);
  const path = await download.path();
  const bytes = Array.from(await readFile(path));
  const same = await page.evaluate(async (bytes) => {
    const { decodePng } = await import("/png.js");
    const got = await decodePng(new Uint8Array(bytes));
    const want = window.lab.state.result;
    return got.width === want.width && got.data.every((v, i) => v === want.data[i]);
  }, bytes);
  assert.equal(same, true);
});

test("the page stays responsive while a big picture pools in the worker", async (t) => {
  const { page } = desk;
  // A 1200x1200 picture with a 7x7 window and stride 1 keeps the worker busy
  // for a while; the main thread must keep answering meanwhile.
  const lag = await page.evaluate(async () => {
    const c = document.createElement("canvas");
    c.width = c.height = 1200;
    const ctx = c.getContext("2d");
    const g = ctx.createLinearGradient(0, 0, 1200, 1200);
    g.addColorStop(0, "#123456");
    g.addColorStop(1, "#fedcba");
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 1200, 1200);
    const blob = await new Promise((r) => c.toBlob(r, "image/png"));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], "big.png", { type: "image/png" }));
    document.getElementById("kh").value = "7";
    document.getElementById("kw").value = "7";
    document.getElementById("sh").value = "1";
    document.getElementById("sw").value = "1";
    document.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
    await new Promise((r) => { const t = setInterval(() => { if (window.lab.state.input?.name === "big.png") { clearInterval(t); r(); } }, 5); });
    let worst = 0, last = performance.now(), sawBusy = false;
    const long = [];
    const obs = new PerformanceObserver((l) => long.push(...l.getEntries().map((e) => Math.round(e.duration))));
    obs.observe({ type: "longtask" });
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
      sawBusy ||= !document.getElementById("busy").hidden;
    }, 10);
    await window.lab.idle();
    clearInterval(timer);
    obs.disconnect();
    return { worst, sawBusy, long };
  });
  t.diagnostic(`longest timer gap ${lag.worst.toFixed(0)} ms; long tasks: ${lag.long.join(", ") || "none"} ms`);
  assert.equal(lag.sawBusy, true, "the progress indicator shows while pooling");
  assert.match(await page.textContent("#result-stats"), /in \d+ Web Workers?/);
  // Responsiveness is a matter of where the work runs, asserted above; how
  // long the main thread's own share takes depends on the machine's load, so
  // it is reported, never asserted.
  t.diagnostic(`longest main-thread task ${Math.max(0, ...lag.long)} ms`);
  await preset(page, "CNN 2x2 stride 2");
  await sample(page, "astronaut");
});

test("the phone layout", async () => {
  const phone = await openPage(browser, `${server.origin}/#sample=chelsea&op=avg`, {
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  try {
    const { page } = phone;
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
    await shot(page, "phone-top");
    await shot(page, "phone-result", { scrollTo: "#result-view" });
    await shot(page, "phone-options", { scrollTo: "#options" });
    await shot(page, "phone-compare", { scrollTo: "#compare-view" });
    await shot(page, "phone-alpha", { scrollTo: "#alpha-view" });
    assert.deepEqual(phone.problems, []);
  } finally {
    await phone.context.close();
  }
});

test("every control has a label and works from the keyboard", async () => {
  const { page } = desk;
  const unnamed = await page.$$eval("input, select, button, textarea", (els) => els
    .filter((e) => !(e.labels?.length || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") || (e.tagName === "BUTTON" && e.textContent.trim())))
    .map((e) => e.id || e.outerHTML.slice(0, 60)));
  assert.deepEqual(unnamed, []);
  // A preset by keyboard: focus it, press Enter.
  await page.getByRole("button", { name: "erode 5x5", exact: true }).focus();
  await page.keyboard.press("Enter");
  await page.evaluate(() => window.lab.idle());
  assert.equal(await page.inputValue("#op"), "min");
  assertSame(await canvasVersusModule(page, "result-canvas", { op: "min", kernel: 5, stride: 1, padding: "same" }), "erode by keyboard");
  // Tab moves from the kernel height to its width.
  await page.focus("#kh");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "kw");
});
