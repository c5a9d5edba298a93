import { rmSync } from "node:fs";
import { join } from "node:path";
import type * as Arrow from "apache-arrow";
import type * as Lance from "@lancedb/lancedb";
import type { Database } from "better-sqlite3";
import type { Logger } from "../../logger.ts";
import { publishedUntil, type DateRange, type LexicalQuery } from "../library.ts";

/** The folder, beside library.db, holding the LanceDB table and its full-text index. */
export const LEXICAL_INDEX_DIR = "lexical.lance";
const TABLE = "passages";
/**
 * How many times a passage's article title is written before its text: BM25 then counts a title word three
 * times, as FTS5's column weights 3 : 1 (retrieval/search.ts) do. LanceDB's multi-column query scores each column
 * on its own instead; repeating the title keeps one index and FTS5's way of counting.
 */
export const TITLE_WEIGHT = 3;
/** Passages added since the last fold before another runs in the background (about 200 articles). */
const FOLD_EVERY = 2_000;
/**
 * How long a replaced version's files outlive it. Deleting them at once (cleanupOlderThan: now) failed a search
 * that was reading them while a fold ran ("Not found: …/part_1_docs.lance").
 */
const KEEP_OLD_VERSIONS_MS = 10 * 60_000;
/** Passages read from SQLite and written to LanceDB at once while catching up. */
const WRITE_BATCH = 5_000;

/**
 * How long a LanceDB call may take before the index is given up for the run. LanceDB 0.31's index updates were
 * seen to stall now and then on this 2-core machine (every thread parked, as lance-format/lance#7439 describes):
 * a stalled call must not hold up adding articles, answering or closing, so it is abandoned and FTS5 answers.
 */
export interface StallLimits {
  /** The first catch-up, which builds the whole index when there is none (about 6 minutes for a million passages). */
  startMs: number;
  /** One queued write: an append, a deletion, a fold. */
  writeMs: number;
  searchMs: number;
}
const STALL_LIMITS: StallLimits = { startMs: 30 * 60_000, writeMs: 10 * 60_000, searchMs: 10_000 };

/** The promise's outcome, or a rejection once `ms` have passed (the call itself cannot be cancelled). */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`LanceDB ${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, stalled]).finally(() => clearTimeout(timer));
}

export interface LanceModules {
  lance: typeof Lance;
  arrow: typeof Arrow;
}
/** Loads the packages; replaced in tests to stand for a machine where their native part cannot load. */
export type LoadLance = () => Promise<LanceModules>;

/**
 * Threads in LanceDB's CPU pool, unless LANCE_CPU_THREADS says otherwise. Its default, one per core, deadlocked
 * building and updating the full-text index on this 2-core machine (every thread parked, the call never
 * returning: both builds of the 10k library's index, and a fold during an evaluation's ingest); with 8 the same
 * build finished each time. Read once, when the pool starts.
 */
const LANCE_CPU_THREADS = "8";

export const loadLance: LoadLance = async () => {
  // Set before the package loads: LanceDB reads it from the environment, not from an option.
  process.env.LANCE_CPU_THREADS ??= LANCE_CPU_THREADS;
  return { lance: await import("@lancedb/lancedb"), arrow: await import("apache-arrow") };
};

/** A passage as the index holds it: its article's title (weighted by repetition), then its text. */
export function indexedText(title: string, body: string): string {
  return `${`${title}\n`.repeat(TITLE_WEIGHT)}${body}`;
}

/**
 * A row of the index: the passage's id, its indexed text, and its article's `published_at` as SQLite holds it
 * (an article's date never changes once stored), so that a question's date window filters LanceDB's search
 * before ranking, as the window's temporary table does for FTS5. A type, not an interface: LanceDB takes rows as
 * records, and only a type alias is assignable to one.
 */
export type IndexedRow = {
  id: number;
  text: string;
  published: string | null;
};

/**
 * A date window as a LanceDB filter, compared as text exactly as SQLite compares `published_at` (lexical/FTS5's
 * window). The bounds are ISO dates or times, checked so that nothing else reaches the filter's SQL.
 */
export function windowFilter(dates: DateRange): string | null {
  const bounds: string[] = [];
  const literal = (value: string): string => {
    if (!/^[0-9T:.+Z-]+$/.test(value)) throw new Error(`not a date: ${value}`);
    return `'${value}'`;
  };
  if (dates.from) bounds.push(`published >= ${literal(dates.from)}`);
  if (dates.to) bounds.push(`published <= ${literal(publishedUntil(dates.to))}`);
  return bounds.length > 0 ? bounds.join(" AND ") : null;
}

/**
 * The whole-library English BM25 query on LanceDB's full-text index, which stops early (block-max WAND): its cost
 * follows the top-k, not how many passages share a word, where FTS5's `ORDER BY bm25()` scores every match.
 *
 * Derived data beside SQLite, like the vector index: it holds exactly the rows of `chunks_fts` (English and
 * languages without a stemmer here), is caught up from SQLite after every opening (ids compared; missing passages
 * written, stale ones deleted), and rebuilt when it cannot be read. Until it is ready, or when the package cannot
 * load, `search` returns null and the caller asks FTS5. A new article's passages are appended at once (LanceDB
 * searches rows written since the last index update without the index) and folded into the index in the
 * background by `optimize()`, every FOLD_EVERY passages and when the library saves its indexes, so adding one
 * article costs the same however large the library. All writes run one after another on one queue.
 */
export class LanceLexical {
  private modules: LanceModules | null = null;
  private connection: Lance.Connection | null = null;
  /** Null until the first catch-up has ended, and for good when it failed. */
  private table: Lance.Table | null = null;
  private indexName: string | null = null;
  /** A write failed: the index may miss rows SQLite holds, so it is not searched again until the next start. */
  private failed = false;
  private closing = false;
  /** The highest passage id the last catch-up read from SQLite: appends at or below it were written by it. */
  private caughtUpTo = 0;
  private unfolded = 0;
  /** Appends, deletions and catch-ups queued but not yet written: until they are, SQLite holds what the index does not. */
  private pending = 0;
  /** Passages stored in SQLite waiting for the queued append that will write them all. */
  private appending: IndexedRow[] = [];
  private folding = false;
  private queue: Promise<void> = Promise.resolve();
  private starting: Promise<boolean> | null = null;

  constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly logger: Pick<Logger, "warn" | "info">,
    private readonly load: LoadLance = loadLance,
    private readonly limits: StallLimits = STALL_LIMITS,
  ) {}

  /**
   * Starts the first catch-up unless it has begun: on the first search or write, so that commands which neither
   * search nor add (stats, backup) never wait for it. Settles when it has ended: true when searches use the index.
   */
  ready(): Promise<boolean> {
    this.starting ??= this.start(this.load).then(() => this.usable);
    return this.starting;
  }

  private get usable(): boolean {
    return this.table !== null && this.indexName !== null && !this.failed && !this.closing;
  }

  private get searchable(): boolean {
    return this.usable && this.pending === 0;
  }

  private async start(load: LoadLance): Promise<void> {
    try {
      this.modules = await load();
    } catch (error) {
      this.logger.warn({ err: error }, "the LanceDB full-text index cannot load here: lexical search uses FTS5 alone");
      return;
    }
    try {
      this.table = await within(this.openAndCatchUp(), this.limits.startMs, "catch-up");
    } catch (error) {
      this.logger.warn({ err: error, dir: this.dir }, "the full-text index could not be read: rebuilding it from the library");
      try {
        this.release();
        rmSync(this.dir, { recursive: true, force: true });
        this.table = await within(this.openAndCatchUp(), this.limits.startMs, "rebuild");
      } catch (again) {
        this.release();
        this.logger.warn({ err: again, dir: this.dir }, "the full-text index could not be rebuilt: lexical search uses FTS5 alone");
      }
    }
  }

  private async openAndCatchUp(): Promise<Lance.Table> {
    this.indexName = null;
    this.connection = await this.modules!.lance.connect(this.dir);
    const table = await this.openTable(this.connection);
    try {
      const index = (await table.listIndices()).find((config) => config.columns.includes("text"));
      this.indexName = index?.name ?? null;
      this.unfolded = this.indexName ? ((await table.indexStats(this.indexName))?.numUnindexedRows ?? 0) : 0;
      this.unfolded += await this.catchUp(table);
      if (this.indexName ? this.unfolded >= FOLD_EVERY : (await table.countRows()) > 0) await this.fold(table);
      if (this.indexName) await this.indexDates(table);
      // Reads the index's files: a damaged one throws here, and the caller rebuilds it.
      if (this.indexName) await this.query(table, { terms: ["the"], phrases: [] }, 1);
      return table;
    } catch (error) {
      table.close();
      throw error;
    }
  }

  /** The table, made anew when there is none or when it was written before passages carried their publish dates. */
  private async openTable(connection: Lance.Connection): Promise<Lance.Table> {
    const { arrow } = this.modules!;
    if ((await connection.tableNames()).includes(TABLE)) {
      const table = await connection.openTable(TABLE);
      if ((await table.schema()).fields.some((field) => field.name === "published")) return table;
      table.close();
      this.logger.info({ dir: this.dir }, "the full-text index predates publish dates: rebuilding it from the library");
      await connection.dropTable(TABLE);
    }
    const fields = [new arrow.Field("id", new arrow.Float64(), false), new arrow.Field("text", new arrow.Utf8(), false), new arrow.Field("published", new arrow.Utf8(), true)];
    return connection.createEmptyTable(TABLE, new arrow.Schema(fields));
  }

  private release(): void {
    this.table?.close();
    this.connection?.close();
    this.table = null;
    this.connection = null;
  }

  /** Brings the table to exactly the passages of SQLite's English index, comparing ids; returns how many it wrote. */
  private async catchUp(table: Lance.Table): Promise<number> {
    const column = (await table.query().select(["id"]).toArrow()).getChild("id");
    const stored = column ? Array.from(column.toArray() as Float64Array).sort((a, b) => a - b) : [];
    const wanted = this.db.prepare("SELECT rowid FROM chunks_fts ORDER BY rowid").pluck().all() as number[];
    this.caughtUpTo = wanted.at(-1) ?? 0;
    const missing: number[] = [];
    const stale: number[] = [];
    let i = 0;
    let j = 0;
    while (i < wanted.length || j < stored.length) {
      const want = wanted[i];
      const have = stored[j];
      if (have === undefined || (want !== undefined && want < have)) {
        missing.push(want!);
        i++;
      } else if (want === undefined || have < want) {
        stale.push(have);
        j++;
      } else {
        i++;
        j++;
      }
    }
    for (let k = 0; k < stale.length && !this.closing; k += WRITE_BATCH) await table.delete(`id IN (${stale.slice(k, k + WRITE_BATCH).join(",")})`);
    for (let k = 0; k < missing.length && !this.closing; k += WRITE_BATCH) await table.add(this.passages(missing.slice(k, k + WRITE_BATCH)));
    if (missing.length + stale.length > 0) this.logger.info({ added: missing.length, deleted: stale.length }, "full-text index caught up with the library");
    return missing.length;
  }

  /** These passages as the index holds them; each article is read once. */
  private passages(ids: readonly number[]): IndexedRow[] {
    const chunk = this.db.prepare("SELECT article_id AS articleId, start, end FROM chunks WHERE id = ?");
    const article = this.db.prepare("SELECT title, text, published_at AS published FROM articles WHERE id = ?");
    const articles = new Map<number, { title: string; text: string; published: string | null }>();
    return ids.flatMap((id) => {
      const row = chunk.get(id) as { articleId: number; start: number; end: number } | undefined;
      if (!row) return [];
      let source = articles.get(row.articleId);
      if (!source) {
        source = article.get(row.articleId) as { title: string; text: string; published: string | null };
        articles.set(row.articleId, source);
      }
      return [{ id, text: indexedText(source.title, source.text.slice(row.start, row.end)), published: source.published }];
    });
  }

  /** Indexes what was written since the last fold: the first time it builds the index over the whole table. */
  private async fold(table: Lance.Table): Promise<void> {
    if (this.indexName) {
      // Files of versions replaced in the last minutes are kept: a search begun before the fold may still read them.
      await table.optimize({ cleanupOlderThan: new Date(Date.now() - KEEP_OLD_VERSIONS_MS) });
    } else {
      await table.createIndex("text", {
        config: this.modules!.lance.Index.fts({
          // FTS5's tokenizing as near as LanceDB offers: lower case, English stemming, diacritics folded, every word kept.
          baseTokenizer: "simple",
          lowercase: true,
          stem: true,
          language: "English",
          removeStopWords: false,
          asciiFolding: true,
          withPosition: false,
        }),
      });
      this.indexName = (await table.listIndices()).find((config) => config.columns.includes("text"))?.name ?? null;
      await this.indexDates(table);
    }
    this.unfolded = 0;
  }

  /**
   * A B-tree over publish dates, for the date window's filter, which LanceDB applies before it ranks: without it
   * every query of a window read the whole `published` column (at 10k articles, 100 bench questions side by side:
   * answers p50 0.81×, p95 0.88×, every answer the same; the window's query found the same passages, same scores).
   * `optimize()` keeps it up to date with the text index; an index built before it existed gets it when opened.
   */
  private async indexDates(table: Lance.Table): Promise<void> {
    if ((await table.listIndices()).some((config) => config.columns.includes("published"))) return;
    await table.createIndex("published", { config: this.modules!.lance.Index.btree() });
  }

  /**
   * Runs a write after those queued before it; a failed one stops searches until the next start catches up. A
   * change of the library's passages (`changes`) makes searches go to FTS5 until it is written, so an article is
   * found the moment it is stored, and a removed one is not.
   */
  private enqueue(step: (table: Lance.Table) => Promise<void>, changes = true): Promise<void> {
    if (changes) this.pending++;
    const started = this.ready();
    this.queue = this.queue.then(async () => {
      await started;
      try {
        if (this.table !== null && !this.failed && !this.closing) await within(step(this.table), this.limits.writeMs, "write");
      } catch (error) {
        this.failed = true;
        this.logger.warn({ err: error }, "the full-text index could not be updated: lexical search uses FTS5 until the next start");
      } finally {
        if (changes) this.pending--;
      }
    });
    return this.queue;
  }

  /** Appends an article's passages (already committed to SQLite); folded into the index later, in the background. */
  added(rows: readonly IndexedRow[]): void {
    if (rows.length === 0) return;
    const flushing = this.appending.length > 0;
    this.appending.push(...rows);
    // One LanceDB write (a new version of the table) takes tens of milliseconds: articles stored while one is
    // queued join it, so a bulk ingest writes many at once instead of falling behind.
    if (flushing) return;
    void this.enqueue(async (table) => {
      const fresh = this.appending.filter((row) => row.id > this.caughtUpTo);
      this.appending = [];
      if (fresh.length === 0) return;
      await table.add(fresh);
      this.unfolded += fresh.length;
      // Folded after the append is counted as written: searches go on meanwhile, on the index as it was.
      if (this.unfolded >= FOLD_EVERY && !this.folding) {
        this.folding = true;
        void this.enqueue((t) => this.fold(t).finally(() => (this.folding = false)), false);
      }
    });
  }

  /** Deletes removed passages, so that they are never found again. */
  removed(ids: readonly number[]): void {
    if (ids.length > 0) void this.enqueue(async (table) => void (await table.delete(`id IN (${ids.join(",")})`)));
  }

  /** Compares with SQLite again, after articles were stored in bulk. */
  catchUpLater(): void {
    void this.enqueue(async (table) => {
      this.unfolded += await this.catchUp(table);
    });
  }

  /** Folds whatever was appended into the index, after the writes queued before; resolves when done. */
  save(): Promise<void> {
    return this.enqueue(async (table) => {
      if (this.unfolded > 0 || (!this.indexName && (await table.countRows()) > 0)) await this.fold(table);
    }, false);
  }

  /**
   * The best passages for any of the query's words, best first, scored by LanceDB's BM25 (higher is better), or
   * null when the index cannot answer (not caught up yet, failed, closed, or the library is empty): the caller
   * then asks FTS5. Phrases are not asked for (they need positions, which would double the index): their words
   * are among the terms, and ranking's phrase feature still finds them standing together. With `dates`, only
   * passages of articles published in that window are ranked (LanceDB filters before it ranks).
   */
  async search(query: LexicalQuery, limit: number, dates: DateRange = {}): Promise<Array<{ chunkId: number; score: number }> | null> {
    if (!this.starting) void this.ready();
    if (!this.searchable || query.terms.length === 0) return null;
    const filter = windowFilter(dates);
    try {
      return await within(this.query(this.table!, query, limit, filter), this.limits.searchMs, "search");
    } catch (error) {
      this.failed = true;
      this.logger.warn({ err: error }, "the full-text index failed a search: lexical search uses FTS5 until the next start");
      return null;
    }
  }

  private async query(table: Lance.Table, query: LexicalQuery, limit: number, filter: string | null = null): Promise<Array<{ chunkId: number; score: number }>> {
    const { lance } = this.modules!;
    const match = new lance.MatchQuery(query.terms.join(" "), "text", { operator: lance.Operator.Or });
    const search = table.query().fullTextSearch(match);
    const rows = (await (filter ? search.where(filter) : search).select(["id", "_score"]).limit(limit).toArray()) as Array<{ id: number; _score: number }>;
    return rows.map((row) => ({ chunkId: Number(row.id), score: row._score }));
  }

  /** Waits for queued writes (a catch-up in progress stops at its next batch) and releases the files. */
  async close(): Promise<void> {
    this.closing = true;
    await this.starting;
    await this.queue;
    this.release();
  }
}

/** Where a library's full-text index lives. */
export function lexicalIndexDir(dataDir: string): string {
  return join(dataDir, LEXICAL_INDEX_DIR);
}
