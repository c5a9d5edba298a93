import type { Database } from "better-sqlite3";
import { CopyConflict, type ArticleRecord } from "../transfer.ts";
import { chunkWordsWriter } from "./lexical.ts";
import type { ArticleRow } from "./rows.ts";
import { fromVectorBlob, type SqliteVectors } from "./vectors.ts";

/** Articles after `afterId` in id order with everything stored about them. */
export function exportArticles(db: Database, afterId: number, limit: number): ArticleRecord[] {
  const rows = db.prepare("SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT ?").all(afterId, limit) as ArticleRow[];
  const keys = db.prepare("SELECT key FROM article_urls WHERE article_id = ? ORDER BY key").pluck();
  const chunks = db.prepare("SELECT id, seq, start, end FROM chunks WHERE article_id = ? ORDER BY id");
  const quotes = db.prepare("SELECT id, start, end, speaker, role FROM quotes WHERE article_id = ? ORDER BY id");
  const vectors = db.prepare("SELECT v.chunk_id, v.vector FROM vectors v JOIN chunks c ON c.id = v.chunk_id WHERE c.article_id = ? ORDER BY v.chunk_id");
  return rows.map((row) => ({
    article: {
      id: row.id,
      url: row.url,
      canonicalUrl: row.canonical_url,
      title: row.title,
      text: row.text,
      outlet: row.outlet,
      authors: JSON.parse(row.authors) as string[],
      publishedAt: row.published_at,
      language: row.language,
      source: row.source,
      addedAt: row.added_at,
    },
    contentHash: row.content_hash,
    urlKeys: keys.all(row.id) as string[],
    chunks: chunks.all(row.id) as ArticleRecord["chunks"],
    quotes: quotes.all(row.id) as ArticleRecord["quotes"],
    vectors: (vectors.all(row.id) as Array<{ chunk_id: number; vector: Buffer }>).map((v) => ({ chunkId: v.chunk_id, vector: fromVectorBlob(v.vector) })),
  }));
}

/** Stores records under their own ids, each in one transaction; skips those an interrupted copy stored already. */
export function importArticles(db: Database, vectors: SqliteVectors, records: readonly ArticleRecord[], model: string | null): number {
  let stored = 0;
  for (const record of records) {
    const { article } = record;
    const added = db.transaction(() => {
      const existing = db.prepare("SELECT content_hash FROM articles WHERE id = ?").pluck().get(article.id) as string | undefined;
      if (existing === record.contentHash) return null;
      if (existing !== undefined) throw new CopyConflict(`article ${article.id} in the target is another article: copy into an empty library`);
      db.prepare(
        `INSERT INTO articles (id, url, canonical_url, title, text, outlet, authors, published_at, language, source, content_hash, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(article.id, article.url, article.canonicalUrl, article.title, article.text, article.outlet, JSON.stringify(article.authors), article.publishedAt, article.language, article.source, record.contentHash, article.addedAt);
      const insertKey = db.prepare("INSERT OR IGNORE INTO article_urls (key, article_id) VALUES (?, ?)");
      for (const key of record.urlKeys) insertKey.run(key, article.id);
      const insertChunk = db.prepare("INSERT INTO chunks (id, article_id, seq, start, end) VALUES (?, ?, ?, ?, ?)");
      const words = chunkWordsWriter(db);
      for (const chunk of record.chunks) {
        insertChunk.run(chunk.id, article.id, chunk.seq, chunk.start, chunk.end);
        words.add(chunk.id, article.title, article.text.slice(chunk.start, chunk.end), article.language);
      }
      const insertQuote = db.prepare("INSERT INTO quotes (id, article_id, start, end, speaker, role) VALUES (?, ?, ?, ?, ?, ?)");
      for (const quote of record.quotes) insertQuote.run(quote.id, article.id, quote.start, quote.end, quote.speaker, quote.role);
      if (record.vectors.length === 0) return [];
      vectors.requireModel(model ?? undefined, record.vectors[0]!.vector.length);
      return vectors.insert(record.vectors);
    })();
    if (added === null) continue;
    stored++;
    if (model) vectors.added(model, added);
  }
  return stored;
}
