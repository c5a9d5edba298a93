import type { Pool } from "pg";
import type { LibraryStats } from "../library.ts";
import { languageCounts } from "../../text/language.ts";
import type { DenseSearch } from "./dense.ts";

/** What a PostgreSQL library holds, counted, with the database's size and this worker's dense index. */
export async function libraryStats(pool: Pool, dense: DenseSearch, embeddingModel: () => Promise<string | null>): Promise<LibraryStats> {
  const { rows } = await pool.query<{
    articles: number;
    chunks: number;
    embedded: number;
    quotes: number;
    oldest: string | null;
    newest: string | null;
    bytes: number;
  }>(
    `SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM chunks) AS chunks,
            (SELECT COUNT(*) FROM vectors) AS embedded, (SELECT COUNT(*) FROM quotes) AS quotes,
            (SELECT MIN(published_at) FROM articles) AS oldest, (SELECT MAX(published_at) FROM articles) AS newest,
            pg_database_size(current_database()) AS bytes`,
  );
  const row = rows[0]!;
  const index = await dense.size();
  const languages = await pool.query<{ language: string | null; articles: string }>("SELECT language, COUNT(*) AS articles FROM articles GROUP BY language");
  return {
    articles: row.articles,
    chunks: row.chunks,
    embeddedChunks: row.embedded,
    pendingChunks: row.chunks - row.embedded,
    quotes: row.quotes,
    model: await embeddingModel(),
    indexedVectors: index.vectors,
    indexFileBytes: index.bytes,
    databaseBytes: row.bytes,
    oldestPublished: row.oldest,
    newestPublished: row.newest,
    languages: languageCounts(languages.rows.map((r) => ({ language: r.language, articles: Number(r.articles) }))),
  };
}
