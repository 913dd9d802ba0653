import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
const usage = fileURLToPath(new URL("./types-usage.ts", import.meta.url));
const typeRoots = fileURLToPath(new URL("../../node_modules/@types", import.meta.url));

// The declarations must work for a page (DOM library), for Node (@types/node)
// and for a project with neither.
const setups = {
  dom: { lib: ["es2022", "dom"], types: [] },
  node: { lib: ["es2022"], types: ["node"] },
  bare: { lib: ["es2022"], types: [] },
};

for (const [name, { lib, types }] of Object.entries(setups)) {
  test(`poolkit.d.ts type-checks types-usage.ts (${name})`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "poolkit-tsc-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const config = {
      compilerOptions: {
        noEmit: true, strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
        lib, types, typeRoots: [typeRoots], skipLibCheck: false,
      },
      files: [usage],
    };
    await writeFile(join(dir, "tsconfig.json"), JSON.stringify(config));
    try {
      execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
    } catch (err) {
      assert.fail(`tsc failed:\n${err.stdout}${err.stderr}`);
    }
  });
}
