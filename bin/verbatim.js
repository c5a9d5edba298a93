#!/usr/bin/env node
// Runs the bundle that `npm ci` builds (the `prepare` script; `npm run build` remakes it after editing src/).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("verbatim: dist/ is missing; run `npm run build` (npm ci does it) first\n");
  process.exit(2);
}
const { runCli } = await import(cli.href);
process.exitCode = await runCli(process.argv);
