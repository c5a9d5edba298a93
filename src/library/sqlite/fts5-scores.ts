import type { Database } from "better-sqlite3";
import { Statements } from "./statements.ts";

/** FTS5's BM25 constants (fts5_aux.c). */
const K1 = 1.2;
const B = 0.75;
/** What FTS5 gives a phrase in more than half of all rows instead of a negative IDF. */
const IDF_FLOOR = 1e-6;

/** FTS5's IDF of a phrase held by `n` of `rows` rows. */
function fts5Idf(rows: number, n: number): number {
  return Math.max(Math.log((rows - n + 0.5) / (n + 0.5)), IDF_FLOOR);
}

/** Words whose stems are remembered; past it the memory starts again, so odd words cannot pile up. */
const STEM_MEMO_LIMIT = 200_000;
/** A letter, digit or mark outside ASCII: a passage holding one is split by FTS5 itself. */
const OTHER_WORD_CHARACTER = /(?!\p{ASCII})[\p{L}\p{N}\p{M}\p{Co}]/u;

/** The words of ASCII text as FTS5's unicode61 splits it: runs of ASCII letters and digits, lower-cased. */
function asciiWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
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
 * are counted as FTS5's own tokenizer makes them, so stemming, case and diacritics fold exactly as in the index
 * (see `tokenize`: ASCII split here with FTS5's stems, other text written to a small in-memory FTS5 table).
 */
export class Fts5Scores {
  private readonly statements: Statements;
  /** FTS5's token (its stem) of each lower-cased ASCII word met. */
  private readonly stems = new Map<string, string>();

  constructor(
    private readonly db: Database,
    private readonly frequency: (phrase: string) => number,
  ) {
    this.statements = new Statements(db);
    // The tokenizer chunks_fts was created with, read from its own definition so that the two cannot differ.
    const definition = db.prepare("SELECT sql FROM main.sqlite_master WHERE name = 'chunks_fts'").pluck().get() as string;
    const tokenizer = /tokenize\s*=\s*'([^']*)'/.exec(definition)?.[1];
    if (!tokenizer) throw new Error(`chunks_fts names no tokenizer: ${definition}`);
    // Texts are written here to be split and stemmed, and their tokens read back in order.
    db.exec(`
      CREATE VIRTUAL TABLE temp.tokenized USING fts5(text, content = '', columnsize = 0, tokenize = '${tokenizer}');
      CREATE VIRTUAL TABLE temp.tokenized_words USING fts5vocab(temp, tokenized, instance);
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
    const size = this.statements.get("SELECT sz FROM main.chunks_fts_docsize WHERE id = ?").pluck();
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
    const record = this.statements.get("SELECT block FROM main.chunks_fts_data WHERE id = 1").pluck().get() as Buffer | undefined;
    if (!record) return { rows: 0, tokens: 0 };
    const [rows = 0, ...columns] = varints(record);
    return { rows, tokens: columns.reduce((sum, columnSize) => sum + columnSize, 0) };
  }

  /**
   * Each phrase's tokens, and where each of those tokens stands in the passages, by FTS5's tokenizer: token →
   * "id:column" → offsets. Writing every candidate to an FTS5 table took most of a rescoring's time, so a passage
   * whose words are all ASCII is split here instead, where FTS5's unicode61 splits ASCII exactly so (runs of
   * letters and digits, lower-cased), and each word's stem is FTS5's own: looked up once per word in a batch and
   * remembered. Passages with other letters, digits or marks are written to the FTS5 table.
   */
  private tokenize(phrases: readonly string[], passages: readonly IndexedPassage[]): { tokens: string[][]; positions: Map<string, Map<string, Set<number>>> } {
    const tokens = this.tokensOf(phrases);
    const wanted = new Set(tokens.flat());
    const positions = new Map<string, Map<string, Set<number>>>();
    const record = (token: string, id: number, column: number, offset: number): void => {
      if (!wanted.has(token)) return;
      let at = positions.get(token);
      if (!at) positions.set(token, (at = new Map()));
      const key = `${id}:${column}`;
      let offsets = at.get(key);
      if (!offsets) at.set(key, (offsets = new Set()));
      offsets.add(offset);
    };

    // FTS5's Porter stemmer keeps a word's first letter: a word starting otherwise cannot give a token asked for.
    const initials = new Set([...wanted].map((token) => token[0]));
    const split: Array<{ id: number; columns: string[][] }> = [];
    const written: IndexedPassage[] = [];
    const unknown = new Set<string>();
    for (const passage of passages) {
      if (OTHER_WORD_CHARACTER.test(passage.title) || OTHER_WORD_CHARACTER.test(passage.body)) {
        written.push(passage);
        continue;
      }
      const columns = [asciiWords(passage.title), asciiWords(passage.body)];
      for (const words of columns) for (const word of words) if (initials.has(word[0]) && !this.stems.has(word)) unknown.add(word);
      split.push({ id: passage.id, columns });
    }
    this.learnStems([...unknown]);
    for (const { id, columns } of split) {
      columns.forEach((words, column) => {
        for (let offset = 0; offset < words.length; offset++) if (initials.has(words[offset]![0])) record(this.stems.get(words[offset]!)!, id, column, offset);
      });
    }

    const writtenTokens = this.tokensOf(written.flatMap((passage) => [passage.title, passage.body]));
    written.forEach(({ id }, i) => {
      for (const column of [0, 1]) writtenTokens[2 * i + column]!.forEach((token, offset) => record(token, id, column, offset));
    });
    return { tokens, positions };
  }

  /** The tokens FTS5's tokenizer makes of each text, in order. */
  tokensOf(texts: readonly string[]): string[][] {
    const tokens: string[][] = texts.map(() => []);
    if (texts.length === 0) return tokens;
    this.statements.get("INSERT INTO temp.tokenized (tokenized) VALUES ('delete-all')").run();
    const write = this.statements.get("INSERT INTO temp.tokenized (rowid, text) VALUES (?, ?)");
    texts.forEach((text, i) => write.run(i, text));
    for (const row of this.statements.get("SELECT doc, term FROM temp.tokenized_words ORDER BY doc, offset").all() as Array<{ doc: number; term: string }>) tokens[row.doc]!.push(row.term);
    return tokens;
  }

  /** Remembers FTS5's token of each ASCII word not met before (a run of ASCII letters and digits is one token). */
  private learnStems(words: readonly string[]): void {
    if (words.length === 0) return;
    if (this.stems.size + words.length > STEM_MEMO_LIMIT) this.stems.clear();
    const tokens = this.tokensOf(words);
    words.forEach((word, i) => this.stems.set(word, tokens[i]![0]!));
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
