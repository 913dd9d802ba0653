// Exact PNG encoding and decoding of 8-bit RGBA pixels.
//
// A canvas stores colours premultiplied by alpha, so a translucent pixel that
// goes through putImageData, toBlob or drawImage comes back changed. The lab
// compares results byte for byte (in-browser against the edge, the module
// against the screen), so pictures travel as exact bytes: PNG files are
// decoded here, and results are encoded here. The browser's own decoder stays
// the fallback for every other format.

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes) {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// deflate and inflate are zlib-wrapped, which is exactly what PNG's IDAT holds.
async function through(stream, bytes) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Whether this browser can encode and decode PNG here (CompressionStream). */
export const exactPngSupported =
  typeof CompressionStream === "function" && typeof DecompressionStream === "function";

/**
 * Encodes { data, width, height } (RGBA, straight alpha) as a PNG blob,
 * keeping every byte.
 */
export async function encodePng({ data, width, height }) {
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter type 0 (none): the rows compress a little worse, but encoding
    // stays trivially exact.
    raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const idat = await through(new CompressionStream("deflate"), raw);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit, RGBA, deflate, adaptive filters, no interlace
  return new Blob(
    [new Uint8Array(SIGNATURE), chunk("IHDR", ihdr), chunk("IDAT", idat), chunk("IEND", new Uint8Array())],
    { type: "image/png" },
  );
}

function chunk(type, body) {
  const out = new Uint8Array(body.length + 12);
  const v = new DataView(out.buffer);
  v.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  v.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/**
 * Decodes a PNG to { data: Uint8ClampedArray (RGBA), width, height }, or
 * returns null for a PNG this decoder does not handle (interlaced, 16-bit
 * with an alpha of its own, or anything it cannot parse), so the caller can
 * fall back to the browser. Colour-management chunks are ignored: the bytes
 * are taken as sRGB, as the pooling engine takes them.
 */
export async function decodePng(bytes) {
  if (!exactPngSupported || bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  let width = 0, height = 0, depth = 0, type = 0, interlace = 0;
  let palette = null, trns = null;
  const idat = [];
  while (pos + 12 <= bytes.length) {
    const len = v.getUint32(pos);
    const name = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const body = bytes.subarray(pos + 8, pos + 8 + len);
    if (body.length !== len) return null;
    if (name === "IHDR") {
      width = v.getUint32(pos + 8);
      height = v.getUint32(pos + 12);
      [depth, type] = [body[8], body[9]];
      interlace = body[12];
    } else if (name === "PLTE") palette = body;
    else if (name === "tRNS") trns = body;
    else if (name === "IDAT") idat.push(body);
    else if (name === "IEND") break;
    pos += len + 12;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type];
  if (!width || !height || !channels || interlace !== 0 || !idat.length) return null;
  if (!(depth === 8 || (depth === 16 && type !== 3))) return null;
  if (type === 3 && !palette) return null;
  let raw;
  try {
    raw = await through(new DecompressionStream("deflate"), new Blob(idat));
  } catch {
    return null;
  }
  const bpp = (channels * depth) / 8;
  const stride = width * bpp;
  if (raw.length < (stride + 1) * height) return null;
  const px = unfilter(raw, height, stride, bpp);
  if (!px) return null;

  const out = new Uint8ClampedArray(width * height * 4);
  const step = depth / 8; // 16-bit samples keep their high byte
  const sample = (i) => px[i * step];
  const key = trns && type !== 3 ? trnsKey(trns, type, depth) : null;
  for (let i = 0, o = 0; i < width * height; i++, o += 4) {
    const s = i * channels;
    let r, g, b, a = 255;
    switch (type) {
      case 0: r = g = b = sample(s); break;
      case 2: r = sample(s); g = sample(s + 1); b = sample(s + 2); break;
      case 3: {
        const p = px[i];
        r = palette[p * 3]; g = palette[p * 3 + 1]; b = palette[p * 3 + 2];
        if (trns && p < trns.length) a = trns[p];
        break;
      }
      case 4: r = g = b = sample(s); a = sample(s + 1); break;
      case 6: r = sample(s); g = sample(s + 1); b = sample(s + 2); a = sample(s + 3); break;
    }
    if (key && matchesKey(px, s * step, channels, step, key)) a = 0;
    out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = a;
  }
  return { data: out, width, height };
}

function trnsKey(trns, type, depth) {
  const n = type === 0 ? 1 : type === 2 ? 3 : 0;
  if (!n || trns.length < n * 2) return null;
  const key = [];
  for (let i = 0; i < n; i++) key.push((trns[i * 2] << 8) | trns[i * 2 + 1]);
  return { key, depth };
}

function matchesKey(px, at, channels, step, { key, depth }) {
  for (let c = 0; c < key.length; c++) {
    const v = depth === 16 ? (px[at + c * 2] << 8) | px[at + c * 2 + 1] : px[at + c];
    if (v !== key[c]) return false;
  }
  return true;
}

function unfilter(raw, height, stride, bpp) {
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = px.subarray(y * stride, (y + 1) * stride);
    const up = y ? px.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? row[x - bpp] : 0;
      const b = up ? up[x] : 0;
      const c = up && x >= bpp ? up[x - bpp] : 0;
      let p;
      switch (f) {
        case 0: p = 0; break;
        case 1: p = a; break;
        case 2: p = b; break;
        case 3: p = (a + b) >> 1; break;
        case 4: {
          const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
          p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return null;
      }
      row[x] = (src[x] + p) & 0xff;
    }
  }
  return px;
}
