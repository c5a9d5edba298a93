#!/usr/bin/env node
// Bundles src/ into dist/ once, at install (`prepare`) and before the tests, so `verbatim` starts without compiling
// TypeScript on every run. esbuild rather than tsc: it takes well under a second, so the tests can rebuild each time
// and never run a stale dist/; `npm test` typechecks separately. Dependencies stay outside the bundle and each
// subcommand's code is its own chunk, loaded only when that subcommand runs.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const DIST_DIR = fileURLToPath(new URL("../dist", import.meta.url));

/** Writes dist/cli.js (and its chunks) from src/cli.ts. */
export async function buildDist() {
  rmSync(DIST_DIR, { recursive: true, force: true });
  await build({
    entryPoints: [fileURLToPath(new URL("../src/cli.ts", import.meta.url))],
    outdir: DIST_DIR,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
}

// vitest runs this file as its globalSetup, which calls `setup`, so the tests spawn a fresh build.
export { buildDist as setup };

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDist();
