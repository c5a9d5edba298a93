import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { asLibraryUnusable, asNotWritable, LibraryNotWritable, LibraryUnusable } from "../../errors.ts";
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
import { checkSavedIndex, VECTOR_INDEX_FILE } from "../vector-index.ts";
import { SqliteBotMessages } from "./bot-messages.ts";
import { SqliteConversations } from "./conversations.ts";
import { indexedText, LanceLexical, lexicalIndexDir, TITLE_WEIGHT, type LoadLance } from "./lance-lexical.ts";
import { chunkWordsWriter, LexicalIndex, type CandidatePassage } from "./lexical.ts";
import { checkSchemaVersion, migrate } from "./schema.ts";
import type { ArticleRecord, ArticleTransfer } from "../transfer.ts";
import { SUMMARY_COLUMNS, toSummary, type ArticleRow, type SummaryRow } from "./rows.ts";
import { exportArticles, importArticles } from "./transfer.ts";
import { SqliteVectors } from "./vectors.ts";
import { articleLanguage, languageCounts } from "../../text/language.ts";
import type { Logger } from "../../logger.ts";
import { isStemmedLanguage } from "../stemmed-words.ts";
import { Statements } from "./statements.ts";

/**
 * Where English BM25 queries run: "fts5", SQLite's FTS5 alone; "lancedb", LanceDB's full-text index kept beside the
 * database (lance-lexical.ts) for the queries FTS5 would be slow at; "auto", LanceDB's only once the library
 * is large enough for such queries to be asked (AUTO_FROM_PASSAGES).
 */
export type LexicalIndexChoice = "auto" | "lancedb" | "fts5";

export interface SqliteLibraryOptions {
  /** See LexicalIndexChoice; "fts5" by default. */
  lexicalIndex?: LexicalIndexChoice;
  /** Hears about the full-text index being rebuilt or unavailable. */
  logger?: Pick<Logger, "warn" | "info">;
  /** Loads LanceDB; tests replace it to stand for a machine where it cannot load. */
  loadLance?: LoadLance;
  /** Postings a query must reach before LanceDB is asked (see EARLY_FROM_POSTINGS); tests set 0 to ask it always. */
  lexicalIndexFromPostings?: number;
  /** Passages from which "auto" keeps the LanceDB index (see AUTO_FROM_PASSAGES); tests set it low. */
  lexicalIndexFromPassages?: number;
}

const SILENT = { warn: () => undefined, info: () => undefined };
/**
 * LanceDB candidates per whole-library hit wanted. Its query counts each stem once and has no phrases, so its top
 * list is not FTS5's: twice as many leave room for the passages it ranks lower, and the rescoring cost is paid per
 * candidate (see the README's Performance section for what the depth holds and costs).
 */
const EARLY_CANDIDATES_PER_HIT = 2;
/**
 * Passages from which LEXICAL_INDEX=auto keeps the LanceDB index beside the library, decided when it is opened.
 * Below it hardly a query reaches EARLY_FROM_POSTINGS (on the 1k bench library, 10,828 passages, none of the 100
 * dev questions did), so keeping the index would cost its building and upkeep for nothing.
 */
const AUTO_FROM_PASSAGES = 50_000;
/**
 * Postings of a query (over its parts, the passages holding each) from which LanceDB's path is the cheaper. FTS5's
 * whole-library query scores every posting, about a thousand a millisecond on this machine; LanceDB's path (its top
 * list, then reading and scoring the candidates) took 35–70 ms however many there were (100 bench questions on the
 * 1k and 10k libraries, 13:58Z): below about 60,000 FTS5 answers sooner, and its list needs no rescoring.
 */
const EARLY_FROM_POSTINGS = 60_000;

/**
 * The article library: SQLite (WAL) is the source of truth for articles, their chunks (as offsets into the
 * article text), attributed quotes and chunk vectors, with an FTS5 index for BM25. Dense search goes through a
 * derived HNSW index (see VectorIndex). Adding an article is one transaction touching only that article's rows,
 * so a crash at any point leaves either the whole article or none of it.
 */
export class SqliteLibrary implements Library, ArticleTransfer {
  readonly conversations: SqliteConversations;
  readonly botMessages: SqliteBotMessages;
  private readonly lexical: LexicalIndex;
  /** The whole-library English query's index that stops early, when configured and the folder is writable. */
  private readonly earlyIndex: LanceLexical | null;
  private readonly earlyFromPostings: number;
  private readonly vectors: SqliteVectors;
  private readonly articleCache = new Map<number, StoredArticle>();
  private readonly statements: Statements;

  private constructor(
    readonly dataDir: string,
    private readonly db: Database.Database,
    /** The temporary folder holding the copy a read-only library is read from (see openSnapshot); null otherwise. */
    private readonly snapshot: string | null = null,
    options: SqliteLibraryOptions = {},
  ) {
    this.statements = new Statements(db);
    this.conversations = new SqliteConversations(db);
    this.botMessages = new SqliteBotMessages(db);
    this.lexical = new LexicalIndex(db);
    this.vectors = new SqliteVectors(db, dataDir);
    // A read-only library answers from FTS5: its index could not be caught up or rebuilt.
    const early = options.lexicalIndex === "lancedb" || (options.lexicalIndex === "auto" && this.lexical.passageCount() >= (options.lexicalIndexFromPassages ?? AUTO_FROM_PASSAGES));
    this.earlyIndex = early && !snapshot ? new LanceLexical(db, lexicalIndexDir(dataDir), options.logger ?? SILENT, options.loadLance) : null;
    this.earlyFromPostings = options.lexicalIndexFromPostings ?? EARLY_FROM_POSTINGS;
  }

  /**
   * Opens (or creates) the library in `dataDir`. Throws LibraryUnusable, before writing anything, when it cannot
   * be read or written, was written by a newer verbatim, or is visibly damaged. With the LanceDB index in use the
   * full-text index is caught up in the background from the first search or write (see lexicalIndexReady).
   */
  static open(dataDir: string, options: SqliteLibraryOptions = {}): SqliteLibrary {
    const path = join(dataDir, "library.db");
    if (existsSync(path) && !writable(dataDir, path)) return SqliteLibrary.openSnapshot(dataDir, path);
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
    const snapshot = mkdtempSync(join(tmpdir(), "verbatim-read-only-"));
    const copy = join(snapshot, "library.db");
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
      rmSync(snapshot, { recursive: true, force: true });
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
   * began, each whole. Written under a temporary name and renamed, so a copy cut short never looks finished. The
   * vector index is not copied: it is rebuilt from the database when a library opened from the copy first needs it.
   */
  async backup(file: string): Promise<void> {
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    this.db.prepare("VACUUM INTO ?").run(partial);
    renameSync(partial, file);
  }

  /**
   * Saves the vector index and closes the database. A background load still running is abandoned and nothing is
   * saved (there is no complete graph to write yet): the saved file stays as it was and the vectors stored since
   * are replayed on the next start. Removals made during the load would not reach the file, though, so the bot
   * awaits the load before closing. `saveIndex: false` leaves the saved graph as it is (benchmarks keep the one they built).
   */
  async close(options: { saveIndex?: boolean } = {}): Promise<void> {
    if (!this.db.open) return;
    await this.earlyIndex?.close();
    if (!this.db.open) return;
    this.vectors.close((options.saveIndex ?? true) && !this.readOnly);
    this.db.close();
    if (this.snapshot) rmSync(this.snapshot, { recursive: true, force: true });
  }

  async saveIndex(): Promise<void> {
    if (this.readOnly) return;
    this.vectors.save();
    await this.earlyIndex?.save();
  }

  /**
   * Starts the full-text index's catch-up (else begun by the first search or write) and resolves once it has
   * caught up with the library: true when the whole-library
   * query uses it from then on, false when it answers from FTS5 (not configured, or LanceDB unavailable here).
   */
  lexicalIndexReady(): Promise<boolean> {
    return this.earlyIndex?.ready() ?? Promise.resolve(false);
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
    if (outcome.status === "added") {
      this.lexical.articleAdded(language);
      if (this.earlyIndex && !isStemmedLanguage(language)) this.earlyIndex.added(chunkIds.map((id, seq) => ({ id, text: indexedText(draft.title, chunks[seq]!.text), published: draft.publishedAt })));
    }
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
    this.articleCache.delete(articleId);
    if (removed) {
      this.vectors.removed(chunkIds);
      this.earlyIndex?.removed(chunkIds);
    }
    return removed;
  }

  async getArticle(articleId: number): Promise<StoredArticle | null> {
    return this.article(articleId);
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
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles ORDER BY COALESCE(published_at, added_at) DESC, id DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as Array<SummaryRow>;
    return rows.map(toSummary);
  }

  async countArticles(): Promise<number> {
    return this.db.prepare("SELECT COUNT(*) FROM articles").pluck().get() as number;
  }

  // ---- chunks and quotes ----

  async getChunks(chunkIds: readonly number[]): Promise<Map<number, StoredChunk>> {
    const result = new Map<number, StoredChunk>();
    for (const id of chunkIds) {
      const passage = this.passage(id);
      if (passage) result.set(id, passage.chunk);
    }
    return result;
  }

  /** A chunk with its text and its article (read through the article cache), or null when either is gone. */
  private passage(chunkId: number): { chunk: StoredChunk; article: StoredArticle } | null {
    const row = this.statements.get("SELECT article_id, seq, start, end FROM chunks WHERE id = ?").get(chunkId) as { article_id: number; seq: number; start: number; end: number } | undefined;
    const article = row ? this.article(row.article_id) : null;
    if (!row || !article) return null;
    return { chunk: { id: chunkId, articleId: row.article_id, seq: row.seq, start: row.start, end: row.end, text: article.text.slice(row.start, row.end) }, article };
  }

  async chunksOf(articleId: number): Promise<StoredChunk[]> {
    const article = this.article(articleId);
    if (!article) return [];
    const rows = this.db.prepare("SELECT id, seq, start, end FROM chunks WHERE article_id = ? ORDER BY seq").all(articleId) as Array<{
      id: number;
      seq: number;
      start: number;
      end: number;
    }>;
    return rows.map((row) => ({ ...row, articleId, text: article.text.slice(row.start, row.end) }));
  }

  async quotesOf(articleId: number): Promise<StoredQuote[]> {
    const article = this.article(articleId);
    if (!article) return [];
    const rows = this.db.prepare("SELECT id, start, end, speaker, role FROM quotes WHERE article_id = ? ORDER BY start").all(articleId) as Array<{
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
    const article = this.article(articleId);
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
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    // The index weighs titles one way, fixed when it was written: other weights are FTS5's to apply.
    // FTS5 walks every posting of the query's parts, in the date window or not: below EARLY_FROM_POSTINGS it is the quicker.
    const early = this.earlyIndex && titleWeight === TITLE_WEIGHT * bodyWeight && this.lexical.postings(query) >= this.earlyFromPostings;
    // LanceDB's BM25 differs from FTS5's a little (its IDF, and the title repeated in one column): it is asked for
    // more candidates than wanted, and FTS5's own scores of those pick and order the best (LexicalIndex.rescore).
    const englishHits = early ? await this.earlyIndex!.search(query, options.limit * EARLY_CANDIDATES_PER_HIT, options.dates) : null;
    return this.lexical.search(query, options, englishHits ? this.candidatePassages(englishHits.map((hit) => hit.chunkId)) : undefined);
  }

  /** The passages' texts as the English index holds them; read through the article cache, which ranking reads again. */
  private candidatePassages(chunkIds: readonly number[]): CandidatePassage[] {
    return chunkIds.flatMap((id) => {
      const passage = this.passage(id);
      return passage ? [{ id, articleId: passage.article.id, title: passage.article.title, body: passage.chunk.text }] : [];
    });
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    return this.lexical.documentFrequencies(terms);
  }

  async passageCount(): Promise<number> {
    return this.lexical.passageCount();
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
    this.lexical.articlesAdded();
    this.earlyIndex?.catchUpLater();
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
    const count = (sql: string): number => this.db.prepare(sql).pluck().get() as number;
    const chunks = count("SELECT COUNT(*) FROM chunks");
    const embeddedChunks = count("SELECT COUNT(*) FROM vectors");
    const range = this.db.prepare("SELECT MIN(published_at) AS oldest, MAX(published_at) AS newest FROM articles").get() as {
      oldest: string | null;
      newest: string | null;
    };
    const dbPath = join(this.dataDir, "library.db");
    return {
      articles: count("SELECT COUNT(*) FROM articles"),
      chunks,
      embeddedChunks,
      pendingChunks: chunks - embeddedChunks,
      quotes: count("SELECT COUNT(*) FROM quotes"),
      model: this.vectors.model,
      indexedVectors: this.vectors.size,
      indexFileBytes: fileSizeOf(join(this.dataDir, VECTOR_INDEX_FILE)),
      databaseBytes: fileSizeOf(dbPath) + fileSizeOf(`${dbPath}-wal`),
      oldestPublished: range.oldest,
      newestPublished: range.newest,
      languages: languageCounts(this.db.prepare("SELECT language, COUNT(*) AS articles FROM articles GROUP BY language").all() as Array<{ language: string | null; articles: number }>),
    };
  }

  private article(articleId: number): StoredArticle | null {
    const cached = this.articleCache.get(articleId);
    if (cached) return cached;
    const row = this.statements.get("SELECT * FROM articles WHERE id = ?").get(articleId) as ArticleRow | undefined;
    if (!row) return null;
    const article = { ...toSummary(row), text: row.text };
    // Search reads the same few articles over and over; keep a small cache of whole texts.
    if (this.articleCache.size >= 256) this.articleCache.delete(this.articleCache.keys().next().value as number);
    this.articleCache.set(articleId, article);
    return article;
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

function fileSizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function writable(dataDir: string, path: string): boolean {
  try {
    accessSync(dataDir, constants.W_OK);
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the database and its WAL, again when either changed during the copy (a process writing to the folder
 * through another mount): the two must come from one moment for the copy to hold whole transactions.
 */
function copyWhileUnchanged(path: string, copy: string): void {
  const files = [path, `${path}-wal`];
  const stamp = (): string =>
    files
      .map((file) => {
        const stats = statSync(file, { throwIfNoEntry: false });
        return stats ? `${stats.size}@${stats.mtimeMs}` : "-";
      })
      .join(" ");
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = stamp();
    copyFileSync(path, copy);
    rmSync(`${copy}-wal`, { force: true });
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    if (stamp() === before) return;
  }
  throw new LibraryUnusable(`${path} kept changing while it was being read, though this process may not write its folder: stop whatever else writes to it, or give this process write access.`);
}

const ACCESS_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_READONLY", "SQLITE_AUTH"]);

/** Why a library could not be opened, as one line that says what to do; errors of other kinds pass through. */
function cannotOpen(error: unknown, dataDir: string, path: string): unknown {
  if (error instanceof LibraryUnusable) return error;
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  if (ACCESS_CODES.has(code) || code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_READONLY")) {
    return new LibraryUnusable(
      `cannot open the library in ${dataDir} (${error instanceof Error ? error.message : code}): check that DATA_DIR names the right folder and that this user may read and write it.`,
      { cause: error },
    );
  }
  return asLibraryUnusable(error, path);
}
