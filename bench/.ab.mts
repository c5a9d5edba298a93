import { readFileSync } from "node:fs";
import { join } from "node:path";
import { measureLatency } from "./latency.ts";
import { libraryDir, type FillManifest } from "./fill.ts";
const articles = Number(process.argv[2] ?? 10000);
const rounds = Number(process.argv[3] ?? 2);
const manifest = JSON.parse(readFileSync(join(libraryDir(articles, false), "bench-fill.json"), "utf8")) as FillManifest;
await measureLatency(manifest, 3, undefined, "lancedb");
const load = (): string => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
for (let r = 0; r < rounds; r++) {
  const out: string[] = [];
  for (const v of r % 2 ? ["B", "A"] : ["A", "B"]) {
    process.env.AB = v;
    const res = await measureLatency(manifest, 100, undefined, "lancedb");
    out.push(`${v} p50 ${Math.round(res.p50Ms)} p95 ${Math.round(res.p95Ms)} answered ${res.answered}`);
  }
  console.log(`${articles} round ${r + 1} (load ${load()}): ${out.join("; ")}`);
}
