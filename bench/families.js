// Every pooling family's kernel in four builds of pool/: natively with Go's
// simd experiment (the vector kernels) and without it (GOEXPERIMENT=nosimd,
// the portable kernels a Go user without the experiment gets), and the same
// two for GOOS=js GOARCH=wasm, run in Node. BenchmarkFamilies in pool/ names
// the families and times them; here they run family by family, the four
// builds one after the other, in interleaved rounds so that every column sees
// the same load, and the table gives each one's median CPU time per call (the
// wall time counts the waits of a busy machine too).
//
//   node bench/families.js [--rounds=3] [--benchtime=200ms] [--quick] [--only=regexp] [--write]
//
// --quick runs every family once in each build, to keep the harness working
// (make test runs it through bench/run.js --quick). --write replaces the
// section in BENCHMARKS.md (bench/run.js writes it with the rest of the
// report) instead of printing the table alone.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import "./goenv.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** TITLE is the section's heading in BENCHMARKS.md. */
export const TITLE = "Kernels by family: vector and portable, native and wasm";

const BUILDS = [
  { key: "nativeVector", head: "native vector", experiment: "simd", wasm: false },
  { key: "nativePortable", head: "native portable", experiment: "nosimd", wasm: false },
  { key: "wasmVector", head: "wasm vector", experiment: "simd", wasm: true },
  { key: "wasmPortable", head: "wasm portable", experiment: "nosimd", wasm: true },
];

/**
 * familiesBench times every family of BenchmarkFamilies (those matching only,
 * a RegExp, if given) in the four builds and returns their CPU ns per call,
 * round by round: { names, times: Map(name → { [build key]: [ns] }), rounds,
 * benchtime, failures, date, go, load: { start, end } }. quick runs every
 * family once per build, in one process each.
 */
export function familiesBench({ quick = false, rounds = 3, benchtime = "200ms", only = null }, log) {
  if (quick) [rounds, benchtime] = [1, "1x"];
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(", ");
  const result = {
    quick,
    rounds,
    benchtime,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    go: execFileSync("go", ["env", "GOVERSION"], { cwd: ROOT, encoding: "utf8" }).trim(),
    load: { start: load() },
    failures: [],
  };
  const goroot = execFileSync("go", ["env", "GOROOT"], { cwd: ROOT, encoding: "utf8" }).trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), "poolkit-families-"));
  try {
    const cmds = Object.fromEntries(
      BUILDS.map((b) => {
        const bin = path.join(dir, `pool-${b.key}.test${b.wasm ? ".wasm" : ""}`);
        const env = { ...process.env, GOEXPERIMENT: b.experiment, ...(b.wasm ? { GOOS: "js", GOARCH: "wasm" } : {}) };
        execFileSync("go", ["test", "-c", "-o", bin, "./pool/"], { cwd: ROOT, stdio: "inherit", env });
        // --no-liftoff: V8's optimizing compiler from the first call, as a
        // hot kernel gets in a long-running page; the baseline compiler
        // would time itself.
        const cmd = b.wasm ? [process.execPath, ["--no-liftoff", "--stack-size=8192", path.join(goroot, "lib/wasm/wasm_exec_node.js"), bin]] : [bin, []];
        return [b.key, cmd];
      }),
    );
    result.names = list(cmds.nativePortable).filter((n) => !only || only.test(n));
    result.times = new Map(result.names.map((n) => [n, Object.fromEntries(BUILDS.map((b) => [b.key, []]))]));
    // --quick runs every family in one process per build; a full run runs
    // each family by itself, build after build, round after round.
    const batches = quick ? [result.names] : result.names.map((n) => [n]);
    for (let r = 0; r < rounds; r++) {
      for (const batch of batches) {
        // A whole batch is every family: wasm_exec_node bounds the command line.
        const pattern = batch.length === 1 ? `^BenchmarkFamilies$/^${batch[0]}$` : "^BenchmarkFamilies$";
        const flags = ["-test.run", "^$", "-test.bench", pattern, "-test.benchtime", benchtime];
        const got = Object.fromEntries(BUILDS.map((b) => [b.key, run(cmds[b.key], flags)]));
        for (const name of batch) {
          for (const b of BUILDS) {
            const ns = got[b.key].get(name);
            if (ns === undefined) result.failures.push(`family ${name}: no result from the ${b.head} build`);
            result.times.get(name)[b.key].push(ns ?? null);
          }
        }
        if (batch.length === 1) log(`families round ${r + 1}/${rounds} ${batch[0]}: ${BUILDS.map((b) => `${b.head} ${us(got[b.key].get(batch[0]))}`).join(", ")}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  result.load.end = load();
  return result;
}

function list([cmd, pre]) {
  // Sub-benchmarks are named only by running them: one call each.
  const out = execFileSync(cmd, [...pre, "-test.run", "^$", "-test.bench", "^BenchmarkFamilies$", "-test.benchtime", "1x"], { cwd: path.join(ROOT, "pool"), encoding: "utf8" });
  return [...out.matchAll(/^BenchmarkFamilies\/(\S+?)(?:-\d+)?\s/gm)].map((m) => m[1]);
}

// run returns the CPU ns/op of each family the benchmark binary reports.
function run([cmd, pre], flags) {
  const out = execFileSync(cmd, [...pre, ...flags], { cwd: path.join(ROOT, "pool"), encoding: "utf8", maxBuffer: 1 << 24 });
  const re = /^BenchmarkFamilies\/(\S+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns\/op\s+([\d.]+) cpu-ns\/op/gm;
  return new Map([...out.matchAll(re)].map((m) => [m[1], Number(m[2])]));
}

function median(xs) {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? s[(s.length - 1) >> 1] : null;
}

function us(ns) {
  return ns == null ? "–" : ns >= 1e5 ? (ns / 1e3).toFixed(0) : (ns / 1e3).toFixed(1);
}

/** formatFamilies renders familiesBench's result as the section's Markdown lines. */
export function formatFamilies(r) {
  const fr = (x) => (x == null ? "–" : `${x.toFixed(2)}×`);
  const div = (a, b) => (a && b ? a / b : null);
  const out = [
    `## ${TITLE}`,
    "",
    "`BenchmarkFamilies` (`pool/families_bench_test.go`) in four builds of `pool/`: natively with `GOEXPERIMENT=simd`,",
    "the vector kernels, and with `GOEXPERIMENT=nosimd`, the portable ones a Go user without the experiment gets;",
    "the same two for `GOOS=js GOARCH=wasm`, run in Node with V8's optimizing compiler from the first call",
    "(`--no-liftoff`). The portable wasm build keeps the wasm assembly loops that use no vectors. Family by",
    `family, the four builds one after the other, in ${r.rounds} interleaved round(s) of \`-benchtime ${r.benchtime}\`; medians of the CPU`,
    "time per call in µs (the thread's natively, Node's `process.cpuUsage` in wasm), the kernel alone: no copy into",
    "or out of the wasm memory. Speed-up is portable / vector in the same build, above 1 when the vector kernel",
    "is faster; the last column is the wasm vector kernel against the native portable one, above 1 (slower) when",
    "the wasm kernel is slower.",
    `Written by \`node bench/families.js --write\` (or \`make bench\`) on ${r.date} with ${r.go}; load average`,
    `${r.load.start} at the start and ${r.load.end} at the end (1, 5, 15 min): the other work on the machine skews every figure.`,
  ];
  if (r.quick) out.push("**A quick smoke run: one call per family and build. Not for comparison.**");
  out.push(
    "",
    `| family | ${BUILDS.map((b) => `${b.head} µs`).join(" | ")} | vector speed-up, native | vector speed-up, wasm | wasm vector / native portable |`,
    `| --- | ${BUILDS.map(() => "---:").join(" | ")} | ---: | ---: | ---: |`,
  );
  let slower = 0;
  const vectorSlower = { native: 0, wasm: 0 };
  for (const name of r.names) {
    const m = Object.fromEntries(BUILDS.map((b) => [b.key, median(r.times.get(name)[b.key])]));
    const native = div(m.nativePortable, m.nativeVector);
    const wasm = div(m.wasmPortable, m.wasmVector);
    const ratio = div(m.wasmVector, m.nativePortable);
    if (ratio > 1) slower++;
    if (native < 1) vectorSlower.native++;
    if (wasm < 1) vectorSlower.wasm++;
    out.push(`| ${name} | ${BUILDS.map((b) => us(m[b.key])).join(" | ")} | ${fr(native)} | ${fr(wasm)} | ${fr(ratio)}${ratio > 1 ? " (slower)" : ""} |`);
  }
  out.push(
    "",
    `${r.names.length} families, ${slower} slower in wasm than natively portable; the vector kernel slower than the portable one in ${vectorSlower.native} natively and ${vectorSlower.wasm} in wasm; ${r.rounds} round(s) of ${r.benchtime}, medians.`,
    "",
  );
  return out;
}

/**
 * replaceSection returns the Markdown text with the section headed `## TITLE`
 * (up to the next `## ` heading) replaced by lines, or lines appended when
 * the text has no such section.
 */
export function replaceSection(text, lines) {
  const all = text.split("\n");
  const start = all.indexOf(`## ${TITLE}`);
  if (start < 0) return `${text.trimEnd()}\n\n${lines.join("\n")}\n`;
  const end = all.findIndex((l, i) => i > start && l.startsWith("## "));
  // The report ends in a blank line, which the last section keeps.
  if (end < 0) return `${[...all.slice(0, start), ...lines].join("\n")}\n`;
  return [...all.slice(0, start), ...lines, ...all.slice(end)].join("\n");
}

function main() {
  const args = Object.fromEntries(
    process.argv.slice(2).map((a) => {
      const [k, v] = a.replace(/^--/, "").split("=");
      return [k, v ?? true];
    }),
  );
  if (args.quick && args.write) throw new RangeError("--write takes a full run: --quick would put a smoke run's figures into BENCHMARKS.md");
  const r = familiesBench(
    {
      quick: Boolean(args.quick),
      rounds: args.rounds === undefined ? 3 : Number(args.rounds),
      benchtime: args.benchtime ?? "200ms",
      only: args.only ? new RegExp(args.only) : null,
    },
    (line) => console.error(line),
  );
  const lines = formatFamilies(r);
  if (args.write) {
    const file = path.join(ROOT, "BENCHMARKS.md");
    writeFileSync(file, replaceSection(readFileSync(file, "utf8"), lines));
    console.log(`wrote the section "${TITLE}" of BENCHMARKS.md`);
  } else {
    console.log(lines.slice(lines.findIndex((l) => l.startsWith("| family"))).join("\n"));
  }
  if (r.failures.length) {
    console.error(r.failures.join("\n"));
    process.exitCode = 1;
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) main();
