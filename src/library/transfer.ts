import type { StoredArticle } from "./library.ts";

/** An article with everything stored about it under its own ids, as `verbatim copy` moves it between libraries. */
export interface ArticleRecord {
  article: StoredArticle;
  contentHash: string;
  /** Every address the article is known by, as keys (see urlKey). */
  urlKeys: string[];
  chunks: Array<{ id: number; seq: number; start: number; end: number }>;
  quotes: Array<{ id: number; start: number; end: number; speaker: string | null; role: string | null }>;
  /** The chunks' vectors, by chunk id; from the exporting library's model. */
  vectors: Array<{ chunkId: number; vector: Float32Array }>;
}

/** What a library implements to be copied from and into, whole and with its ids. */
export interface ArticleTransfer {
  /** Articles after `afterId` in id order, at most `limit`, with their chunks, quotes and vectors. */
  exportArticles(afterId: number, limit: number): Promise<ArticleRecord[]>;
  /**
   * Stores the records under their own ids, each article in one transaction; an article whose id is already
   * taken by the same text (an interrupted copy) is skipped. Refuses an id taken by another article, and
   * vectors of another model than the library's. Returns how many it stored.
   */
  importArticles(records: readonly ArticleRecord[], model: string | null): Promise<number>;
}

export class CopyConflict extends Error {
  override name = "CopyConflict";
}

export interface CopyProgress {
  copied: number;
  skipped: number;
  lastId: number;
}

/**
 * Copies every article of one library into another with its ids, chunks, quotes and vectors: nothing is
 * chunked or embedded again. Run again after an interruption, it skips what the target already holds.
 */
export async function copyArticles(
  from: ArticleTransfer & { embeddingModel(): Promise<string | null> },
  to: ArticleTransfer,
  options: { batch?: number; onProgress?: (progress: CopyProgress) => void } = {},
): Promise<CopyProgress> {
  const batch = options.batch ?? 200;
  const model = await from.embeddingModel();
  const progress: CopyProgress = { copied: 0, skipped: 0, lastId: 0 };
  for (;;) {
    const records = await from.exportArticles(progress.lastId, batch);
    const last = records.at(-1);
    if (!last) return progress;
    const stored = await to.importArticles(records, model);
    progress.copied += stored;
    progress.skipped += records.length - stored;
    progress.lastId = last.article.id;
    options.onProgress?.({ ...progress });
  }
}
