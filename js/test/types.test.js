import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const tsc = fileURLToPath(new URL("../../node_modules/typescript/bin/tsc", import.meta.url));
const usage = fileURLToPath(new URL("./types-usage.ts", import.meta.url));
const docGlobals = fileURLToPath(new URL("./doc-globals.d.ts", import.meta.url));
const typeRoots = fileURLToPath(new URL("../../node_modules/@types", import.meta.url));
const jsDir = fileURLToPath(new URL("..", import.meta.url));
const root = new URL("../../", import.meta.url);

/**
 * Runs tsc on a tsconfig in a fresh folder; fails the test with tsc's output
 * and, for generated files, where each came from.
 */
async function typeCheck(t, compilerOptions, files) {
  const origins = new Map();
  const dir = await mkdtemp(join(tmpdir(), "poolkit-tsc-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = {
    compilerOptions: {
      noEmit: true, strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext",
      typeRoots: [typeRoots], skipLibCheck: false, ...compilerOptions,
    },
    files: await files(dir, origins),
  };
  await writeFile(join(dir, "tsconfig.json"), JSON.stringify(config));
  try {
    execFileSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  } catch (err) {
    const legend = [...origins].map(([file, where]) => `${file} is ${where}`).join("\n");
    assert.fail(`tsc failed:\n${err.stdout}${err.stderr}${legend && `\n${legend}`}`);
  }
}

// The declarations must work for a page (DOM library), for Node (@types/node)
// and for a project with neither.
const setups = {
  dom: { lib: ["es2022", "dom"], types: [] },
  node: { lib: ["es2022"], types: ["node"] },
  bare: { lib: ["es2022"], types: [] },
};

for (const [name, { lib, types }] of Object.entries(setups)) {
  test(`poolkit.d.ts type-checks types-usage.ts (${name})`, (t) => typeCheck(t, { lib, types }, async () => [usage]));
}

// ---- the documentation's examples ----------------------------------------

const DOCS = ["README.md", "docs/js-api.md"];

/** The ```js and ```ts blocks of the pages and the @example blocks of poolkit.d.ts, each with where it is. */
async function docBlocks() {
  const blocks = [];
  for (const page of DOCS) {
    const text = await readFile(new URL(page, root), "utf8");
    for (const m of text.matchAll(/^```(js|javascript|ts|typescript)\n([\s\S]*?)^```/gm)) {
      const line = text.slice(0, m.index).split("\n").length;
      blocks.push({ where: `${page}:${line}`, lang: m[1].startsWith("t") ? "ts" : "js", code: m[2] });
    }
  }
  const dts = await readFile(new URL("poolkit.d.ts", new URL("../", import.meta.url)), "utf8");
  for (const m of dts.matchAll(/^\s*\* @example\n((?:\s*\*(?! @)(?!\/).*\n)*)/gm)) {
    const line = dts.slice(0, m.index).split("\n").length + 1;
    const code = m[1].replace(/^\s*\* ?/gm, "").replace(/^```\w*\n?/gm, "");
    blocks.push({ where: `js/poolkit.d.ts:${line}`, lang: "js", code });
  }
  return blocks;
}

/**
 * An example as a module of its own: its imports first, then its statements
 * at the top level, where await works; names it uses without defining come
 * from doc-globals.d.ts.
 */
function exampleModule({ where, code }) {
  const lines = code.split("\n");
  const imports = lines.filter((l) => /^import\s/.test(l));
  const body = lines.filter((l) => !/^import\s/.test(l));
  return [`// ${where}`, ...imports, "export {};", ...body].join("\n");
}

/**
 * A ```ts block lists signatures: `function f(...)` lines, `interface X { ... }`
 * blocks and bare `method(...)` lines of Poolkit. Each must name a function,
 * an interface and members that poolkit.d.ts exports, with types whose names
 * it exports too. Parameters without types (PoolkitWorkers' listing says
 * "as Poolkit's") are allowed: the listing is a summary, not a copy.
 */
function signatureModule({ where, code }, exported, n) {
  const out = [`// ${where}`, `import type { ${exported.types.join(", ")} } from "poolkit";`, `import { ${exported.values.join(", ")} } from "poolkit";`, "export {};"];
  const bare = [];
  const checks = [];
  const lines = code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    let m;
    if ((m = /^function (\w+)(.*)$/.exec(line))) {
      out.push(`declare function doc${n}_${m[1]}${m[2]}`);
      checks.push(`${m[1]};`);
    } else if ((m = /^interface (\w+)(.*)$/.exec(line))) {
      const name = `Doc${n}_${m[1]}`;
      out.push(`interface ${name}${m[2]}`);
      if (!m[2].includes("}")) {
        for (i++; i < lines.length && !/^\}/.test(lines[i]); i++) out.push(lines[i]);
        out.push(lines[i] ?? "}");
      }
      checks.push(`const doc${n}_${m[1]}: Exclude<keyof ${name}, keyof ${m[1]}> extends never ? true : false = true;`);
    } else if (line.trim()) {
      bare.push(line);
    }
  }
  if (bare.length) {
    out.push(`interface Doc${n}_Poolkit {`, ...bare.map((l) => `  ${l}`), "}");
    checks.push(`const doc${n}_Poolkit: Exclude<keyof Doc${n}_Poolkit, keyof Poolkit> extends never ? true : false = true;`);
  }
  return [...out, ...checks].join("\n");
}

/** The names poolkit.d.ts exports: types and interfaces, and values (its functions). */
async function exportedNames() {
  const dts = await readFile(new URL("../poolkit.d.ts", import.meta.url), "utf8");
  return {
    types: [...new Set([...dts.matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]))],
    values: [...new Set([...dts.matchAll(/^export (?:declare )?function (\w+)/gm)].map((m) => m[1]))],
  };
}

/**
 * Writes the examples into dir beside a node_modules/poolkit that is the
 * package folder, so that `from "poolkit"` resolves as for a user.
 */
async function writeExamples(dir, origins, kind) {
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  await mkdir(join(dir, "node_modules"));
  await symlink(jsDir, join(dir, "node_modules", "poolkit"), "dir");
  const exported = await exportedNames();
  const files = [docGlobals];
  const blocks = (await docBlocks()).filter((b) => b.lang === kind);
  assert.ok(blocks.length >= 5, `found only ${blocks.length} ${kind} blocks: the extraction is broken`);
  for (const [n, b] of blocks.entries()) {
    const file = join(dir, `${kind}-${n}.ts`);
    await writeFile(file, kind === "js" ? exampleModule(b) : signatureModule(b, exported, n));
    files.push(file);
    origins.set(`${kind}-${n}.ts`, b.where);
  }
  return files;
}

test("the README's, docs/js-api.md's and poolkit.d.ts's examples type-check against poolkit.d.ts", (t) =>
  typeCheck(t, { lib: ["es2022", "dom", "dom.iterable"], types: [] }, (dir, origins) => writeExamples(dir, origins, "js")));

test("docs/js-api.md's signature listings name what poolkit.d.ts declares", (t) =>
  typeCheck(t, { lib: ["es2022", "dom", "dom.iterable"], types: [], noImplicitAny: false }, (dir, origins) => writeExamples(dir, origins, "ts")));
