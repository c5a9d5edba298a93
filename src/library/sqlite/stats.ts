import type { Database } from "better-sqlite3";
import type { LibraryStats } from "../library.ts";
import { languageCounts } from "../../text/language.ts";
import { storageBytes } from "./library-files.ts";
import type { SqliteVectors } from "./vectors.ts";

/** What a SQLite library holds, counted, and the bytes it takes on disk. */
export function libraryStats(db: Database, vectors: SqliteVectors, dataDir: string): LibraryStats {
  const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
  const chunks = count("SELECT COUNT(*) FROM chunks");
  const embeddedChunks = count("SELECT COUNT(*) FROM vectors");
  const range = db.prepare("SELECT MIN(published_at) AS oldest, MAX(published_at) AS newest FROM articles").get() as {
    oldest: string | null;
    newest: string | null;
  };
  return {
    articles: count("SELECT COUNT(*) FROM articles"),
    chunks,
    embeddedChunks,
    pendingChunks: chunks - embeddedChunks,
    quotes: count("SELECT COUNT(*) FROM quotes"),
    model: vectors.model,
    indexedVectors: vectors.size,
    ...storageBytes(dataDir),
    oldestPublished: range.oldest,
    newestPublished: range.newest,
    languages: languageCounts(db.prepare("SELECT language, COUNT(*) AS articles FROM articles GROUP BY language").all() as Array<{ language: string | null; articles: number }>),
  };
}
