// Loads the compared libraries in Node, each pinned to one thread.

import { readFileSync } from "node:fs";

export async function loadLibs() {
  const tf = await import("@tensorflow/tfjs-core");
  const tfwasm = await import("@tensorflow/tfjs-backend-wasm");
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  await tf.setBackend("wasm");
  await tf.ready();
  const ort = await import("onnxruntime-web");
  ort.env.wasm.numThreads = 1;
  const { default: Vips } = await import("wasm-vips");
  // No dynamic libraries: the HEIF, JPEG XL and SVG plugins are not needed.
  const vips = await Vips({ dynamicLibraries: [] });
  vips.concurrency(1);
  const versions = {
    "tfjs-wasm": packageVersion("@tensorflow/tfjs-backend-wasm"),
    "onnxruntime-web": packageVersion("onnxruntime-web"),
    "wasm-vips": `${packageVersion("wasm-vips")} (libvips ${vips.version()})`,
  };
  return { tf, tfwasm, ort, vips, versions };
}

// Read from disk: some packages do not export their package.json.
function packageVersion(name) {
  return JSON.parse(readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
}
