import { readFileSync } from "node:fs";
import { nodeResolve } from "@rollup/plugin-node-resolve";

// poolkit finds poolkit.wasm and poolkit-worker.js beside the bundle, and
// Rollup bundles neither by itself: the worker is a second input, and the
// wasm is copied.
export default {
  input: { main: "main.js", "poolkit-worker": "poolkit/poolkit-worker.js" },
  output: { dir: "dist", format: "es" },
  plugins: [
    nodeResolve(),
    {
      name: "poolkit-wasm",
      generateBundle() {
        const source = readFileSync(new URL(import.meta.resolve("poolkit/poolkit.wasm")));
        this.emitFile({ type: "asset", fileName: "poolkit.wasm", source });
      },
    },
  ],
};
