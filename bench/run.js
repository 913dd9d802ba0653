#!/usr/bin/env node
// The cross-library benchmark: poolkit's wasm in Node and in headless
// Chromium, poolkit natively in Go, a naive JS loop, TensorFlow.js (wasm),
// onnxruntime-web (wasm) and wasm-vips, on the same pictures and cases, each
// output checked against poolkit's; then the edge worker in workerd
// (bench/edge.js) and every family's kernel, vector and portable, natively
// and in wasm (bench/families.js). Writes BENCHMARKS.md at the repository
// root.
//
//   node bench/run.js           the full run (1024² and 4096²), after `make build`
//   node bench/run.js --quick   a smoke run: 1024² only, one timed call per cell;
//                               prints the report and writes no file
//   --out FILE                  write the report to FILE instead
//
// Exits 1 when poolkit disagrees with the naive loop, with Go or with itself
// across environments, or when any library fails to run; a peer that
// disagrees with poolkit is reported loudly but is that peer's business.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";

import "./goenv.js";
import { CASES, runSuite } from "./cases.js";
import { edgeBench } from "./edge.js";
import { downscaleBench, formatDownscale } from "./downscale.js";
import { familiesBench, formatFamilies } from "./families.js";
import { loadLibs } from "./node-libs.js";
import { perCallBench } from "./percall.js";
import { naivePeer, ortPeer, poolkitPeer, tfPeer, vipsPeer } from "./peers.js";
import { formatReport } from "./report.js";
import { tensorBench } from "./tensor.js";
import { copyPath, workerScaling } from "./workers.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// Every library's wasm in Node is compiled by V8's optimizing compiler from
// its first call (--no-liftoff), as bench/families.js runs Go's: with the
// baseline compiler first, the optimizing one recompiled hot code on other
// threads while the first tensor layers were timed, and on two cores every
// library's ResNet stem took 0.65 ms in one run and 2.1 ms in the next.
v8.setFlagsFromString("--no-liftoff");

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const outArg = args.indexOf("--out");
const outFile = outArg >= 0 ? path.resolve(args[outArg + 1]) : quick ? null : path.join(ROOT, "BENCHMARKS.md");

// The budget: a cell (one library, case and size) takes up to `reps` timed
// calls but stops adding them past cellBudgetMs; a cell predicted to take
// more than skipOverMs for one call is skipped and reported as such.
const plan = quick
  ? { quick, sizes: [1024], reps: { 1024: 1 }, cellBudgetMs: 1000, skipOverMs: 3000, tensorReps: 1, tensorWarmup: 0 }
  : { quick, sizes: [1024, 4096], reps: { 1024: 7, 4096: 5 }, cellBudgetMs: 3000, skipOverMs: 10000, tensorReps: 21, tensorWarmup: 10 };

const log = (line) => console.log(line);
const started = Date.now();

function section(title) {
  log(`\n== ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

async function main() {
  for (const f of ["js/poolkit.js", "js/poolkit.wasm", "js/wasm_exec.js"]) {
    if (!existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run \`make build\` first`);
  }
  const machine = describeMachine();

  section("Node");
  const { loadPoolkit } = await import(pathToFileURL(path.join(ROOT, "js/poolkit.js")).href);
  const pk = await loadPoolkit();
  const libs = await loadLibs();
  const nodePeers = [poolkitPeer(pk), naivePeer(), tfPeer(libs.tf), ortPeer(libs.ort), vipsPeer(libs.vips)];
  // Tensors first: the 4096² pictures leave a large Go heap behind, which
  // every later collection sweeps, and a tensor call allocates its output.
  const tensor = await tensorBench({ loadPoolkit, pk, ort: libs.ort, tf: libs.tf }, plan, log);
  const perCall = await perCallBench({ pk, ort: libs.ort, tf: libs.tf }, plan, log);
  const node = await runSuite(nodePeers, plan, log);
  node.scaling = await workerScaling(loadPoolkit, pk, plan, log);
  node.copyPath = await copyPath(pk, plan, log);
  node.tensor = tensor;
  node.perCall = perCall;

  section("Node: downscaling, box blur, picture options");
  const pictures = await downscaleBench(pk, libs, { quick }, log);

  section("Go");
  const go = await runGo(plan);

  section("Go benchmarks by family: vector and portable, native and wasm");
  const families = familiesBench({ quick }, log);

  section("Chromium");
  const chromium = await runChromium(plan);
  machine.chromium = chromium.version;

  section("Edge (workerd)");
  const edge = await edgeBench({ quick, log });

  const report = formatReport({
    machine, plan, quick, versions: libs.versions, node, go, chromium, edge,
    extra: { lines: [...formatDownscale(pictures), ...formatFamilies(families)], failures: [...pictures.failures, ...families.failures] },
  });
  log(`\n${report.text}`);
  if (outFile) {
    writeFileSync(outFile, report.text);
    log(`wrote ${path.relative(process.cwd(), outFile) || outFile}`);
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (report.failures.length) {
    console.error(`\n!!! ${report.failures.length} FAILURE(S):\n${report.failures.map((f) => `!!!   ${f}`).join("\n")}`);
    process.exitCode = 1;
  }
}

function describeMachine() {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
  return {
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    nproc: execFileSync("nproc", { encoding: "utf8" }).trim(),
    cpu: model,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    // Other work on the machine skews every number; this says how much there was.
    load: os.loadavg().map((x) => x.toFixed(2)).join(", "),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    go: execFileSync("go", ["env", "GOVERSION"], { cwd: ROOT, encoding: "utf8" }).trim(),
  };
}

function goPlan(p) {
  return {
    ...p,
    reps: Object.fromEntries(Object.entries(p.reps).map(([k, v]) => [String(k), v])),
    cases: CASES.map(({ id, op, kernel = 0, stride = 0, same = false, global = false }) => ({ id, op, kernel, stride, same, global })),
  };
}

function runGo(p) {
  return new Promise((resolve, reject) => {
    const child = spawn("go", ["run", "./bench/gobench"], { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`bench/gobench exited with ${code}`));
      const r = JSON.parse(out);
      for (const x of r.results) log(`Go ${x.case} ${x.size}: ${x.error ? `ERROR ${x.error}` : `${x.ms.toFixed(2)} ms (n=${x.n})`}`);
      resolve(r);
    });
    child.stdin.end(JSON.stringify(goPlan(p)));
  });
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".map": "application/json",
};

// serve hands out the benchmark page, the js/ module, the tests' shared
// helpers (testing/) and node_modules from the repository, cross-origin isolated: wasm-vips and onnxruntime-web's threaded
// build need SharedArrayBuffer.
function serve() {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, "");
    const file = path.join(ROOT, rel);
    const allowed = ["bench/", "js/", "testing/", "node_modules/"].some((p) => rel.startsWith(p)) && !rel.includes("..");
    if (!allowed || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
      "Cross-Origin-Resource-Policy": "same-origin",
      "Cache-Control": "no-store",
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function runChromium(p) {
  const { chromium } = await import("playwright-core");
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    page.on("console", (m) => log(`[chromium] ${m.text()}`));
    page.on("pageerror", (e) => log(`[chromium] page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/browser.html`);
    await page.waitForFunction(() => window.bench, null, { timeout: 60_000 });
    const r = await page.evaluate((cfg) => window.bench.run(cfg), p);
    if (!r.isolated) log("[chromium] warning: the page is not cross-origin isolated");
    return { ...r, version: `Chromium ${browser.version()}` };
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
