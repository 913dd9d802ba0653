// Messages for the mistakes a new user makes first: each says what to do.

import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadPoolkit } from "../poolkit.js";
import { poolkit } from "./helpers.js";

test("a missing wasm names the path and says to run make build", async () => {
  const missing = new URL("./no-such-dir/poolkit.wasm", import.meta.url);
  for (const wasm of [missing, fileURLToPath(missing)]) {
    await assert.rejects(loadPoolkit({ wasm }), (err) => {
      assert.match(err.message, /no WebAssembly module at .*no-such-dir\/poolkit\.wasm/);
      assert.match(err.message, /make build/);
      assert.equal(err.cause?.code, "ENOENT");
      return true;
    });
  }
});

test("a number kernel on a 1-D tensor suggests kernel: [k]", async () => {
  const pk = await poolkit();
  assert.throws(() => pk.poolTensor({ data: new Float32Array(4), shape: [4] }, { op: "max", kernel: 2 }), (err) => {
    assert.equal(err.option, "shape");
    assert.match(err.message, /kernel: \[k\]/);
    return true;
  });
  // As it says, the array form pools the signal.
  assert.deepEqual([...pk.poolTensor({ data: new Float32Array([1, 3, 2, 0]), shape: [4] }, { op: "max", kernel: [2] }).data], [3, 2]);
});
