#!/usr/bin/env node
// Runs the bundle in dist/ that `npm ci` builds (the `prepare` script), rebuilding it first when src/ has changed
// since, so a checkout being edited never runs stale code. The check is a few stat calls.
import { existsSync } from "node:fs";

if (existsSync(new URL("../src", import.meta.url))) {
  const { buildDist, distIsStale } = await import("../scripts/build.js");
  if (distIsStale()) await buildDist();
}
const { runCli } = await import("../dist/cli.js");
process.exitCode = await runCli(process.argv);
