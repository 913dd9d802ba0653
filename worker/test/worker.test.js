// The edge worker as Cloudflare runs it: the built bundle in workerd. Every
// answer is held to what the JS module computes for the same pixels or
// tensor and options, byte for byte.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { crc32 } from "node:zlib";
import { loadPoolkit } from "../../js/poolkit.js";
import { decodePNG, pictureOptions, pictures, randomTensor, startWorker, tensorBody, tensorOptions, toFloat32, toQuery } from "./helpers.js";

let mf, pk;
before(async () => {
  [mf, pk] = await Promise.all([startWorker(), loadPoolkit()]);
});
after(() => mf?.dispose());

const url = (path) => "http://poolkit.test" + path;

async function post(path, body, headers = {}) {
  const res = await mf.dispatchFetch(url(path), { method: "POST", body, headers });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function errorOf(res, bytes, status) {
  assert.equal(res.status, status, new TextDecoder().decode(bytes));
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Asserts two RGBA pictures are identical, reporting how many bytes differ. */
function samePixels(got, want, what) {
  assert.equal(`${got.width}x${got.height}`, `${want.width}x${want.height}`, what);
  let differ = 0;
  for (let i = 0; i < want.data.length; i++) if (got.data[i] !== want.data[i]) differ++;
  assert.equal(differ, 0, `${what}: ${differ} of ${want.data.length} bytes differ`);
}

/** Asserts two float32 arrays hold the same values, NaN equal to NaN. */
function sameFloats(got, want, what) {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i]) && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) {
      assert.fail(`${what}: element ${i} is ${got[i]}, want ${want[i]}`);
    }
  }
}

test("GET and HEAD /v1/health report the version and the edge's limits", async () => {
  const res = await mf.dispatchFetch(url("/v1/health"));
  assert.equal(res.status, 200);
  const h = await res.json();
  assert.equal(h.name, "poolkit");
  assert.match(h.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(h.limits, { maxBodyBytes: 16 << 20, maxPixels: 10_000_000, maxTensorElements: 1 << 21, maxBytesInFlight: 64 << 20 });

  const head = await mf.dispatchFetch(url("/v1/health"), { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal((await head.arrayBuffer()).byteLength, 0);
});

for (const pic of pictures) {
  test(`POST /v1/pool with ${pic.file} equals pk.pool on the decoded pixels`, async () => {
    for (const opts of pictureOptions) {
      const { res, bytes } = await post("/v1/pool?" + toQuery(opts), pic.bytes);
      assert.equal(res.status, 200, new TextDecoder().decode(bytes));
      assert.equal(res.headers.get("content-type"), "image/png");
      assert.equal(res.headers.get("access-control-allow-origin"), "*");
      samePixels(await decodePNG(bytes), pk.pool(pic.pixels, opts), `${pic.file} ${JSON.stringify(opts)}`);
    }
  });
}

test("raw pixels in (input=rgba) and out (format=rgba) equal pk.pool", async () => {
  const px = pictures[0].pixels;
  for (const opts of pictureOptions) {
    const want = pk.pool(px, opts);
    const query = `input=rgba&width=${px.width}&height=${px.height}&` + toQuery(opts);
    const raw = await post("/v1/pool?" + query + "&format=rgba", px.data);
    assert.equal(raw.res.status, 200, new TextDecoder().decode(raw.bytes));
    assert.equal(raw.res.headers.get("content-type"), "application/octet-stream");
    assert.match(raw.res.headers.get("access-control-expose-headers"), /X-Width, X-Height/);
    const got = { data: raw.bytes, width: Number(raw.res.headers.get("x-width")), height: Number(raw.res.headers.get("x-height")) };
    samePixels(got, want, `raw ${JSON.stringify(opts)}`);

    const png = await post("/v1/pool?" + query, px.data);
    assert.equal(png.res.status, 200);
    samePixels(await decodePNG(png.bytes), want, `raw to PNG ${JSON.stringify(opts)}`);
  }
  const { res, bytes } = await post(`/v1/pool?input=rgba&width=${px.width}&height=${px.height}&op=max&kernel=2`, px.data.subarray(4));
  const e = await errorOf(res, bytes, 400);
  assert.match(e.error, /takes exactly/);
});

test("format=jpeg answers a JPEG", async () => {
  const { res, bytes } = await post("/v1/pool?op=max&kernel=2&format=jpeg&quality=70", pictures[0].bytes);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "image/jpeg");
  assert.deepEqual([...bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
});

test("POST /v1/pool/tensor equals pk.poolTensor", async () => {
  const t = randomTensor([2, 3, 9, 7], 7);
  for (const opts of tensorOptions) {
    const { res, bytes } = await post("/v1/pool/tensor", tensorBody(t, opts), { "content-type": "application/json" });
    assert.equal(res.status, 200, new TextDecoder().decode(bytes));
    const got = JSON.parse(new TextDecoder().decode(bytes));
    const want = pk.poolTensor(t, opts);
    assert.deepEqual(got.shape, Array.from(want.shape), JSON.stringify(opts));
    sameFloats(toFloat32(got.data), want.data, JSON.stringify(opts));
    if (opts.returnIndices) assert.deepEqual(got.indices, Array.from(want.indices), JSON.stringify(opts));
    else assert.equal(got.indices, undefined);
  }
});

test("call adaptive and global equal pk.adaptivePool and pk.globalPool", async () => {
  const t = randomTensor([3, 10, 6], 3);
  for (const [opts, want] of [
    [{ call: "adaptive", op: "avg", outputSize: [4, 3] }, pk.adaptivePool(t, { op: "avg", outputSize: [4, 3] })],
    [{ call: "adaptive", op: "max", outputSize: 5, returnIndices: true }, pk.adaptivePool(t, { op: "max", outputSize: 5, returnIndices: true })],
    [{ call: "global", op: "avg" }, pk.globalPool(t, { op: "avg" })],
    [{ call: "global", op: "min" }, pk.globalPool(t, { op: "min" })],
  ]) {
    const { res, bytes } = await post("/v1/pool/tensor", tensorBody(t, opts));
    assert.equal(res.status, 200, new TextDecoder().decode(bytes));
    const got = JSON.parse(new TextDecoder().decode(bytes));
    assert.deepEqual(got.shape, Array.from(want.shape));
    sameFloats(toFloat32(got.data), want.data, JSON.stringify(opts));
    if (want.indices) assert.deepEqual(got.indices, Array.from(want.indices));
  }
});

test("NaN travels as null both ways", async () => {
  const t = { shape: [1, 4], data: new Float32Array([1, NaN, -0.5, 2]) };
  const { bytes } = await post("/v1/pool/tensor", tensorBody(t, { op: "max", kernel: [1, 2] }));
  const got = JSON.parse(new TextDecoder().decode(bytes));
  assert.deepEqual(got.data, [null, 2]);
  sameFloats(toFloat32(got.data), pk.poolTensor(t, { op: "max", kernel: [1, 2] }).data, "NaN");
});

/** A PNG whose header claims w x h RGBA pixels and holds none. */
function pngClaiming(w, h) {
  const chunk = (name, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(name, 4, "latin1");
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), chunk("IHDR", ihdr), chunk("IDAT", Buffer.from([0x78, 0x9c, 3, 0, 0, 0, 0, 1])), chunk("IEND", Buffer.alloc(0))]);
}

test("bad pictures get their 4xx", async () => {
  const png = pictures[0].bytes;
  const bytesOf = (file) => pictures.find((p) => p.file === file).bytes;
  const cases = [
    ["text", Buffer.from("definitely not a picture"), 415, "PNG, JPEG, GIF, WebP, BMP or TIFF"],
    ["truncated PNG", png.subarray(0, png.length >> 1), 415, "truncated"],
    ["truncated JPEG", bytesOf("picture.jpg").subarray(0, 300), 415, "JPEG"],
    ["malformed WebP", Buffer.concat([bytesOf("lossless.webp").subarray(0, 40), Buffer.alloc(200, 0xaa)]), 415, "WebP"],
    ["header bomb", pngClaiming(100000, 100000), 413, "100000x100000"],
    ["over the edge's 10 megapixels", pngClaiming(4000, 3000), 413, "limit is 10000000 pixels"],
    ["empty", Buffer.alloc(0), 400, "body: empty"],
  ];
  for (const [name, body, status, msg] of cases) {
    // The header bombs hold an empty IDAT: a decoder that read them would
    // fail with a 415, so their 413 shows the header alone refused them.
    const { res, bytes } = await post("/v1/pool?op=max&kernel=2", body);
    const e = await errorOf(res, bytes, status);
    assert.ok(e.error.includes(msg), `${name}: ${e.error}`);
  }
});

test("a body over 16 MiB gets 413", async () => {
  // A picture's header first, so that the body is read on past it.
  const body = new Uint8Array((16 << 20) + 1);
  body.set(pngClaiming(2000, 2000));
  const { res, bytes } = await post("/v1/pool?op=max&kernel=2", body);
  const e = await errorOf(res, bytes, 413);
  assert.match(e.error, /over the limit of 16777216 bytes/);
});

test("bad options get 400 naming the option", async () => {
  const png = pictures[0].bytes;
  for (const [query, option] of [
    ["kernel=2", "op"],
    ["op=max", "kernel"],
    ["op=max&kernel=0", "kernel"],
    ["op=max&kernel=2&stride=0", "stride"],
    ["op=max&kernel=2&padding=9", "padding"],
    ["op=max&kernel=2&ceilMode=maybe", "ceilMode"],
    ["op=lp&kernel=2&p=-1", "p"],
    ["op=max&kernel=2&alpha=premultiplied", "alpha"],
    ["op=avg&kernel=2&colorSpace=cmyk", "colorSpace"],
    ["op=max&kernel=2&size=3", "size"],
    ["op=max&kernel=99", "kernel"],
  ]) {
    const { res, bytes } = await post("/v1/pool?" + query, png);
    const e = await errorOf(res, bytes, 400);
    assert.equal(e.option, option, `${query}: ${e.error}`);
    assert.ok(e.error.startsWith(option), `${query}: ${e.error}`);
  }
  for (const [body, status, msg] of [
    ["{", 400, "not a JSON object"],
    [JSON.stringify({ shape: [2, 2], data: [1, 2, 3], op: "max", kernel: 2 }), 400, "data length 3"],
    [JSON.stringify({ shape: [2, 2], data: [1, 2, 3, 4], op: "max", kernel: 2, bogus: 1 }), 400, "bogus"],
    [JSON.stringify({ shape: [2048, 2048], data: [1], op: "max", kernel: 2 }), 413, "the limit is 2097152"],
  ]) {
    const { res, bytes } = await post("/v1/pool/tensor", body);
    const e = await errorOf(res, bytes, status);
    assert.ok(e.error.includes(msg), e.error);
  }
});

test("wrong methods get 405 with Allow, unknown paths 404, preflights 204", async () => {
  for (const [method, path, allow] of [
    ["GET", "/v1/pool", "POST, OPTIONS"],
    ["PUT", "/v1/pool/tensor", "POST, OPTIONS"],
    ["POST", "/v1/health", "GET, HEAD, OPTIONS"],
  ]) {
    const res = await mf.dispatchFetch(url(path), { method, body: method === "GET" ? undefined : "x" });
    const bytes = new Uint8Array(await res.arrayBuffer());
    await errorOf(res, bytes, 405);
    assert.equal(res.headers.get("allow"), allow);
  }
  const res = await mf.dispatchFetch(url("/v1/unknown"));
  await errorOf(res, new Uint8Array(await res.arrayBuffer()), 404);

  const pre = await mf.dispatchFetch(url("/v1/pool"), {
    method: "OPTIONS",
    headers: { origin: "https://example.com", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), "*");
  assert.equal(pre.headers.get("access-control-allow-methods"), "POST, OPTIONS");
  assert.equal(pre.headers.get("access-control-allow-headers"), "content-type");
});
