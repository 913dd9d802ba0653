// The live view's worker: every frame arrives as a transferred VideoFrame, is
// copied straight into a frame resident in the WebAssembly memory, pooled
// with the lab's options, pooled again 2x2 stride 2 for each pyramid level,
// and drawn onto canvases the page has transferred here. The page's thread
// only grabs frames.

import { loadPoolkit } from "/js/poolkit.js";

const LEVEL = { kernel: 2, stride: 2 };

let pk;
let frame;
let levels = [];
let result;
let pyramid = [];
let opts = null;
let pyramidOp = "max";
const queue = [];

// Messages that come before the module has loaded wait in the queue; a
// worker must listen before its first await.
addEventListener("message", (e) => {
  queue.push(e.data);
  if (queue.length === 1) drain();
});

const ready = loadPoolkit().then((p) => {
  pk = p;
  frame = pk.createFrame();
});

async function drain() {
  await ready.catch((e) => postMessage({ type: "error", message: `The pooling module did not load: ${e.message}` }));
  while (queue.length) {
    try {
      await handle(queue[0]);
    } catch (e) {
      postMessage({ type: "error", message: String(e?.message ?? e) });
    }
    queue.shift();
  }
}

async function handle(m) {
  if (m.type === "init") {
    result = m.result.getContext("2d");
    pyramid = m.pyramid.map((c) => c.getContext("2d"));
    levels = pyramid.map(() => pk.createFrame());
  } else if (m.type === "options") {
    ({ opts, pyramidOp } = m);
  } else if (m.type === "frame") {
    await pool(m);
  }
}

// draw puts a view of the memory on a canvas: ImageData wraps the view
// without copying it, putImageData copies once.
function draw(ctx, r) {
  if (ctx.canvas.width !== r.width || ctx.canvas.height !== r.height) {
    ctx.canvas.width = r.width;
    ctx.canvas.height = r.height;
  }
  ctx.putImageData(new ImageData(r.data, r.width, r.height), 0, 0);
}

async function pool({ frame: videoFrame, capture }) {
  const t0 = performance.now();
  try {
    await frame.read(videoFrame);
  } finally {
    videoFrame.close();
  }
  const input = capture ? copyOf(frame) : null;
  let r;
  let error = null;
  try {
    if (!opts) throw new Error("no options yet");
    r = frame.pool(opts);
    draw(result, r);
  } catch (e) {
    error = String(e?.message ?? e);
  }
  const output = capture && r ? copyOf(r) : null;
  // The first pyramid level pools the same frame, which reuses r.
  const resultSize = r ? [r.width, r.height] : null;
  const sizes = [];
  let src = frame;
  for (let i = 0; i < levels.length && src.width >= 2 && src.height >= 2; i++) {
    const lv = src.pool({ op: pyramidOp, ...LEVEL });
    // Resizing may grow the memory: the level's views are read after it.
    levels[i].resize(lv.width, lv.height).data.set(lv.data);
    draw(pyramid[i], lv);
    sizes.push([lv.width, lv.height]);
    src = levels[i];
  }
  const ms = performance.now() - t0;
  postMessage({
    type: "done", ms, error, opts, input, output, sizes,
    size: [frame.width, frame.height], result: resultSize,
  });
}

// copyOf copies a picture whose bytes are a view of the wasm memory, which
// the next call may overwrite or detach.
function copyOf(p) {
  return { data: p.data.slice(), width: p.width, height: p.height };
}
