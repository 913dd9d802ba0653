// Runs before npm packs or publishes the package (the "prepack" script):
// copies the repository's README.md, LICENSE and CHANGELOG.md in, so that the
// tarball carries them while the repository keeps one copy of each at its
// root, and refuses to pack without the files `make build` makes, which npm
// would otherwise leave out without a word.

import { existsSync, readFileSync, writeFileSync } from "node:fs";

for (const name of ["poolkit.wasm", "wasm_exec.js"]) {
  if (!existsSync(new URL(`./${name}`, import.meta.url))) {
    console.error(`poolkit: js/${name} is missing; run \`make build\` in the repository root first`);
    process.exit(1);
  }
}
// The README's links are relative to the repository's root, where npm's page
// for the package cannot follow them: they are made absolute.
const repository = "https://github.com/poolkit/poolkit/blob/main/";
for (const name of ["README.md", "LICENSE", "CHANGELOG.md"]) {
  const text = readFileSync(new URL(`../${name}`, import.meta.url), "utf8");
  const out = name.endsWith(".md") ? absoluteLinks(text, repository) : text;
  writeFileSync(new URL(`./${name}`, import.meta.url), out);
}

function absoluteLinks(markdown, base) {
  return markdown.replace(/\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)/gi, (_, target) => `](${new URL(target, base).href})`);
}
