import { mkdirSync } from "node:fs";
import Database from "better-sqlite3";
import { asNotWritable, LibraryNotWritable } from "../../errors.ts";
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
import { checkSavedIndex } from "../vector-index.ts";
import { ArticleCache } from "./article-cache.ts";
import { SqliteBotMessages } from "./bot-messages.ts";
import { SqliteConversations } from "./conversations.ts";
import { LexicalRouter, type LexicalRouterOptions } from "./lexical-router.ts";
import { chunkWordsWriter } from "./lexical.ts";
import { cannotOpen, copyWhileUnchanged, createSnapshotFolder, databasePath, readOnlyDatabase, removeSnapshotFolder, writeThenRename } from "./library-files.ts";
import { checkSchemaVersion, migrate } from "./schema.ts";
import type { ArticleRecord, ArticleTransfer } from "../transfer.ts";
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from "./rows.ts";
import { exportArticles, importArticles } from "./transfer.ts";
import { libraryStats } from "./stats.ts";
import { SqliteVectors } from "./vectors.ts";
import { articleLanguage } from "../../text/language.ts";
import { Statements } from "./statements.ts";

/** What a SQLite library is told when opened: all of it concerns where its lexical queries run. */
export type SqliteLibraryOptions = LexicalRouterOptions;

/**
 * The article library: SQLite (WAL) is the source of truth for articles, their chunks (as offsets into the
 * article text), attributed quotes and chunk vectors, with an FTS5 index for BM25. Dense search goes through a
 * derived HNSW index (see VectorIndex). Adding an article is one transaction touching only that article's rows,
 * so a crash at any point leaves either the whole article or none of it.
 */
export class SqliteLibrary implements Library, ArticleTransfer {
  readonly conversations: SqliteConversations;
  readonly botMessages: SqliteBotMessages;
  private readonly lexical: LexicalRouter;
  private readonly vectors: SqliteVectors;
  private readonly statements: Statements;
  private readonly articles: ArticleCache;

  private constructor(
    readonly dataDir: string,
    private readonly db: Database.Database,
    /** The temporary folder holding the copy a read-only library is read from (see openSnapshot); null otherwise. */
    private readonly snapshot: string | null = null,
    options: SqliteLibraryOptions = {},
  ) {
    this.statements = new Statements(db);
    this.articles = new ArticleCache(this.statements);
    this.conversations = new SqliteConversations(db, this.statements);
    this.botMessages = new SqliteBotMessages(this.statements);
    this.lexical = new LexicalRouter(db, dataDir, snapshot !== null, (chunkIds) => this.articles.candidatePassages(chunkIds), options);
    this.vectors = new SqliteVectors(db, dataDir);
  }

  /**
   * Opens (or creates) the library in `dataDir`. Throws LibraryUnusable, before writing anything, when it cannot
   * be read or written, was written by a newer verbatim, or is visibly damaged. With the LanceDB index in use the
   * full-text index is caught up in the background from the first search or write (see lexicalIndexReady).
   */
  static open(dataDir: string, options: SqliteLibraryOptions = {}): SqliteLibrary {
    const path = databasePath(dataDir);
    if (readOnlyDatabase(dataDir, path)) return SqliteLibrary.openSnapshot(dataDir, path);
    let db: Database.Database | undefined;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = new Database(path);
      checkSchemaVersion(db, path);
      checkSavedIndex(dataDir);
      db.pragma("journal_mode = WAL");
      // With WAL, NORMAL survives a killed process (the WAL is in the OS); only a power cut may lose the last commits.
      db.pragma("synchronous = NORMAL");
      db.pragma("busy_timeout = 5000");
      migrate(db);
      db.pragma("foreign_keys = ON");
      return new SqliteLibrary(dataDir, db, null, options);
    } catch (error) {
      db?.close();
      throw cannotOpen(error, dataDir, path);
    }
  }

  /**
   * A library in a folder this process may not write (a volume mounted read-only, a file system remounted read-only
   * after errors). SQLite cannot read a WAL database there: it must create the shared-memory index (-shm) beside
   * it, and better-sqlite3 cannot pass `immutable=1`. So the database and its WAL (the commits not yet copied back
   * into it) are copied to a temporary folder and opened from there; nothing in `dataDir` is written, the vector
   * index is read from it and never saved. Conversations go to the copy and end with the process; anything that
   * would change the articles throws LibraryNotWritable.
   */
  private static openSnapshot(dataDir: string, path: string): SqliteLibrary {
    const snapshot = createSnapshotFolder();
    const copy = databasePath(snapshot);
    let db: Database.Database | undefined;
    try {
      copyWhileUnchanged(path, copy);
      db = new Database(copy);
      checkSchemaVersion(db, path);
      checkSavedIndex(dataDir);
      db.pragma("journal_mode = WAL");
      db.pragma("busy_timeout = 5000");
      migrate(db);
      db.pragma("foreign_keys = ON");
      return new SqliteLibrary(dataDir, db, snapshot);
    } catch (error) {
      db?.close();
      removeSnapshotFolder(snapshot);
      throw cannotOpen(error, dataDir, path);
    }
  }

  /** Whether the library is read from a copy because its folder cannot be written: adding and removing are refused. */
  get readOnly(): boolean {
    return this.snapshot !== null;
  }

  private refuseIfReadOnly(): void {
    if (this.readOnly) throw new LibraryNotWritable("read-only");
  }

  /**
   * Writes a consistent copy of the database to `file` while others go on adding articles: VACUUM INTO reads one
   * snapshot (WAL lets writers carry on meanwhile), so the copy holds exactly the articles committed before it
   * began, each whole. Written under a temporary name and renamed (writeThenRename). The vector index is not
   * copied: it is rebuilt from the database when a library opened from the copy first needs it.
   */
  async backup(file: string): Promise<void> {
    writeThenRename(file, (partial) => this.db.prepare("VACUUM INTO ?").run(partial));
  }

  /**
   * Saves the vector index and closes the database. A background load still running is abandoned and nothing is
   * saved (there is no complete graph to write yet): the saved file stays as it was and the vectors stored since
   * are replayed on the next start. Removals made during the load would not reach the file, though, so the bot
   * awaits the load before closing. `saveIndex: false` leaves the saved graph as it is (benchmarks keep the one they built).
   */
  async close(options: { saveIndex?: boolean } = {}): Promise<void> {
    if (!this.db.open) return;
    await this.lexical.close();
    if (!this.db.open) return;
    this.vectors.close((options.saveIndex ?? true) && !this.readOnly);
    this.db.close();
    if (this.snapshot) removeSnapshotFolder(this.snapshot);
  }

  async saveIndex(): Promise<void> {
    if (this.readOnly) return;
    this.vectors.save();
    await this.lexical.save();
  }

  /** See LexicalRouter.ready. */
  lexicalIndexReady(): Promise<boolean> {
    return this.lexical.ready();
  }

  // ---- articles ----

  async findByUrl(url: string): Promise<number | null> {
    return this.articleAt(url);
  }

  async findDuplicate(draft: ArticleDraft, aliases: readonly string[] = []): Promise<number | null> {
    return this.duplicateOf(draft, aliases);
  }

  async addArticle(article: NewArticle): Promise<AddOutcome> {
    this.refuseIfReadOnly();
    const { draft, chunks, quotes, vectors } = article;
    if (vectors && vectors.length !== chunks.length) throw new Error(`got ${vectors.length} vectors for ${chunks.length} chunks`);

    const language = articleLanguage(draft.language, draft.text);
    let model: string | null = null;
    const vectorItems: Array<{ chunkId: number; vector: Float32Array }> = [];
    let added: Array<{ label: number; vector: Float32Array; seq: number }> = [];
    const chunkIds: number[] = [];
    const store = this.db.transaction((): AddOutcome => {
      const existing = this.duplicateOf(draft, article.aliases ?? []);
      if (existing !== null) return { status: "duplicate", articleId: existing };
      if (vectors) model = this.vectors.requireModel(article.vectorModel, vectors[0]?.length ?? 0);

      const articleId = Number(
        this.db
          .prepare(
            `INSERT INTO articles (url, canonical_url, title, text, outlet, authors, published_at, language, source, content_hash, added_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            draft.url,
            draft.canonicalUrl,
            draft.title,
            draft.text,
            draft.outlet,
            JSON.stringify(draft.authors),
            draft.publishedAt,
            language,
            article.source,
            contentHash(draft.text),
            new Date().toISOString(),
          ).lastInsertRowid,
      );
      const insertKey = this.db.prepare("INSERT OR IGNORE INTO article_urls (key, article_id) VALUES (?, ?)");
      for (const url of [draft.url, draft.canonicalUrl, ...(article.aliases ?? [])]) {
        const key = url ? urlKey(url) : null;
        if (key) insertKey.run(key, articleId);
      }

      const insertChunk = this.db.prepare("INSERT INTO chunks (article_id, seq, start, end) VALUES (?, ?, ?, ?)");
      const words = chunkWordsWriter(this.db);
      chunks.forEach((chunk, seq) => {
        if (draft.text.slice(chunk.start, chunk.end) !== chunk.text) throw new Error(`chunk ${seq} does not match the article text at its offsets`);
        const chunkId = Number(insertChunk.run(articleId, seq, chunk.start, chunk.end).lastInsertRowid);
        words.add(chunkId, draft.title, chunk.text, language);
        chunkIds.push(chunkId);
        const vector = vectors?.[seq];
        if (vector) vectorItems.push({ chunkId, vector });
      });
      added = this.vectors.insert(vectorItems);

      const insertQuote = this.db.prepare("INSERT INTO quotes (article_id, start, end, speaker, role) VALUES (?, ?, ?, ?, ?)");
      for (const quote of quotes) {
        if (draft.text.slice(quote.start, quote.end) !== quote.text) throw new Error("quote does not match the article text at its offsets");
        insertQuote.run(articleId, quote.start, quote.end, quote.speaker, quote.role ?? null);
      }
      return { status: "added", articleId, chunks: chunks.length };
    });
    let outcome: AddOutcome;
    try {
      outcome = store();
    } catch (error) {
      // SQLite rolled the transaction back: a full disk or a read-only folder leaves the library as it was.
      throw asNotWritable(error);
    }

    if (model) this.vectors.added(model, added);
    if (outcome.status === "added") this.lexical.articleAdded(language, draft.title, chunkIds.map((id, seq) => ({ id, text: chunks[seq]!.text })), draft.publishedAt);
    return outcome;
  }

  async removeArticle(articleId: number): Promise<boolean> {
    this.refuseIfReadOnly();
    const chunkIds = this.db.prepare("SELECT id FROM chunks WHERE article_id = ?").pluck().all(articleId) as number[];
    const removed = this.db.transaction(() => {
      const words = chunkWordsWriter(this.db);
      for (const id of chunkIds) words.remove(id);
      return this.db.prepare("DELETE FROM articles WHERE id = ?").run(articleId).changes > 0;
    })();
    this.articles.forget(articleId);
    if (removed) {
      this.vectors.removed(chunkIds);
      this.lexical.articleRemoved(chunkIds);
    }
    return removed;
  }

  async getArticle(articleId: number): Promise<StoredArticle | null> {
    return this.articles.article(articleId);
  }

  async getSummaries(articleIds: readonly number[]): Promise<Map<number, ArticleSummary>> {
    const result = new Map<number, ArticleSummary>();
    const statement = this.statements.get(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = ?`);
    for (const id of articleIds) {
      const row = statement.get(id) as SummaryRow | undefined;
      if (row) result.set(id, toSummary(row));
    }
    return result;
  }

  async latestArticles(limit: number, offset = 0): Promise<ArticleSummary[]> {
    const rows = this.statements
      .get(`SELECT ${SUMMARY_COLUMNS} FROM articles ORDER BY COALESCE(published_at, added_at) DESC, id DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as Array<SummaryRow>;
    return rows.map(toSummary);
  }

  async countArticles(): Promise<number> {
    return this.statements.get("SELECT COUNT(*) FROM articles").pluck().get() as number;
  }

  // ---- chunks and quotes ----

  async getChunks(chunkIds: readonly number[]): Promise<Map<number, StoredChunk>> {
    const result = new Map<number, StoredChunk>();
    for (const id of chunkIds) {
      const passage = this.articles.passage(id);
      if (passage) result.set(id, passage.chunk);
    }
    return result;
  }

  async chunksOf(articleId: number): Promise<StoredChunk[]> {
    const article = this.articles.article(articleId);
    if (!article) return [];
    const rows = this.statements.get("SELECT id, seq, start, end FROM chunks WHERE article_id = ? ORDER BY seq").all(articleId) as Array<{
      id: number;
      seq: number;
      start: number;
      end: number;
    }>;
    return rows.map((row) => ({ ...row, articleId, text: article.text.slice(row.start, row.end) }));
  }

  async quotesOf(articleId: number): Promise<StoredQuote[]> {
    const article = this.articles.article(articleId);
    if (!article) return [];
    const rows = this.statements.get("SELECT id, start, end, speaker, role FROM quotes WHERE article_id = ? ORDER BY start").all(articleId) as Array<{
      id: number;
      start: number;
      end: number;
      speaker: string | null;
      role: string | null;
    }>;
    return rows.map((row) => ({ ...row, articleId, text: article.text.slice(row.start, row.end) }));
  }

  async replaceQuotes(articleId: number, quotes: readonly QuoteSpan[]): Promise<boolean> {
    this.refuseIfReadOnly();
    const article = this.articles.article(articleId);
    if (!article) return false;
    for (const quote of quotes) {
      if (article.text.slice(quote.start, quote.end) !== quote.text) throw new Error("quote does not match the article text at its offsets");
    }
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM quotes WHERE article_id = ?").run(articleId);
      const insert = this.db.prepare("INSERT INTO quotes (article_id, start, end, speaker, role) VALUES (?, ?, ?, ?, ?)");
      for (const quote of quotes) insert.run(articleId, quote.start, quote.end, quote.speaker, quote.role ?? null);
    })();
    return true;
  }

  async articlesQuoting(name: string, limit: number): Promise<number[]> {
    const pattern = `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.db
      .prepare(
        `SELECT q.article_id FROM quotes q JOIN articles a ON a.id = q.article_id
         WHERE q.speaker LIKE ? ESCAPE '\\' OR q.role LIKE ? ESCAPE '\\' GROUP BY q.article_id
         ORDER BY COALESCE(a.published_at, a.added_at) DESC LIMIT ?`,
      )
      .pluck()
      .all(pattern, pattern, limit) as number[];
  }

  // ---- search ----

  async searchLexical(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    return this.lexical.search(query, options);
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    return this.lexical.fts5.documentFrequencies(terms);
  }

  async passageCount(): Promise<number> {
    return this.lexical.fts5.passageCount();
  }

  async searchDense(vector: Float32Array, model: string, limit: number): Promise<DenseHit[]> {
    return this.vectors.search(vector, model, limit);
  }

  // ---- embeddings ----

  async embeddingModel(): Promise<string | null> {
    return this.vectors.model;
  }

  async pendingChunks(limit: number): Promise<StoredChunk[]> {
    const ids = this.db
      .prepare("SELECT c.id FROM chunks c LEFT JOIN vectors v ON v.chunk_id = c.id WHERE v.chunk_id IS NULL ORDER BY c.id LIMIT ?")
      .pluck()
      .all(limit) as number[];
    return [...(await this.getChunks(ids)).values()];
  }

  async storeVectors(model: string, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Promise<void> {
    this.refuseIfReadOnly();
    this.vectors.store(model, items);
  }

  async storedVectors(afterChunkId: number, limit: number): Promise<Array<{ chunkId: number; vector: Float32Array }>> {
    return this.vectors.stored(afterChunkId, limit);
  }

  async exportArticles(afterId: number, limit: number): Promise<ArticleRecord[]> {
    return exportArticles(this.db, afterId, limit);
  }

  async importArticles(records: readonly ArticleRecord[], model: string | null): Promise<number> {
    this.refuseIfReadOnly();
    const stored = importArticles(this.db, this.vectors, records, model);
    this.lexical.articlesImported();
    return stored;
  }

  async clearVectors(): Promise<void> {
    this.refuseIfReadOnly();
    this.vectors.clear();
  }

  /**
   * Reads the saved HNSW graph off the main thread, so a large index does not hold up the first answers (the bot
   * calls this right after opening). Rejects when the file cannot be read. Without this call (the CLI) the index
   * is read synchronously on first use.
   */
  loadVectorIndexInBackground(): Promise<VectorIndexReady | null> {
    return this.vectors.loadInBackground();
  }

  async stats(): Promise<LibraryStats> {
    return libraryStats(this.db, this.vectors, this.dataDir);
  }

  private articleAt(url: string): number | null {
    const key = urlKey(url);
    if (!key) return null;
    const row = this.db.prepare("SELECT article_id FROM article_urls WHERE key = ?").get(key) as { article_id: number } | undefined;
    return row?.article_id ?? null;
  }

  private duplicateOf(draft: ArticleDraft, aliases: readonly string[]): number | null {
    for (const url of [draft.url, draft.canonicalUrl, ...aliases]) {
      const id = url ? this.articleAt(url) : null;
      if (id !== null) return id;
    }
    const row = this.db.prepare("SELECT id FROM articles WHERE content_hash = ?").get(contentHash(draft.text)) as { id: number } | undefined;
    return row?.id ?? null;
  }
}
