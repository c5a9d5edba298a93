import type { Pool, PoolClient } from "pg";
import { CopyConflict, type ArticleRecord } from "../transfer.ts";
import { fromVectorBytes } from "./dense.ts";
import type { LexicalSearch } from "./lexical.ts";
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from "./rows.ts";

/** Articles after `afterId` in id order with everything stored about them, read in a few queries per batch. */
export async function exportArticles(pool: Pool, afterId: number, limit: number): Promise<ArticleRecord[]> {
  const articles = await pool.query<SummaryRow & { text: string; content_hash: string }>(
    `SELECT ${SUMMARY_COLUMNS}, text, content_hash FROM articles WHERE id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  const ids = articles.rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const [keys, chunks, quotes, vectors] = await Promise.all([
    pool.query<{ article_id: number; key: string }>("SELECT article_id, key FROM article_urls WHERE article_id = ANY($1::bigint[]) ORDER BY key", [ids]),
    pool.query<{ article_id: number; id: number; seq: number; start: number; end: number }>(
      `SELECT article_id, id, seq, start, "end" FROM chunks WHERE article_id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    ),
    pool.query<{ article_id: number; id: number; start: number; end: number; speaker: string | null; role: string | null }>(
      `SELECT article_id, id, start, "end", speaker, role FROM quotes WHERE article_id = ANY($1::bigint[]) ORDER BY id`,
      [ids],
    ),
    pool.query<{ article_id: number; chunk_id: number; vector: Buffer }>(
      "SELECT c.article_id, v.chunk_id, v.vector FROM vectors v JOIN chunks c ON c.id = v.chunk_id WHERE c.article_id = ANY($1::bigint[]) ORDER BY v.chunk_id",
      [ids],
    ),
  ]);
  const records = new Map<number, ArticleRecord>(
    articles.rows.map((row) => [row.id, { article: { ...toSummary(row), text: row.text }, contentHash: row.content_hash, urlKeys: [], chunks: [], quotes: [], vectors: [] }]),
  );
  for (const { article_id, key } of keys.rows) records.get(article_id)!.urlKeys.push(key);
  for (const { article_id, ...chunk } of chunks.rows) records.get(article_id)!.chunks.push(chunk);
  for (const { article_id, ...quote } of quotes.rows) records.get(article_id)!.quotes.push(quote);
  for (const { article_id, chunk_id, vector } of vectors.rows) records.get(article_id)!.vectors.push({ chunkId: chunk_id, vector: fromVectorBytes(vector) });
  return [...records.values()];
}

/**
 * Stores one record under its own ids, inside the caller's transaction (vectors are the caller's). False when
 * the article is there already from an earlier, interrupted copy.
 */
export async function importArticle(client: PoolClient, record: ArticleRecord, lexical: LexicalSearch): Promise<boolean> {
  const { article } = record;
  const existing = await client.query<{ content_hash: string }>("SELECT content_hash FROM articles WHERE id = $1", [article.id]);
  if (existing.rows[0]) {
    if (existing.rows[0].content_hash === record.contentHash) return false;
    throw new CopyConflict(`article ${article.id} in the target is another article: copy into an empty library`);
  }
  await client.query(
    `INSERT INTO articles (id, url, canonical_url, title, text, outlet, authors, published_at, language, source, content_hash, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [article.id, article.url, article.canonicalUrl, article.title, article.text, article.outlet, JSON.stringify(article.authors), article.publishedAt, article.language, article.source, record.contentHash, article.addedAt],
  );
  await client.query("INSERT INTO article_urls (key, article_id) SELECT unnest($1::text[]), $2 ON CONFLICT (key) DO NOTHING", [record.urlKeys, article.id]);
  await lexical.insertChunks(
    client,
    article.id,
    article.title,
    article.language,
    record.chunks.map((chunk) => ({ ...chunk, text: article.text.slice(chunk.start, chunk.end) })),
  );
  await client.query(`INSERT INTO quotes (id, article_id, start, "end", speaker, role) SELECT u.id, $1, u.start, u.stop, u.speaker, u.role FROM unnest($2::bigint[], $3::int[], $4::int[], $5::text[], $6::text[]) AS u(id, start, stop, speaker, role)`, [
    article.id,
    record.quotes.map((q) => q.id),
    record.quotes.map((q) => q.start),
    record.quotes.map((q) => q.end),
    record.quotes.map((q) => q.speaker),
    record.quotes.map((q) => q.role),
  ]);
  return true;
}

/** After rows were stored with ids of their own, new rows must be numbered after them. */
export async function advanceIdentities(pool: Pool): Promise<void> {
  for (const table of ["articles", "chunks", "quotes"]) {
    await pool.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT MAX(id) FROM ${table}), 1))`);
  }
}
