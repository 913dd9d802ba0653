// The names the documentation's examples use without defining them, for
// types.test.js, which type-checks every ```js and ```ts example of the
// README and docs/js-api.md and every @example of poolkit.d.ts. A new
// example that uses another such name needs its line here.

declare const pk: import("poolkit").Poolkit;
declare const loadPoolkit: typeof import("poolkit").loadPoolkit;

/** A picture's RGBA bytes. */
declare const rgbaBytes: Uint8ClampedArray;
/** Feature maps to pool one after another. */
declare const batches: Iterable<Float32Array>;
/** An audio-like signal and a video clip, as float32 tensors' data. */
declare const signal: Float32Array;
declare const clip: Float32Array;
/**
 * "image" is a picture in one example and a [N, C, H, W] tensor in another:
 * an object that is both.
 */
declare const image: { data: Uint8Array; width: number; height: number; shape: number[] };
declare const canvas: HTMLCanvasElement;
declare const ctx: CanvasRenderingContext2D;
declare const bar: HTMLProgressElement;
declare const abortController: AbortController;
declare const myBuffer: Uint8ClampedArray;
declare const track: MediaStreamTrack;

/** Chromium's, not yet in TypeScript's DOM library. */
declare class MediaStreamTrackProcessor {
  constructor(init: { track: MediaStreamTrack });
  readonly readable: ReadableStream<VideoFrame>;
}

/** A [1, 16, 32, 32] feature map, and the gradient of a loss with respect to its max pooling. */
declare const features: Float32Array;
declare const dy: Float32Array;
