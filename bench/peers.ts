/**
 * Retrieval alone, side by side: verbatim's search against what a user might pick instead, over the same passages
 * of a filled library and the same dev questions. Each system runs in its own worker process, so its RSS is its own.
 */
import { create, insertMultiple, search } from "@orama/orama";
import { BM25Retriever } from "@langchain/community/retrievers/bm25";
import { Document } from "@langchain/core/documents";
import { containsAnswer } from "../src/eval/metrics.ts";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Library } from "../src/library/library.ts";
import { SqliteLibrary } from "../src/library/sqlite/sqlite-library.ts";
import type { LexicalIndexChoice } from "../src/library/sqlite/lexical-router.ts";
import { parseQuery } from "../src/retrieval/query.ts";
import { rawWords } from "../src/text/words.ts";
import { Searcher } from "../src/retrieval/search.ts";
import { questions, type Question } from "./corpus.ts";
import { libraryDir } from "./fill.ts";
import { median, percentile } from "./stats.ts";

export const PEER_SYSTEMS = ["verbatim", "fts5-bm25", "orama", "langchain-bm25"] as const;
export type PeerSystem = (typeof PEER_SYSTEMS)[number];

/** One row of bench/results.json's `peers`. */
export interface PeerResult {
  system: PeerSystem;
  articles: number;
  passages: number;
  questions: number;
  /** Building the system's own index from the library's passages (0 for the two that search the library's own indexes: FTS5, and for verbatim LanceDB's beside large libraries, caught up before timing). */
  buildSeconds: number;
  p50Ms: number;
  p95Ms: number;
  /** Resident memory after building and answering every question. */
  rssBytes: number;
  /** Share of questions with the answer text in one of the ten passages returned. */
  recallAt10: number;
  /** Per question, in order: whether the answer was in the top ten (to compare systems asked fewer questions). */
  found: boolean[];
}

interface Passage {
  id: number;
  title: string;
  text: string;
}

/** Top-ten passage ids for one question. */
type Retrieve = (question: Question) => Promise<number[]> | number[];

/**
 * The peers read the SQLite file directly, as a user who picked plain FTS5 or another engine would: the library's
 * interface is verbatim's own way in.
 */
function readPassages(db: Database.Database): Passage[] {
  const titles = new Map<number, { title: string; text: string }>();
  for (const row of db.prepare("SELECT id, title, text FROM articles").iterate() as Iterable<{ id: number; title: string; text: string }>) {
    titles.set(row.id, { title: row.title, text: row.text });
  }
  const passages: Passage[] = [];
  for (const row of db.prepare("SELECT id, article_id, start, end FROM chunks").iterate() as Iterable<{ id: number; article_id: number; start: number; end: number }>) {
    const article = titles.get(row.article_id)!;
    passages.push({ id: row.id, title: article.title, text: article.text.slice(row.start, row.end) });
  }
  return passages;
}

/** Plain FTS5 over verbatim's own index: every word of the question, OR'ed, ranked by bm25() alone. */
function fts5Retriever(db: Database.Database): Retrieve {
  const statement = db.prepare("SELECT rowid AS id FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT 10");
  return (question) => {
    const words = [...new Set(rawWords(question.question).map((word) => word.toLowerCase()))];
    if (words.length === 0) return [];
    return (statement.all(words.map((word) => `"${word.replaceAll('"', '""')}"`).join(" OR ")) as Array<{ id: number }>).map((row) => row.id);
  };
}

async function oramaRetriever(passages: Passage[]): Promise<Retrieve> {
  const db = create({ schema: { title: "string", text: "string" } as const });
  // Orama's ids are strings; the passage id goes in as one.
  await insertMultiple(
    db,
    passages.map((p) => ({ id: String(p.id), title: p.title, text: p.text })),
    5_000,
  );
  return async (question) => {
    const result = await search(db, { term: question.question, properties: ["title", "text"], limit: 10 });
    return result.hits.map((hit) => Number(hit.id));
  };
}

function langchainRetriever(passages: Passage[]): Retrieve {
  const retriever = BM25Retriever.fromDocuments(
    passages.map((p) => new Document({ pageContent: `${p.title}\n${p.text}`, metadata: { id: p.id } })),
    { k: 10 },
  );
  return async (question) => (await retriever.invoke(question.question)).map((doc) => (doc.metadata as { id: number }).id);
}

/** verbatim's search as the answer engine calls it (lexical: the library's vectors are synthetic), top ten passages. */
function verbatimRetriever(library: Library): Retrieve {
  const searcher = new Searcher(library, null);
  return async (question) => {
    const now = new Date(`${question.date}T12:00:00Z`);
    const hits = await searcher.search(parseQuery(question.question, now), { now, limit: 10 });
    return hits.map((hit) => hit.chunk.id);
  };
}

/**
 * `system` over the library of `articles`, asked the first `questionLimit` dev questions. verbatim's search runs as
 * `lexicalIndex` configures it (the product's default unless a comparison asks otherwise). Every system here
 * searches text alone, so the library is by default the one filled without vectors: the same passages, filled
 * in minutes where the vectors' graph takes hours at 100k.
 */
export async function measurePeer(system: PeerSystem, articles: number, questionLimit: number, lexicalIndex: LexicalIndexChoice = "auto", vectors = false): Promise<PeerResult> {
  const dir = libraryDir(articles, vectors);
  const db = new Database(join(dir, "library.db"), { readonly: true });
  // verbatim's search as configured (LEXICAL_INDEX); on LanceDB's index, caught up first.
  const library = SqliteLibrary.open(dir, { lexicalIndex });
  if (system === "verbatim") await library.lexicalIndexReady();
  const passages = readPassages(db);
  const textOf = new Map(passages.map((p) => [p.id, p.text]));
  const started = performance.now();
  const retrieve =
    system === "verbatim"
      ? verbatimRetriever(library)
      : system === "fts5-bm25"
        ? fts5Retriever(db)
        : system === "orama"
          ? await oramaRetriever(passages)
          : langchainRetriever(passages);
  const buildSeconds = system === "orama" || system === "langchain-bm25" ? (performance.now() - started) / 1000 : 0;

  const asked = questions().slice(0, questionLimit + 1);
  // The first question warms caches and is left out of the timings, as in the latency figures.
  await retrieve(asked[0]!);
  const times: number[] = [];
  const found: boolean[] = [];
  for (const question of asked.slice(1)) {
    const t = performance.now();
    const ids = await retrieve(question);
    times.push(performance.now() - t);
    found.push(ids.slice(0, 10).some((id) => containsAnswer(textOf.get(id) ?? "", question.answer_text)));
  }
  const rssBytes = process.memoryUsage().rss;
  db.close();
  await library.close({ saveIndex: false });
  return {
    system,
    articles,
    passages: passages.length,
    questions: times.length,
    buildSeconds,
    p50Ms: median(times),
    p95Ms: percentile(times, 95),
    rssBytes,
    recallAt10: found.filter(Boolean).length / found.length,
    found,
  };
}
