// The benchmark page. The suite runs in a dedicated worker: wasm-vips's
// pthreads make the calling thread wait for its pool, and a page's main thread
// may not block, so there it spins and competes for the cores with the thread
// doing the work. A worker measures every library the same way, and the same
// way as Node's main thread.

window.bench = {
  run(cfg) {
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL("./browser-worker.js", import.meta.url));
      worker.addEventListener("message", ({ data }) => {
        if (data.log !== undefined) console.log(data.log);
        else if (data.error !== undefined) reject(new Error(data.error));
        else resolve(data.result);
      });
      worker.addEventListener("error", (e) => reject(new Error(`bench/browser-worker.js: ${e.message}`)));
      worker.postMessage(cfg);
    });
  },
};
