import type { Pool, PoolClient } from "pg";
import type { ChunkSpan } from "../article.ts";
import type { LexicalHit, LexicalQuery, LexicalSearchOptions } from "../library.ts";

/**
 * The text search configuration passages and questions are read with: English stemming (Snowball), as the
 * SQLite library's Porter stemmer does, so both libraries match the same words.
 */
const CONFIG = "english";

/**
 * The tsquery of a term or phrase, the same in search and in document frequencies: a phrase must match as a
 * phrase, and a single word is matched by its stem either way.
 */
function tsquery(placeholder: string): string {
  return `phraseto_tsquery('${CONFIG}', ${placeholder})`;
}

/**
 * Lexical search with PostgreSQL full-text search. Each passage's words (its article's title weighted A, its
 * text B) are one tsvector with a GIN index. PostgreSQL's ts_rank knows nothing of how rare a word is, so the
 * score is BM25-like: ts_rank per term or phrase (length-normalised), each weighted by its IDF, summed.
 */
export class LexicalSearch {
  private readonly frequencies = new Map<string, number>();
  private passagesWhenCounted = 0;

  constructor(private readonly pool: Pool) {}

  /** Stores an article's passages with their words, under the ids given (a copy) or new ones; returns their ids in order. */
  async insertChunks(client: PoolClient, articleId: number, title: string, chunks: ReadonlyArray<ChunkSpan & { id?: number }>): Promise<number[]> {
    const { rows } = await client.query<{ id: number; seq: number }>(
      `INSERT INTO chunks (id, article_id, seq, start, "end", words)
       SELECT COALESCE(c.id, nextval(pg_get_serial_sequence('chunks', 'id'))), $1, c.seq - 1, c.start, c.stop,
              setweight(to_tsvector('${CONFIG}', $2), 'A') || setweight(to_tsvector('${CONFIG}', c.body), 'B')
       FROM unnest($3::bigint[], $4::int[], $5::int[], $6::text[]) WITH ORDINALITY AS c(id, start, stop, body, seq)
       RETURNING id, seq`,
      [articleId, title, chunks.map((c) => c.id ?? null), chunks.map((c) => c.start), chunks.map((c) => c.end), chunks.map((c) => c.text)],
    );
    const ids = new Array<number>(chunks.length);
    for (const row of rows) ids[row.seq] = row.id;
    return ids;
  }

  async search(query: LexicalQuery, options: LexicalSearchOptions): Promise<LexicalHit[]> {
    // A one-word phrase adds nothing to its word, as in the SQLite library.
    const items = [...new Set([...query.terms, ...query.phrases.filter((phrase) => phrase.trim().includes(" "))])].filter((item) => item.trim().length > 0);
    if (items.length === 0) return [];
    const [titleWeight, bodyWeight] = options.weights ?? [2, 1];
    const top = Math.max(titleWeight, bodyWeight, 1e-9);
    // ts_rank's weights are {D, C, B, A}, each at most 1.
    const weights = [0, 0, bodyWeight / top, titleWeight / top];
    const idf = await this.inverseFrequencies(items);

    const params: unknown[] = [weights, options.limit];
    const matchers = items.map((item) => {
      params.push(item);
      return tsquery(`$${params.length}`);
    });
    const score = matchers.map((matcher, i) => {
      params.push(idf.get(items[i]!) ?? 0);
      return `ts_rank($1::float4[], c.words, ${matcher}, 1) * $${params.length}::float8`;
    });
    const conditions = [`c.words @@ (${matchers.join(" || ")})`];
    const dates = options.dates ?? {};
    if (dates.from) {
      params.push(dates.from);
      conditions.push(`a.published_at >= $${params.length}`);
    }
    if (dates.to) {
      // A bare date as upper bound includes that whole day.
      params.push(dates.to.length === 10 ? `${dates.to}T99` : dates.to);
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

  /**
   * IDF of each term or phrase, as BM25 weighs it. Frequencies are cached, as they drift slowly while the library
   * grows; the cache is dropped once the library has grown or shrunk by a tenth.
   */
  private async inverseFrequencies(items: readonly string[]): Promise<Map<string, number>> {
    const passages = await this.passageCount();
    if (passages > this.passagesWhenCounted * 1.1 || passages < this.passagesWhenCounted) {
      this.frequencies.clear();
      this.passagesWhenCounted = passages;
    }
    const missing = items.filter((item) => !this.frequencies.has(item));
    for (const [item, df] of await this.documentFrequencies(missing)) this.frequencies.set(item, df);
    return new Map(
      items.map((item) => {
        const df = this.frequencies.get(item) ?? 0;
        return [item, Math.log(1 + (passages - df + 0.5) / (df + 0.5))];
      }),
    );
  }

  /** Passages holding each term (or phrase), as search matches it. */
  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(terms)];
    if (unique.length === 0) return new Map();
    const { rows } = await this.pool.query<{ term: string; df: number }>(
      `SELECT t.term, (SELECT COUNT(*) FROM chunks WHERE words @@ ${tsquery("t.term")}) AS df FROM unnest($1::text[]) AS t(term)`,
      [unique],
    );
    const byTerm = new Map(rows.map((row) => [row.term, row.df]));
    return new Map(terms.map((term) => [term, byTerm.get(term) ?? 0]));
  }

  /** The highest passage id: cheap, and as the count of passages exact enough for IDF (ids are never reused). */
  async passageCount(): Promise<number> {
    const { rows } = await this.pool.query<{ count: number | null }>("SELECT MAX(id) AS count FROM chunks");
    return rows[0]?.count ?? 0;
  }
}
