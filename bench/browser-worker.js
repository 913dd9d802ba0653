// The Chromium side of the benchmark, in a classic dedicated worker: classic
// so that importScripts can load tfjs's UMD builds (its ES module builds import
// Node built-ins by bare name); everything else comes in by dynamic import,
// from the repository's node_modules as bench/run.js serves it.

importScripts(
  "/node_modules/@tensorflow/tfjs-core/dist/tf-core.es2017.min.js",
  "/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js",
);

const log = (line) => postMessage({ log: line });

addEventListener("message", async ({ data: cfg }) => {
  try {
    postMessage({ result: await run(cfg) });
  } catch (err) {
    postMessage({ error: String(err?.stack ?? err) });
  }
});

async function run(cfg) {
  const [{ runSuite }, peers, { copyPath, workerScaling }, { tensorBench }, { loadPoolkit }, { liveBench }, { perCallBench }] = await Promise.all([
    import("./cases.js"),
    import("./peers.js"),
    import("./workers.js"),
    import("./tensor.js"),
    import("../js/poolkit.js"),
    import("./live.js"),
    import("./percall.js"),
  ]);
  const tf = globalThis.tf;
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  tf.wasm.setWasmPaths("/node_modules/@tensorflow/tfjs-backend-wasm/dist/");
  await tf.setBackend("wasm");
  await tf.ready();
  const ort = await import("/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs");
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = "/node_modules/onnxruntime-web/dist/";
  const { default: Vips } = await import("/node_modules/wasm-vips/lib/vips-es6.js");
  const vips = await Vips({ dynamicLibraries: [] });
  vips.concurrency(1);
  const pk = await loadPoolkit();
  const list = [peers.poolkitPeer(pk), peers.naivePeer(), peers.tfPeer(tf), peers.ortPeer(ort), peers.vipsPeer(vips)];
  // Tensors first, as in Node (see run.js).
  const tensor = await tensorBench({ loadPoolkit, pk, ort, tf }, cfg, log);
  const perCall = await perCallBench({ pk, ort, tf }, cfg, log);
  const suite = await runSuite(list, cfg, log);
  const scaling = await workerScaling(loadPoolkit, pk, cfg, log);
  const live = await liveBench({ loadPoolkit, ort, ortPeer: peers.ortPeer, quick: cfg.quick, log });
  const copies = await copyPath(pk, cfg, log);
  return { ...suite, scaling, copyPath: copies, tensor, perCall, live, isolated: globalThis.crossOriginIsolated };
}
