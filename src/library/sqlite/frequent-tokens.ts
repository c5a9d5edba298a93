import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/**
 * Tokens held by at least this many passages are counted ahead. Counting a token when asked walks its postings,
 * about 18 µs per thousand on this machine (11 ms for "said" in 603,031 passages): below this it costs under
 * 0.05 ms and is left to be asked.
 */
const COUNT_AHEAD_FROM_DOCS = 2_000;

/**
 * Run in a worker thread, over its own read-only connection: FTS5's vocabulary walk reads the whole index (4.5 s
 * at a million passages) and would hold the event loop, and every answer with it, for that long.
 */
const COUNT_TOKENS = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: true, fileMustExist: true });
try {
  db.exec("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, chunks_fts, row)");
  const tokens = [];
  const docs = [];
  for (const row of db.prepare("SELECT term, doc FROM temp.vocabulary").iterate()) {
    if (row.doc < workerData.fromDocs) continue;
    tokens.push(row.term);
    docs.push(row.doc);
  }
  parentPort.postMessage({ tokens, docs });
} finally {
  db.close();
}
`;

/**
 * How many passages of the English index hold each of its frequent tokens, counted in one walk of FTS5's
 * vocabulary in the background. A question's common words are the costly ones to count one by one (at 100k
 * articles, 18% of a fresh process's CPU over 100 dev questions went to it), and they are the same few thousand
 * tokens for every question. The counts are as of the walk: the caller starts a new one (`recount`) when it
 * would drop the counts it keeps itself, once the library has grown by a tenth.
 */
export class FrequentTokens {
  private counts: Map<string, number> | null = null;
  private counting: Promise<void> | null = null;
  private worker: Worker | null = null;
  private closed = false;

  /**
   * `path`: the database file; `warn` hears why counting failed (asking token by token goes on then); `fromDocs`:
   * the passages a token must be in to be counted.
   */
  constructor(
    private readonly path: string,
    private readonly warn: (error: unknown) => void,
    private readonly fromDocs = COUNT_AHEAD_FROM_DOCS,
  ) {}

  /** Passages holding `token`, when the last walk found it frequent; undefined otherwise (or before it ends). */
  docs(token: string): number | undefined {
    return this.counts?.get(token);
  }

  /** Starts a walk unless one is running or done, and resolves when it has ended (failed walks included). */
  count(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.counting ??= this.walk();
    return this.counting;
  }

  /** Forgets the counts; the next `count` walks again. */
  recount(): void {
    void this.forget();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.forget();
  }

  /** Drops the counts and stops a walk still running (its end then changes nothing). */
  private forget(): Promise<unknown> {
    const worker = this.worker;
    this.counts = null;
    this.counting = null;
    this.worker = null;
    return worker?.terminate() ?? Promise.resolve();
  }

  private walk(): Promise<void> {
    const worker = new Worker(COUNT_TOKENS, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve("better-sqlite3"), path: this.path, fromDocs: this.fromDocs },
    });
    this.worker = worker;
    // The walk only reads: it must not keep the process alive at exit.
    worker.unref();
    return new Promise<void>((resolve) => {
      worker.once("message", ({ tokens, docs }: { tokens: string[]; docs: number[] }) => {
        if (this.worker === worker) this.counts = new Map(tokens.map((token, i) => [token, docs[i]!]));
        resolve();
      });
      worker.once("error", (error) => {
        if (this.worker === worker) this.warn(error);
        resolve();
      });
      worker.once("exit", () => {
        if (this.worker === worker) this.worker = null;
        resolve();
      });
    });
  }
}
