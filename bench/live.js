// Frame loops in Chromium, run in the benchmark's worker: 1280x720 frames as
// a camera delivers them (I420 VideoFrames), each read by VideoFrame.copyTo
// into a frame resident in the wasm memory, pooled, and drawn on an
// OffscreenCanvas; then the kernel alone on the resident frame beside
// onnxruntime-web pooling the same frame's bytes. Every result is checked
// against pk.pool of the frame's ImageData.

import { compare } from "./cases.js";
import { xorshift32 } from "../testing/random.js";

const WIDTH = 1280;
const HEIGHT = 720;
export const LIVE_CASES = [
  { id: "live-max2", label: "max 2×2 /2", op: "max", kernel: 2, stride: 2 },
  { id: "live-avg4", label: "avg 4×4 /4", op: "avg", kernel: 4, stride: 4 },
];

// I420 frames with moving gradients and noise, so that no two frames and no
// two windows are alike.
function cameraFrames(n) {
  const cw = WIDTH / 2;
  const ch = HEIGHT / 2;
  const next = xorshift32(0x9e3779b9);
  const noise = () => next() & 31;
  return Array.from({ length: n }, (_, f) => {
    const data = new Uint8Array(WIDTH * HEIGHT + 2 * cw * ch);
    for (let y = 0; y < HEIGHT; y++) {
      for (let i = 0; i < WIDTH; i++) data[y * WIDTH + i] = 16 + ((i + y + 8 * f) % 200) + noise() % 20;
    }
    const u = WIDTH * HEIGHT;
    const v = u + cw * ch;
    for (let y = 0; y < ch; y++) {
      for (let i = 0; i < cw; i++) {
        data[u + y * cw + i] = 64 + ((i * 2 + f) & 127);
        data[v + y * cw + i] = 64 + ((y * 2 + 3 * f) & 127) + noise() % 8;
      }
    }
    return new VideoFrame(data, { format: "I420", codedWidth: WIDTH, codedHeight: HEIGHT, timestamp: f * 33_333 });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Runs the frame loops. cfg.quick takes a few frames only. ort is
 * onnxruntime-web, ortPeer the suite's driver for it.
 */
export async function liveBench({ loadPoolkit, ort, ortPeer, quick, log }) {
  const frames = cameraFrames(8);
  const pk = await loadPoolkit();
  const frame = pk.createFrame();
  const ctx = new OffscreenCanvas(1, 1).getContext("2d");
  const peer = ortPeer(ort);
  const loops = quick ? 10 : 240;
  const rounds = quick ? 1 : 6;
  const rows = [];
  try {
    for (const c of LIVE_CASES) {
      const opts = { op: c.op, kernel: c.kernel, stride: c.stride };
      const row = { case: c.id, label: c.label, width: WIDTH, height: HEIGHT };
      try {
        // End to end, per frame: copyTo into the wasm memory, pool, draw.
        const perFrame = [];
        for (let i = -5; i < loops; i++) {
          const t0 = performance.now();
          await frame.read(frames[(i + 8) % 8]);
          const r = frame.pool(opts);
          if (ctx.canvas.width !== r.width || ctx.canvas.height !== r.height) {
            ctx.canvas.width = r.width;
            ctx.canvas.height = r.height;
          }
          ctx.putImageData(new ImageData(r.data, r.width, r.height), 0, 0);
          if (i >= 0) perFrame.push(performance.now() - t0);
        }
        row.frameMs = median(perFrame);
        row.fps = 1000 / row.frameMs;
        row.frames = perFrame.length;

        // Three loops without the drawing, interleaved in blocks: copying
        // each frame out and nothing else (the floor of any frame loop),
        // pk.pool(videoFrame), and the resident frame's read and pool.
        const copyBuf = new Uint8Array(WIDTH * HEIGHT * 4);
        const loopsOf = {
          copy: async (vf) => { await vf.copyTo(copyBuf, { format: "RGBA", colorSpace: "srgb" }); },
          pool: async (vf) => { await pk.pool(vf, opts); },
          frame: async (vf) => { await frame.read(vf); frame.pool(opts); },
        };
        const loopTimes = { copy: [], pool: [], frame: [] };
        for (let i = 0; i < rounds * 2; i++) {
          for (const [k, f] of Object.entries(loopsOf)) {
            for (let j = 0; j < 10; j++) {
              const t0 = performance.now();
              await f(frames[j % 8]);
              loopTimes[k].push(performance.now() - t0);
            }
          }
        }
        row.copyMs = median(loopTimes.copy);
        row.poolMs = median(loopTimes.pool);
        row.loopMs = median(loopTimes.frame);

        // The kernel alone, on the resident frame; checked against pk.pool
        // of the frame's bytes as an ImageData.
        const img = new ImageData(frame.data.slice(), frame.width, frame.height);
        const want = pk.pool(img, opts);
        row.check = compare(frame.pool(opts), want, c);
        // onnxruntime-web on the same frame, bytes in and bytes out. Blocks
        // of each alternate, so that both see the same load; within a block
        // calls run back to back, as in a frame loop.
        row.ortCheck = compare(await peer.run(img, c), want, c);
        const kernel = [];
        const times = [];
        for (let i = 0; i < rounds; i++) {
          for (let k = 0; k < 25; k++) {
            const t0 = performance.now();
            frame.pool(opts);
            kernel.push(performance.now() - t0);
          }
          for (let k = 0; k < 8; k++) {
            const t0 = performance.now();
            await peer.run(img, c);
            times.push(performance.now() - t0);
          }
        }
        row.kernelMs = median(kernel);
        row.ortMs = median(times);
        log(`live ${c.label} ${WIDTH}x${HEIGHT}: copy only ${row.copyMs.toFixed(2)} ms, pk.pool(videoFrame) ${row.poolMs.toFixed(2)} ms, ` +
          `frame.read + frame.pool ${row.loopMs.toFixed(2)} ms`);
        log(`live ${c.label} ${WIDTH}x${HEIGHT}: ${row.frameMs.toFixed(2)} ms per frame end to end (${row.fps.toFixed(0)} fps), ` +
          `kernel ${row.kernelMs.toFixed(2)} ms, onnxruntime-web ${row.ortMs.toFixed(2)} ms, ${row.check.status}`);
      } catch (err) {
        row.error = String(err?.message ?? err);
        log(`live ${c.label}: ERROR ${row.error}`);
      }
      rows.push(row);
    }
  } finally {
    for (const f of frames) f.close();
    frame.free();
  }
  return { rows };
}

/** The report's section on frame loops, and the failures it finds. */
export function formatLive(live) {
  const lines = [];
  const failures = [];
  const w = (s = "") => lines.push(s);
  w("## Live frames");
  w();
  if (!live) {
    w("Not measured.");
    w();
    return { lines, failures };
  }
  w("1280×720 I420 `VideoFrame`s, as a camera delivers them, in Chromium's benchmark worker. End to end per frame:");
  w("`frame.read` (`VideoFrame.copyTo` straight into a frame resident in the wasm memory), `frame.pool`, and");
  w("`putImageData` of the result view on an `OffscreenCanvas`. Kernel: `frame.pool` alone on the resident frame,");
  w("against onnxruntime-web pooling the same frame's bytes (bytes in, bytes out). Medians.");
  w();
  w("| case | end to end ms | frames per second | kernel ms (resident) | onnxruntime-web ms | ratio |");
  w("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of live.rows) {
    if (r.error) {
      failures.push(`Chromium: the live ${r.label} loop failed: ${r.error}`);
      w(`| ${r.label} | error | | | | |`);
      continue;
    }
    if (r.check.status !== "exact") failures.push(`Chromium: the live ${r.label} frame differs from pk.pool of its ImageData (max abs diff ${r.check.maxDiff})`);
    const ort = r.ortCheck.status === "exact" ? "" : ` (${r.ortCheck.status})`;
    w(`| ${r.label} | ${r.frameMs.toFixed(2)} | ${r.fps.toFixed(0)} | ${r.kernelMs.toFixed(2)} | ${r.ortMs.toFixed(2)}${ort} | ${(r.ortMs / r.kernelMs).toFixed(1)}x |`);
  }
  w();
  w("Frame loops without the drawing, against a loop that only copies each frame out (`VideoFrame.copyTo`,");
  w("RGBA): `pk.pool(videoFrame)` (a promise: `copyTo` into the wasm memory, pool, the result copied out) and");
  w("the resident frame's `frame.read` + `frame.pool`. Frames per second, and the share of the copy-only loop's.");
  w();
  w("| case | copy only fps | pk.pool(videoFrame) fps | share | frame loop fps | share |");
  w("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const r of live.rows) {
    if (r.error || r.copyMs === undefined) continue;
    const fps = (ms) => (1000 / ms).toFixed(0);
    w(`| ${r.label} | ${fps(r.copyMs)} | ${fps(r.poolMs)} | ${(r.copyMs / r.poolMs).toFixed(2)} | ${fps(r.loopMs)} | ${(r.copyMs / r.loopMs).toFixed(2)} |`);
  }
  w();
  return { lines, failures };
}
