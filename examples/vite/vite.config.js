// The one setting poolkit needs, for the dev server only: Vite's dependency
// pre-bundling moves poolkit.js into node_modules/.vite/deps, away from the
// poolkit.wasm and poolkit-worker.js that it finds beside itself. Builds need
// nothing.
export default { optimizeDeps: { exclude: ["poolkit"] } };
