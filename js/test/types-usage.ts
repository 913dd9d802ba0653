// Compiled by types.test.js with tsc --noEmit, with and without the DOM
// library: the calls below must type-check, and each @ts-expect-error line
// must be an error.

import { loadPoolkit } from "../poolkit.js";
import type { OptionError, Poolkit, PoolkitWorkers, PoolkitImage, TensorResult, IndexedResult, Size, Frame, FrameResult, PictureSource, ResidentTensor } from "../poolkit.js";

declare const source: PictureSource;

export async function usage(): Promise<void> {
  const pk: Poolkit = await loadPoolkit();
  await loadPoolkit({ wasm: "./poolkit.wasm" });
  await loadPoolkit({ wasm: new Uint8Array(8) });
  await loadPoolkit({ wasm: new ArrayBuffer(8) });

  const image = { data: new Uint8ClampedArray(16), width: 2, height: 2 };
  const small: PoolkitImage = pk.pool(image, { op: "max", kernel: 2 });
  const w: number = small.width;
  const px: Uint8ClampedArray = small.data;
  pk.pool({ data: new Uint8Array(16), width: 2, height: 2 }, { op: "avg", kernel: [2, 1], stride: 1, padding: "same", alpha: "premultiplied", colorSpace: "linear" });
  pk.pool(image, { op: "lp", kernel: 2, p: 3, ceilMode: true, countIncludePad: false, dilation: [1, 1], padding: [0, 0] }, new Uint8ClampedArray(4));
  const size: Size = pk.outputSize(image, { op: "max", kernel: 2 });
  const [y0, y1]: [number, number] = pk.inputRows(image, { op: "max", kernel: 2 }, 0, 1);
  pk.poolRows(image, { op: "max", kernel: 2 }, { height: 2, srcY: 0, from: 0, to: 1 });

  const t = { data: new Float32Array(16), shape: [1, 1, 4, 4] };
  const r: TensorResult = pk.poolTensor(t, { op: "avg", kernel: 2 });
  const shape: number[] = r.shape;
  const ri: IndexedResult = pk.poolTensor(t, { op: "max", kernel: 2, returnIndices: true });
  const idx: Int32Array = ri.indices;
  pk.adaptivePool(t, { op: "avg", outputSize: [2, 3] });
  const ai: Int32Array = pk.adaptivePool(t, { op: "max", outputSize: 2, returnIndices: true }).indices;
  const into = new Float32Array(4);
  const written: Float32Array = pk.poolTensor(t, { op: "max", kernel: 2 }, into).data;
  pk.maxUnpool(ri, ri.indices, { kernel: 2 }, new Float32Array(16));
  pk.globalPool(t, { op: "max" });
  pk.maxUnpool(ri, ri.indices, { kernel: 2 });
  pk.maxUnpool(ri, ri.indices, { outputSize: [4, 4] });
  const line = { data: new Float32Array(8), shape: [2, 4] as const };
  pk.poolTensor(line, { op: "max", kernel: [3], stride: 1, padding: [1, 0], dilation: [2] });
  pk.poolTensor(t, { op: "avg", kernel: [2, 2, 2], padding: [1, 0, 0, 0, 1, 1], countIncludePad: false });
  pk.poolTensor(t, { op: "lp", kernel: [3, 3], padding: "same_lower", p: 3 });
  pk.adaptivePool(line, { op: "avg", outputSize: [3] });
  pk.globalPool(t, { op: "lp", dims: 3, p: 2 });
  pk.maxUnpool(ri, ri.indices, { kernel: [2, 2, 2], padding: [0, 1, 0, 0, 1, 0] });
  const resident: ResidentTensor = pk.createTensor([1, 2048, 7, 7]);
  resident.data.set(new Float32Array(2048 * 49));
  const head: Float32Array = pk.globalPool(resident, { op: "avg" }, new Float32Array(2048)).data;
  const bytesT = pk.createTensor([4, 4], "uint8");
  const bytesOut: Uint8Array = pk.poolTensor(bytesT, { op: "max", kernel: 2 }).data;
  bytesT.free();
  const u8: Uint8Array = pk.poolTensor({ data: new Uint8Array(16), shape: [4, 4] }, { op: "avg", kernel: 2 }).data;
  const f64: Float64Array = pk.adaptivePool({ data: new Float64Array(16), shape: [4, 4] }, { op: "max", outputSize: 2, returnIndices: true }).data;
  // @ts-expect-error out has the tensor's element type
  pk.poolTensor({ data: new Uint8Array(16), shape: [4, 4] }, { op: "max", kernel: 2 }, new Float32Array(4));
  // @ts-expect-error createTensor's types are float32, uint8 and float64
  pk.createTensor([2, 2], "int8");
  // @ts-expect-error kernels have at most three axes
  pk.poolTensor(t, { op: "max", kernel: [2, 2, 2, 2] });
  // @ts-expect-error dims is 1, 2 or 3
  pk.globalPool(t, { op: "max", dims: 4 });
  // @ts-expect-error SAME_LOWER applies to tensors
  pk.pool(image, { op: "max", kernel: 2, padding: "same_lower" });
  const bytes: number = pk.memory.buffer.byteLength;
  pk.pool(source, { op: "max", kernel: 2 });

  const frame: Frame = pk.createFrame(2, 2);
  frame.data.set(image.data);
  const fr: FrameResult = frame.pool({ op: "max", kernel: 2, colorSpace: "linear" });
  const frBytes: Uint8ClampedArray = fr.data;
  const same: Frame = await (await frame.read(image)).read(source);
  pk.createFrame().resize(4, 4).free();

  const wk: PoolkitWorkers = await loadPoolkit({ workers: 2 });
  const big: PoolkitImage = await wk.pool(image, { op: "avg", kernel: 2 }, {
    onProgress: (done: number, total: number) => void (done / total),
    bands: 4,
    out: new Uint8ClampedArray(4),
  });
  const wi: Int32Array = (await wk.poolTensor(t, { op: "min", kernel: 2, returnIndices: true }, { transfer: true, parts: 2 })).indices;
  await wk.adaptivePool(t, { op: "max", outputSize: 1 });
  await wk.poolTensor(t, { op: "avg", kernel: 2 }, { out: new Float32Array(4), parts: 1 });
  await wk.globalPool(t, { op: "avg" });
  await wk.maxUnpool(ri, ri.indices, { kernel: 2 });
  // Issue 22's calls.
  const g1: Float32Array = pk.poolTensorGrad(t, { data: new Float32Array(4), shape: [1, 1, 2, 2] }, { op: "avg", kernel: 2, divisorOverride: 3 }).data;
  pk.poolTensorGrad({ data: new Uint8Array(16), shape: [4, 4] }, { data: new Float32Array(4), shape: [2, 2] }, { op: "max", kernel: 2 });
  pk.adaptivePoolGrad(t, t, { op: "avg", outputSize: 4 });
  pk.globalPoolGrad(t, t, { op: "lp", p: 3 });
  pk.maxUnpoolGrad(t, new Int32Array(16), t, { kernel: 2 });
  const fi: Int32Array = pk.fractionalMaxPool(t, { kernel: 2, outputRatio: 0.5, returnIndices: true }).indices;
  pk.fractionalMaxPool(t, { kernel: [2, 2, 2], outputSize: [2, 2, 2], samples: new Float32Array(3) });
  pk.fractionalMaxPoolGrad(t, t, { kernel: 2, outputSize: 2, samples: [0.5, 0.5] });
  const rois = { data: new Float32Array(5), shape: [1, 5] };
  pk.roiAlign(t, rois, { outputSize: [2, 2], spatialScale: 0.5, samplingRatio: 0, aligned: true, op: "max" });
  pk.maxRoiPool(t, rois, { outputSize: 2 });
  pk.pool(image, { op: "avg", kernel: 2, divisorOverride: 2 });
  const wg: TensorResult = await wk.poolTensorGrad(t, t, { op: "max", kernel: 1 });
  await wk.adaptivePoolGrad(t, t, { op: "avg", outputSize: 4 });
  await wk.globalPoolGrad(t, t, { op: "avg" });
  await wk.maxUnpoolGrad(t, new Int32Array(16), t, { kernel: 2 });
  await wk.fractionalMaxPool(t, { kernel: 2, outputSize: 2 });
  await wk.fractionalMaxPoolGrad(t, t, { kernel: 2, outputSize: 2, samples: new Float32Array(2) });
  await wk.roiAlign(t, rois, { outputSize: 2 });
  await wk.maxRoiPool(t, rois, { outputSize: 2 });
  void [g1, fi, wg];
  // @ts-expect-error the gradient needs the forward call's samples
  pk.fractionalMaxPoolGrad(t, t, { kernel: 2, outputSize: 2 });
  // @ts-expect-error roiAlign has no op "min"
  pk.roiAlign(t, rois, { outputSize: 2, op: "min" });
  // @ts-expect-error maxRoiPool does not sample
  pk.maxRoiPool(t, rois, { outputSize: 2, samplingRatio: 2 });
  const direct: Poolkit = wk.direct;
  const n: number = wk.workers;
  const maybe: Poolkit | PoolkitWorkers = await loadPoolkit({ workers: Math.random() > 0.5 ? 2 : undefined });
  await wk.close();
  await wk.pool(source, { op: "max", kernel: 2 });
  void [w, px, size, y0, y1, shape, idx, ai, bytes, big, wi, direct, n, maybe, frBytes, same];

  // @ts-expect-error op is required
  pk.pool(image, { kernel: 2 });
  // @ts-expect-error "mean" is no op
  pk.pool(image, { op: "mean", kernel: 2 });
  // @ts-expect-error a typo in an option name
  pk.pool(image, { op: "max", kernel: 2, strides: 2 });
  // @ts-expect-error padding takes "valid" or "same" only
  pk.pool(image, { op: "max", kernel: 2, padding: "full" });
  // @ts-expect-error kernel pairs have two sides
  pk.pool(image, { op: "max", kernel: [2, 2, 2] });
  // @ts-expect-error returnIndices is for tensors
  pk.pool(image, { op: "max", kernel: 2, returnIndices: true });
  // @ts-expect-error tensors take Float32Array data
  pk.poolTensor({ data: [1, 2, 3, 4], shape: [2, 2] }, { op: "max", kernel: 2 });
  // @ts-expect-error a tensor's out is a Float32Array
  pk.poolTensor(t, { op: "max", kernel: 2 }, new Uint8Array(16));
  // @ts-expect-error pictures take bytes
  pk.pool({ data: new Float32Array(16), width: 2, height: 2 }, { op: "max", kernel: 2 });
  // @ts-expect-error indices are only there when asked for
  const missing: Int32Array = pk.poolTensor(t, { op: "max", kernel: 2 }).indices;
  // @ts-expect-error adaptive pooling has no lp
  pk.adaptivePool(t, { op: "lp", outputSize: 2 });
  // @ts-expect-error adaptive pooling needs outputSize
  pk.adaptivePool(t, { op: "avg" });
  // @ts-expect-error maxUnpool needs a kernel or an outputSize
  pk.maxUnpool(ri, ri.indices, {});
  // @ts-expect-error the synchronous API returns no promise
  await pk.pool(image, { op: "max", kernel: 2 }).then;
  // @ts-expect-error worker calls return promises
  const notYet: PoolkitImage = wk.pool(image, { op: "max", kernel: 2 });
  // @ts-expect-error progress is reported with workers only
  pk.pool(image, { op: "max", kernel: 2 }, { onProgress: () => {} });
  // @ts-expect-error a frame's result is read-only
  fr.width = 3;
  // @ts-expect-error frames pool pictures, not tensors
  frame.pool({ op: "max", kernel: 2, returnIndices: true });
  // @ts-expect-error workers is a count
  await loadPoolkit({ workers: "4" });
  try {
    pk.pool({ data: new Uint8ClampedArray(16), width: 2, height: 2 }, { op: "max", kernel: 0 });
  } catch (e) {
    const option: string = (e as OptionError).option;
    void option;
  }
  void [missing, notYet];
}
