import type Database from "better-sqlite3";
import type { LexicalHit, LexicalQuery, LexicalSearchOptions } from "../library.ts";
import type { Logger } from "../../logger.ts";
import { isStemmedLanguage } from "../stemmed-words.ts";
import { indexedText, LanceLexical, lexicalIndexDir, TITLE_WEIGHT, type LoadLance } from "./lance-lexical.ts";
import { LexicalIndex, type CandidatePassage } from "./lexical.ts";

/**
 * Where English BM25 queries run: "fts5", SQLite's FTS5 alone; "lancedb", LanceDB's full-text index kept beside the
 * database (lance-lexical.ts) for the queries FTS5 would be slow at; "auto", LanceDB's only once the library
 * is large enough for such queries to be asked (AUTO_FROM_PASSAGES).
 */
export type LexicalIndexChoice = "auto" | "lancedb" | "fts5";

export interface LexicalRouterOptions {
  /** See LexicalIndexChoice; "fts5" by default. */
  lexicalIndex?: LexicalIndexChoice;
  /** Hears about the full-text index being rebuilt or unavailable. */
  logger?: Pick<Logger, "warn" | "info">;
  /** Loads LanceDB; tests replace it to stand for a machine where it cannot load. */
  loadLance?: LoadLance;
  /** Postings a query must reach before LanceDB is asked (see EARLY_FROM_POSTINGS); tests set 0 to ask it always. */
  lexicalIndexFromPostings?: number;
  /** Passages from which "auto" keeps the LanceDB index and common words are counted ahead (see AUTO_FROM_PASSAGES); tests set it low. */
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
 * The SQLite library's BM25 search: FTS5 answers every query, except that an English query over the whole library
 * with enough postings takes its candidates from LanceDB's index, which stops early, when that index is kept
 * (see LexicalIndexChoice) and caught up. The router keeps that index in step with the library's passages.
 */
export class LexicalRouter {
  readonly fts5: LexicalIndex;
  /** The whole-library English query's index that stops early, when configured and the folder is writable. */
  private readonly earlyIndex: LanceLexical | null;
  private readonly earlyFromPostings: number;

  /**
   * `readOnly`: the library is read from a copy; `candidatePassages` reads LanceDB's candidates' texts for FTS5 to
   * rescore.
   */
  constructor(
    db: Database.Database,
    dataDir: string,
    readOnly: boolean,
    private readonly candidatePassages: (chunkIds: readonly number[]) => CandidatePassage[],
    options: LexicalRouterOptions = {},
  ) {
    const logger = options.logger ?? SILENT;
    const large = options.lexicalIndexFromPassages ?? AUTO_FROM_PASSAGES;
    // A library large enough for an index that stops early is large enough for its common words to be costly to
    // count one by one: they are counted ahead, whichever index answers.
    this.fts5 = new LexicalIndex(db, { countAheadFromPassages: large, warn: (error) => logger.warn({ err: error }, "counting the library's common words failed: each is counted when asked") });
    // A read-only library answers from FTS5: its index could not be caught up or rebuilt.
    const early = options.lexicalIndex === "lancedb" || (options.lexicalIndex === "auto" && this.fts5.passageCount() >= large);
    this.earlyIndex = early && !readOnly ? new LanceLexical(db, lexicalIndexDir(dataDir), logger, options.loadLance) : null;
    this.earlyFromPostings = options.lexicalIndexFromPostings ?? EARLY_FROM_POSTINGS;
  }

  /**
   * Starts the full-text index's catch-up (else begun by the first search or write) and the count of the library's
   * common words (else begun by the first question), and resolves once both are done: true when the whole-library
   * query uses it from then on, false when it answers from FTS5 (not configured, or LanceDB unavailable here).
   */
  async ready(): Promise<boolean> {
    const [early] = await Promise.all([this.earlyIndex?.ready() ?? false, this.fts5.countedAhead()]);
    return early;
  }

  async search(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    // The index weighs titles one way, fixed when it was written: other weights are FTS5's to apply.
    // FTS5 walks every posting of the query's parts, in the date window or not: below EARLY_FROM_POSTINGS it is the quicker.
    const early = this.earlyIndex && titleWeight === TITLE_WEIGHT * bodyWeight && this.fts5.postings(query) >= this.earlyFromPostings;
    // LanceDB's BM25 differs from FTS5's a little (its IDF, and the title repeated in one column): it is asked for
    // more candidates than wanted, and FTS5's own scores of those pick and order the best (LexicalIndex.rescore).
    const englishHits = early ? await this.earlyIndex!.search(query, options.limit * EARLY_CANDIDATES_PER_HIT, options.dates) : null;
    return this.fts5.search(query, options, englishHits ? this.candidatePassages(englishHits.map((hit) => hit.chunkId)) : undefined);
  }

  /** An article's passages were stored (FTS5 holds them already): LanceDB's index gets the English ones. */
  articleAdded(language: string | null, title: string, passages: ReadonlyArray<{ id: number; text: string }>, published: string | null): void {
    this.fts5.articleAdded(language);
    if (this.earlyIndex && !isStemmedLanguage(language)) this.earlyIndex.added(passages.map(({ id, text }) => ({ id, text: indexedText(title, text), published })));
  }

  articleRemoved(chunkIds: readonly number[]): void {
    this.earlyIndex?.removed(chunkIds);
  }

  /** Articles were stored in bulk: LanceDB's index reads them from SQLite when it next catches up. */
  articlesImported(): void {
    this.fts5.articlesAdded();
    this.earlyIndex?.catchUpLater();
  }

  async save(): Promise<void> {
    await this.earlyIndex?.save();
  }

  async close(): Promise<void> {
    await Promise.all([this.earlyIndex?.close(), this.fts5.close()]);
  }
}
