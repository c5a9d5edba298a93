import pg from "pg";
import { PostgresLibrary } from "../src/library/postgres/postgres-library.ts";
import { parseQuery } from "../src/retrieval/query.ts";
import { questions } from "./corpus.ts";
import { libraryDir, type FillManifest } from "./fill.ts";
import { median, percentile } from "./stats.ts";

/** The engine's lexical candidates per search (ranking.ts's `candidates`). */
const LIMIT = 80;

export interface RankingTiming {
  p50Ms: number;
  p95Ms: number;
  /** Of the library's own top 10 (GIN, IDF-weighted), how many this ranking also puts in its top 10, on average. */
  overlapAt10: number;
}

export type RumResult =
  | { available: false; reason: string }
  | {
      available: true;
      questions: number;
      /** Passages asked for per search. */
      limit: number;
      passages: number;
      gin: { bytes: number };
      rum: { bytes: number; buildSeconds: number };
      /** The library's search: GIN match, ts_rank per word weighted by its IDF. */
      library: RankingTiming;
      /** GIN match, ordered by one plain ts_rank: the ranking RUM can keep in its index. */
      ginRank: RankingTiming;
      /** RUM match, ordered inside the index by its distance (`words <=> query`). */
      rumOrder: RankingTiming;
    };

/**
 * Whether the RUM index pays for ranking in PostgreSQL's full-text search: the questions' words searched in the
 * bench's 10k library on PostgreSQL three ways, timed one after another; the RUM index is built for the
 * measurement and dropped after it, leaving the library as it was.
 */
export async function measureRum(manifest: FillManifest, databaseUrl: string, questionLimit: number): Promise<RumResult> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    try {
      await admin.query("CREATE EXTENSION IF NOT EXISTS rum");
    } catch (error) {
      return { available: false, reason: `CREATE EXTENSION rum failed (${error instanceof Error ? error.message : String(error)}); install Debian's postgresql-15-rum` };
    }
    await admin.query("DROP INDEX IF EXISTS chunks_words_rum");
    const library = await PostgresLibrary.open(databaseUrl, { dataDir: `${libraryDir(manifest.articles)}-postgres-replica` });
    try {
      const searches = questions()
        .slice(0, questionLimit)
        .map((q) => parseQuery(q.question, new Date(`${q.date}T12:00:00Z`)))
        .map((query) => ({ terms: query.terms, phrases: query.phrases }))
        .filter((match) => match.terms.length > 0);
      const items = (match: { terms: string[]; phrases: string[] }) => [...new Set([...match.terms, ...match.phrases.filter((phrase) => phrase.includes(" "))])];
      // The same words as the library's search, one tsquery matching any of them.
      const anyOf = (match: { terms: string[]; phrases: string[] }) => items(match).map((_, i) => `phraseto_tsquery('english', $${i + 1})`).join(" || ");

      const time = async (run: (match: (typeof searches)[number]) => Promise<number[]>): Promise<{ ms: number[]; tops: number[][] }> => {
        // One pass unmeasured: caches warm and the library's word frequencies counted, as in a running worker.
        for (const match of searches.slice(0, 10)) await run(match);
        const ms: number[] = [];
        const tops: number[][] = [];
        for (const match of searches) {
          const started = performance.now();
          tops.push(await run(match));
          ms.push(performance.now() - started);
        }
        return { ms, tops };
      };
      const byLibrary = await time(async (match) => (await library.searchLexical(match, { limit: LIMIT, weights: [3, 1] })).map((hit) => Number(hit.chunkId)));
      const plainRank = (order: string) => async (match: (typeof searches)[number]) => {
        const { rows } = await admin.query<{ id: string }>(
          `SELECT id FROM chunks WHERE words @@ (${anyOf(match)}) ORDER BY ${order.replaceAll("Q", `(${anyOf(match)})`)} LIMIT ${LIMIT}`,
          items(match),
        );
        return rows.map((row) => Number(row.id));
      };
      const byGinRank = await time(plainRank("ts_rank('{0,0,0.333,1}', words, Q, 1) DESC, id"));

      const ginBytes = Number((await admin.query<{ bytes: string }>("SELECT pg_relation_size('chunks_words') AS bytes")).rows[0]!.bytes);
      const built = performance.now();
      await admin.query("CREATE INDEX chunks_words_rum ON chunks USING rum (words rum_tsvector_ops)");
      const buildSeconds = (performance.now() - built) / 1000;
      const rumBytes = Number((await admin.query<{ bytes: string }>("SELECT pg_relation_size('chunks_words_rum') AS bytes")).rows[0]!.bytes);
      let byRum: { ms: number[]; tops: number[][] };
      try {
        byRum = await time(plainRank("words <=> Q"));
      } finally {
        await admin.query("DROP INDEX chunks_words_rum");
      }

      const overlap = (tops: number[][]) => tops.reduce((sum, top, i) => sum + top.slice(0, 10).filter((id) => byLibrary.tops[i]!.slice(0, 10).includes(id)).length, 0) / tops.length;
      const timing = (result: { ms: number[]; tops: number[][] }): RankingTiming => ({ p50Ms: median(result.ms), p95Ms: percentile(result.ms, 95), overlapAt10: overlap(result.tops) });
      const passages = Number((await admin.query<{ n: string }>("SELECT count(*) AS n FROM chunks")).rows[0]!.n);
      return {
        available: true,
        questions: searches.length,
        limit: LIMIT,
        passages,
        gin: { bytes: ginBytes },
        rum: { bytes: rumBytes, buildSeconds },
        library: timing(byLibrary),
        ginRank: timing(byGinRank),
        rumOrder: timing(byRum),
      };
    } finally {
      await library.close();
    }
  } finally {
    await admin.end();
  }
}
