// Shared by the test files: one loaded instance per file, and deterministic
// pictures and tensors.

import { loadPoolkit } from "../poolkit.js";
import { xorshift32 } from "../../testing/random.js";

export { randomTensor } from "../../testing/random.js";

let direct;

/** Returns the file's synchronous poolkit, loaded once. */
export function poolkit() {
  direct ??= loadPoolkit();
  return direct;
}

/** Returns width*height RGBA bytes from a fixed pseudo-random sequence. */
export function randomPicture(width, height, seed = 1) {
  const data = new Uint8ClampedArray(width * height * 4);
  const next = xorshift32(seed);
  for (let i = 0; i < data.length; i++) data[i] = next() >>> 24;
  return { data, width, height };
}

/**
 * Asserts that f throws an error of class E whose message contains every one
 * of words, the first of them starting with the option it names as
 * err.option.
 */
export function throwsNamed(assert, f, E, ...words) {
  let err;
  try {
    f();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a ${E.name} mentioning ${words.join(", ")}, got no error`);
  assert.equal(err.constructor, E, `expected a ${E.name}, got ${err.constructor.name}: ${err.message}`);
  for (const w of words) assert.ok(err.message.includes(w), `message ${JSON.stringify(err.message)} should mention ${JSON.stringify(w)}`);
  // The message starts with the option (or, for an unknown key, `option "key"`).
  const lead = [`${err.option} `, `${err.option}:`, `option "${err.option}"`];
  assert.ok(typeof err.option === "string" && lead.some((l) => err.message.startsWith(l)), `err.option ${JSON.stringify(err.option)} of ${JSON.stringify(err.message)}`);
  assert.ok(words[0].replaceAll('"', "").startsWith(err.option), `err.option ${JSON.stringify(err.option)} should be the ${JSON.stringify(words[0])} the test names`);
}

/**
 * goldenFailures runs attempt on every golden case and returns a line for
 * each that failed: attempt's reason, or what it threw.
 */
export function goldenFailures(cases, attempt) {
  const failures = [];
  for (const c of cases) {
    let why;
    try {
      why = attempt(c);
    } catch (err) {
      why = `threw ${err.name}: ${err.message}`;
    }
    if (why) failures.push(`${c.name}: ${why}`);
  }
  return failures;
}
