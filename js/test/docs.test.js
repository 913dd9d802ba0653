// docs/js-api.md names every function poolkit.d.ts declares: the exported
// functions and the methods of the exported interfaces (but those of the
// ...Like interfaces, which describe other libraries' objects). A function
// added to the .d.ts needs its line in the page; this test says which.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

const dts = await readFile(new URL("../poolkit.d.ts", import.meta.url), "utf8");
const page = await readFile(new URL("../../docs/js-api.md", import.meta.url), "utf8");

/** The functions the declarations export, as "name" or "Interface.name". */
function declaredFunctions(source) {
  const names = new Set();
  for (const m of source.matchAll(/^export (?:declare )?function (\w+)/gm)) names.add(m[1]);
  for (const m of source.matchAll(/^export interface (\w+)[^{]*\{([\s\S]*?)^\}/gm)) {
    const [, iface, body] = m;
    if (iface.endsWith("Like")) continue;
    // Members are indented two spaces; deeper lines are nested types.
    for (const member of body.matchAll(/^ {2}(?:readonly )?(\w+)\??\s*(?:<[^>]*>)?\(/gm)) names.add(`${iface}.${member[1]}`);
  }
  return [...names];
}

test("docs/js-api.md names every function of poolkit.d.ts", () => {
  const declared = declaredFunctions(dts);
  // The parser finds the API's known functions, so it cannot pass by finding none.
  for (const known of ["loadPoolkit", "Poolkit.pool", "Poolkit.poolTensor", "PoolkitWorkers.close", "Frame.read"]) {
    assert.ok(declared.includes(known), `the .d.ts parser missed ${known}`);
  }
  const missing = declared.filter((name) => !page.includes(`${name.split(".").pop()}(`));
  assert.deepEqual(missing, [], `docs/js-api.md does not mention ${missing.map((n) => "`" + n.split(".").pop() + "(`").join(", ")}: add a line with each signature, from poolkit.d.ts`);
});

test("the README stays a short page that links to the docs", async () => {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  assert.ok(readme.split("\n").length <= 210, `README.md has ${readme.split("\n").length} lines`);
  for (const [, target] of readme.matchAll(/\]\(((?:docs|examples)\/[^)#]*)/g)) {
    await readFile(new URL(`../../${target.endsWith("/") ? target + "README.md" : target}`, import.meta.url));
  }
});
