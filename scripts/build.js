#!/usr/bin/env node
// Bundles src/ into dist/ at install (`prepare`), before the tests, and whenever bin/verbatim.js finds src/ newer,
// so `verbatim` starts without compiling TypeScript on every run yet never runs stale code. esbuild rather than
// tsc: it takes well under a second; `npm test` typechecks separately. Dependencies stay outside the bundle and
// each subcommand's code is its own chunk, loaded only when that subcommand runs.
import { readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST_DIR = `${ROOT}dist`;
const SRC_DIR = `${ROOT}src`;

/** Whether dist/ is missing or older than some file under src/. */
export function distIsStale() {
  let built;
  try {
    built = statSync(`${DIST_DIR}/cli.js`).mtimeMs;
  } catch {
    return true;
  }
  return readdirSync(SRC_DIR, { recursive: true, withFileTypes: true }).some(
    (entry) => entry.isFile() && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > built,
  );
}

/** Writes dist/cli.js and its chunks from src/cli.ts into a fresh folder, then swaps it in whole. */
export async function buildDist() {
  const fresh = `${DIST_DIR}.${process.pid}`;
  const old = `${DIST_DIR}.old.${process.pid}`;
  // Imported here: bin/verbatim.js loads this file on every start to check freshness, and esbuild is slow to load.
  const { build } = await import("esbuild");
  await build({
    entryPoints: [`${SRC_DIR}/cli.ts`],
    outdir: fresh,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  // A process still starting from the old dist/ keeps its files until it has loaded them.
  try {
    renameSync(DIST_DIR, old);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  renameSync(fresh, DIST_DIR);
  rmSync(old, { recursive: true, force: true });
}

// vitest runs this file as its globalSetup, which calls `setup`, so the tests spawn a fresh build.
export { buildDist as setup };

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDist();
