// The one pseudo-random sequence of the tests and benchmarks: xorshift32
// with a fixed seed, so that Node, Chromium and Go's benchmarks can build the
// same bytes.

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
