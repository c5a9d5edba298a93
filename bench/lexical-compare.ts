/**
 * Answer latency with the whole-library lexical query on FTS5 (before) and on LanceDB's full-text index (after),
 * over the same cached libraries, alternating in one process: issue 16's side-by-side comparison. `--retrieval`
 * times retrieval alone instead (top ten passages, as the peers bench): verbatim's search on each, and plain FTS5.
 * `--lexical-only` uses (and first fills, if need be) libraries without vectors: the way to time 100k articles
 * without the hours their graph takes to build; answers are then found lexically alone.
 *
 *   node --import tsx bench/lexical-compare.ts [--sizes 1000,10000] [--rounds 2] [--questions 100] [--retrieval] [--lexical-only]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureFilledLibrary, libraryDir, type FillManifest } from "./fill.ts";
import { measureLatency } from "./latency.ts";
import { measurePeer } from "./peers.ts";

const { values } = parseArgs({
  options: { sizes: { type: "string", default: "1000,10000" }, rounds: { type: "string", default: "2" }, questions: { type: "string", default: "100" }, retrieval: { type: "boolean", default: false }, "lexical-only": { type: "boolean", default: false } },
});
const load = (): string => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const ms = (value: number): string => `${value.toFixed(0)} ms`;
const vectors = !values["lexical-only"];
if (!vectors) for (const articles of values.sizes.split(",").map(Number)) await ensureFilledLibrary(articles, (line) => console.log(line), { vectors });

if (values.retrieval) {
  for (const articles of values.sizes.split(",").map(Number)) {
    for (let round = 1; round <= Number(values.rounds); round++) {
      const runs = [
        await measurePeer("verbatim", articles, Number(values.questions), "fts5", vectors),
        await measurePeer("verbatim", articles, Number(values.questions), "lancedb", vectors),
        await measurePeer("fts5-bm25", articles, Number(values.questions), "fts5", vectors),
      ];
      const [before, after, plain] = runs;
      const row = (name: string, r: (typeof runs)[number]): string => `${name} p50 ${ms(r.p50Ms)} p95 ${ms(r.p95Ms)} top-10 ${r.recallAt10.toFixed(2)}`;
      console.log(
        `retrieval, ${articles} articles, round ${round} (load ${load()}): ${row("verbatim on FTS5", before!)}; ${row("verbatim on LanceDB", after!)}; ${row("plain FTS5 bm25()", plain!)}; ` +
          `LanceDB ÷ FTS5 p95 ${(after!.p95Ms / before!.p95Ms).toFixed(2)}, ÷ plain FTS5 p95 ${(after!.p95Ms / plain!.p95Ms).toFixed(2)}`,
      );
    }
  }
  process.exit(0);
}

for (const articles of values.sizes.split(",").map(Number)) {
  const manifest = JSON.parse(readFileSync(join(libraryDir(articles, vectors), "bench-fill.json"), "utf8")) as FillManifest;
  // Built (the first time) and caught up before anything is timed.
  await measureLatency(manifest, 2, undefined, "lancedb");
  for (let round = 1; round <= Number(values.rounds); round++) {
    const order = round % 2 === 1 ? (["fts5", "lancedb"] as const) : (["lancedb", "fts5"] as const);
    const results = [];
    for (const index of order) results.push(await measureLatency(manifest, Number(values.questions), undefined, index));
    const [before, after] = [results.find((r) => r.lexicalIndex === "fts5")!, results.find((r) => r.lexicalIndex === "lancedb")!];
    console.log(
      `${articles} articles, round ${round} (${order.join(" then ")}, load ${load()}): FTS5 p50 ${ms(before.p50Ms)} p95 ${ms(before.p95Ms)} (${before.answered} answered); ` +
        `LanceDB p50 ${ms(after.p50Ms)} p95 ${ms(after.p95Ms)} (${after.answered} answered); after ÷ before p50 ${(after.p50Ms / before.p50Ms).toFixed(2)}, p95 ${(after.p95Ms / before.p95Ms).toFixed(2)}`,
    );
  }
}
