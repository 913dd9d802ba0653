// "Run at the edge": the same picture and options sent to /v1/pool, and the
// answer compared byte for byte with the result computed in the page.

import { decodePicture, draw, pngBlob, compareBytes } from "./pixels.js";
import { toQuery } from "./options.js";

/** The /v1/pool URL for a deployment base ("" = this origin) and options. */
export function poolURL(base, opts) {
  const root = base.trim() ? new URL(base.trim(), location.href) : new URL("/", location.href);
  const url = new URL("v1/pool", root.href.endsWith("/") ? root.href : root.href + "/");
  url.search = toQuery(opts).toString();
  return url;
}

/**
 * Sends input with opts to the deployment at base and compares the answer
 * with result, the in-browser pooling of the same input; fills els.
 */
export async function runAtEdge({ base, input, result, opts, els }) {
  const { status, out, canvas, size, facts } = els;
  status.className = "status";
  status.textContent = "Encoding the picture…";
  let url;
  try {
    url = poolURL(base, opts);
  } catch {
    status.className = "status bad";
    status.textContent = `“${base}” is not a URL.`;
    return null;
  }
  const body = await pngBlob(input);
  status.textContent = `Sending ${fmtBytes(body.size)} to ${url.origin}…`;
  const t0 = performance.now();
  let res;
  try {
    res = await fetch(url, { method: "POST", body, headers: { "Content-Type": "image/png" }, cache: "no-store" });
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
  const edge = await decodePicture(new Blob([bytes], { type: res.headers.get("Content-Type") || "" }));
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
    ...fact("sent", `${fmtBytes(body.size)} PNG`),
    ...fact("received", `${fmtBytes(bytes.length)} ${res.headers.get("Content-Type") || ""}`),
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
