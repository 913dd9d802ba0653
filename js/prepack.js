// Runs before npm packs or publishes the package (the "prepack" script):
// copies the repository's README.md, LICENSE and CHANGELOG.md in, so that the
// tarball carries them while the repository keeps one copy of each at its
// root, and refuses to pack without the files `make build` makes, which npm
// would otherwise leave out without a word.

import { copyFileSync, existsSync } from "node:fs";

for (const name of ["poolkit.wasm", "wasm_exec.js"]) {
  if (!existsSync(new URL(`./${name}`, import.meta.url))) {
    console.error(`poolkit: js/${name} is missing; run \`make build\` in the repository root first`);
    process.exit(1);
  }
}
for (const name of ["README.md", "LICENSE", "CHANGELOG.md"]) {
  copyFileSync(new URL(`../${name}`, import.meta.url), new URL(`./${name}`, import.meta.url));
}
