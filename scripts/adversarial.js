#!/usr/bin/env node
// `npm run test:adversarial`: the whole adversarial suite at full size (npm test runs each kind in a few rounds), then
// the figures its tests recorded, summed per kind, for the README's Reliability section.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "verbatim-adversarial-"));
const figuresFile = join(dir, "figures.jsonl");
// Arguments pick test files (`npm run test:adversarial -- tests/adversarial/load.test.ts`); none runs them all.
const files = process.argv.slice(2);
const run = spawnSync("npx", ["vitest", "run", ...(files.length > 0 ? files : ["tests/adversarial"])], {
  stdio: "inherit",
  env: { ...process.env, ADVERSARIAL: "full", ADVERSARIAL_FIGURES: figuresFile },
});

const byKind = new Map();
const lines = existsSync(figuresFile) ? readFileSync(figuresFile, "utf8").split("\n").filter(Boolean) : [];
for (const line of lines) {
  const { kind, ...figures } = JSON.parse(line);
  const sums = byKind.get(kind) ?? {};
  for (const [name, value] of Object.entries(figures)) {
    if (typeof value === "number") sums[name] = (sums[name] ?? 0) + value;
    else sums[name] = [...(Array.isArray(sums[name]) ? sums[name] : []), value];
  }
  byKind.set(kind, sums);
}
process.stdout.write("\nAdversarial suite figures (numbers summed over its tests):\n");
for (const [kind, sums] of byKind) {
  const shown = (value) => (typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));
  const parts = Object.entries(sums).map(([name, value]) => `${name} ${Array.isArray(value) ? value.map(shown).join(", ") : value}`);
  process.stdout.write(`  ${kind}: ${parts.join("; ")}\n`);
}
rmSync(dir, { recursive: true, force: true });
process.exitCode = run.status ?? 1;
