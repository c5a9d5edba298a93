import type { Database, Statement } from "better-sqlite3";

/** FTS5's BM25 constants (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;
/** What FTS5 gives a phrase in more than half of all rows instead of a negative IDF. */
const IDF_FLOOR = 1e-6;

/** FTS5's IDF of a phrase held by `n` of `rows` rows. */
function fts5Idf(rows: number, n: number): number {
  return Math.max(Math.log((rows - n + 0.5) / (n + 0.5)), IDF_FLOOR);
}

/** One of FTS5's varints (SQLite's format: big-endian, 7 bits a byte, the ninth byte whole) at `at`. */
function varint(bytes: Uint8Array, at: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[at + i]!;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return { value: value * 256 + bytes[at + 8]!, next: at + 9 };
}

function varints(bytes: Uint8Array): number[] {
  const values: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    const { value, next } = varint(bytes, at);
    values.push(value);
    at = next;
  }
  return values;
}

/** A passage as `chunks_fts` indexed it. */
export interface IndexedPassage {
  id: number;
  title: string;
  body: string;
}

/**
 * FTS5's own `bm25(chunks_fts, titleWeight, bodyWeight)` for chosen passages, computed without FTS5 ranking every
 * passage that matches: what `ORDER BY bm25()` would give them, for candidates another index (lance-lexical.ts)
 * found. FTS5 cannot do it cheaply itself: asked for one rowid, bm25() first counts each phrase's matches over
 * the whole library, again for every row asked about (106 ms for 80 rowids at 10k articles).
 *
 * Each part of the query is a phrase, as in FTS5's `"a" OR "b" OR "c d"`; for each, as fts5_aux.c does:
 * idf = ln((N − n + 0.5) / (n + 0.5)), at least IDF_FLOOR, where N is the rows indexed and n those holding the
 * phrase; f = Σ column weight × the phrase's occurrences in that column; D = the row's tokens over all columns;
 * score = Σ idf · f(k1 + 1) / (f + k1(1 − b + b·D/avgdl)). N and the token total come from the index's averages
 * record, D from its docsize table, n from `frequency` (a count of matches the caller keeps). The occurrences
 * are counted by FTS5's own tokenizer: the candidates are written to a small in-memory FTS5 table with the same
 * tokenizer, and their words' positions read back through fts5vocab, so stemming, case and diacritics fold
 * exactly as in the index.
 */
export class Fts5Scores {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly frequency: (phrase: string) => number,
  ) {
    // The tokenizer chunks_fts was created with, read from its own definition so that the two cannot differ.
    const definition = db.prepare("SELECT sql FROM main.sqlite_master WHERE name = 'chunks_fts'").pluck().get() as string;
    const tokenizer = /tokenize\s*=\s*'([^']*)'/.exec(definition)?.[1];
    if (!tokenizer) throw new Error(`chunks_fts names no tokenizer: ${definition}`);
    // Rows' lengths are read from chunks_fts's own sizes: not keeping them here saves a fifth of the writing.
    db.exec(`
      CREATE VIRTUAL TABLE temp.scored USING fts5(title, body, content = '', columnsize = 0, tokenize = '${tokenizer}');
      CREATE VIRTUAL TABLE temp.scored_words USING fts5vocab(temp, scored, instance);
      CREATE VIRTUAL TABLE temp.asked USING fts5(phrase, content = '', tokenize = '${tokenizer}');
      CREATE VIRTUAL TABLE temp.asked_words USING fts5vocab(temp, asked, instance);
    `);
  }

  /** Scores (higher is better, as `-bm25()`) of the passages for a query of `phrases` OR-ed together. */
  scores(phrases: readonly string[], passages: readonly IndexedPassage[], weights: readonly [number, number]): Map<number, number> {
    const result = new Map<number, number>();
    if (phrases.length === 0 || passages.length === 0) return result;
    const totals = this.totals();
    if (totals.rows === 0) return result;
    const avgdl = totals.tokens / totals.rows;
    const idf = phrases.map((phrase) => fts5Idf(totals.rows, this.frequency(phrase)));
    const { tokens, positions } = this.db.transaction(() => this.tokenize(phrases, passages))();
    const size = this.statement("SELECT sz FROM main.chunks_fts_docsize WHERE id = ?").pluck();
    for (const { id } of passages) {
      const sz = size.get(id) as Buffer | undefined;
      // Not in the index (removed since it was found): FTS5 would not have matched it.
      if (!sz) continue;
      const length = varints(sz).reduce((sum, columnSize) => sum + columnSize, 0);
      let score = 0;
      let matched = false;
      for (let i = 0; i < phrases.length; i++) {
        const frequency = occurrences(tokens[i]!, positions, id, 0) * weights[0] + occurrences(tokens[i]!, positions, id, 1) * weights[1];
        if (frequency > 0) matched = true;
        score += idf[i]! * ((frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * length) / avgdl)));
      }
      if (matched) result.set(id, score);
    }
    return result;
  }

  /** Rows indexed and their tokens over all columns, from the averages record FTS5 keeps at rowid 1 of its data. */
  private totals(): { rows: number; tokens: number } {
    const record = this.statement("SELECT block FROM main.chunks_fts_data WHERE id = 1").pluck().get() as Buffer | undefined;
    if (!record) return { rows: 0, tokens: 0 };
    const [rows = 0, ...columns] = varints(record);
    return { rows, tokens: columns.reduce((sum, columnSize) => sum + columnSize, 0) };
  }

  /**
   * Each phrase's tokens, and where each of those tokens stands in the passages, by FTS5's tokenizer: token →
   * "id:column" → offsets.
   */
  private tokenize(phrases: readonly string[], passages: readonly IndexedPassage[]): { tokens: string[][]; positions: Map<string, Map<string, Set<number>>> } {
    this.statement("INSERT INTO temp.asked (asked) VALUES ('delete-all')").run();
    this.statement("INSERT INTO temp.scored (scored) VALUES ('delete-all')").run();
    const ask = this.statement("INSERT INTO temp.asked (rowid, phrase) VALUES (?, ?)");
    phrases.forEach((phrase, i) => ask.run(i, phrase));
    const tokens: string[][] = phrases.map(() => []);
    for (const row of this.statement("SELECT doc, term FROM temp.asked_words ORDER BY doc, offset").all() as Array<{ doc: number; term: string }>) tokens[row.doc]!.push(row.term);
    const write = this.statement("INSERT INTO temp.scored (rowid, title, body) VALUES (?, ?, ?)");
    for (const passage of passages) write.run(passage.id, passage.title, passage.body);
    const positions = new Map<string, Map<string, Set<number>>>();
    const where = this.statement("SELECT doc, col, offset FROM temp.scored_words WHERE term = ?");
    for (const token of new Set(tokens.flat())) {
      const at = new Map<string, Set<number>>();
      for (const row of where.all(token) as Array<{ doc: number; col: string; offset: number }>) {
        const key = `${row.doc}:${row.col === "title" ? 0 : 1}`;
        let offsets = at.get(key);
        if (!offsets) at.set(key, (offsets = new Set()));
        offsets.add(row.offset);
      }
      positions.set(token, at);
    }
    return { tokens, positions };
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** How often a phrase's tokens stand together in one column of a passage (overlapping occurrences each count, as in FTS5). */
function occurrences(tokens: readonly string[], positions: Map<string, Map<string, Set<number>>>, id: number, column: number): number {
  if (tokens.length === 0) return 0;
  const key = `${id}:${column}`;
  const first = positions.get(tokens[0]!)?.get(key);
  if (!first) return 0;
  let count = 0;
  for (const offset of first) if (tokens.every((token, j) => j === 0 || positions.get(token)?.get(key)?.has(offset + j))) count++;
  return count;
}
