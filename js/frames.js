// Pictures that are not ImageData: reading ImageBitmap, HTMLImageElement,
// HTMLCanvasElement, OffscreenCanvas, HTMLVideoElement and VideoFrame as RGBA
// bytes, and frames that live in the WebAssembly memory for frame loops.
// Imported by poolkit.js; nothing here is used in runtimes without these
// classes (Node, workerd).

import { optionError } from "./errors.js";

const SOURCES = ["ImageBitmap", "HTMLImageElement", "HTMLCanvasElement", "OffscreenCanvas", "HTMLVideoElement", "VideoFrame"];

/** The class name of a picture source poolkit reads, or undefined. */
function sourceKind(x) {
  sourceClasses ??= SOURCES.map((name) => [name, globalThis[name]]).filter(([, C]) => typeof C === "function");
  for (const [name, C] of sourceClasses) {
    if (x instanceof C) return name;
  }
  return undefined;
}

// The source classes this runtime has, looked up once: in Node and workerd
// there are none, and a plain picture costs no lookup at all.
let sourceClasses;

/** Whether x is a VideoFrame, which copyTo reads without a canvas. */
export function isVideoFrame(x) {
  return typeof x === "object" && x !== null && sourceKind(x) === "VideoFrame";
}

/** Whether x is one of the picture sources readPixels takes. */
export function isPictureSource(x) {
  return typeof x === "object" && x !== null && sourceKind(x) !== undefined;
}

/**
 * The size of a source's pixels as readPixels and Frame.read give them: an
 * image's natural size, a video's current frame, a VideoFrame's visible
 * rectangle (what copyTo copies). Throws a TypeError when there is nothing
 * to read yet.
 */
export function sourceSize(source) {
  const kind = sourceKind(source);
  let width;
  let height;
  switch (kind) {
    case "HTMLImageElement":
      if (!source.complete || source.naturalWidth === 0) throw optionError(TypeError, "image", "image: the HTMLImageElement has not loaded a picture yet (await img.decode())");
      ({ naturalWidth: width, naturalHeight: height } = source);
      break;
    case "HTMLVideoElement":
      // HAVE_CURRENT_DATA: a frame is there to draw.
      if (source.readyState < 2 || source.videoWidth === 0) throw optionError(TypeError, "image", "image: the HTMLVideoElement has no current frame yet (wait for loadeddata)");
      ({ videoWidth: width, videoHeight: height } = source);
      break;
    case "VideoFrame":
      if (source.format === null && source.codedWidth === 0) throw optionError(TypeError, "image", "image: the VideoFrame is closed");
      ({ width, height } = source.visibleRect);
      break;
    default:
      ({ width, height } = source);
  }
  if (!(width >= 1 && height >= 1)) throw optionError(RangeError, "image", `image: the ${kind} is ${width}x${height}; it must be at least 1x1`);
  return { width, height };
}

let scratch;

/**
 * Reads a picture source into new RGBA bytes, as drawing it on a 2D canvas
 * and reading the canvas back gives them: one read, through one canvas
 * reused across calls.
 */
export function readPixels(source) {
  const { width, height } = sourceSize(source);
  if (typeof OffscreenCanvas !== "function") throw optionError(TypeError, "image", "image: this runtime has no OffscreenCanvas to read pictures with");
  scratch ??= new OffscreenCanvas(1, 1).getContext("2d", { willReadFrequently: true });
  const canvas = scratch.canvas;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  // "copy" replaces every pixel, alpha included: no clear, no blending.
  scratch.globalCompositeOperation = "copy";
  scratch.drawImage(source, 0, 0, width, height);
  const { data } = scratch.getImageData(0, 0, width, height, { colorSpace: "srgb" });
  return { data, width, height };
}

/**
 * Binds the frame calls of one instance. call runs a Go function, encode
 * writes pool options into the record, resultSize reads the result's size
 * from it.
 */
export function bindFrames({ call, memory, encode, resultSize }) {
  // Views are cached per (address, length) and re-created whenever the
  // memory has grown, which detaches every view of the old buffer.
  const view = (cache, address, length) => {
    const b = memory.buffer;
    if (cache.view?.buffer !== b || cache.address !== address || cache.view.length !== length) {
      cache.view = new Uint8ClampedArray(b, address, length);
      cache.address = address;
    }
    return cache.view;
  };

  class Frame {
    #id;
    #address = 0;
    #cache = {};
    #result;
    width = 0;
    height = 0;

    constructor(width, height) {
      this.#id = call("frameNew");
      // The result of pool: one object per frame, its data a view made the
      // way the frame's own is.
      const cache = {};
      const result = { address: 0, width: 0, height: 0 };
      this.#result = Object.defineProperties({}, {
        width: { get: () => result.width, enumerable: true },
        height: { get: () => result.height, enumerable: true },
        data: {
          get: () => {
            this.#check();
            return view(cache, result.address, 4 * result.width * result.height);
          },
          enumerable: true,
        },
      });
      this.#setResult = (address, width, height) => Object.assign(result, { address, width, height });
      if (width !== undefined || height !== undefined) this.resize(width, height);
    }

    #setResult;

    #check() {
      if (this.#id === 0) throw optionError(TypeError, "frame", "frame: has been freed");
    }

    /** Sets the frame's size; its memory is kept when it is large enough. */
    resize(width, height) {
      return this.#size(width, height, -1);
    }

    // #size is resize for data of length bytes to be copied in, which pool
    // judges against the size before the memory is sized by it; -1 for
    // none.
    #size(width, height, length) {
      this.#check();
      for (const [name, v] of [["width", width], ["height", height]]) {
        if (typeof v !== "number") throw optionError(TypeError, name, `${name} ${String(v)}: must be a number`);
      }
      this.#address = call("frameSize", this.#id, width, height, length);
      this.width = width;
      this.height = height;
      return this;
    }

    /**
     * The frame's RGBA bytes: a view of the WebAssembly memory, re-created
     * whenever the memory has grown. Write a frame here; read it again after
     * any call rather than keeping it.
     */
    get data() {
      this.#check();
      return view(this.#cache, this.#address, 4 * this.width * this.height);
    }

    /**
     * Reads a picture source into the frame, resizing it to the source's
     * size. A VideoFrame is copied straight into the WebAssembly memory
     * (VideoFrame.copyTo, format "RGBA"); every other source, and a plain
     * { data, width, height }, is read once and copied in.
     */
    async read(source) {
      this.#check();
      if (sourceKind(source) === "VideoFrame") {
        const { width, height } = sourceSize(source);
        this.resize(width, height);
        // A call on this instance while the copy ran may have grown the
        // memory and detached dst: then the copy is made again.
        for (;;) {
          const dst = this.data;
          try {
            await source.copyTo(dst, { format: "RGBA", colorSpace: "srgb" });
          } catch (err) {
            if (dst.buffer === memory.buffer) throw err;
          }
          if (dst.buffer === memory.buffer) return this;
        }
      }
      const px = isPictureSource(source) ? readPixels(source) : source;
      const bytes = (a) => a instanceof Uint8ClampedArray || a instanceof Uint8Array;
      if (px === null || typeof px !== "object" || !bytes(px.data)) {
        throw optionError(TypeError, "image", `image: must be an ImageData, { data, width, height } or one of ${SOURCES.join(", ")}`);
      }
      this.#size(px.width, px.height, px.data.length);
      this.data.set(px.data);
      return this;
    }

    /**
     * Pools the frame with opts into the frame's own result buffer and
     * returns the frame's result object (the same object every call), whose
     * data is a view of the WebAssembly memory.
     */
    pool(opts) {
      this.#check();
      encode(opts);
      const address = call("framePool", this.#id);
      const [w, h] = resultSize();
      this.#setResult(address, w, h);
      return this.#result;
    }

    /** Releases the frame's memory; any later use throws. */
    free() {
      if (this.#id === 0) return;
      call("frameFree", this.#id);
      this.#id = 0;
      this.#cache = {};
    }
  }

  return (width, height) => new Frame(width, height);
}
