/**
 * `node --import tsx bench/hnsw-sweep.ts [--distinct 500] [--copies 20] [--queries 100]`
 *
 * HNSW recall@10 against exact search for several graph settings (M, efConstruction) and search breadths (ef),
 * with the build time and size each costs, on the synthetic vectors the scale libraries use. A 100k-article
 * library holds each corpus article about 20 times (copies differing only by noise), which is what makes its
 * top ten hard to get exactly; rebuilding its 1.07M-vector graph takes about an hour per setting here, so the
 * sweep keeps that duplication (`--copies`) over fewer distinct articles. Writes bench/hnsw-sweep.json.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type * as Hnswlib from "hnswlib-node";
import { questions } from "./corpus.ts";
import { Templates } from "./fill.ts";
import { BENCH_DIR } from "./model.ts";
import { median, percentile } from "./stats.ts";
import { DIMENSIONS } from "./synthetic.ts";

const { values } = parseArgs({
  options: {
    distinct: { type: "string", default: "500" },
    copies: { type: "string", default: "20" },
    queries: { type: "string", default: "100" },
    graphs: { type: "string", default: "16:200,32:200,32:400,48:400" },
    efs: { type: "string", default: "128,256,512,1024" },
  },
});
const distinct = Number(values.distinct);
const copies = Number(values.copies);
const graphs = values.graphs.split(",").map((pair) => pair.split(":").map(Number) as [number, number]);
const efs = values.efs.split(",").map(Number);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const { HierarchicalNSW } = createRequire(import.meta.url)("hnswlib-node") as typeof Hnswlib;
const templates = await Templates.load();

// The vectors a filled library stores for articles 0 … distinct × copies, with `distinct` corpus articles.
const vectors: Float32Array[] = [];
for (let n = 0; n < distinct * copies; n++) {
  const copy = Math.floor(n / distinct);
  templates.directionsOf(n % distinct).forEach((direction, seq) => vectors.push(templates.space.perturb(direction, (copy * 1_000_003 + n * 131 + seq) >>> 0)));
}
const queries = questions()
  .slice(0, Number(values.queries))
  .map((q) => templates.space.embed(q.question));
log(`${vectors.length} vectors (${distinct} articles × ${copies} copies), ${queries.length} queries`);

const exact = queries.map((query) => {
  const scored = vectors.map((vector, label) => {
    let dot = 0;
    for (let d = 0; d < DIMENSIONS; d++) dot += query[d]! * vector[d]!;
    return { label, dot };
  });
  return new Set(scored.sort((a, b) => b.dot - a.dot).slice(0, 10).map((hit) => hit.label));
});

const rows = [];
const scratch = mkdtempSync(join(tmpdir(), "verbatim-hnsw-"));
for (const [m, efConstruction] of graphs) {
  const index = new HierarchicalNSW("ip", DIMENSIONS);
  index.initIndex({ maxElements: vectors.length, m, efConstruction });
  const started = performance.now();
  vectors.forEach((vector, label) => index.addPoint(Array.from(vector), label));
  const buildSeconds = (performance.now() - started) / 1000;
  const file = join(scratch, `m${m}-ef${efConstruction}.hnsw`);
  index.writeIndexSync(file);
  const bytes = statSync(file).size;
  rmSync(file);
  for (const ef of efs) {
    index.setEf(ef);
    const times: number[] = [];
    let found = 0;
    queries.forEach((query, q) => {
      const t = performance.now();
      const { neighbors } = index.searchKnn(Array.from(query), 10);
      times.push(performance.now() - t);
      found += neighbors.filter((label) => exact[q]!.has(label)).length;
    });
    const row = { m, efConstruction, ef, buildSeconds, bytes, recallAt10: found / (queries.length * 10), p50Ms: median(times), p95Ms: percentile(times, 95) };
    rows.push(row);
    log(`M ${m} efC ${efConstruction} ef ${ef}: recall@10 ${row.recallAt10.toFixed(3)}, p95 ${row.p95Ms.toFixed(2)} ms (build ${buildSeconds.toFixed(0)} s, ${(bytes / 1e6).toFixed(0)} MB)`);
  }
}
rmSync(scratch, { recursive: true, force: true });

const lines = [
  `HNSW sweep: ${vectors.length} synthetic vectors (${distinct} corpus articles × ${copies} noisy copies), ${queries.length} dev questions, recall@10 vs exact`,
  "| M | efConstruction | build | graph size | ef | recall@10 | p50 | p95 |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows.map((r) => `| ${r.m} | ${r.efConstruction} | ${r.buildSeconds.toFixed(0)} s | ${(r.bytes / 1e6).toFixed(0)} MB | ${r.ef} | ${r.recallAt10.toFixed(3)} | ${r.p50Ms.toFixed(2)} ms | ${r.p95Ms.toFixed(2)} ms |`),
];
process.stdout.write(`${lines.join("\n")}\n`);
writeFileSync(join(BENCH_DIR, "hnsw-sweep.json"), JSON.stringify({ date: new Date().toISOString(), distinct, copies, vectors: vectors.length, queries: queries.length, rows }, null, 2));
