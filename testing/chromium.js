// Headless Chromium and the static server its pages load from, for the tests
// that run in a browser. Chromium is Debian's (CHROMIUM overrides its path);
// where it is missing those tests are skipped with the reason `skipChromium`.

import { createServer } from "node:http";
import { access, readFile } from "node:fs/promises";
import { extname } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** The flags every test browser runs with: no network of its own, no GPU, no first-run work. */
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Chromium's fake camera, granted without asking. */
export const FAKE_CAMERA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"];

/** False where Chromium is installed, else the reason to give node:test's skip. */
export const skipChromium = (await access(CHROMIUM).then(() => true, () => false)) ? false : `no Chromium at ${CHROMIUM}`;

/** Starts Chromium with CHROMIUM_ARGS and the extra flags. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".png": "image/png" };

// recordProblems pushes onto problems every console error or warning and
// every uncaught exception of page, for a test to assert there were none.
export function recordProblems(page, problems) {
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
}

/**
 * Serves GET requests on a free port of 127.0.0.1. route maps a request's
 * decoded path to { file, headers?, type? } (file a path or file: URL), to
 * { body, headers?, type } for a body made in place, or to null for a 404.
 * Returns the origin and close().
 */
export async function serveFiles(route) {
  const server = createServer(async (req, res) => {
    const found = route(decodeURIComponent(new URL(req.url, "http://x").pathname));
    try {
      if (!found) throw new Error("no route");
      const body = found.body ?? (await readFile(found.file));
      const type = found.type ?? TYPES[extname(String(found.file))] ?? "application/octet-stream";
      res.writeHead(200, { ...found.headers, "content-type": type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}
