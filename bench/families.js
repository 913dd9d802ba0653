// Every pooling family's kernel in the wasm build (Go's simd experiment, the
// vector kernels, run in Node) against the portable kernels natively
// (GOEXPERIMENT=nosimd on this machine): BenchmarkFamilies in pool/, family
// by family, wasm then native, in interleaved rounds so that both columns see
// the same load; the table gives each one's median CPU time per call (the
// wall time counts the waits of a busy machine too; it is beside it). A
// ratio (wasm over native) above 1 is a family whose wasm kernel is slower
// than the portable one natively.
//
//   node bench/families.js [--rounds=3] [--benchtime=200ms] [--quick] [--only=regexp]
//
// --quick runs every family once in each build, to keep the harness working
// (make test runs it).

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? true];
  }),
);
const quick = Boolean(args.quick);
const rounds = quick ? 1 : Number(args.rounds ?? 3);
const benchtime = quick ? "1x" : (args.benchtime ?? "200ms");
const only = args.only ? new RegExp(args.only) : null;

const goroot = execFileSync("go", ["env", "GOROOT"], { cwd: ROOT, encoding: "utf8" }).trim();
const dir = mkdtempSync(path.join(os.tmpdir(), "poolkit-families-"));
try {
  const native = path.join(dir, "pool.test");
  const wasm = path.join(dir, "pool.test.wasm");
  execFileSync("go", ["test", "-c", "-o", native, "./pool/"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, GOEXPERIMENT: "nosimd" } });
  execFileSync("go", ["test", "-c", "-o", wasm, "./pool/"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, GOEXPERIMENT: "simd", GOOS: "js", GOARCH: "wasm" } });
  const names = list(native).filter((n) => !only || only.test(n));
  // --no-liftoff: V8's optimizing compiler from the first call, as a hot
  // kernel gets in a long-running page; the baseline compiler would time
  // itself.
  const node = [process.execPath, ["--no-liftoff", "--stack-size=8192", path.join(goroot, "lib/wasm/wasm_exec_node.js"), wasm]];
  const times = new Map(names.map((n) => [n, { wasm: [], native: [] }]));
  const failures = [];
  // --quick runs every family in one process per build; a full run runs
  // each family by itself, wasm then native, round after round.
  const batches = quick ? [names] : names.map((n) => [n]);
  for (let r = 0; r < rounds; r++) {
    for (const batch of batches) {
      // A whole batch is every family: wasm_exec_node bounds the command line.
      const pattern = batch.length === 1 ? `^BenchmarkFamilies$/^${batch[0]}$` : "^BenchmarkFamilies$";
      const flags = ["-test.run", "^$", "-test.bench", pattern, "-test.benchtime", benchtime];
      const w = run(node[0], [...node[1], ...flags]);
      const n = run(native, flags);
      for (const name of batch) {
        if (!w.has(name) || !n.has(name)) failures.push(`${name}: no result (wasm ${w.get(name)}, native ${n.get(name)})`);
        times.get(name).wasm.push(w.get(name) ?? {});
        times.get(name).native.push(n.get(name) ?? {});
      }
    }
  }
  const median = (xs) => {
    const s = xs.filter((x) => x != null).sort((a, b) => a - b);
    return s.length ? s[(s.length - 1) >> 1] : null;
  };
  const f = (ns) => (ns == null ? "–" : ns >= 1e5 ? (ns / 1e3).toFixed(0) + " µs" : (ns / 1e3).toFixed(1) + " µs");
  const r = (a, b) => (a && b ? a / b : null);
  console.log(`| family | wasm (simd, Node) CPU | native portable (nosimd) CPU | wasm / native CPU | wall |`);
  console.log(`|---|---:|---:|---:|---:|`);
  let slower = 0;
  for (const name of names) {
    const t = times.get(name);
    const w = median(t.wasm.map((x) => x.cpu ?? x.wall));
    const n = median(t.native.map((x) => x.cpu ?? x.wall));
    const ratio = r(w, n);
    const wall = r(median(t.wasm.map((x) => x.wall)), median(t.native.map((x) => x.wall)));
    if (ratio > 1) slower++;
    const fr = (x) => (x == null ? "–" : x.toFixed(2));
    console.log(`| ${name} | ${f(w)} | ${f(n)} | ${fr(ratio)}${ratio > 1 ? " (slower)" : ""} | ${fr(wall)} |`);
  }
  console.log(`\n${names.length} families, ${slower} slower in wasm than natively portable; ${rounds} round(s) of ${benchtime}, medians.`);
  if (failures.length) {
    console.error(failures.join("\n"));
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function list(bin) {
  // Sub-benchmarks are named only by running them: one call each.
  const out = execFileSync(bin, ["-test.run", "^$", "-test.bench", "^BenchmarkFamilies$", "-test.benchtime", "1x"], { cwd: path.join(ROOT, "pool"), encoding: "utf8" });
  return [...out.matchAll(/^BenchmarkFamilies\/(\S+?)(?:-\d+)?\s/gm)].map((m) => m[1]);
}

// run returns the wall and CPU ns/op of each family the benchmark binary
// reports.
function run(cmd, argv) {
  const out = execFileSync(cmd, argv, { cwd: path.join(ROOT, "pool"), encoding: "utf8", maxBuffer: 1 << 24 });
  const re = /^BenchmarkFamilies\/(\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns\/op(?:\s+([\d.]+) cpu-ns\/op)?/gm;
  return new Map([...out.matchAll(re)].map((m) => [m[1], { wall: Number(m[2]), cpu: m[3] ? Number(m[3]) : undefined }]));
}
