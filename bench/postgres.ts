import { PostgresLibrary } from "../src/library/postgres/postgres-library.ts";
import { SqliteLibrary } from "../src/library/sqlite/sqlite-library.ts";
import { copyArticles } from "../src/library/transfer.ts";
import { libraryDir, type FillManifest } from "./fill.ts";

export interface CopyResult {
  articles: number;
  seconds: number;
}

/**
 * The cached SQLite library copied into the (empty) PostgreSQL database at `databaseUrl` with `verbatim copy`'s
 * code, so both libraries hold the same articles, ids and vectors; resumes a copy an earlier run left unfinished.
 */
export async function copyToPostgres(manifest: FillManifest, databaseUrl: string, log: (line: string) => void): Promise<CopyResult> {
  const source = SqliteLibrary.open(libraryDir(manifest.articles));
  const target = await PostgresLibrary.open(databaseUrl, { dataDir: `${libraryDir(manifest.articles)}-postgres-replica` });
  const started = performance.now();
  try {
    const progress = await copyArticles(source, target, { batch: 500, onProgress: (p) => (p.lastId % 2000 < 500 ? log(`  copied to PostgreSQL up to article ${p.lastId}`) : undefined) });
    return { articles: progress.copied + progress.skipped, seconds: (performance.now() - started) / 1000 };
  } finally {
    await target.close();
    await source.close({ saveIndex: false });
  }
}
