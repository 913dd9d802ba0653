// The compared libraries, each driven end to end: RGBA bytes in, RGBA bytes
// out, with whatever conversion the library needs counted in its time. Setup
// that depends only on the case and the picture size (an ONNX session, a
// divisor map) is built once, outside the timed calls, as an application
// would. Every library runs on one thread, as a pk.pool call does.

import { naivePool, outputSize, poolkitOptions, sameAxis } from "./cases.js";
import { encodeModel } from "./onnx-model.js";

export function poolkitPeer(pk) {
  return { name: "poolkit", run: (img, c) => pk.pool(img, poolkitOptions(c, img.width, img.height)) };
}

export function naivePeer() {
  return { name: "naive JS", run: naivePool };
}

/**
 * TensorFlow.js on its wasm backend (XNNPACK). Its pooling kernels take
 * float32 only, NHWC, which is the RGBA layout already. Writing the float
 * results into a Uint8ClampedArray rounds half to even and clamps, so tf's
 * own Round is not needed.
 */
export function tfPeer(tf) {
  return {
    name: "tfjs-wasm",
    run(img, c) {
      const { width: w, height: h } = img;
      const out = tf.tidy(() => {
        const x = tf.tensor4d(new Float32Array(img.data), [1, h, w, 4]);
        if (c.global) return tf.mean(x, [1, 2]);
        const pad = c.same ? "same" : "valid";
        return c.op === "max" ? tf.maxPool(x, c.kernel, c.stride, pad) : tf.avgPool(x, c.kernel, c.stride, pad);
      });
      const f = out.dataSync();
      out.dispose();
      return { data: new Uint8ClampedArray(f), width: out.shape.length === 4 ? out.shape[2] : 1, height: out.shape.length === 4 ? out.shape[1] : 1 };
    },
  };
}

/**
 * onnxruntime-web on its wasm execution provider. ONNX pools NCHW, so each
 * model transposes the RGBA bytes in and out inside the graph. MaxPool runs on
 * uint8 directly; AveragePool needs float, so those models cast, pool, Round
 * (half to even, as ONNX specifies) and cast back. count_include_pad=0 with
 * SAME_UPPER is TensorFlow's SAME.
 */
export function ortPeer(ort) {
  const sessions = new Map();
  const nchw = { op: "Transpose", inputs: ["x"], outputs: ["t"], attrs: { perm: [0, 3, 1, 2] } };
  const nhwc = (from) => ({ op: "Transpose", inputs: [from], outputs: ["y"], attrs: { perm: [0, 2, 3, 1] } });
  function model(c) {
    const io = {
      inputs: [{ name: "x", type: "uint8", shape: [1, "h", "w", 4] }],
      outputs: [{ name: "y", type: "uint8", shape: [1, "oh", "ow", 4] }],
    };
    const pool = c.global
      ? { op: "GlobalAveragePool", inputs: ["f"], outputs: ["p"] }
      : {
          op: c.op === "max" ? "MaxPool" : "AveragePool",
          inputs: [c.op === "max" ? "t" : "f"],
          outputs: ["p"],
          attrs: { kernel_shape: [c.kernel, c.kernel], strides: [c.stride, c.stride], auto_pad: c.same ? "SAME_UPPER" : "VALID" },
        };
    if (c.op === "max") return encodeModel({ nodes: [nchw, pool, nhwc("p")], ...io });
    return encodeModel({
      nodes: [
        nchw,
        { op: "Cast", inputs: ["t"], outputs: ["f"], attrs: { to: 1 } },
        pool,
        { op: "Round", inputs: ["p"], outputs: ["r"] },
        { op: "Cast", inputs: ["r"], outputs: ["u"], attrs: { to: 2 } },
        nhwc("u"),
      ],
      ...io,
    });
  }
  return {
    name: "onnxruntime-web",
    async run(img, c) {
      let s = sessions.get(c.id);
      if (!s) {
        s = await ort.InferenceSession.create(model(c), { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
        sessions.set(c.id, s);
      }
      const data = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length);
      const { y } = await s.run({ x: new ort.Tensor("uint8", data, [1, img.height, img.width, 4]) });
      const out = { data: new Uint8ClampedArray(y.data.buffer, y.data.byteOffset, y.data.length), width: y.dims[2], height: y.dims[1] };
      y.dispose?.();
      return out;
    },
  };
}

/**
 * wasm-vips (libvips 8.18). libvips has no pooling operator, so each case is
 * the closest exact construction from its primitives (see BENCHMARKS.md):
 * max 2×2/2 is maxpair over the four subsampled phases; other max windows are
 * rank(k, k, k²-1), whose copy-extended edges never win a max, subsampled
 * for stride 2; avg 2×2/2 is shrink (rounds half up); avg 3×3/1 same is an
 * integer box convolution over a zero border divided by a per-pixel count,
 * so the border is not counted; global avg is stats' exact mean.
 */
export function vipsPeer(vips) {
  const counts = new Map();
  const ones3 = vips.Image.newFromArray([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
  // Images are wasm objects the JS garbage collector does not see the size
  // of, so every intermediate is deleted as soon as the output is copied out.
  let made = [];
  const keep = (im) => (made.push(im), im);
  // phase returns every s-th pixel starting at (dx, dy), n×m of them; the
  // embed repeats the last column or row where the picture ends before a
  // whole block.
  const phase = (im, dx, dy, s, n, m) => {
    const cw = Math.min(im.width - dx, n * s);
    const ch = Math.min(im.height - dy, m * s);
    return keep(keep(keep(im.crop(dx, dy, cw, ch)).embed(0, 0, n * s, m * s, { extend: "copy" })).subsample(s, s));
  };
  function divisors(w, h) {
    const key = `${w}x${h}`;
    if (!counts.has(key)) {
      const one = vips.Image.black(w, h).add(1).cast("ushort").embed(1, 1, w + 2, h + 2);
      // copyMemory renders the map once, so the timed calls only read it.
      counts.set(key, one.conv(ones3, { precision: "integer" }).crop(1, 1, w, h).copyMemory());
    }
    return counts.get(key);
  }
  function pool(im, c, w, h) {
    const o = outputSize(c, w, h);
    if (c.op === "avg" && c.kernel === c.stride && !c.same) return keep(im.shrink(c.kernel, c.kernel));
    if (c.op === "avg" && c.kernel === 3 && c.stride === 1 && c.same) {
      const wide = keep(keep(im.cast("ushort")).embed(1, 1, w + 2, h + 2));
      const sums = keep(keep(wide.conv(ones3, { precision: "integer" })).crop(1, 1, w, h));
      return keep(keep(keep(sums.divide(divisors(w, h))).rint()).cast("uchar"));
    }
    if (c.op === "max" && c.kernel === 2 && c.stride === 2 && !c.same) {
      const p = (dx, dy) => phase(im, dx, dy, 2, o.width, o.height);
      return keep(keep(p(0, 0).maxpair(p(1, 0))).maxpair(keep(p(0, 1).maxpair(p(1, 1)))));
    }
    if (c.op === "max" && c.kernel % 2 === 1 && c.same) {
      // rank centres its window; output o's SAME window is centred on input o*s - before + k/2.
      const r = keep(im.rank(c.kernel, c.kernel, c.kernel * c.kernel - 1));
      if (c.stride === 1) return r;
      const off = (c.kernel >> 1) - sameAxis(w, c.kernel, c.stride).before;
      return phase(r, off, off, c.stride, o.width, o.height);
    }
    return null;
  }
  return {
    name: "wasm-vips",
    run(img, c) {
      const { width: w, height: h } = img;
      const im = keep(vips.Image.newFromMemory(img.data, w, h, 4, "uchar"));
      try {
        if (c.global) {
          const st = keep(im.stats());
          // Row b+1 of stats is band b, column 4 its mean, in double from an exact sum.
          const means = [1, 2, 3, 4].map((b) => st.getpoint(4, b)[0]);
          return { data: new Uint8ClampedArray(means), width: 1, height: 1 };
        }
        const res = pool(im, c, w, h);
        if (res === null) return null;
        const bytes = res.writeToMemory();
        return { data: new Uint8ClampedArray(bytes.buffer, bytes.byteOffset, bytes.length), width: res.width, height: res.height };
      } finally {
        for (const x of made) x.delete();
        made = [];
      }
    },
  };
}
