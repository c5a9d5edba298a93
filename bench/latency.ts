import { pino } from "pino";
import { createAnswerEngine } from "../src/answer/engine.ts";
import { PostgresLibrary } from "../src/library/postgres/postgres-library.ts";
import { SqliteLibrary } from "../src/library/sqlite/sqlite-library.ts";
import type { LexicalIndexChoice } from "../src/library/sqlite/lexical-router.ts";
import { renderText } from "../src/answer/render-text.ts";
import type { QueryEmbedder } from "../src/retrieval/search.ts";
import { questions } from "./corpus.ts";
import { libraryDir, Templates, type FillManifest } from "./fill.ts";
import { median, percentile, peakRss } from "./stats.ts";
import { SYNTHETIC_MODEL, type SyntheticSpace } from "./synthetic.ts";

/** Embeds questions into the synthetic space the library's vectors live in (see synthetic.ts). */
class SyntheticQueryEmbedder implements QueryEmbedder {
  readonly modelName = SYNTHETIC_MODEL;

  constructor(private readonly space: SyntheticSpace) {}

  embedDocuments(texts: string[]): Promise<number[][]> {
    return Promise.resolve(texts.map((text) => Array.from(this.space.embed(text))));
  }
}

export interface LatencyResult {
  articles: number;
  /** Where the whole-library lexical query ran (LEXICAL_INDEX). */
  lexicalIndex: LexicalIndexChoice;
  chunks: number;
  questions: number;
  /** The first question after opening (loads the HNSW graph, warms SQLite); not in the percentiles. */
  firstMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  answered: number;
  rssAfter: number;
  peakRss: number;
}

/**
 * Question → Answer → plain-text rendering through the real answer engine, each dev question asked on its own
 * (no conversation) with the quiz's date as "now". Dense search runs on the synthetic vectors, where the library
 * has them. The LanceDB full-text index is caught up (built, the first time, into the cached library's folder)
 * before any question.
 */
export async function measureLatency(manifest: FillManifest, questionLimit: number, databaseUrl?: string, lexicalIndex: LexicalIndexChoice = "auto"): Promise<LatencyResult> {
  // A library without vectors is searched lexically alone: no query needs placing in the synthetic space.
  const embedder = manifest.vectors === false ? null : new SyntheticQueryEmbedder((await Templates.load()).space);
  const asked = questions().slice(0, questionLimit);
  // On PostgreSQL (`bench/postgres.ts` copied the same library there), this process keeps its own vector replica.
  const library = databaseUrl
    ? await PostgresLibrary.open(databaseUrl, { dataDir: `${libraryDir(manifest.articles)}-postgres-replica` })
    : SqliteLibrary.open(libraryDir(manifest.articles, manifest.vectors !== false), { lexicalIndex });
  if (library instanceof SqliteLibrary) await library.lexicalIndexReady();
  const engine = createAnswerEngine({ library, conversations: library.conversations, embedder, logger: pino({ level: "silent" }) });

  const ask = async (index: number): Promise<{ ms: number; kind: string }> => {
    const question = asked[index]!;
    const started = performance.now();
    const answer = await engine.ask(question.question, { now: new Date(`${question.date}T12:00:00Z`) });
    renderText(answer);
    return { ms: performance.now() - started, kind: answer.kind };
  };
  const first = await ask(0);
  const times: number[] = [];
  let answered = 0;
  for (let i = 1; i < asked.length; i++) {
    const { ms, kind } = await ask(i);
    times.push(ms);
    if (kind === "answer") answered++;
  }
  const rssAfter = process.memoryUsage().rss;
  await (library instanceof SqliteLibrary ? library.close({ saveIndex: false }) : library.close());
  return {
    articles: manifest.articles,
    lexicalIndex: library instanceof SqliteLibrary ? lexicalIndex : "fts5",
    chunks: manifest.chunks,
    questions: times.length,
    firstMs: first.ms,
    p50Ms: median(times),
    p95Ms: percentile(times, 95),
    maxMs: Math.max(...times),
    answered,
    rssAfter,
    peakRss: peakRss(),
  };
}
