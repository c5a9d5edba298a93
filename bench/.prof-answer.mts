import { readFileSync } from "node:fs";
import { join } from "node:path";
import { measureLatency } from "./latency.ts";
import { libraryDir, type FillManifest } from "./fill.ts";
const articles = Number(process.argv[2] ?? 10000);
const index = (process.argv[3] ?? "lancedb") as "lancedb" | "fts5";
const manifest = JSON.parse(readFileSync(join(libraryDir(articles, false), "bench-fill.json"), "utf8")) as FillManifest;
for (let r = 0; r < Number(process.argv[4] ?? 1); r++) {
  const res = await measureLatency(manifest, 100, undefined, index);
  console.log(JSON.stringify({ p50: Math.round(res.p50Ms), p95: Math.round(res.p95Ms), first: Math.round(res.firstMs), answered: res.answered }));
}
