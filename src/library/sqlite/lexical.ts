import type { Database } from "better-sqlite3";
import { publishedUntil, type LexicalHit, type LexicalQuery, type LexicalSearchOptions } from "../library.ts";
import { stemmedIndexText, stemmedLanguagesOf, stemmedQuery } from "../stemmed-words.ts";
import { FrequentTokens } from "./frequent-tokens.ts";
import { Fts5Scores, type IndexedPassage } from "./fts5-scores.ts";
import { Statements } from "./statements.ts";

/** A passage another index found, with its article and the text FTS5 indexed for it. */
export interface CandidatePassage extends IndexedPassage {
  articleId: number;
}

/**
 * Document frequencies kept in memory: a question's words are looked up again and again, and they drift slowly as
 * the library grows. Bounded, since every odd word asked about would otherwise stay for the life of the process.
 */
const FREQUENCY_CACHE_LIMIT = 50_000;

/** Quotes a term for FTS5 so that no word is read as an operator. */
function ftsTerm(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * An FTS5 expression matching any term or phrase: OR keeps recall high, BM25 ranks chunks with more (and
 * rarer) terms first, and a phrase listed as well counts again when its words stand together.
 */
export function ftsQuery(query: LexicalQuery): string | null {
  const parts = ftsPhrases(query).map(ftsTerm);
  return parts.length > 0 ? parts.join(" OR ") : null;
}

/** The phrases `ftsQuery` OR-s together, in its order: each of FTS5's BM25 sums is over them. */
function ftsPhrases(query: LexicalQuery): string[] {
  return [...query.terms, ...query.phrases.filter((p) => p.includes(" "))];
}

/**
 * Writes a passage's words to the index its article's language belongs in: `chunks_fts` (FTS5's Porter) for
 * English and languages without a stemmer here, `chunks_stemmed` (stems made by text/stemmers.ts) for the rest.
 */
export function chunkWordsWriter(db: Database): { add(chunkId: number, title: string, body: string, language: string | null): void; remove(chunkId: number): void } {
  const insertEnglish = db.prepare("INSERT INTO chunks_fts (rowid, title, body) VALUES (?, ?, ?)");
  const insertStemmed = db.prepare("INSERT INTO chunks_stemmed (rowid, title, body) VALUES (?, ?, ?)");
  const deleteEnglish = db.prepare("DELETE FROM chunks_fts WHERE rowid = ?");
  const deleteStemmed = db.prepare("DELETE FROM chunks_stemmed WHERE rowid = ?");
  return {
    add(chunkId, title, body, language) {
      const stemmedBody = stemmedIndexText(body, language);
      if (stemmedBody === null) insertEnglish.run(chunkId, title, body);
      else insertStemmed.run(chunkId, stemmedIndexText(title, language), stemmedBody);
    },
    remove(chunkId) {
      deleteEnglish.run(chunkId);
      deleteStemmed.run(chunkId);
    },
  };
}

export interface LexicalIndexOptions {
  /** Words whose frequencies are kept in memory (FREQUENCY_CACHE_LIMIT by default). */
  cacheLimit?: number;
  /** Passages from which frequent tokens are counted ahead, in the background (see FrequentTokens); never by default. */
  countAheadFromPassages?: number;
  /** Passages a token must be in to be counted ahead (FrequentTokens' own threshold by default). */
  countAheadFromDocs?: number;
  /** Hears why counting ahead failed. */
  warn?: (error: unknown) => void;
}

/** BM25 search over the FTS5 index of chunk text and titles, and the term statistics ranking needs. */
export class LexicalIndex {
  /** Passages holding each term or phrase: in the English index, and in the stemmed one as its languages' stems. */
  private readonly frequencies = new Map<string, { english: number; stemmed: number }>();
  private readonly statements: Statements;
  private passagesAtCache = 0;
  private languages: string[] | null = null;
  private readonly fts5Scores: Fts5Scores;
  private readonly cacheLimit: number;
  /** Frequent tokens' counts, walked once (null for a database in memory, which another thread cannot open). */
  private readonly frequent: FrequentTokens | null;
  private readonly countAheadFromPassages: number;

  constructor(
    private readonly db: Database,
    options: LexicalIndexOptions = {},
  ) {
    this.cacheLimit = options.cacheLimit ?? FREQUENCY_CACHE_LIMIT;
    this.frequent = db.memory ? null : new FrequentTokens(db.name, options.warn ?? (() => undefined), options.countAheadFromDocs);
    this.countAheadFromPassages = options.countAheadFromPassages ?? Number.POSITIVE_INFINITY;
    this.statements = new Statements(db);
    // Search fills a small temporary table per windowed question: made once per connection, kept off the disk.
    db.pragma("temp_store = MEMORY");
    db.exec("CREATE TEMP TABLE search_window (chunk_id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL)");
    db.exec("CREATE VIRTUAL TABLE temp.chunks_vocab USING fts5vocab(main, chunks_fts, row)");
    this.fts5Scores = new Fts5Scores(db, (phrase) => this.frequencyOf(phrase).english);
  }

  /**
   * BM25 hits from the English index and, when the library holds articles in other languages, from the stemmed
   * one, each list best first up to `limit`: their scores are comparable enough to interleave, and keeping each
   * index's own top list means English candidates are exactly what they were without other languages.
   */
  search(query: LexicalQuery, options: LexicalSearchOptions, englishCandidates?: readonly CandidatePassage[]): LexicalHit[] {
    const english = ftsQuery(query);
    const languages = this.stemmedLanguages();
    const stemmed = languages.length > 0 ? ftsQuery(stemmedQuery(query, languages)) : null;
    if (!english && !stemmed) return [];
    const dates = options.dates ?? {};
    // The English hits, when the index that stops early (lance-lexical.ts) found the candidates instead (within the
    // date window, when there is one): FTS5's own scores of those rank them.
    const rescored = (table: string): LexicalHit[] | null => (englishCandidates && table === "chunks_fts" ? this.rescore(query, englishCandidates, options) : null);
    if (!dates.from && !dates.to) return this.both(english, stemmed, (table, match) => rescored(table) ?? this.searchAll(table, match, options));
    // Only the stemmed index still needs the window's passages listed.
    if (englishCandidates && !stemmed) return english ? this.rescore(query, englishCandidates, options) : [];
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
      params.push(publishedUntil(dates.to));
    }
    return this.db.transaction(() => {
      this.statements.get("DELETE FROM temp.search_window").run();
      this.statements.get(`INSERT INTO temp.search_window SELECT c.id, c.article_id FROM articles a JOIN chunks c ON c.article_id = a.id WHERE ${range.join(" AND ")}`).run(...params);
      return this.both(english, stemmed, (table, match) => rescored(table) ?? this.searchWindow(table, match, options));
    })();
  }

  private both(english: string | null, stemmed: string | null, search: (table: string, match: string) => LexicalHit[]): LexicalHit[] {
    const hits = english ? search("chunks_fts", english) : [];
    if (!stemmed) return hits;
    return [...hits, ...search("chunks_stemmed", stemmed)].sort((a, b) => b.score - a.score);
  }

  private searchAll(table: string, match: string, options: LexicalSearchOptions): LexicalHit[] {
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    // Articles are looked up for the top hits only: joined in the query, every matching row was (about a tenth
    // of the query's time at 10k articles).
    const hits = this.statements.get(
      `SELECT rowid AS chunkId, -bm25(${table}, ?, ?) AS score
       FROM ${table}
       WHERE ${table} MATCH ?
       ORDER BY bm25(${table}, ?, ?) LIMIT ?`,
    ).all(titleWeight, bodyWeight, match, titleWeight, bodyWeight, options.limit) as Array<{ chunkId: number; score: number }>;
    return this.withArticles(hits);
  }

  private withArticles(hits: ReadonlyArray<{ chunkId: number; score: number }>): LexicalHit[] {
    const articleOf = this.statements.get("SELECT article_id FROM chunks WHERE id = ?").pluck();
    return hits.flatMap(({ chunkId, score }) => {
      const articleId = articleOf.get(chunkId) as number | undefined;
      return articleId === undefined ? [] : [{ chunkId, articleId, score }];
    });
  }

  /**
   * The best `options.limit` of candidates another index found, by FTS5's own BM25 (fts5-scores.ts): where those
   * candidates hold FTS5's top list, the hits are exactly `searchAll`'s, order and scores alike. Ties go to the
   * lower id, as FTS5 meets rows in id order.
   */
  private rescore(query: LexicalQuery, passages: readonly CandidatePassage[], options: LexicalSearchOptions): LexicalHit[] {
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    // Drops the phrases' cached counts once the library has grown past them (see passageCount).
    this.passageCount();
    const scores = this.fts5Scores.scores(ftsPhrases(query), passages, [titleWeight, bodyWeight]);
    return passages
      .flatMap(({ id, articleId }) => {
        const score = scores.get(id);
        return score === undefined ? [] : [{ chunkId: id, articleId, score }];
      })
      .sort((a, b) => b.score - a.score || a.chunkId - b.chunkId)
      .slice(0, options.limit);
  }

  private searchWindow(table: string, match: string, options: LexicalSearchOptions): LexicalHit[] {
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    // CROSS JOIN keeps FTS5 as the outer loop: asked for one rowid at a time, it would be far slower.
    return this.statements.get(
      `SELECT f.rowid AS chunkId, w.article_id AS articleId, -bm25(${table}, ?, ?) AS score
       FROM ${table} f CROSS JOIN temp.search_window w ON w.chunk_id = f.rowid
       WHERE ${table} MATCH ?
       ORDER BY bm25(${table}, ?, ?) LIMIT ?`,
    ).all(titleWeight, bodyWeight, match, titleWeight, bodyWeight, options.limit) as LexicalHit[];
  }

  /** The languages the stemmed index holds articles in; asked again after an article is added. */
  stemmedLanguages(): string[] {
    this.languages ??= stemmedLanguagesOf(this.statements.get("SELECT DISTINCT language FROM articles").pluck().all() as Array<string | null>);
    return this.languages;
  }

  /** Call after storing an article: it may be in a language the library did not hold. */
  articleAdded(language: string | null): void {
    const [stemmed] = stemmedLanguagesOf([language]);
    if (stemmed && this.languages && !this.languages.includes(stemmed)) this.languages = [...this.languages, stemmed];
  }

  /** Call after storing articles in bulk. */
  articlesAdded(): void {
    this.languages = null;
  }

  /** The highest chunk id: cheap, and exact enough for IDF (ids are never reused). */
  passageCount(): number {
    const count = (this.statements.get("SELECT MAX(id) FROM chunks").pluck().get() as number | null) ?? 0;
    // Frequencies cached at a much smaller library would understate every word's spread.
    if (count > this.passagesAtCache * 1.1 || count < this.passagesAtCache) {
      this.frequencies.clear();
      this.frequent?.recount();
      this.passagesAtCache = count;
    }
    return count;
  }

  /**
   * Resolves once the library's frequent tokens are counted, where it is large enough for that (started now if
   * not yet): until then each word is counted when asked, as in a smaller library.
   */
  countedAhead(): Promise<void> {
    this.passageCount();
    return this.countsAhead() ? this.frequent!.count() : Promise.resolve();
  }

  private countsAhead(): boolean {
    return this.frequent !== null && this.passagesAtCache >= this.countAheadFromPassages;
  }

  /** Passages holding each term: in the English index as written, in the stemmed one as any of its languages' stems. */
  documentFrequencies(terms: readonly string[]): Map<string, number> {
    this.passageCount();
    const result = new Map<string, number>();
    for (const term of terms) {
      const { english, stemmed } = this.frequencyOf(term);
      result.set(term, english + stemmed);
    }
    return result;
  }

  /** The postings FTS5's whole-library English query scores: over its parts, the passages holding each. */
  postings(query: LexicalQuery): number {
    this.passageCount();
    return ftsPhrases(query).reduce((sum, part) => sum + this.frequencyOf(part).english, 0);
  }

  private frequencyOf(term: string): { english: number; stemmed: number } {
    let df = this.frequencies.get(term);
    if (df === undefined) {
      const languages = this.stemmedLanguages();
      const stemmedMatch = languages.length > 0 ? ftsQuery(stemmedQuery({ terms: [term], phrases: [] }, languages)) : null;
      df = {
        english: this.englishFrequency(term),
        stemmed: stemmedMatch ? (this.statements.get("SELECT COUNT(*) FROM chunks_stemmed WHERE chunks_stemmed MATCH ?").pluck().get(stemmedMatch) as number) : 0,
      };
      if (this.frequencies.size >= this.cacheLimit) this.frequencies.delete(this.frequencies.keys().next().value as string);
      this.frequencies.set(term, df);
    }
    return df;
  }

  /**
   * Passages of the English index holding `term`, as its MATCH would find them. A term FTS5 makes one token of is
   * counted by fts5vocab, which walks the token's postings inside FTS5 instead of handing each matching row to
   * SQLite to count: four times faster at 100k articles (11 against 47 ms for "said", in 603,031 passages). A
   * term of several tokens is a phrase, counted as matched.
   */
  private englishFrequency(term: string): number {
    const [tokens = []] = this.fts5Scores.tokensOf([term]);
    if (tokens.length === 1) {
      const [token] = tokens as [string];
      if (this.countsAhead()) {
        void this.frequent!.count();
        const counted = this.frequent!.docs(token);
        if (counted !== undefined) return counted;
      }
      return (this.statements.get("SELECT doc FROM temp.chunks_vocab WHERE term = ?").pluck().get(token) as number | undefined) ?? 0;
    }
    return this.statements.get("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?").pluck().get(ftsTerm(term)) as number;
  }

  /** How many words' frequencies are held in memory. */
  get cachedTerms(): number {
    return this.frequencies.size;
  }

  /** Stops a count ahead that is still walking. */
  async close(): Promise<void> {
    await this.frequent?.close();
  }
}
