import { createHash } from "node:crypto";
import { mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import Database from "better-sqlite3";
import type { ArticleDraft, ChunkSpan, QuoteSpan } from "../article.ts";
import { urlKey } from "../canonical-url.ts";
import { asLibraryUnusable, LibraryUnusable } from "../../errors.ts";
import { checkSchemaVersion, migrate } from "./schema.ts";
import { checkSavedIndex, savedIndexSize, VECTOR_INDEX_FILE, VectorIndex, type VectorHit } from "../vector-index.ts";

/** An article as stored: the draft it was made from, plus its id and provenance. */
export interface StoredArticle extends ArticleDraft {
  id: number;
  /** Where it came from: "url", "file", "jsonl", "telegram". */
  source: string;
  addedAt: string;
}

/** An article's list entry, without its text. */
export type ArticleSummary = Omit<StoredArticle, "text">;

export interface StoredChunk {
  id: number;
  articleId: number;
  seq: number;
  start: number;
  end: number;
  text: string;
}

export interface StoredQuote {
  id: number;
  articleId: number;
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  /** The role or affiliation the article introduces the speaker with, as written. */
  role: string | null;
}

export interface NewArticle {
  draft: ArticleDraft;
  chunks: ChunkSpan[];
  quotes: QuoteSpan[];
  /** One vector per chunk from `vectorModel`, or null to leave the chunks pending for `verbatim reindex`. */
  vectors: Float32Array[] | null;
  vectorModel?: string;
  /** Where it came from: "url", "file", "jsonl", "telegram". */
  source: string;
  /** Further addresses the article is known by (the link as sent before redirects). */
  aliases?: string[];
}

export type AddOutcome = { status: "added"; articleId: number; chunks: number } | { status: "duplicate"; articleId: number };

export interface LexicalHit {
  chunkId: number;
  articleId: number;
  /** BM25, higher is better. */
  score: number;
}

export interface DateRange {
  /** Inclusive bounds, ISO dates (YYYY-MM-DD) or date-times. */
  from?: string;
  to?: string;
}

export interface LexicalSearchOptions {
  limit: number;
  dates?: DateRange;
  /** BM25 column weights: title, body. */
  weights?: [number, number];
}

export interface LibraryStats {
  articles: number;
  chunks: number;
  embeddedChunks: number;
  pendingChunks: number;
  quotes: number;
  model: string | null;
  /** Vectors in the HNSW index: the loaded one, else the saved file's. */
  indexedVectors: number;
  indexFileBytes: number;
  databaseBytes: number;
  oldestPublished: string | null;
  newestPublished: string | null;
}

interface ArticleRow {
  id: number;
  url: string | null;
  canonical_url: string | null;
  title: string;
  text: string;
  outlet: string | null;
  authors: string;
  published_at: string | null;
  language: string | null;
  source: string;
  added_at: string;
}

/** The vector index once read in the background (see `Library.loadVectorIndexInBackground`). */
export interface VectorIndexReady {
  /** Points in the graph, including those replayed from SQLite and those marked deleted. */
  vectors: number;
  /** From the start of the load until dense search uses the index. */
  ms: number;
}

/** A background load of the vector index that has not finished yet. */
interface PendingIndex {
  /** Chunks removed while it loads, to be marked deleted in the graph before it is used. */
  removed: Set<number>;
  done: Promise<VectorIndexReady | null>;
}

/**
 * Vectors replayed into the index per turn of the event loop during a background load. An insert into a graph
 * of 1M points took about 1.6 ms here, so a question waits at most some 50 ms for a slice.
 */
const REPLAY_SLICE = 32;

const SUMMARY_COLUMNS = "id, url, canonical_url, title, outlet, authors, published_at, language, source, added_at";

/** Hash of the article body with case and whitespace ignored: the same story re-sent under another link. */
export function contentHash(text: string): string {
  return createHash("sha256").update(text.toLowerCase().replace(/\s+/g, " ").trim()).digest("hex");
}

function toSummary(row: Omit<ArticleRow, "text">): ArticleSummary {
  return {
    id: row.id,
    url: row.url,
    canonicalUrl: row.canonical_url,
    title: row.title,
    outlet: row.outlet,
    authors: JSON.parse(row.authors) as string[],
    publishedAt: row.published_at,
    language: row.language,
    source: row.source,
    addedAt: row.added_at,
  };
}

function toVectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

function fromVectorBlob(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/**
 * The article library: SQLite (WAL) is the source of truth for articles, their chunks (as offsets into the
 * article text), attributed quotes and chunk vectors, with an FTS5 index for BM25. Dense search goes through a
 * derived HNSW index (see VectorIndex). Adding an article is one transaction touching only that article's rows,
 * so a crash at any point leaves either the whole article or none of it.
 */
export class Library {
  private vectors: VectorIndex | null = null;
  /** Set while the index is read in the background: until then dense search finds nothing and vectors wait in SQLite. */
  private pendingIndex: PendingIndex | null = null;
  private readonly articleCache = new Map<number, StoredArticle>();

  private constructor(
    readonly dataDir: string,
    readonly db: Database.Database,
  ) {}

  /**
   * Opens (or creates) the library in `dataDir`. Throws LibraryUnusable, before writing anything, when it cannot
   * be read or written, was written by a newer verbatim, or is visibly damaged.
   */
  static open(dataDir: string): Library {
    const path = join(dataDir, "library.db");
    let db: Database.Database | undefined;
    try {
      mkdirSync(dataDir, { recursive: true });
      db = new Database(path);
      checkSchemaVersion(db, path);
      checkSavedIndex(dataDir);
      db.pragma("journal_mode = WAL");
      // With WAL, NORMAL survives a killed process (the WAL is in the OS); only a power cut may lose the last commits.
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      db.pragma("busy_timeout = 5000");
      // Search fills a small temporary table per question (see searchLexical): made once per connection, kept off the disk.
      db.pragma("temp_store = MEMORY");
      db.exec("CREATE TEMP TABLE search_window (chunk_id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL)");
      migrate(db);
      return new Library(dataDir, db);
    } catch (error) {
      db?.close();
      throw cannotOpen(error, dataDir, path);
    }
  }

  /**
   * Writes a consistent copy of the database to `file` while others go on adding articles: VACUUM INTO reads one
   * snapshot (WAL lets writers carry on meanwhile), so the copy holds exactly the articles committed before it
   * began, each whole. Written under a temporary name and renamed, so a copy cut short never looks finished. The
   * vector index is not copied: it is rebuilt from the database when a library opened from the copy first needs it.
   */
  backup(file: string): void {
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    this.db.prepare("VACUUM INTO ?").run(partial);
    renameSync(partial, file);
  }

  /**
   * Saves the vector index and closes the database. A background load still running is abandoned and nothing is
   * saved: close cannot wait for it (the CLI needs it synchronous), and there is no complete graph to write yet,
   * so the saved file stays as it was and the vectors stored since are replayed from SQLite on the next start.
   * Removals made during the load would not reach the file, though, so the bot awaits the load before closing.
   */
  close(): void {
    this.pendingIndex = null;
    this.saveIndex();
    this.db.close();
  }

  /** Persists the HNSW graph so the next start need not replay vectors. Cheap when nothing changed; a no-op while the index loads. */
  saveIndex(): void {
    this.vectors?.save();
  }

  // ---- articles ----

  /** The article a link is already stored under, if any: checked before fetching anything. */
  findByUrl(url: string): number | null {
    const key = urlKey(url);
    if (!key) return null;
    const row = this.db.prepare("SELECT article_id FROM article_urls WHERE key = ?").get(key) as { article_id: number } | undefined;
    return row?.article_id ?? null;
  }

  findDuplicate(draft: ArticleDraft, aliases: readonly string[] = []): number | null {
    for (const url of [draft.url, draft.canonicalUrl, ...aliases]) {
      const id = url ? this.findByUrl(url) : null;
      if (id !== null) return id;
    }
    const row = this.db.prepare("SELECT id FROM articles WHERE content_hash = ?").get(contentHash(draft.text)) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** Stores an article with its chunks, quotes and (optionally) vectors in one transaction, unless it is a duplicate. */
  addArticle(article: NewArticle): AddOutcome {
    const { draft, chunks, quotes, vectors } = article;
    if (vectors && vectors.length !== chunks.length) throw new Error(`got ${vectors.length} vectors for ${chunks.length} chunks`);
    const model = vectors ? this.requireModel(article.vectorModel, vectors[0]?.length ?? 0) : null;

    const added: Array<{ label: number; vector: Float32Array; seq: number }> = [];
    const outcome = this.db.transaction((): AddOutcome => {
      const existing = this.findDuplicate(draft, article.aliases);
      if (existing !== null) return { status: "duplicate", articleId: existing };

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
            draft.language,
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
      const insertFts = this.db.prepare("INSERT INTO chunks_fts (rowid, title, body) VALUES (?, ?, ?)");
      const insertVector = this.db.prepare("INSERT INTO vectors (chunk_id, vector) VALUES (?, ?)");
      chunks.forEach((chunk, seq) => {
        if (draft.text.slice(chunk.start, chunk.end) !== chunk.text) throw new Error(`chunk ${seq} does not match the article text at its offsets`);
        const chunkId = Number(insertChunk.run(articleId, seq, chunk.start, chunk.end).lastInsertRowid);
        insertFts.run(chunkId, draft.title, chunk.text);
        const vector = vectors?.[seq];
        if (vector) {
          const vectorSeq = Number(insertVector.run(chunkId, toVectorBlob(vector)).lastInsertRowid);
          added.push({ label: chunkId, vector, seq: vectorSeq });
        }
      });

      const insertQuote = this.db.prepare("INSERT INTO quotes (article_id, start, end, speaker, role) VALUES (?, ?, ?, ?, ?)");
      for (const quote of quotes) {
        if (draft.text.slice(quote.start, quote.end) !== quote.text) throw new Error("quote does not match the article text at its offsets");
        insertQuote.run(articleId, quote.start, quote.end, quote.speaker, quote.role ?? null);
      }
      return { status: "added", articleId, chunks: chunks.length };
    })();

    if (model && added.length > 0) this.vectorIndex(model)?.add(added);
    return outcome;
  }

  /** Deletes an article with everything derived from it. Returns false when there was no such article. */
  removeArticle(articleId: number): boolean {
    const chunkIds = this.db.prepare("SELECT id FROM chunks WHERE article_id = ?").pluck().all(articleId) as number[];
    const removed = this.db.transaction(() => {
      const deleteFts = this.db.prepare("DELETE FROM chunks_fts WHERE rowid = ?");
      for (const id of chunkIds) deleteFts.run(id);
      return this.db.prepare("DELETE FROM articles WHERE id = ?").run(articleId).changes > 0;
    })();
    this.articleCache.delete(articleId);
    if (removed && chunkIds.length > 0) {
      if (this.pendingIndex) for (const id of chunkIds) this.pendingIndex.removed.add(id);
      else this.vectors?.remove(chunkIds);
    }
    return removed;
  }

  getArticle(articleId: number): StoredArticle | null {
    const cached = this.articleCache.get(articleId);
    if (cached) return cached;
    const row = this.db.prepare("SELECT * FROM articles WHERE id = ?").get(articleId) as ArticleRow | undefined;
    if (!row) return null;
    const article = { ...toSummary(row), text: row.text };
    // Search reads the same few articles over and over; keep a small cache of whole texts.
    if (this.articleCache.size >= 256) this.articleCache.delete(this.articleCache.keys().next().value as number);
    this.articleCache.set(articleId, article);
    return article;
  }

  getSummaries(articleIds: readonly number[]): Map<number, ArticleSummary> {
    const result = new Map<number, ArticleSummary>();
    const statement = this.db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles WHERE id = ?`);
    for (const id of articleIds) {
      const row = statement.get(id) as Omit<ArticleRow, "text"> | undefined;
      if (row) result.set(id, toSummary(row));
    }
    return result;
  }

  /** Newest first by publish date (then by when it was added). */
  latestArticles(limit: number, offset = 0): ArticleSummary[] {
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM articles ORDER BY COALESCE(published_at, added_at) DESC, id DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as Array<Omit<ArticleRow, "text">>;
    return rows.map(toSummary);
  }

  countArticles(): number {
    return this.db.prepare("SELECT COUNT(*) FROM articles").pluck().get() as number;
  }

  // ---- chunks and quotes ----

  getChunks(chunkIds: readonly number[]): Map<number, StoredChunk> {
    const result = new Map<number, StoredChunk>();
    const statement = this.db.prepare("SELECT id, article_id, seq, start, end FROM chunks WHERE id = ?");
    for (const id of chunkIds) {
      const row = statement.get(id) as { id: number; article_id: number; seq: number; start: number; end: number } | undefined;
      const article = row ? this.getArticle(row.article_id) : null;
      if (!row || !article) continue;
      result.set(id, { id, articleId: row.article_id, seq: row.seq, start: row.start, end: row.end, text: article.text.slice(row.start, row.end) });
    }
    return result;
  }

  chunksOf(articleId: number): StoredChunk[] {
    const article = this.getArticle(articleId);
    if (!article) return [];
    const rows = this.db.prepare("SELECT id, seq, start, end FROM chunks WHERE article_id = ? ORDER BY seq").all(articleId) as Array<{
      id: number;
      seq: number;
      start: number;
      end: number;
    }>;
    return rows.map((row) => ({ ...row, articleId, text: article.text.slice(row.start, row.end) }));
  }

  quotesOf(articleId: number): StoredQuote[] {
    const article = this.getArticle(articleId);
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

  /**
   * Replaces an article's quotes (re-attribution with newer rules), all at once; each must match the article text at
   * its offsets. False when there is no such article.
   */
  replaceQuotes(articleId: number, quotes: readonly QuoteSpan[]): boolean {
    const article = this.getArticle(articleId);
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

  /** Articles quoting a speaker whose name or role contains `name` (case-insensitive), newest first. */
  articlesQuoting(name: string, limit: number): number[] {
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

  /** BM25 over chunk text and article title. `match` is an FTS5 query expression (see search.ts for building one). */
  searchLexical(match: string, options: LexicalSearchOptions): LexicalHit[] {
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    const dates = options.dates ?? {};
    if (!dates.from && !dates.to) {
      return this.db
        .prepare(
          `SELECT f.rowid AS chunkId, c.article_id AS articleId, -bm25(chunks_fts, ?, ?) AS score
           FROM chunks_fts f JOIN chunks c ON c.id = f.rowid
           WHERE chunks_fts MATCH ?
           ORDER BY bm25(chunks_fts, ?, ?) LIMIT ?`,
        )
        .all(titleWeight, bodyWeight, match, titleWeight, bodyWeight, options.limit) as LexicalHit[];
    }
    // BM25 reads every scored row's column sizes, which is most of a search's cost. Filtering matches by date
    // after scoring them would score the whole library; instead the window's passages are listed first (a small
    // temporary table, through the publish-date index) and FTS5 is joined to them, so only those are scored.
    const range: string[] = [];
    const params: string[] = [];
    if (dates.from) {
      range.push("a.published_at >= ?");
      params.push(dates.from);
    }
    if (dates.to) {
      range.push("a.published_at <= ?");
      // A bare date as upper bound includes that whole day.
      params.push(dates.to.length === 10 ? `${dates.to}T99` : dates.to);
    }
    return this.db.transaction(() => {
      this.db.prepare("DELETE FROM temp.search_window").run();
      this.db
        .prepare(`INSERT INTO temp.search_window SELECT c.id, c.article_id FROM articles a JOIN chunks c ON c.article_id = a.id WHERE ${range.join(" AND ")}`)
        .run(...params);
      // CROSS JOIN keeps FTS5 as the outer loop: asked for one rowid at a time, it would be far slower.
      return this.db
        .prepare(
          `SELECT f.rowid AS chunkId, w.article_id AS articleId, -bm25(chunks_fts, ?, ?) AS score
           FROM chunks_fts f CROSS JOIN temp.search_window w ON w.chunk_id = f.rowid
           WHERE chunks_fts MATCH ?
           ORDER BY bm25(chunks_fts, ?, ?) LIMIT ?`,
        )
        .all(titleWeight, bodyWeight, match, titleWeight, bodyWeight, options.limit) as LexicalHit[];
    })();
  }

  /** Nearest chunks to a query vector, or [] when no vectors exist for that model or the index is still loading. */
  searchDense(vector: Float32Array, model: string, limit: number): VectorHit[] {
    return this.vectorIndex(model)?.search(vector, limit) ?? [];
  }

  // ---- embeddings ----

  /** The model whose vectors the library holds, set by the first stored vector. */
  get embeddingModel(): string | null {
    return (this.db.prepare("SELECT value FROM meta WHERE key = 'embedding_model'").pluck().get() as string | undefined) ?? null;
  }

  /** Chunks without a vector, oldest first: the backlog `verbatim reindex` works through. */
  pendingChunks(limit: number): StoredChunk[] {
    const ids = this.db
      .prepare("SELECT c.id FROM chunks c LEFT JOIN vectors v ON v.chunk_id = c.id WHERE v.chunk_id IS NULL ORDER BY c.id LIMIT ?")
      .pluck()
      .all(limit) as number[];
    return [...this.getChunks(ids).values()];
  }

  storeVectors(model: string, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): void {
    if (items.length === 0) return;
    this.requireModel(model, items[0]!.vector.length);
    const added: Array<{ label: number; vector: Float32Array; seq: number }> = [];
    this.db.transaction(() => {
      const insert = this.db.prepare("INSERT OR REPLACE INTO vectors (chunk_id, vector) VALUES (?, ?)");
      for (const { chunkId, vector } of items) {
        const seq = Number(insert.run(chunkId, toVectorBlob(vector)).lastInsertRowid);
        added.push({ label: chunkId, vector, seq });
      }
    })();
    this.vectorIndex(model)?.add(added);
  }

  /** Forgets every vector (another model is taking over); chunks become pending again. */
  clearVectors(): void {
    this.db.transaction(() => {
      this.db.exec("DELETE FROM vectors; DELETE FROM meta WHERE key IN ('embedding_model', 'embedding_dimensions')");
    })();
    this.vectors = null;
    this.pendingIndex = null;
  }

  private requireModel(model: string | undefined, dimensions: number): string {
    if (!model) throw new Error("vectors need the name of the model that made them");
    const current = this.embeddingModel;
    if (current === null) {
      const upsert = this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
      upsert.run("embedding_model", model);
      upsert.run("embedding_dimensions", String(dimensions));
    } else if (current !== model) {
      throw new Error(`the library holds vectors from ${current}, not ${model}: run \`verbatim reindex\` to switch models`);
    }
    return model;
  }

  /**
   * Starts reading the saved HNSW graph off the main thread, so that a large index does not hold up the first
   * answers (the bot calls this right after opening the library). Until it is ready, dense search finds nothing
   * (answers are lexical) and vectors stored meanwhile wait in SQLite; once read, the graph has the articles
   * removed meanwhile marked deleted and those vectors replayed, in slices between other work, before dense search
   * uses it. Resolves then, with its size and how long it took; with null when the library holds no vectors, or
   * when it was closed or its vectors cleared first. Rejects when the file cannot be read, leaving the library as
   * if no load had been started. Without this call (the CLI) the index is read synchronously on first use.
   */
  loadVectorIndexInBackground(): Promise<VectorIndexReady | null> {
    if (this.pendingIndex) return this.pendingIndex.done;
    const model = this.embeddingModel;
    if (model === null) return Promise.resolve(null);
    if (this.vectors?.model === model) return Promise.resolve({ vectors: this.vectors.size, ms: 0 });
    const removed = new Set<number>();
    const done = this.loadAndReplay(model, removed);
    this.pendingIndex = { removed, done };
    return done;
  }

  private async loadAndReplay(model: string, removed: Set<number>): Promise<VectorIndexReady | null> {
    const started = performance.now();
    // close() and clearVectors() drop the pending load; what it read is then thrown away.
    const wanted = (): boolean => this.pendingIndex?.removed === removed && this.db.open;
    try {
      const index = await VectorIndex.load(this.dataDir, model, this.embeddingDimensions());
      for (;;) {
        if (!wanted()) return null;
        // Removals before the replay: a chunk added since may have reused a removed chunk's id.
        if (removed.size > 0) {
          index.remove([...removed]);
          removed.clear();
        }
        if (this.replay(index, REPLAY_SLICE) === 0) break;
        await nextTurn();
      }
      this.vectors = index;
      this.pendingIndex = null;
      return { vectors: index.size, ms: performance.now() - started };
    } catch (error) {
      if (wanted()) this.pendingIndex = null;
      throw error;
    }
  }

  /**
   * The HNSW index for the library's model, loaded on first use and caught up with vectors stored since it was
   * last saved (after a crash, or vectors written by another process). None while a background load runs.
   */
  private vectorIndex(model: string): VectorIndex | null {
    if (this.embeddingModel !== model || this.pendingIndex) return null;
    if (!this.vectors || this.vectors.model !== model) {
      this.vectors = VectorIndex.open(this.dataDir, model, this.embeddingDimensions());
    }
    this.catchUp(this.vectors);
    return this.vectors;
  }

  private catchUp(index: VectorIndex): void {
    let replayed: number;
    do replayed = this.replay(index, 2000);
    while (replayed > 0);
  }

  private embeddingDimensions(): number {
    return Number(this.db.prepare("SELECT value FROM meta WHERE key = 'embedding_dimensions'").pluck().get());
  }

  /** Adds up to `limit` of the vectors stored after the newest one the index holds; returns how many. */
  private replay(index: VectorIndex, limit: number): number {
    const rows = this.db.prepare("SELECT seq, chunk_id, vector FROM vectors WHERE seq > ? ORDER BY seq LIMIT ?").all(index.seq, limit) as Array<{
      seq: number;
      chunk_id: number;
      vector: Buffer;
    }>;
    index.add(rows.map((row) => ({ label: row.chunk_id, vector: fromVectorBlob(row.vector), seq: row.seq })));
    return rows.length;
  }

  stats(): LibraryStats {
    const count = (sql: string): number => this.db.prepare(sql).pluck().get() as number;
    const chunks = count("SELECT COUNT(*) FROM chunks");
    const embeddedChunks = count("SELECT COUNT(*) FROM vectors");
    const range = this.db.prepare("SELECT MIN(published_at) AS oldest, MAX(published_at) AS newest FROM articles").get() as {
      oldest: string | null;
      newest: string | null;
    };
    const dbPath = join(this.dataDir, "library.db");
    return {
      articles: this.countArticles(),
      chunks,
      embeddedChunks,
      pendingChunks: chunks - embeddedChunks,
      quotes: count("SELECT COUNT(*) FROM quotes"),
      model: this.embeddingModel,
      indexedVectors: this.vectors?.size ?? savedIndexSize(this.dataDir),
      indexFileBytes: fileSizeOf(join(this.dataDir, VECTOR_INDEX_FILE)),
      databaseBytes: fileSizeOf(dbPath) + fileSizeOf(`${dbPath}-wal`),
      oldestPublished: range.oldest,
      newestPublished: range.newest,
    };
  }
}

function fileSizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
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
