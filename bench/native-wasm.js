// The Go benchmarks of pool/ (BenchmarkPixels), built natively and for
// GOOS=js GOARCH=wasm and run in Node the way go_js_wasm_exec runs them, case
// by case, native then wasm, so that both columns see the same load: the wasm
// build pays for bounds checks and calls that the native build hides, and the
// kernels are written so that it should not.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * nativeWasmBench returns [{ name, native, wasm }] in ms per call. quick runs
 * one case once, to keep the harness working.
 */
export function nativeWasmBench({ quick }, log) {
  const goroot = execFileSync("go", ["env", "GOROOT"], { cwd: ROOT, encoding: "utf8" }).trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), "poolkit-gobench-"));
  try {
    const native = path.join(dir, "pool.test");
    const wasm = path.join(dir, "pool.test.wasm");
    execFileSync("go", ["test", "-c", "-o", native, "./pool/"], { cwd: ROOT, stdio: "inherit" });
    execFileSync("go", ["test", "-c", "-o", wasm, "./pool/"], { cwd: ROOT, stdio: "inherit", env: { ...process.env, GOOS: "js", GOARCH: "wasm" } });
    const names = quick ? ["max2x2s2/4096"] : list(native);
    const flags = (name) => ["-test.run", "^$", "-test.bench", `^BenchmarkPixels$/^${name.replace("/", "$/^")}$`, "-test.benchtime", quick ? "1x" : "1s"];
    const rows = [];
    const failures = [];
    for (const name of names) {
      const n = run(native, [], flags(name));
      // As go_js_wasm_exec does; the binary's working directory is pool/, for testdata.
      const w = run(process.execPath, ["--stack-size=8192", path.join(goroot, "lib/wasm/wasm_exec_node.js"), wasm], flags(name));
      if (n === null || w === null) failures.push(`Go benchmark ${name}: no result (native ${n}, wasm ${w})`);
      rows.push({ name, native: n, wasm: w });
      log(`Go ${name}: native ${n?.toFixed(2)} ms, wasm ${w?.toFixed(2)} ms`);
    }
    return { rows, failures, benchtime: quick ? "1x" : "1s" };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function list(bin) {
  // Sub-benchmarks are named only by running them: one call each.
  const out = execFileSync(bin, ["-test.run", "^$", "-test.bench", "^BenchmarkPixels$", "-test.benchtime", "1x"], { cwd: path.join(ROOT, "pool"), encoding: "utf8" });
  return [...out.matchAll(/^BenchmarkPixels\/(\S+?)(?:-\d+)?\s/gm)].map((m) => m[1]);
}

function run(cmd, pre, flags) {
  const out = execFileSync(cmd, [...pre, ...flags], { cwd: path.join(ROOT, "pool"), encoding: "utf8", maxBuffer: 1 << 24 });
  const m = /^BenchmarkPixels\/\S+\s+\d+\s+([\d.]+) ns\/op/m.exec(out);
  return m ? Number(m[1]) / 1e6 : null;
}

/** formatNativeWasm renders the table as Markdown lines. */
export function formatNativeWasm(r) {
  const f = (ms) => (ms == null ? "–" : ms.toFixed(ms < 10 ? 2 : 1));
  const out = [
    "## Go benchmarks: native and wasm",
    "",
    "`go test -bench 'Pixels'` on `pool/` (`pool/bench_test.go`), built natively and with `GOOS=js GOARCH=wasm` and run in Node",
    `as \`go_js_wasm_exec\` runs it, case by case, native then wasm (\`-benchtime ${r.benchtime}\`). ms per call, the kernel alone: no copy`,
    "into or out of the wasm memory. Sizes are squares, or 4000x3000 (12 megapixels).",
    "",
    "| benchmark | native | wasm | wasm / native |",
    "| --- | ---: | ---: | ---: |",
  ];
  for (const { name, native, wasm } of r.rows) {
    out.push(`| ${name} | ${f(native)} | ${f(wasm)} | ${native && wasm ? `${(wasm / native).toFixed(2)}×` : "–"} |`);
  }
  out.push("");
  return out;
}
