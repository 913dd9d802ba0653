// The one pseudo-random sequence of the tests and benchmarks: xorshift32
// with a fixed seed, so that Node, Chromium and Go's benchmarks can build the
// same bytes; and the one random tensor built from it.

/** Returns a function giving the next 32-bit unsigned value of xorshift32 from seed (0 stands for 1). */
export function xorshift32(seed = 1) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/**
 * xorshift32's source, for a page to rebuild it:
 * `const xorshift32 = eval(xorshift32Source)` inside page.evaluate.
 */
export const xorshift32Source = `(${xorshift32.toString()})`;

/**
 * The source of a function (w, h, seed) that builds, in a page, the ImageData
 * of js/test/helpers.js's randomPicture: `eval(randomImageDataSource)(w, h, seed)`.
 */
export const randomImageDataSource = `(w, h, seed) => {
  const next = ${xorshift32Source}(seed);
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < data.length; i++) data[i] = next() >>> 24;
  return new ImageData(data, w, h);
}`;

/** Returns a float32 tensor of the shape filled from xorshift32(seed), its values in [-1, 1). */
export function randomTensor(shape, seed = 1) {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  const next = xorshift32(seed);
  for (let i = 0; i < data.length; i++) data[i] = next() / 2 ** 31 - 1;
  return { data, shape };
}
