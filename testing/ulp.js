// The one measure of how far apart two float32 values are, for the tests
// that hold results to PyTorch's golden vectors within a tolerance (Go's
// tests use internal/ulp, which counts the same way).

const f32 = new Float32Array(2);
const i32 = new Int32Array(f32.buffer);

// ordinal numbers the float32 values in order, -0 just below +0.
const ordinal = (bits) => (bits < 0 ? -(bits & 0x7fffffff) - 1 : bits);

/**
 * Counts the float32 values between a and b: 0 only for the same bits, so
 * -0 and +0 are one apart and a tolerance of 0 asks for PyTorch's signed
 * zeros too. NaNs have no place in the order: callers match them first.
 */
export function ulps(a, b) {
  f32[0] = a;
  f32[1] = b;
  return Math.abs(ordinal(i32[0]) - ordinal(i32[1]));
}
