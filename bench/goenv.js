// The bench scripts build and run Go themselves. Run by hand (node bench/...)
// rather than through make, they take the Go toolchain and experiment that
// the Makefile exports to its recipes, read from the Makefile, so that a
// figure is always of the build make makes: without them the go command would
// build with whatever toolchain is installed, which may lack Go 1.27's simd.

import { readFileSync } from "node:fs";

const makefile = readFileSync(new URL("../Makefile", import.meta.url), "utf8");
for (const name of ["GOTOOLCHAIN", "GOEXPERIMENT"]) {
  const m = makefile.match(new RegExp(`^export ${name} := (\\S+)$`, "m"));
  if (!m) throw new Error(`Makefile: no "export ${name} := ..." line for the bench scripts to read`);
  process.env[name] ??= m[1];
}
