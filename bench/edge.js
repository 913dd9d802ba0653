// The edge table of `make bench`: the built worker (build/worker) in workerd
// through miniflare, beside a plain JS worker that only answers JSON, each
// request timed from dispatch to the last byte of the answer. Every answer
// is checked: a wrong one or a 5xx is a failure.
//
//   import { edgeBench, formatEdge } from "./edge.js";
//   const edge = await edgeBench({ quick, log });
//   formatEdge(edge, w, failures);

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUNDLE = ROOT + "build/worker/worker/";
const ORIGIN = "http://poolkit.test";

// The plain JS worker the health request is compared with. A POST gets
// back ?bytes= zero bytes after its body is read: the cost of moving the
// same bytes in and out of workerd, with no work.
const PLAIN_WORKER = `export default {
  async fetch(req) {
    if (req.method === "POST") {
      await req.arrayBuffer();
      return new Response(new Uint8Array(Number(new URL(req.url).searchParams.get("bytes"))));
    }
    return Response.json({ name: "plain", version: "0" }, { headers: { "Access-Control-Allow-Origin": "*" } });
  },
};`;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The resident memory high-water mark of each workerd process this one started. */
function workerdPeaks() {
  const peaks = {};
  for (const pid of readFileSync("/proc/self/task/" + process.pid + "/children", "utf8").trim().split(/\s+/).filter(Boolean)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s*workerd/m.test(status)) continue;
      peaks[pid] = Number(/^VmHWM:\s*(\d+) kB/m.exec(status)[1]) * 1024;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return peaks;
}

/** A bilinear enlargement of an RGBA picture to width x height: a photo-like test picture. */
function enlarge(src, width, height) {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const fy = ((y + 0.5) * src.height) / height - 0.5;
    const y0 = Math.max(0, Math.floor(fy));
    const y1 = Math.min(src.height - 1, y0 + 1);
    const wy = Math.min(1, Math.max(0, fy - y0));
    for (let x = 0; x < width; x++) {
      const fx = ((x + 0.5) * src.width) / width - 0.5;
      const x0 = Math.max(0, Math.floor(fx));
      const x1 = Math.min(src.width - 1, x0 + 1);
      const wx = Math.min(1, Math.max(0, fx - x0));
      for (let c = 0; c < 4; c++) {
        const at = (xx, yy) => src.data[(yy * src.width + xx) * 4 + c];
        const top = at(x0, y0) * (1 - wx) + at(x1, y0) * wx;
        const bottom = at(x0, y1) * (1 - wx) + at(x1, y1) * wx;
        data[(y * width + x) * 4 + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { data, width, height };
}

function sameBytes(a, b) {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/** Server-Timing's phases in milliseconds: { decode, pool, encode }. */
function serverTiming(res) {
  const out = {};
  for (const m of (res.headers.get("server-timing") ?? "").matchAll(/(\w+);dur=([\d.]+)/g)) out[m[1]] = Number(m[2]);
  return out;
}

/**
 * Runs the edge measurements. quick: a smoke run (few repetitions, 40
 * requests in the concurrent batch) that only proves the harness works.
 */
export async function edgeBench({ quick = false, log = console.log } = {}) {
  if (!existsSync(BUNDLE + "app.wasm")) throw new Error("build/worker is missing: run `make build` first");
  const { Miniflare } = await import("miniflare");
  const { loadPoolkit } = await import(pathToFileURL(ROOT + "js/poolkit.js").href);
  const { decodePng, encodePng } = await import(pathToFileURL(ROOT + "site/png.js").href);
  const pk = await loadPoolkit();
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync(ROOT + "worker/wrangler.toml", "utf8"))[1];

  const before = new Set(Object.keys(workerdPeaks()));
  const plain = new Miniflare({ modules: true, script: PLAIN_WORKER, compatibilityDate });
  await plain.ready;
  const plainPid = Object.keys(workerdPeaks()).find((p) => !before.has(p));
  before.add(plainPid);
  const mf = new Miniflare({
    modules: true,
    modulesRoot: BUNDLE,
    scriptPath: BUNDLE + "entry.mjs",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate,
  });
  await mf.ready;
  const poolkitPid = Object.keys(workerdPeaks()).find((p) => !before.has(p));

  const failures = [];
  const rows = [];
  const reps = quick ? 3 : 25;

  async function request(worker, path, init) {
    const t0 = performance.now();
    const res = await worker.dispatchFetch(ORIGIN + path, init);
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { ms: performance.now() - t0, res, bytes };
  }

  // Sequential medians, the check run on the first answer.
  async function sequential(name, worker, path, init, check, n = reps) {
    const times = [];
    const phases = [];
    await request(worker, path, init); // warm-up: the runtime's start and the first compilation
    for (let i = 0; i < n; i++) {
      const r = await request(worker, path, init);
      if (r.res.status !== 200) {
        failures.push(`edge: ${name}: HTTP ${r.res.status} ${new TextDecoder().decode(r.bytes.subarray(0, 200))}`);
        break;
      }
      if (i === 0 && check && !(await check(r))) failures.push(`edge: ${name}: wrong answer`);
      times.push(r.ms);
      phases.push(serverTiming(r.res));
    }
    const row = { name, ms: times.length ? median(times) : NaN, n: times.length };
    // The same bytes through the plain worker, interleaved afterwards.
    if (times.length) {
      const size = (await request(worker, path, init)).bytes.length;
      const floor = [];
      for (let i = 0; i < Math.min(n, 10); i++) floor.push((await request(plain, `/?bytes=${size}`, { ...init, method: "POST" })).ms);
      row.plainMs = median(floor);
    }
    for (const k of ["decode", "pool", "encode"]) {
      const xs = phases.map((p) => p[k]).filter((x) => x !== undefined);
      if (xs.length) row[k] = median(xs);
    }
    log(`edge ${name}: ${row.ms.toFixed(1)} ms (n=${row.n}), the bytes alone ${row.plainMs?.toFixed(1)} ms${row.decode !== undefined ? ` decode ${row.decode} pool ${row.pool} encode ${row.encode}` : ""}`);
    rows.push(row);
    return row;
  }

  try {
    // Health, the two workers interleaved so that load hits both alike.
    const health = { poolkit: [], plain: [] };
    for (const w of [mf, plain]) await request(w, "/v1/health");
    for (let i = 0; i < reps * 2; i++) {
      for (const [k, w] of [["poolkit", mf], ["plain", plain]]) {
        const r = await request(w, "/v1/health");
        if (r.res.status !== 200) failures.push(`edge: ${k} health: HTTP ${r.res.status}`);
        health[k].push(r.ms);
      }
    }
    rows.push({ name: "GET /v1/health", ms: median(health.poolkit), plainMs: median(health.plain), n: health.poolkit.length });
    log(`edge health: poolkit ${median(health.poolkit).toFixed(2)} ms, plain JS ${median(health.plain).toFixed(2)} ms`);

    // The 320x320 sample.
    const samplePng = readFileSync(ROOT + "site/samples/astronaut.png");
    const sample = await decodePng(new Uint8Array(samplePng));
    const sampleWant = pk.pool(sample, { op: "avg", kernel: 2 });
    await sequential(`${sample.width}x${sample.height} PNG → PNG, avg 2x2`, mf, "/v1/pool?op=avg&kernel=2", { method: "POST", body: samplePng }, async (r) =>
      sameBytes((await decodePng(r.bytes)).data, sampleWant.data),
    );

    // A 2048x2048 photo: chelsea enlarged, as raw RGBA and as a JPEG the
    // worker itself encodes (a 1x1 max is the identity).
    const chelsea = await decodePng(new Uint8Array(readFileSync(ROOT + "site/samples/chelsea.png")));
    const photo = enlarge(chelsea, 2048, 2048);
    const rawQuery = "input=rgba&width=2048&height=2048";
    const jpegRes = await request(mf, `/v1/pool?${rawQuery}&op=max&kernel=1&format=jpeg&quality=90`, { method: "POST", body: photo.data });
    if (jpegRes.res.status !== 200) throw new Error(`edge: encoding the 2048x2048 JPEG: HTTP ${jpegRes.res.status}`);
    const jpeg = jpegRes.bytes;
    const decoded = await request(mf, "/v1/pool?op=max&kernel=1&format=rgba", { method: "POST", body: jpeg });
    const jpegWant = pk.pool({ data: decoded.bytes, width: 2048, height: 2048 }, { op: "avg", kernel: 2 });
    await sequential(`2048x2048 JPEG (${(jpeg.length / 1024).toFixed(0)} KB) → PNG, avg 2x2`, mf, "/v1/pool?op=avg&kernel=2", { method: "POST", body: jpeg }, async (r) =>
      sameBytes((await decodePng(r.bytes)).data, jpegWant.data),
    );
    const rawWant = pk.pool(photo, { op: "avg", kernel: 2 });
    await sequential("2048x2048 raw RGBA → raw RGBA, avg 2x2", mf, `/v1/pool?${rawQuery}&op=avg&kernel=2&format=rgba`, { method: "POST", body: photo.data }, async (r) =>
      sameBytes(r.bytes, rawWant.data),
    );

    // Many small pictures at once.
    const small = { data: sample.data.slice(0, 256 * 320 * 4), width: 320, height: 256 };
    const crop = new Uint8Array(256 * 256 * 4);
    for (let y = 0; y < 256; y++) crop.set(small.data.subarray(y * 320 * 4, y * 320 * 4 + 256 * 4), y * 256 * 4);
    const smallPic = { data: crop, width: 256, height: 256 };
    const smallPng = new Uint8Array(await (await encodePng(smallPic)).arrayBuffer());
    const smallWant = pk.pool(smallPic, { op: "avg", kernel: 2 });
    const total = quick ? 40 : 200;
    const inFlight = 20;
    let next = 0;
    let wrong = 0;
    const statuses = {};
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          next++;
          const r = await request(mf, "/v1/pool?op=avg&kernel=2", { method: "POST", body: smallPng });
          statuses[r.res.status] = (statuses[r.res.status] ?? 0) + 1;
          if (r.res.status === 200 && !sameBytes((await decodePng(r.bytes)).data, smallWant.data)) wrong++;
        }
      }),
    );
    const wall = performance.now() - t0;
    const ok = statuses[200] ?? 0;
    if (ok !== total || wrong) failures.push(`edge: ${total} requests ${inFlight} at a time: ${JSON.stringify(statuses)} statuses, ${wrong} wrong`);
    rows.push({ name: `${total} requests of a 256x256 PNG, ${inFlight} at a time`, ms: wall, n: total, batch: { ok, wrong, statuses } });
    log(`edge batch: ${total} requests in ${wall.toFixed(0)} ms, statuses ${JSON.stringify(statuses)}, ${wrong} wrong`);

    const peaks = workerdPeaks();
    return { rows, failures, peak: { poolkit: peaks[poolkitPid], plain: peaks[plainPid] }, quick };
  } finally {
    await Promise.all([mf.dispose(), plain.dispose()]);
  }
}

// The targets the edge is held to, by row name prefix: sequential medians.
const TARGETS = [
  ["GET /v1/health", (r) => `${(1.5 * r.plainMs).toFixed(1)} ms (1.5x the plain JS worker)`, (r) => r.ms <= 1.5 * r.plainMs],
  ["320x320 PNG", () => "20 ms", (r) => r.ms <= 20],
  ["2048x2048 JPEG", () => "250 ms", (r) => r.ms <= 250],
  ["2048x2048 raw", () => "60 ms", (r) => r.ms <= 60],
  ["200 requests", () => "4 s, all correct", (r) => r.ms <= 4000 && r.batch.ok === r.n && !r.batch.wrong],
];

function fmt(ms) {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** Writes the edge section of BENCHMARKS.md through w and adds its failures. */
export function formatEdge(edge, w, failures) {
  failures.push(...edge.failures);
  w("## Edge: the worker in workerd");
  w();
  w("`build/worker` (one Go runtime per isolate, syumai/workers) in workerd through miniflare, on this");
  w("machine, beside a plain JS worker that only answers JSON. Each time runs from dispatch to the last");
  w("byte of the answer; sequential medians of " + (edge.quick ? "3" : "25") + " requests after one warm-up, the health requests of");
  w("both workers interleaved. The phases are the worker's own Server-Timing medians (Go's clock in wasm);");
  w("\"plain JS\" is the plain worker's time for the same request: health, or reading the same body and");
  w("answering as many bytes as poolkit does (moving the bytes through miniflare and workerd, no work).");
  w("Every answer is checked against `pk.pool` on the same pixels.");
  w();
  w("| request | median | plain JS | decode | pool | encode | target | met |");
  w("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  for (const r of edge.rows) {
    const t = TARGETS.find(([prefix]) => r.name.startsWith(prefix) || (prefix === "200 requests" && r.batch));
    const ms = r.batch ? `${(r.ms / 1000).toFixed(2)} s, ${r.batch.ok}/${r.n} correct 200s` : fmt(r.ms);
    const phase = (k) => (r[k] !== undefined ? fmt(r[k]) : "");
    w(`| ${r.name} | ${ms} | ${phase("plainMs")} | ${phase("decode")} | ${phase("pool")} | ${phase("encode")} | ${t ? t[1](r) : ""} | ${t ? (t[2](r) ? "yes" : "**no**") : ""} |`);
  }
  const mib = (b) => (b ? `${(b / 2 ** 20).toFixed(0)} MiB` : "unknown");
  w();
  w(`Peak resident memory of the workerd process (VmHWM): poolkit ${mib(edge.peak.poolkit)}, the plain JS worker ${mib(edge.peak.plain)}.`);
  w("That is the whole process, V8 and the compiled module included, after every request above (16 MiB");
  w("bodies among them); what a deployed isolate's 128 MB must hold is Go's heap, which the worker keeps");
  w("under 96 MiB (debug.SetMemoryLimit) and 64 MiB of estimated work in flight, and the bodies on the JS side.");
  w();
}
