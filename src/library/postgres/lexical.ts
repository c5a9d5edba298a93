import type { Pool, PoolClient } from "pg";
import type { ChunkSpan } from "../article.ts";
import { publishedUntil, type LexicalHit, type LexicalQuery, type LexicalSearchOptions } from "../library.ts";
import { stemmedIndexText, stemmedLanguagesOf, stemmedQuery } from "../stemmed-words.ts";

/**
 * The text search configurations passages and questions are read with. English articles (and those in a
 * language no stemmer here covers): English stemming (Snowball), as the SQLite library's Porter stemmer does, so
 * both libraries match the same words. Other languages' passages are stored as the stems verbatim makes (see
 * stemmed-words.ts, shared with the SQLite library) and read with 'simple', which only splits and lowercases;
 * `chunks.stemmed` tells the two kinds of rows apart.
 */
type Config = "english" | "simple";

/**
 * The tsquery of a term or phrase, the same in search and in document frequencies: a phrase must match as a
 * phrase, and a single word is matched by its stem either way.
 */
function tsquery(config: Config, placeholder: string): string {
  return `phraseto_tsquery('${config}', ${placeholder})`;
}

/** Which rows a configuration's questions are matched against. */
function rowsOf(config: Config): string {
  return config === "english" ? "NOT c.stemmed" : "c.stemmed";
}

/** Languages held are asked again after this long: another worker may have stored the first article in a new one. */
const LANGUAGES_TTL_MS = 60_000;

/**
 * Lexical search with PostgreSQL full-text search. Each passage's words (its article's title weighted A, its
 * text B) are one tsvector with a GIN index. PostgreSQL's ts_rank knows nothing of how rare a word is, so the
 * score is BM25-like: ts_rank per term or phrase (length-normalised), each weighted by its IDF, summed.
 */
export class LexicalSearch {
  private readonly frequencies = new Map<string, number>();
  private passagesWhenCounted = 0;
  private languages: { list: string[]; at: number } | null = null;

  constructor(private readonly pool: Pool) {}

  /** Stores an article's passages with their words, under the ids given (a copy) or new ones; returns their ids in order. */
  async insertChunks(client: PoolClient, articleId: number, title: string, language: string | null, chunks: ReadonlyArray<ChunkSpan & { id?: number }>): Promise<number[]> {
    const stemmedTitle = stemmedIndexText(title, language);
    const stemmed = stemmedTitle !== null;
    const config: Config = stemmed ? "simple" : "english";
    const bodies = chunks.map((c) => (stemmed ? stemmedIndexText(c.text, language)! : c.text));
    const { rows } = await client.query<{ id: number; seq: number }>(
      `INSERT INTO chunks (id, article_id, seq, start, "end", stemmed, words)
       SELECT COALESCE(c.id, nextval(pg_get_serial_sequence('chunks', 'id'))), $1, c.seq - 1, c.start, c.stop, $7,
              setweight(to_tsvector('${config}', $2), 'A') || setweight(to_tsvector('${config}', c.body), 'B')
       FROM unnest($3::bigint[], $4::int[], $5::int[], $6::text[]) WITH ORDINALITY AS c(id, start, stop, body, seq)
       RETURNING id, seq`,
      [articleId, stemmedTitle ?? title, chunks.map((c) => c.id ?? null), chunks.map((c) => c.start), chunks.map((c) => c.end), bodies, stemmed],
    );
    if (stemmed) this.languages = null;
    const ids = new Array<number>(chunks.length);
    for (const row of rows) ids[row.seq] = row.id;
    return ids;
  }

  /**
   * Hits among English passages and, when the library holds other languages, among stemmed ones, each list best
   * first up to `limit`, interleaved by score: English candidates stay exactly what they were without other languages.
   */
  async search(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    const hits = await this.searchRows("english", query, options);
    const languages = await this.stemmedLanguages();
    if (languages.length === 0) return hits;
    return [...hits, ...(await this.searchRows("simple", stemmedQuery(query, languages), options))].sort((a, b) => b.score - a.score);
  }

  private async searchRows(config: Config, query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    // A one-word phrase adds nothing to its word, as in the SQLite library.
    const items = [...new Set([...query.terms, ...query.phrases.filter((phrase) => phrase.trim().includes(" "))])].filter((item) => item.trim().length > 0);
    if (items.length === 0) return [];
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    const top = Math.max(titleWeight, bodyWeight, 1e-9);
    // ts_rank's weights are {D, C, B, A}, each at most 1.
    const weights = [0, 0, bodyWeight / top, titleWeight / top];
    const idf = await this.inverseFrequencies(config, items);

    const params: unknown[] = [weights, options.limit];
    const matchers = items.map((item) => {
      params.push(item);
      return tsquery(config, `$${params.length}`);
    });
    const score = matchers.map((matcher, i) => {
      params.push(idf.get(items[i]!) ?? 0);
      return `ts_rank($1::float4[], c.words, ${matcher}, 1) * $${params.length}::float8`;
    });
    const conditions = [rowsOf(config), `c.words @@ (${matchers.join(" || ")})`];
    const dates = options.dates ?? {};
    if (dates.from) {
      params.push(dates.from);
      conditions.push(`a.published_at >= $${params.length}`);
    }
    if (dates.to) {
      params.push(publishedUntil(dates.to));
      conditions.push(`a.published_at <= $${params.length}`);
    }
    const joinArticles = dates.from || dates.to ? "JOIN articles a ON a.id = c.article_id" : "";
    const { rows } = await this.pool.query<LexicalHit>(
      `SELECT c.id AS "chunkId", c.article_id AS "articleId", (${score.join(" + ")}) AS score
       FROM chunks c ${joinArticles} WHERE ${conditions.join(" AND ")}
       ORDER BY score DESC, c.id LIMIT $2`,
      params,
    );
    return rows;
  }

  /** The languages (primary subtags) of the stemmed passages, asked again now and then. */
  private async stemmedLanguages(): Promise<string[]> {
    if (!this.languages || Date.now() - this.languages.at > LANGUAGES_TTL_MS) {
      const { rows } = await this.pool.query<{ language: string | null }>("SELECT DISTINCT language FROM articles");
      this.languages = { list: stemmedLanguagesOf(rows.map((row) => row.language)), at: Date.now() };
    }
    return this.languages.list;
  }

  /**
   * IDF of each term or phrase, as BM25 weighs it. Frequencies are cached, as they drift slowly while the library
   * grows; the cache is dropped once the library has grown or shrunk by a tenth.
   */
  private async inverseFrequencies(config: Config, items: readonly string[]): Promise<Map<string, number>> {
    const passages = await this.passageCount();
    if (passages > this.passagesWhenCounted * 1.1 || passages < this.passagesWhenCounted) {
      this.frequencies.clear();
      this.passagesWhenCounted = passages;
    }
    const key = (item: string): string => `${config}:${item}`;
    const missing = items.filter((item) => !this.frequencies.has(key(item)));
    const counts = await this.frequenciesIn(config, missing.map((item) => [item]));
    missing.forEach((item, i) => this.frequencies.set(key(item), counts[i]!));
    return new Map(
      items.map((item) => {
        const df = this.frequencies.get(key(item)) ?? 0;
        return [item, Math.log(1 + (passages - df + 0.5) / (df + 0.5))];
      }),
    );
  }

  /** Passages holding each term (or phrase), as search matches it: English passages by the term, stemmed ones by any of its stems. */
  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(terms)];
    if (unique.length === 0) return new Map();
    const english = await this.frequenciesIn("english", unique.map((term) => [term]));
    const languages = await this.stemmedLanguages();
    const stemmed = languages.length > 0 ? await this.frequenciesIn("simple", unique.map((term) => stemmedQuery({ terms: [term], phrases: [] }, languages).terms)) : [];
    const byTerm = new Map(unique.map((term, i) => [term, english[i]! + (stemmed[i] ?? 0)]));
    return new Map(terms.map((term) => [term, byTerm.get(term) ?? 0]));
  }

  /** For each group of terms or phrases, the passages of one kind holding any of them. */
  private async frequenciesIn(config: Config, groups: ReadonlyArray<readonly string[]>): Promise<number[]> {
    const counts: number[] = [];
    if (groups.every((group) => group.length === 1)) {
      const { rows } = await this.pool.query<{ df: number }>(
        `SELECT (SELECT COUNT(*) FROM chunks c WHERE ${rowsOf(config)} AND c.words @@ ${tsquery(config, "t.term")}) AS df
         FROM unnest($1::text[]) WITH ORDINALITY AS t(term, n) ORDER BY t.n`,
        [groups.map((group) => group[0]!)],
      );
      return rows.map((row) => Number(row.df));
    }
    for (const group of groups) {
      if (group.length === 0) {
        counts.push(0);
        continue;
      }
      const { rows } = await this.pool.query<{ df: number }>(
        `SELECT COUNT(*) AS df FROM chunks c WHERE ${rowsOf(config)} AND c.words @@ (${group.map((_, i) => tsquery(config, `$${i + 1}`)).join(" || ")})`,
        [...group],
      );
      counts.push(Number(rows[0]!.df));
    }
    return counts;
  }

  /** The highest passage id: cheap, and as the count of passages exact enough for IDF (ids are never reused). */
  async passageCount(): Promise<number> {
    const { rows } = await this.pool.query<{ count: number | null }>("SELECT MAX(id) AS count FROM chunks");
    return rows[0]?.count ?? 0;
  }
}
