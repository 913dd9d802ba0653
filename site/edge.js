// "Run at the edge": the same pixels and options sent to /v1/pool, and the
// answer compared byte for byte with the result computed in the page. The
// page already holds the pixels, so they travel raw both ways (input=rgba,
// format=rgba): no codec runs on either side.

import { draw, compareBytes } from "./pixels.js";
import { toQuery } from "./options.js";

/**
 * The /v1/pool URL for a deployment base ("" = this origin), options and the
 * size of the raw RGBA pixels sent.
 */
export function poolURL(base, opts, { width, height }) {
  const root = base.trim() ? new URL(base.trim(), location.href) : new URL("/", location.href);
  const url = new URL("v1/pool", root.href.endsWith("/") ? root.href : root.href + "/");
  const q = toQuery(opts);
  for (const [k, v] of Object.entries({ input: "rgba", width, height, format: "rgba" })) q.set(k, String(v));
  url.search = q.toString();
  return url;
}

/**
 * Sends input with opts to the deployment at base and compares the answer
 * with result, the in-browser pooling of the same input; fills els.
 */
export async function runAtEdge({ base, input, result, opts, els }) {
  const { status, out, canvas, size, facts } = els;
  status.className = "status";
  let url;
  try {
    url = poolURL(base, opts, input);
  } catch {
    status.className = "status bad";
    status.textContent = `“${base}” is not a URL.`;
    return null;
  }
  const body = input.data;
  status.textContent = `Sending ${fmtBytes(body.byteLength)} to ${url.origin}…`;
  const t0 = performance.now();
  let res;
  try {
    res = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/octet-stream" }, cache: "no-store" });
  } catch (e) {
    status.className = "status bad";
    status.textContent = `No answer from ${url.origin}: ${e.message}. Is the server running, and does it allow this origin?`;
    return null;
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const latency = performance.now() - t0;
  if (!res.ok) {
    let msg = `HTTP ${res.status}`;
    try {
      const j = JSON.parse(new TextDecoder().decode(bytes));
      if (j && j.error) msg += `: ${j.error}`;
    } catch { /* the status says enough */ }
    status.className = "status bad";
    status.textContent = `The edge refused: ${msg}.`;
    return { ok: false, status: res.status, latency };
  }
  const width = Number(res.headers.get("X-Width"));
  const height = Number(res.headers.get("X-Height"));
  if (!(width > 0 && height > 0 && bytes.length === width * height * 4)) {
    status.className = "status bad";
    status.textContent = `The edge answered ${fmtBytes(bytes.length)} without a matching X-Width and X-Height: is it a poolkit that takes raw pixels?`;
    return { ok: false, status: res.status, latency };
  }
  const edge = { data: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length), width, height };
  draw(canvas, edge);
  size.textContent = `${edge.width}×${edge.height}`;
  const cmp = compareBytes(result, edge);
  const identical = cmp.sameSize && cmp.differing === 0;
  const serverTiming = res.headers.get("Server-Timing");
  facts.replaceChildren(
    ...fact("verdict", identical
      ? el("span", "same", `byte-identical (${result.data.length.toLocaleString("en")} bytes)`)
      : el("span", "differs", cmp.sameSize
        ? `differs in ${cmp.differing.toLocaleString("en")} of ${result.data.length.toLocaleString("en")} bytes (by up to ${cmp.largest})`
        : `different size: ${edge.width}×${edge.height} at the edge, ${result.width}×${result.height} here`)),
    ...fact("round trip", `${latency.toFixed(1)} ms`),
    ...(serverTiming ? fact("server timing", serverTiming) : []),
    ...fact("sent", `${fmtBytes(body.byteLength)} raw RGBA`),
    ...fact("received", `${fmtBytes(bytes.length)} raw RGBA`),
    ...fact("endpoint", url.origin + url.pathname),
  );
  out.hidden = false;
  out.dataset.identical = String(identical);
  status.className = identical ? "status ok" : "status bad";
  status.textContent = identical ? "The edge computed exactly the same bytes." : "The edge's result differs from the one computed here.";
  return { ok: true, identical, latency, edge };
}

function fact(name, value) {
  return [el("dt", "", name), el("dd", "", value)];
}

function el(tag, cls, content) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (typeof content === "string") e.textContent = content;
  else e.append(content);
  return e;
}

function fmtBytes(n) {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1 << 20)).toFixed(2)} MB`;
}
