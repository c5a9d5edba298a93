import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pino } from "pino";
import { chunkText } from "../src/ingest/chunk.ts";
import { Ingestor, type ChunkEmbedder } from "../src/ingest/pipeline.ts";
import { SqliteLibrary } from "../src/library/sqlite/sqlite-library.ts";
import { DEFAULT_EF, VectorIndex } from "../src/library/vector-index.ts";
import { questions } from "./corpus.ts";
import { libraryDir, Templates, type FillManifest } from "./fill.ts";
import { median, percentile, peakRss } from "./stats.ts";
import { DIMENSIONS, SYNTHETIC_MODEL } from "./synthetic.ts";

function libraryBytes(dir: string): number {
  return readdirSync(dir)
    .filter((name) => name.startsWith("library.db") || name.startsWith("vectors."))
    .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** Any unit vector: what the first query asks does not change what loading costs. */
function someUnitVector(): Float32Array {
  return new Float32Array(DIMENSIONS).fill(1 / Math.sqrt(DIMENSIONS));
}

export interface StartupResult {
  articles: number;
  chunks: number;
  openMs: number;
  /** The first BM25 query, run while the saved HNSW graph is read in the background (as the bot starts). */
  firstLexicalMs: number;
  /** Open + first BM25 query: how soon the first (lexical) answer can be given. */
  firstAnswerMs: number;
  /** From the start until the background load is done and dense search uses the graph. */
  indexReadyMs: number;
  /** The first dense query once the graph is in use. */
  firstDenseMs: number;
  rssAfter: number;
  databaseBytes: number;
  indexBytes: number;
  diskPer100k: number;
}

/** A fresh process on a warm page cache, started as the bot starts: what a restart costs before the first answer. */
export async function measureStartup(manifest: FillManifest): Promise<StartupResult> {
  const dir = libraryDir(manifest.articles);
  const t0 = performance.now();
  const library = SqliteLibrary.open(dir);
  const t1 = performance.now();
  const indexReady = library.loadVectorIndexInBackground();
  await library.searchLexical({ terms: ["election"], phrases: [] }, { limit: 10 });
  const t2 = performance.now();
  if (!(await indexReady)) throw new Error(`the library of ${manifest.articles} articles has no vector index to load`);
  const t3 = performance.now();
  await library.searchDense(someUnitVector(), SYNTHETIC_MODEL, 10);
  const t4 = performance.now();
  const rssAfter = process.memoryUsage().rss;
  const stats = await library.stats();
  // Without saving: nothing changed, and the cached library must stay exactly as built.
  await library.close({ saveIndex: false });
  return {
    articles: manifest.articles,
    chunks: manifest.chunks,
    openMs: t1 - t0,
    firstLexicalMs: t2 - t1,
    firstAnswerMs: t2 - t0,
    indexReadyMs: t3 - t0,
    firstDenseMs: t4 - t3,
    rssAfter,
    databaseBytes: stats.databaseBytes,
    indexBytes: stats.indexFileBytes,
    diskPer100k: (libraryBytes(dir) * 100_000) / manifest.articles,
  };
}

export interface AddOneResult {
  small: { articles: number; medianMs: number; p90Ms: number; samples: number[] };
  large: { articles: number; medianMs: number; p90Ms: number; samples: number[] };
  /** Median at the large size over median at the small size. */
  ratio: number;
  peakRss: number;
}

/** Hands back vectors computed before the clock started, so adding an article is timed without embedding. */
class PrecomputedEmbedder implements ChunkEmbedder {
  readonly modelName = SYNTHETIC_MODEL;
  readonly vectors = new Map<string, number[]>();

  embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => this.vectors.get(text) ?? []));
  }
}

/**
 * Adds new articles through the real Ingestor (duplicate check, chunking, quotes, one transaction, HNSW insert)
 * to a small and a large library in turn, then removes them again so the cached libraries stay as built.
 */
export async function measureAddOne(small: FillManifest, large: FillManifest, count: number): Promise<AddOneResult> {
  const templates = await Templates.load();
  const sides = [];
  for (const manifest of [small, large]) {
    const library = SqliteLibrary.open(libraryDir(manifest.articles));
    await library.searchDense(someUnitVector(), SYNTHETIC_MODEL, 1);
    const embedder = new PrecomputedEmbedder();
    const ingestor = new Ingestor({ library, embedder, logger: pino({ level: "silent" }), fetch: { allowPrivate: false, timeoutMs: 1000, maxBytes: 1 } });
    // Articles beyond the library's own numbering: copies it does not hold yet.
    const articles = Array.from({ length: count }, (_, i) => templates.article(large.articles + i * 7 + 1));
    for (const article of articles) {
      chunkText(article.draft.text).forEach((chunk, seq) => {
        const direction = templates.space.embed(chunk.text);
        embedder.vectors.set(chunk.text, Array.from(templates.space.perturb(direction, seq + 17)));
      });
    }
    sides.push({ manifest, library, ingestor, articles, samples: [] as number[], added: [] as number[] });
  }
  for (let i = 0; i < count; i++) {
    for (const side of sides) {
      const article = side.articles[i]!;
      const started = performance.now();
      const result = await side.ingestor.ingestDraft(article.draft, `bench:${i}`, "jsonl");
      side.samples.push(performance.now() - started);
      if (result.status !== "added" || result.articleId === null) throw new Error(`article ${i} was not added: ${result.reason}`);
      side.added.push(result.articleId);
    }
  }
  for (const side of sides) {
    for (const id of side.added) await side.library.removeArticle(id);
    // Without saving: the saved graph must stay the one built, and the removed articles leave nothing to replay.
    await side.library.close({ saveIndex: false });
  }
  const [smallSide, largeSide] = sides.map((side) => ({
    articles: side.manifest.articles,
    medianMs: median(side.samples),
    p90Ms: percentile(side.samples, 90),
    samples: side.samples,
  }));
  return { small: smallSide!, large: largeSide!, ratio: largeSide!.medianMs / smallSide!.medianMs, peakRss: peakRss() };
}

export interface RecallResult {
  articles: number;
  vectors: number;
  queries: number;
  defaultEf: number;
  rows: Array<{ ef: number; recallAt10: number; p50Ms: number; p95Ms: number }>;
  exactMsPerQuery: number;
}

/**
 * HNSW recall@10 against exact search over every stored vector, for the dev questions mapped into the
 * synthetic space (the same mapping the stored chunks went through, without their noise).
 */
export async function measureRecall(manifest: FillManifest, queryCount: number, efs: readonly number[]): Promise<RecallResult> {
  const templates = await Templates.load();
  const queries = questions()
    .slice(0, queryCount)
    .map((q) => templates.space.embed(q.question));
  const dir = libraryDir(manifest.articles);

  const exactStarted = performance.now();
  const best = queries.map(() => ({ labels: [] as number[], scores: [] as number[] }));
  const database = SqliteLibrary.open(dir);
  let vectors = 0;
  for (let batch = await database.storedVectors(0, 10_000); batch.length > 0; batch = await database.storedVectors(batch.at(-1)!.chunkId, 10_000)) {
    for (const { chunkId: label, vector } of batch) {
      vectors++;
      queries.forEach((query, q) => {
        let dot = 0;
        for (let d = 0; d < DIMENSIONS; d++) dot += query[d]! * vector[d]!;
        const top = best[q]!;
        if (top.scores.length === 10 && dot <= top.scores[9]!) return;
        let at = top.scores.findIndex((score) => dot > score);
        if (at < 0) at = top.scores.length;
        top.scores.splice(at, 0, dot);
        top.labels.splice(at, 0, label);
        if (top.scores.length > 10) {
          top.scores.pop();
          top.labels.pop();
        }
      });
    }
  }
  await database.close({ saveIndex: false });
  const exactMsPerQuery = (performance.now() - exactStarted) / queries.length;

  const index = VectorIndex.open(dir, SYNTHETIC_MODEL, DIMENSIONS);
  const result = efs.map((ef) => {
    index.setEf(ef);
    const times: number[] = [];
    let found = 0;
    queries.forEach((query, q) => {
      const started = performance.now();
      const hits = index.search(query, 10);
      times.push(performance.now() - started);
      const exact = new Set(best[q]!.labels);
      found += hits.filter((hit) => exact.has(hit.label)).length;
    });
    return { ef, recallAt10: found / (queries.length * 10), p50Ms: median(times), p95Ms: percentile(times, 95) };
  });
  return { articles: manifest.articles, vectors, queries: queries.length, defaultEf: DEFAULT_EF, rows: result, exactMsPerQuery };
}
