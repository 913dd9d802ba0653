// Types for poolkit.js. They need neither the DOM library nor @types/node:
// runtime classes (ImageData, URL, Response, WebAssembly.Module) are taken
// from whichever the project has, and vanish from the unions otherwise.

type GlobalClass<K extends string> = typeof globalThis extends { [P in K]: { prototype: infer T } } ? T : never;

/** A WebAssembly.Module where the project's libraries declare one. */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : never;

type WasmMemory = typeof globalThis extends { WebAssembly: { Memory: { prototype: infer M } } } ? M : never;

/** What loadPoolkit accepts as the module's source. */
export type WasmSource =
  | GlobalClass<"URL">
  | string
  | ArrayBuffer
  | ArrayBufferView
  | WasmModule
  | GlobalClass<"Response">;

export interface LoadOptions {
  /**
   * Where poolkit.wasm comes from: a URL, a file path (Node) or URL string,
   * its bytes, a compiled WebAssembly.Module (Cloudflare Workers), or a fetch
   * Response. Default: poolkit.wasm beside poolkit.js.
   */
  wasm?: WasmSource;
  /** Run calls in this many Web Workers (worker_threads in Node); calls then return promises. */
  workers?: number;
  /**
   * The workers' script: a URL or a string (a URL in browsers, a path or URL
   * in Node). Default: poolkit-worker.js beside poolkit.js. A script on
   * another origin than the page's (a CDN) is started through a same-origin
   * blob URL that imports it, as it is when the default script is on
   * another origin; it must be served with CORS.
   */
  workerUrl?: string | GlobalClass<"URL">;
}

/** A size or step of a picture: n for n x n, or [height, width]. */
export type Pair = number | readonly [number, number];

/**
 * A size or step of a tensor pooling, one number per spatial axis, the
 * first axis first: [length] (1-D), [height, width] (2-D) or
 * [depth, height, width] (3-D). The kernel's length is the spatial rank; a
 * number is 2-D for the kernel and applies to every axis elsewhere.
 */
export type Axes = number | readonly [number] | readonly [number, number] | readonly [number, number, number];

/**
 * ONNX's pads: the padding before every axis, then after it, 2 x rank
 * numbers ([top, left, bottom, right] in 2-D). Each must be smaller than the
 * kernel on its axis.
 */
export type BeginEndPads =
  | readonly [number, number]
  | readonly [number, number, number, number]
  | readonly [number, number, number, number, number, number];

export type Op = "max" | "avg" | "min" | "lp";

/** The options every windowed pooling takes. */
export interface PoolOptions {
  op: Op;
  kernel: Pair;
  /** Default: the kernel. */
  stride?: Pair;
  /** Default 0. "valid" is 0; "same" is TensorFlow's SAME (ONNX SAME_UPPER). */
  padding?: Pair | "valid" | "same";
  /** Default 1. */
  dilation?: Pair;
  /** PyTorch's ceil_mode. Default false. */
  ceilMode?: boolean;
  /** Count padded cells in an average's divisor. Default true. */
  countIncludePad?: boolean;
  /** The order of the Lp norm (op "lp"). Default 2. */
  p?: number;
  /**
   * A positive integer that divides every window's sum instead of the cells
   * it counts (op "avg"; PyTorch's divisor_override). On pictures the byte
   * sum over it, rounded half to even and clamped.
   */
  divisorOverride?: number;
}

/** Options of pool: the pooling options and how colours are averaged. */
export interface PictureOptions extends PoolOptions {
  /** "premultiplied" weights each colour by its alpha (op "avg"). Default "straight". */
  alpha?: "straight" | "premultiplied";
  /** "linear" averages colours in linear light. Default "srgb". */
  colorSpace?: "srgb" | "linear";
}

/** Options of poolTensor: the pooling options in 1, 2 or 3 spatial dimensions. */
export interface TensorOptions {
  op: Op;
  /** The window; an array's length (1, 2 or 3) is the spatial rank, a number is 2-D. */
  kernel: Axes;
  /** Default: the kernel. */
  stride?: Axes;
  /**
   * Default 0. Per-axis numbers pad both sides (at most half the effective
   * kernel, PyTorch's rule); BeginEndPads are ONNX's asymmetric pads. "valid"
   * is 0; "same" and "same_upper" are ONNX's SAME_UPPER (TensorFlow's SAME),
   * "same_lower" its SAME_LOWER (the larger half before); SAME's padded cells
   * are never counted.
   */
  padding?: Axes | BeginEndPads | "valid" | "same" | "same_upper" | "same_lower";
  /** Default 1. */
  dilation?: Axes;
  /** PyTorch's ceil_mode. Default false. */
  ceilMode?: boolean;
  /** Count padded cells in an average's divisor. Default true. */
  countIncludePad?: boolean;
  /** The order of the Lp norm (op "lp"). Default 2. */
  p?: number;
  /** A positive integer that divides every window's sum (op "avg"; PyTorch's divisor_override). */
  divisorOverride?: number;
  /** Also return where each max (or min) came from. Default false. */
  returnIndices?: boolean;
}

export interface AdaptiveOptions {
  op: "max" | "avg" | "min";
  /** The spatial output size; an array's length is the spatial rank, a number is 2-D. */
  outputSize: Axes;
  /** Also return where each max (or min) came from. Default false. */
  returnIndices?: boolean;
}

export interface GlobalOptions {
  /** "lp" is ONNX's GlobalLpPool. */
  op: "max" | "avg" | "min" | "lp";
  /** The number of spatial axes, the tensor's last ones. Default 2. */
  dims?: 1 | 2 | 3;
  /** The order of the Lp norm (op "lp"). Default 2. */
  p?: number;
}

/**
 * Options of maxUnpool: outputSize (the spatial size), or the pooling's
 * kernel (and stride, padding) to derive it. The rank is the length of
 * whichever is an array.
 */
export type UnpoolOptions =
  | { kernel: Axes; stride?: Axes; padding?: Axes | BeginEndPads | "valid"; outputSize?: Axes }
  | { kernel?: Axes; stride?: Axes; padding?: Axes | BeginEndPads | "valid"; outputSize: Axes };

/**
 * Options of fractionalMaxPool and fractionalMaxPoolGrad: PyTorch's
 * FractionalMaxPool2d/3d. The rank is the kernel array's length (2 or 3; a
 * number is 2-D); give outputSize or outputRatio.
 */
export interface FractionalOptions {
  kernel: number | readonly [number, number] | readonly [number, number, number];
  /** The spatial output size, one per axis (a number: every axis). */
  outputSize?: Axes;
  /** The output size is floor(in * ratio) per axis, each ratio in (0, 1). */
  outputRatio?: number | readonly number[];
  /**
   * N * C * rank values in [0, 1) (N = 1 without a batch axis), laid out as
   * PyTorch's _random_samples [N, C, rank]: with them the result is
   * PyTorch's bit for bit. Without them they are drawn at random for each
   * call; fractionalMaxPoolGrad requires the forward call's.
   */
  samples?: Float32Array | readonly number[];
  /** Also return where each max came from. Default false. */
  returnIndices?: boolean;
}

/** Options of roiAlign: torchvision's roi_align, ONNX's RoiAlign. */
export interface RoiAlignOptions {
  /** The output's [height, width] per region (a number: both). */
  outputSize: Pair;
  /** Maps the boxes' coordinates to the input's (1/16 for a feature map 16 times smaller). Default 1. */
  spatialScale?: number;
  /** Sampling points per bin and axis; 0 is adaptive: ceil(region size / output size). Default 0. */
  samplingRatio?: number;
  /** torchvision's aligned=True, ONNX's half_pixel; false is output_half_pixel. Default false. */
  aligned?: boolean;
  /** "max" is ONNX's max mode. Default "avg". */
  op?: "avg" | "max";
}

/** Options of maxRoiPool: torchvision's roi_pool, ONNX's MaxRoiPool. */
export interface MaxRoiOptions {
  /** The output's [height, width] per region (a number: both). */
  outputSize: Pair;
  /** Maps the boxes' coordinates to the input's. Default 1. */
  spatialScale?: number;
}

/**
 * Regions of interest: shape [R, 5], rows (batch index, x1, y1, x2, y2) in
 * input coordinates before spatialScale.
 */
export interface Rois {
  data: Float32Array;
  shape: readonly [number, 5] | readonly number[];
}

/** The gradient of a forward call's output: a float32 tensor of that output's shape. */
export type GradOutput = Tensor<Float32Array>;

/** An 8-bit RGBA picture, row-major, as canvas ImageData lays it out. */
export interface Picture {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/**
 * A picture source of the browser, read once into RGBA bytes as drawing it on
 * a 2D canvas and reading that back gives them: an image's natural size, a
 * video's current frame, a VideoFrame's visible rectangle. Only the classes
 * the project's libraries declare take part (none without the DOM library).
 */
export type PictureSource =
  | GlobalClass<"ImageBitmap">
  | GlobalClass<"HTMLImageElement">
  | GlobalClass<"HTMLCanvasElement">
  | GlobalClass<"OffscreenCanvas">
  | GlobalClass<"HTMLVideoElement">
  | GlobalClass<"VideoFrame">;

/** A pooled picture where the runtime has no ImageData. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * What pool returns: an ImageData where the runtime has one (browsers and
 * their workers), else a plain Pixels object, { data: Uint8ClampedArray,
 * width, height } (Node, Cloudflare Workers). The type follows the libraries
 * a project compiles with: ImageData with the DOM library, Pixels without.
 * Code that compiles with the DOM library and runs in Node gets Pixels at
 * run time: read data, width and height, which both have, rather than
 * relying on instanceof ImageData.
 */
export type PoolkitImage = [GlobalClass<"ImageData">] extends [never] ? Pixels : GlobalClass<"ImageData">;

export type Shape =
  | readonly [number]
  | readonly [number, number]
  | readonly [number, number, number]
  | readonly [number, number, number, number]
  | readonly [number, number, number, number, number];

/**
 * A dense float32 tensor, row-major: the spatial axes last, after at most a
 * batch and a channel axis ([L], [C, L], [N, C, L] in 1-D; [H, W] to
 * [N, C, H, W] in 2-D; [D, H, W] to [N, C, D, H, W] in 3-D).
 */
/**
 * The element types a tensor may hold. Float32Array pools as it is;
 * Uint8Array and Float64Array data pool in float32 and the result comes back
 * in the input's type: uint8 results round to nearest, ties to even, and
 * clamp to 0..255 (max and min are exact), as pictures do.
 */
export type TensorData = Float32Array | Uint8Array | Float64Array;

export interface Tensor<D extends TensorData = Float32Array> {
  data: D;
  shape: Shape | readonly number[];
}

export interface TensorResult<D extends TensorData = Float32Array> {
  data: D;
  shape: number[];
  /**
   * With returnIndices: the flat index of each output's source cell within
   * its plane of the spatial axes (w in 1-D, h*W + w in 2-D, (d*H + h)*W + w
   * in 3-D), as PyTorch's.
   */
  indices?: Int32Array;
}

export type IndexedResult<D extends TensorData = Float32Array> = TensorResult<D> & { indices: Int32Array };

/** The element type names of pk.createTensor, and the arrays that hold them. */
export interface TensorTypes {
  float32: Float32Array;
  uint8: Uint8Array;
  float64: Float64Array;
}

/**
 * A tensor resident in the WebAssembly memory, for repeated calls: write its
 * values into data once (or between calls) and pass it to any tensor call
 * as t, which then copies nothing in. Results are copied out as for any
 * tensor.
 *
 * ```js
 * const t = pk.createTensor([1, 2048, 7, 7]);
 * t.data.set(activations);
 * const out = new Float32Array(2048);
 * pk.globalPool(t, { op: "avg" }, out);
 * ```
 */
export interface ResidentTensor<K extends keyof TensorTypes = "float32"> extends Tensor<TensorTypes[K]> {
  readonly shape: readonly number[];
  readonly dtype: K;
  /**
   * The values: a view of the WebAssembly memory, re-created by this
   * accessor whenever the memory has grown (which detaches every view of
   * it). Read the property again after any call rather than keeping it.
   */
  readonly data: TensorTypes[K];
  /** Releases the tensor's memory; any later use throws a TypeError (option "tensor"). */
  free(): void;
}

/** Which output rows a band computes, and where its rows sit in the whole picture. */
export interface Rows {
  /** The whole picture's height. */
  height: number;
  /** The whole picture's row where the band's first row is. */
  srcY: number;
  /** The output rows [from, to) to compute. */
  from: number;
  to: number;
}

export interface Size {
  width: number;
  height: number;
}

/**
 * A frame's pooled result, resident in the WebAssembly memory. pool returns
 * the same object for every call on its frame.
 */
export interface FrameResult {
  readonly width: number;
  readonly height: number;
  /**
   * The result's RGBA bytes: a view of the WebAssembly memory, valid until the
   * next call on the instance. Read the property again rather than keeping
   * the view: a call that grows the memory detaches every view of it (its
   * length becomes 0), and this accessor then makes a new one.
   */
  readonly data: Uint8ClampedArray;
}

/**
 * A picture that lives in the WebAssembly memory, for frame loops: write or
 * read a frame into it, pool it, use the result where it lies. A stream of
 * frames of one size allocates nothing per frame.
 *
 * ```js
 * const frame = pk.createFrame();
 * for (;;) {
 *   const { value: videoFrame } = await reader.read();  // MediaStreamTrackProcessor
 *   await frame.read(videoFrame);                       // copyTo, straight into the memory
 *   videoFrame.close();
 *   const r = frame.pool({ op: "max", kernel: 2 });
 *   ctx.putImageData(new ImageData(r.data.slice(), r.width, r.height), 0, 0);
 * }
 * ```
 */
export interface Frame {
  readonly width: number;
  readonly height: number;
  /**
   * The frame's RGBA bytes (width * height * 4), to write a picture into: a
   * view of the WebAssembly memory, re-created by this accessor whenever the
   * memory has grown. Read the property again after any call rather than
   * keeping the view.
   */
  readonly data: Uint8ClampedArray;
  /** Sets the size; the memory is kept when it is large enough. */
  resize(width: number, height: number): this;
  /**
   * Reads a picture into the frame and sizes the frame to it. A VideoFrame is
   * copied straight into the WebAssembly memory (VideoFrame.copyTo, format
   * "RGBA"); any other source is read once and copied in. The bytes are those
   * pool would read from the same source.
   */
  read(source: Picture | PictureSource): Promise<this>;
  /** Pools the frame; byte-identical to Poolkit.pool of the same pixels. */
  pool(opts: PictureOptions): FrameResult;
  /** Releases the frame's memory; any later use throws a TypeError. */
  free(): void;
}

/**
 * What bad input throws (and the workers' promises reject with): a TypeError
 * (wrong type, unknown name) or a RangeError (number out of range, sizes that
 * do not match), whose message starts with the option's name and whose
 * `option` is that name, e.g. "kernel" for `kernel [0, 3]: must be at least
 * 1`, or "strides" for `option "strides": unknown to pool`.
 */
export type OptionError = (TypeError | RangeError) & {
  /** The option or argument at fault: "kernel", "padding", "data", "shape", "input size", ... */
  readonly option: string;
};

/** The synchronous API: every call runs on the calling thread and throws an OptionError on bad input. */
export interface Poolkit {
  /**
   * Pools a VideoFrame: VideoFrame.copyTo copies its visible rectangle as
   * RGBA straight into the WebAssembly memory, where it is pooled, without a
   * canvas. The promise resolves to what pool of the frame's ImageData gives;
   * every error, a bad option's included, rejects it.
   */
  pool(image: GlobalClass<"VideoFrame">, opts: PictureOptions, out?: Uint8ClampedArray | Uint8Array): Promise<PoolkitImage>;
  /**
   * Pools the picture's four channels independently. With out (length at
   * least 4 * result width * height), the result is written there and
   * returned as a view of it instead of a new array. Returns an ImageData in
   * browsers and a plain { data, width, height } in Node (see PoolkitImage).
   */
  pool(image: Picture | Exclude<PictureSource, GlobalClass<"VideoFrame">>, opts: PictureOptions, out?: Uint8ClampedArray | Uint8Array): PoolkitImage;
  /** pool of a picture or source that may be a VideoFrame: a promise exactly when it is one. */
  pool(image: Picture | PictureSource, opts: PictureOptions, out?: Uint8ClampedArray | Uint8Array): PoolkitImage | Promise<PoolkitImage>;
  /**
   * Pools every plane of the tensor. With out (length at least the result's
   * element count), the values are written there and the result's data is a
   * view of it instead of a new array, as for every tensor call below: a
   * loop over many tensors of one shape allocates nothing per call.
   */
  poolTensor<D extends TensorData = Float32Array>(t: Tensor<D>, opts: TensorOptions & { returnIndices: true }, out?: D): IndexedResult<D>;
  poolTensor<D extends TensorData = Float32Array>(t: Tensor<D>, opts: TensorOptions, out?: D): TensorResult<D>;
  adaptivePool<D extends TensorData = Float32Array>(t: Tensor<D>, opts: AdaptiveOptions & { returnIndices: true }, out?: D): IndexedResult<D>;
  adaptivePool<D extends TensorData = Float32Array>(t: Tensor<D>, opts: AdaptiveOptions, out?: D): TensorResult<D>;
  /** The result has the input's rank with every spatial side 1. */
  globalPool<D extends TensorData = Float32Array>(t: Tensor<D>, opts: GlobalOptions, out?: D): TensorResult<D>;
  /** PyTorch's MaxUnpool1d/2d/3d: each value goes to the cell its index names, in planes of zeros. */
  maxUnpool<D extends TensorData = Float32Array>(t: Tensor<D>, indices: Int32Array, opts: UnpoolOptions, out?: D): TensorResult<D>;
  /**
   * The gradient of poolTensor(t, opts)'s input given gradOutput, the
   * gradient of its output (a RangeError naming "gradOutput" when its shape
   * is not the output's): what torch.autograd gives. Max and min send each
   * output's gradient to the cell its index names, summed where windows
   * overlap; avg spreads gradient / divisor over the cells its divisor
   * counts; lp follows the norm's derivative. The result has t's shape and
   * is float32 whatever t's element type, as for every gradient below.
   */
  poolTensorGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: TensorOptions): TensorResult;
  /** The gradient of adaptivePool(t, opts)'s input. */
  adaptivePoolGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: AdaptiveOptions): TensorResult;
  /** The gradient of globalPool(t, opts)'s input. */
  globalPoolGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: GlobalOptions): TensorResult;
  /** The gradient of maxUnpool(t, indices, opts)'s input: the output's gradient at each index. */
  maxUnpoolGrad(t: Tensor<TensorData>, indices: Int32Array, gradOutput: GradOutput, opts: UnpoolOptions): TensorResult;
  /**
   * PyTorch's FractionalMaxPool2d/3d: windows of the kernel's size whose
   * starts advance by a fractional step placed by samples. A bad sample
   * (outside [0, 1) in float32) or count is a RangeError naming "samples".
   */
  fractionalMaxPool<D extends TensorData = Float32Array>(t: Tensor<D>, opts: FractionalOptions & { returnIndices: true }): IndexedResult<D>;
  fractionalMaxPool<D extends TensorData = Float32Array>(t: Tensor<D>, opts: FractionalOptions): TensorResult<D>;
  /** The gradient of fractionalMaxPool(t, opts)'s input; opts.samples must be the forward call's. */
  fractionalMaxPoolGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: FractionalOptions & { samples: Float32Array | readonly number[] }): TensorResult;
  /**
   * Pools each region of rois from t ([N, C, H, W], or [C, H, W] as batch 0)
   * by bilinear sampling, as torchvision's roi_align; the result is
   * [R, C, h, w]. Bad regions (batch index outside the batch, coordinates
   * not finite, a shape not [R, 5]) are RangeErrors naming "rois".
   */
  roiAlign<D extends TensorData = Float32Array>(t: Tensor<D>, rois: Rois, opts: RoiAlignOptions): TensorResult<D>;
  /** The max over each bin of each region, as torchvision's roi_pool; the result is [R, C, h, w]. */
  maxRoiPool<D extends TensorData = Float32Array>(t: Tensor<D>, rois: Rois, opts: MaxRoiOptions): TensorResult<D>;
  /** The size pool would return for a picture of the given size. */
  outputSize(size: Size, opts: PictureOptions): Size;
  /** The input rows [y0, y1) that output rows [from, to) read: the band poolRows needs. */
  inputRows(size: Size, opts: PictureOptions, from: number, to: number): [number, number];
  /**
   * pool for output rows [rows.from, rows.to) only, given just the picture's
   * rows [rows.srcY, rows.srcY + band.height) (at least inputRows' band).
   * Bands pooled this way join, byte for byte, into pool's result.
   */
  poolRows(band: Picture | PictureSource, opts: PictureOptions, rows: Rows, out?: Uint8ClampedArray | Uint8Array): PoolkitImage;
  /**
   * A frame resident in the WebAssembly memory, for frame loops; sized now
   * when a size is given, else by its first read or resize.
   */
  createFrame(width?: number, height?: number): Frame;
  /**
   * A tensor of the given shape resident in the WebAssembly memory, its
   * values zero; dtype "float32" (the default), "uint8" or "float64".
   */
  createTensor<K extends keyof TensorTypes = "float32">(shape: Shape | readonly number[], dtype?: K): ResidentTensor<K>;
  /** The instance's memory, for diagnostics. */
  readonly memory: [WasmMemory] extends [never] ? { readonly buffer: ArrayBuffer } : WasmMemory;
}

/** A minimal AbortSignal: the DOM's and Node's both fit. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: "abort", listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

export interface RunOptions {
  /** Rejects the call with signal.reason, and drops its work not yet started. */
  signal?: AbortSignalLike;
}

export interface PoolRunOptions extends RunOptions {
  /**
   * Write the result here (length at least 4 * width * height of the result).
   * Backed by a SharedArrayBuffer, where workers share memory, the workers
   * write their rows straight into it; a band already running when the call
   * is aborted may still write its rows.
   */
  out?: Uint8ClampedArray | Uint8Array;
  /** Called as each band finishes: done of total bands. */
  onProgress?: (done: number, total: number) => void;
  /**
   * How many row bands to split the picture into. Default: one below 1 MiB of
   * input (and no worker at all below 128 KiB: the call runs on the calling
   * thread), else about 4 MiB each, a multiple of the worker count.
   */
  bands?: number;
}

export interface TensorRunOptions extends RunOptions {
  /**
   * Write the result's values here (length at least its element count); the
   * result's data is then a view of it. Backed by a SharedArrayBuffer, where
   * workers share memory, a split call's workers write their planes straight
   * into it; otherwise the values are copied in once the call is done.
   */
  out?: Float32Array;
  /**
   * Hand the input's buffers to the worker instead of copying them, when the
   * call runs whole in one worker; the caller's arrays are detached then.
   * Default false.
   */
  transfer?: boolean;
  /**
   * How many runs of planes (every axis before the pooled ones) to split the
   * tensor into, each pooled in a worker. Default: as bands for a picture of
   * the same number of bytes. Where workers share memory (Node; a
   * cross-origin isolated page) a split call's first plane is pooled on the
   * calling thread, and the workers write their planes into shared memory
   * that is copied into the result (or into a shared out in place).
   */
  parts?: number;
}

/** The API with workers: the same calls, returning promises. */
export interface PoolkitWorkers {
  /** How many workers run calls. */
  readonly workers: number;
  /** A synchronous instance on the calling thread, for small calls. */
  readonly direct: Poolkit;
  /**
   * Pools a picture in row bands spread over the workers; byte-identical to
   * Poolkit.pool. Where workers share memory (Node; a cross-origin isolated
   * page) they read their bands from it and write their rows into shared
   * memory, which is copied into the result band by band (or into a shared
   * out in place).
   */
  pool(image: Picture | PictureSource, opts: PictureOptions, run?: PoolRunOptions): Promise<PoolkitImage>;
  poolTensor(t: Tensor, opts: TensorOptions & { returnIndices: true }, run?: TensorRunOptions): Promise<IndexedResult>;
  poolTensor(t: Tensor, opts: TensorOptions, run?: TensorRunOptions): Promise<TensorResult>;
  adaptivePool(t: Tensor, opts: AdaptiveOptions & { returnIndices: true }, run?: TensorRunOptions): Promise<IndexedResult>;
  adaptivePool(t: Tensor, opts: AdaptiveOptions, run?: TensorRunOptions): Promise<TensorResult>;
  globalPool(t: Tensor, opts: GlobalOptions, run?: TensorRunOptions): Promise<TensorResult>;
  maxUnpool(t: Tensor, indices: Int32Array, opts: UnpoolOptions, run?: TensorRunOptions): Promise<TensorResult>;
  /**
   * The gradients, fractional max pooling and region pooling run on the
   * calling thread (as direct's do) and resolve with the same results.
   */
  poolTensorGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: TensorOptions): Promise<TensorResult>;
  adaptivePoolGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: AdaptiveOptions): Promise<TensorResult>;
  globalPoolGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: GlobalOptions): Promise<TensorResult>;
  maxUnpoolGrad(t: Tensor<TensorData>, indices: Int32Array, gradOutput: GradOutput, opts: UnpoolOptions): Promise<TensorResult>;
  fractionalMaxPool(t: Tensor, opts: FractionalOptions & { returnIndices: true }): Promise<IndexedResult>;
  fractionalMaxPool(t: Tensor, opts: FractionalOptions): Promise<TensorResult>;
  fractionalMaxPoolGrad(t: Tensor<TensorData>, gradOutput: GradOutput, opts: FractionalOptions & { samples: Float32Array | readonly number[] }): Promise<TensorResult>;
  roiAlign(t: Tensor, rois: Rois, opts: RoiAlignOptions): Promise<TensorResult>;
  maxRoiPool(t: Tensor, rois: Rois, opts: MaxRoiOptions): Promise<TensorResult>;
  outputSize(size: Size, opts: PictureOptions): Size;
  /** Stops the workers; calls still running reject. */
  close(): Promise<void>;
}

/**
 * Loads poolkit.wasm and returns the API: synchronous without workers,
 * promise-based with them.
 */
export function loadPoolkit(options: LoadOptions & { workers: number }): Promise<PoolkitWorkers>;
export function loadPoolkit(options?: LoadOptions & { workers?: undefined }): Promise<Poolkit>;
export function loadPoolkit(options?: LoadOptions): Promise<Poolkit | PoolkitWorkers>;
