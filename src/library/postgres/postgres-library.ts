import type { Pool, PoolClient } from "pg";
import { UsageError } from "../../errors.ts";
import type { ArticleDraft, QuoteSpan } from "../article.ts";
import { urlKey } from "../canonical-url.ts";
import { contentHash } from "../content-hash.ts";
import type {
  AddOutcome,
  ArticleSummary,
  DenseHit,
  LexicalHit,
  LexicalQuery,
  LexicalSearchOptions,
  Library,
  LibraryStats,
  NewArticle,
  StoredArticle,
  StoredChunk,
  StoredQuote,
  VectorIndexReady,
} from "../library.ts";
import type { ArticleRecord, ArticleTransfer } from "../transfer.ts";
import { PostgresBotMessageStore, PostgresConversationStore } from "./conversations.ts";
import { chooseDenseSearch, fromVectorBytes, PgvectorSearch, type DenseSearch, type StoredVector } from "./dense.ts";
import { LexicalSearch } from "./lexical.ts";
import { createPool, inTransaction } from "./pool.ts";
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from "./rows.ts";
import { migrate } from "./schema.ts";
import { libraryStats } from "./stats.ts";
import { advanceIdentities, exportArticles, importArticle } from "./transfer.ts";
import { articleLanguage } from "../../text/language.ts";

export interface PostgresLibraryOptions {
  /** Where this worker keeps its copy of the vector index when PostgreSQL has no pgvector. */
  dataDir: string;
  /** Connections this worker opens at most. */
  connections?: number;
}

/**
 * Taken by every transaction storing vectors, before it inserts them, so that vector seqs commit in the order
 * they are handed out: a replica that has seen seq n has then seen every seq below n.
 */
const VECTOR_WRITE_LOCK = 7_431_202_602;

/**
 * The article library on PostgreSQL, for several workers sharing one library: articles, chunks as offsets,
 * quotes, vectors, conversations and the bot's message map in one database. Lexical search is PostgreSQL
 * full-text search (a tsvector per passage, GIN); dense search is pgvector's HNSW index where the extension is
 * installed, else an hnswlib replica per worker. Adding an article is one transaction.
 */
export class PostgresLibrary implements Library, ArticleTransfer {
  /** The server decides who may write; a role that may not gets its errors. */
  readonly readOnly = false;
  readonly conversations: PostgresConversationStore;
  readonly botMessages: PostgresBotMessageStore;
  private readonly lexical: LexicalSearch;
  /** Article texts by id, for slicing chunks and quotes: a text never changes under its id, and ids are never reused. */
  private readonly texts = new Map<number, string>();
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly pool: Pool,
    private readonly dense: DenseSearch,
  ) {
    this.conversations = new PostgresConversationStore(pool);
    this.botMessages = new PostgresBotMessageStore(pool);
    this.lexical = new LexicalSearch(pool);
  }

  /** Connects, migrates the schema when it is older than this code (see schema.ts) and picks the dense search. */
  static async open(url: string, options: PostgresLibraryOptions): Promise<PostgresLibrary> {
    const pool = createPool(url, options.connections ?? 8);
    try {
      await migrate(pool);
      const dense = await chooseDenseSearch(pool, options.dataDir);
      const library = new PostgresLibrary(pool, dense);
      const model = await library.modelAndDimensions();
      if (model && dense.kind === "pgvector") await PgvectorSearch.ensureColumn(pool, model.dimensions);
      return library;
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  /** How dense search is done: by pgvector inside PostgreSQL, or by this worker's replica of the vectors. */
  get denseSearch(): DenseSearch["kind"] {
    return this.dense.kind;
  }

  /** Saves this worker's replica and disconnects; closing again does nothing. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.dense.save();
      await this.pool.end();
    })();
    return this.closing;
  }

  saveIndex(): Promise<void> {
    this.dense.save();
    return Promise.resolve();
  }

  // ---- articles ----

  async findByUrl(url: string): Promise<number | null> {
    const key = urlKey(url);
    if (!key) return null;
    const { rows } = await this.pool.query<{ article_id: number }>("SELECT article_id FROM article_urls WHERE key = $1", [key]);
    return rows[0]?.article_id ?? null;
  }

  findDuplicate(draft: ArticleDraft, aliases: readonly string[] = []): Promise<number | null> {
    return duplicateOf(this.pool, draft, aliases);
  }

  async addArticle(article: NewArticle): Promise<AddOutcome> {
    const { draft, chunks, quotes, vectors } = article;
    if (vectors && vectors.length !== chunks.length) throw new Error(`got ${vectors.length} vectors for ${chunks.length} chunks`);
    chunks.forEach((chunk, seq) => {
      if (draft.text.slice(chunk.start, chunk.end) !== chunk.text) throw new Error(`chunk ${seq} does not match the article text at its offsets`);
    });
    for (const quote of quotes) {
      if (draft.text.slice(quote.start, quote.end) !== quote.text) throw new Error("quote does not match the article text at its offsets");
    }
    const language = articleLanguage(draft.language, draft.text);
    let stored: StoredVector[] = [];
    const outcome = await inTransaction(this.pool, async (client): Promise<AddOutcome> => {
      const existing = await duplicateOf(client, draft, article.aliases ?? []);
      if (existing !== null) return { status: "duplicate", articleId: existing };
      const inserted = await client.query<{ id: number }>(
        `INSERT INTO articles (url, canonical_url, title, text, outlet, authors, published_at, language, source, content_hash, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (content_hash) DO NOTHING RETURNING id`,
        [draft.url, draft.canonicalUrl, draft.title, draft.text, draft.outlet, JSON.stringify(draft.authors), draft.publishedAt, language, article.source, contentHash(draft.text), new Date().toISOString()],
      );
      const articleId = inserted.rows[0]?.id;
      // Another worker stored the same text since the check above; its transaction has committed by now.
      if (articleId === undefined) return { status: "duplicate", articleId: (await duplicateOf(client, draft, []))! };

      const keys = [draft.url, draft.canonicalUrl, ...(article.aliases ?? [])].map((url) => (url ? urlKey(url) : null)).filter((key): key is string => key !== null);
      await client.query("INSERT INTO article_urls (key, article_id) SELECT unnest($1::text[]), $2 ON CONFLICT (key) DO NOTHING", [keys, articleId]);
      const chunkIds = await this.lexical.insertChunks(client, articleId, draft.title, language, chunks);
      await client.query(`INSERT INTO quotes (article_id, start, "end", speaker, role) SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::text[])`, [
        articleId,
        quotes.map((q) => q.start),
        quotes.map((q) => q.end),
        quotes.map((q) => q.speaker),
        quotes.map((q) => q.role ?? null),
      ]);
      if (vectors && vectors.length > 0) {
        await this.requireModel(client, article.vectorModel, vectors[0]!.length);
        stored = await this.insertVectors(client, chunkIds.map((chunkId, seq) => ({ chunkId, vector: vectors[seq]! })));
      }
      return { status: "added", articleId, chunks: chunks.length };
    });
    if (stored.length > 0) this.dense.added(article.vectorModel!, stored);
    return outcome;
  }

  async removeArticle(articleId: number): Promise<boolean> {
    const chunkIds = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: number }>("SELECT id FROM chunks WHERE article_id = $1", [articleId]);
      const deleted = await client.query("DELETE FROM articles WHERE id = $1", [articleId]);
      return deleted.rowCount ? rows.map((row) => row.id) : null;
    });
    this.texts.delete(articleId);
    if (chunkIds === null) return false;
    if (chunkIds.length > 0) this.dense.removed(chunkIds);
    return true;
  }

  async getArticle(articleId: number): Promise<StoredArticle | null> {
    const { rows } = await this.pool.query<SummaryRow & { text: string }>(`SELECT ${SUMMARY_COLUMNS}, text FROM articles WHERE id = $1`, [articleId]);
    const row = rows[0];
    return row ? { ...toSummary(row), text: row.text } : null;
  }

  async getSummaries(articleIds: readonly number[]): Promise<Map<number, ArticleSummary>> {
    const { rows } = await this.pool.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = ANY($1::bigint[])`, [[...articleIds]]);
    const byId = new Map(rows.map((row) => [row.id, toSummary(row)]));
    // In the order asked, as callers list them.
    return new Map(articleIds.filter((id) => byId.has(id)).map((id) => [id, byId.get(id)!]));
  }

  async latestArticles(limit: number, offset = 0): Promise<ArticleSummary[]> {
    const { rows } = await this.pool.query<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM articles ORDER BY COALESCE(published_at, added_at) DESC, id DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return rows.map(toSummary);
  }

  async countArticles(): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>("SELECT COUNT(*) AS count FROM articles");
    return rows[0]!.count;
  }

  // ---- chunks and quotes ----

  /** The texts of these articles, from the cache or in one query. */
  private async articleTexts(articleIds: Iterable<number>): Promise<Map<number, string>> {
    const wanted = [...new Set(articleIds)];
    const missing = wanted.filter((id) => !this.texts.has(id));
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ id: number; text: string }>("SELECT id, text FROM articles WHERE id = ANY($1::bigint[])", [missing]);
      for (const row of rows) {
        if (this.texts.size >= 512) this.texts.delete(this.texts.keys().next().value as number);
        this.texts.set(row.id, row.text);
      }
    }
    return new Map(wanted.filter((id) => this.texts.has(id)).map((id) => [id, this.texts.get(id)!]));
  }

  async getChunks(chunkIds: readonly number[]): Promise<Map<number, StoredChunk>> {
    const { rows } = await this.pool.query<{ id: number; article_id: number; seq: number; start: number; end: number }>(
      `SELECT id, article_id, seq, start, "end" FROM chunks WHERE id = ANY($1::bigint[])`,
      [[...chunkIds]],
    );
    const texts = await this.articleTexts(rows.map((row) => row.article_id));
    const byId = new Map(rows.map((row) => [row.id, row]));
    const result = new Map<number, StoredChunk>();
    for (const id of chunkIds) {
      const row = byId.get(id);
      const text = row ? texts.get(row.article_id) : undefined;
      if (!row || text === undefined) continue;
      result.set(id, { id, articleId: row.article_id, seq: row.seq, start: row.start, end: row.end, text: text.slice(row.start, row.end) });
    }
    return result;
  }

  async chunksOf(articleId: number): Promise<StoredChunk[]> {
    const { rows } = await this.pool.query<{ id: number; seq: number; start: number; end: number }>(
      `SELECT id, seq, start, "end" FROM chunks WHERE article_id = $1 ORDER BY seq`,
      [articleId],
    );
    const text = (await this.articleTexts([articleId])).get(articleId);
    if (text === undefined) return [];
    return rows.map((row) => ({ ...row, articleId, text: text.slice(row.start, row.end) }));
  }

  async quotesOf(articleId: number): Promise<StoredQuote[]> {
    const { rows } = await this.pool.query<{ id: number; start: number; end: number; speaker: string | null; role: string | null }>(
      `SELECT id, start, "end", speaker, role FROM quotes WHERE article_id = $1 ORDER BY start, id`,
      [articleId],
    );
    const text = (await this.articleTexts([articleId])).get(articleId);
    if (text === undefined) return [];
    return rows.map((row) => ({ ...row, articleId, text: text.slice(row.start, row.end) }));
  }

  async replaceQuotes(articleId: number, quotes: readonly QuoteSpan[]): Promise<boolean> {
    const text = (await this.articleTexts([articleId])).get(articleId);
    if (text === undefined) return false;
    for (const quote of quotes) {
      if (text.slice(quote.start, quote.end) !== quote.text) throw new Error("quote does not match the article text at its offsets");
    }
    await inTransaction(this.pool, async (client) => {
      await client.query("DELETE FROM quotes WHERE article_id = $1", [articleId]);
      for (const quote of quotes) {
        const values = [articleId, quote.start, quote.end, quote.speaker, quote.role ?? null];
        await client.query(`INSERT INTO quotes (article_id, start, "end", speaker, role) VALUES ($1, $2, $3, $4, $5)`, values);
      }
    });
    return true;
  }

  /** PostgreSQL has its own consistent, online copies: a file written by this process would be a second, weaker one. */
  async backup(): Promise<void> {
    throw new UsageError("a PostgreSQL library is backed up with PostgreSQL's own tools (pg_dump, or the server's base backups), not with verbatim backup.");
  }

  async articlesQuoting(name: string, limit: number): Promise<number[]> {
    const pattern = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const { rows } = await this.pool.query<{ article_id: number }>(
      `SELECT q.article_id FROM quotes q JOIN articles a ON a.id = q.article_id
       WHERE q.speaker ILIKE $1 OR q.role ILIKE $1
       GROUP BY q.article_id, a.published_at, a.added_at
       ORDER BY COALESCE(a.published_at, a.added_at) DESC, q.article_id DESC LIMIT $2`,
      [pattern, limit],
    );
    return rows.map((row) => row.article_id);
  }

  // ---- search ----

  searchLexical(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    return this.lexical.search(query, options);
  }

  documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    return this.lexical.documentFrequencies(terms);
  }

  passageCount(): Promise<number> {
    return this.lexical.passageCount();
  }

  async searchDense(vector: Float32Array, model: string, limit: number): Promise<DenseHit[]> {
    const current = await this.modelAndDimensions();
    if (current?.model !== model || current.dimensions !== vector.length) return [];
    return this.dense.search(vector, model, current.dimensions, limit);
  }

  // ---- embeddings ----

  async embeddingModel(): Promise<string | null> {
    return (await this.modelAndDimensions())?.model ?? null;
  }

  private async modelAndDimensions(): Promise<{ model: string; dimensions: number } | null> {
    const { rows } = await this.pool.query<{ key: string; value: string }>("SELECT key, value FROM meta WHERE key IN ('embedding_model', 'embedding_dimensions')");
    const values = new Map(rows.map((row) => [row.key, row.value]));
    const model = values.get("embedding_model");
    return model === undefined ? null : { model, dimensions: Number(values.get("embedding_dimensions")) };
  }

  async pendingChunks(limit: number): Promise<StoredChunk[]> {
    const { rows } = await this.pool.query<{ id: number }>(
      "SELECT c.id FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM vectors v WHERE v.chunk_id = c.id) ORDER BY c.id LIMIT $1",
      [limit],
    );
    return [...(await this.getChunks(rows.map((row) => row.id))).values()];
  }

  async storeVectors(model: string, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Promise<void> {
    if (items.length === 0) return;
    const stored = await inTransaction(this.pool, async (client) => {
      await this.requireModel(client, model, items[0]!.vector.length);
      // A chunk embedded again gets a new seq, so replicas pick the new vector up.
      await client.query("DELETE FROM vectors WHERE chunk_id = ANY($1::bigint[])", [items.map((item) => item.chunkId)]);
      return this.insertVectors(client, items);
    });
    this.dense.added(model, stored);
  }

  private async insertVectors(client: PoolClient, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Promise<StoredVector[]> {
    await client.query("SELECT pg_advisory_xact_lock($1)", [VECTOR_WRITE_LOCK]);
    return this.dense.insertVectors(client, items);
  }

  async storedVectors(afterChunkId: number, limit: number): Promise<Array<{ chunkId: number; vector: Float32Array }>> {
    const { rows } = await this.pool.query<{ chunk_id: number; vector: Buffer }>("SELECT chunk_id, vector FROM vectors WHERE chunk_id > $1 ORDER BY chunk_id LIMIT $2", [
      afterChunkId,
      limit,
    ]);
    return rows.map((row) => ({ chunkId: row.chunk_id, vector: fromVectorBytes(row.vector) }));
  }

  async clearVectors(): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query("SELECT pg_advisory_xact_lock($1)", [VECTOR_WRITE_LOCK]);
      await client.query("DELETE FROM vectors");
      await client.query("DELETE FROM meta WHERE key IN ('embedding_model', 'embedding_dimensions')");
      await this.dense.cleared(client);
    });
  }

  /** Sets the library's model with its first vectors, or refuses vectors of another model. */
  private async requireModel(client: PoolClient, model: string | undefined, dimensions: number): Promise<void> {
    if (!model) throw new Error("vectors need the name of the model that made them");
    // Serialises the first vectors of two workers, so both cannot each set a model.
    await client.query("SELECT pg_advisory_xact_lock($1)", [VECTOR_WRITE_LOCK]);
    const { rows } = await client.query<{ value: string }>("SELECT value FROM meta WHERE key = 'embedding_model'");
    const current = rows[0]?.value;
    if (current === undefined) {
      await client.query("INSERT INTO meta (key, value) VALUES ('embedding_model', $1), ('embedding_dimensions', $2)", [model, String(dimensions)]);
      await this.dense.modelSet(client, dimensions);
    } else if (current !== model) {
      throw new Error(`the library holds vectors from ${current}, not ${model}: run \`verbatim reindex\` to switch models`);
    }
  }

  async loadVectorIndexInBackground(): Promise<VectorIndexReady | null> {
    const current = await this.modelAndDimensions();
    return this.dense.loadInBackground(current?.model ?? null, current?.dimensions ?? 0);
  }

  // ---- copying ----

  exportArticles(afterId: number, limit: number): Promise<ArticleRecord[]> {
    return exportArticles(this.pool, afterId, limit);
  }

  async importArticles(records: readonly ArticleRecord[], model: string | null): Promise<number> {
    let stored = 0;
    for (const record of records) {
      const vectors = await inTransaction(this.pool, async (client) => {
        if (!(await importArticle(client, record, this.lexical))) return null;
        if (record.vectors.length === 0) return [];
        await this.requireModel(client, model ?? undefined, record.vectors[0]!.vector.length);
        return this.insertVectors(client, record.vectors);
      });
      if (vectors === null) continue;
      stored++;
      if (model && vectors.length > 0) this.dense.added(model, vectors);
    }
    await advanceIdentities(this.pool);
    return stored;
  }

  stats(): Promise<LibraryStats> {
    return libraryStats(this.pool, this.dense, () => this.embeddingModel());
  }
}

/** Queries one connection or the pool alike. */
type Queryable = Pick<Pool, "query">;

async function duplicateOf(db: Queryable, draft: ArticleDraft, aliases: readonly string[]): Promise<number | null> {
  const keys = [draft.url, draft.canonicalUrl, ...aliases].map((url) => (url ? urlKey(url) : null)).filter((key): key is string => key !== null);
  // The first address in the order given wins, as in the SQLite library; then the text.
  const { rows } = await db.query<{ article_id: number }>(
    `SELECT article_id FROM (
       SELECT u.article_id, k.ord FROM unnest($1::text[]) WITH ORDINALITY AS k(key, ord) JOIN article_urls u ON u.key = k.key
       UNION ALL SELECT id, 1e9 FROM articles WHERE content_hash = $2
     ) found ORDER BY ord LIMIT 1`,
    [keys, contentHash(draft.text)],
  );
  return rows[0]?.article_id ?? null;
}
