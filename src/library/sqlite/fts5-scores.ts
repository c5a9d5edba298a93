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

/**
 * Words whose stems are remembered; past it the memory starts again (before a rescoring, never during one, which
 * needs the stem of every word it met), so odd words cannot pile up.
 */
const STEM_MEMO_LIMIT = 200_000;
/** Passages whose tokens are remembered, the least recently met forgotten first: about 6 MB of references. */
const SPLIT_MEMO_LIMIT = 4_096;
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

/** A passage's title and body as FTS5's tokens, in order. */
type PassageTokens = readonly [readonly string[], readonly string[]];

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
  /** Passages' tokens (see passageTokens), by id, with the texts they were made of. */
  private readonly split = new Map<number, { title: string; body: string; tokens: PassageTokens }>();

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
    const { tokens, columns } = this.db.transaction(() => this.tokenize(phrases, passages))();
    const size = this.statements.get("SELECT sz FROM main.chunks_fts_docsize WHERE id = ?").pluck();
    passages.forEach(({ id }, p) => {
      const sz = size.get(id) as Buffer | undefined;
      // Not in the index (removed since it was found): FTS5 would not have matched it.
      if (!sz) return;
      const length = varints(sz).reduce((sum, columnSize) => sum + columnSize, 0);
      const [title, body] = columns[p]!;
      let score = 0;
      let matched = false;
      for (let i = 0; i < phrases.length; i++) {
        const frequency = occurrences(tokens[i]!, title) * weights[0] + occurrences(tokens[i]!, body) * weights[1];
        if (frequency > 0) matched = true;
        score += idf[i]! * ((frequency * (K1 + 1)) / (frequency + K1 * (1 - B + (B * length) / avgdl)));
      }
      if (matched) result.set(id, score);
    });
    return result;
  }

  /** Rows indexed and their tokens over all columns, from the averages record FTS5 keeps at rowid 1 of its data. */
  private totals(): { rows: number; tokens: number } {
    const record = this.statements.get("SELECT block FROM main.chunks_fts_data WHERE id = 1").pluck().get() as Buffer | undefined;
    if (!record) return { rows: 0, tokens: 0 };
    const [rows = 0, ...columns] = varints(record);
    return { rows, tokens: columns.reduce((sum, columnSize) => sum + columnSize, 0) };
  }

  /** Each phrase's tokens, and where in each passage's title and body the tokens the phrases hold stand. */
  private tokenize(phrases: readonly string[], passages: readonly IndexedPassage[]): { tokens: string[][]; columns: Array<[TokenOffsets, TokenOffsets]> } {
    const tokens = this.tokensOf(phrases);
    const wanted = new Set(tokens.flat());
    const columns = this.passageTokens(passages).map((passage) =>
      passage.map((column) => {
        const offsets: TokenOffsets = new Map();
        column.forEach((token, offset) => {
          if (!wanted.has(token)) return;
          const list = offsets.get(token);
          if (list) list.push(offset);
          else offsets.set(token, [offset]);
        });
        return offsets;
      }) as [TokenOffsets, TokenOffsets],
    );
    return { tokens, columns };
  }

  /**
   * Each passage's title and body as FTS5's tokenizer splits them, remembered for the next rescoring (a question's
   * two candidate lists share passages, and a follow-up's candidates are often the question's). Writing every
   * candidate to an FTS5 table took most of a rescoring's time, so a passage whose words are all ASCII is split
   * here instead, where FTS5's unicode61 splits ASCII exactly so (runs of letters and digits, lower-cased), and
   * each word's stem is FTS5's own: looked up once per word in a batch and remembered. Passages with other
   * letters, digits or marks are written to the FTS5 table.
   */
  private passageTokens(passages: readonly IndexedPassage[]): PassageTokens[] {
    const result: PassageTokens[] = new Array(passages.length);
    const split: Array<{ index: number; words: [string[], string[]] }> = [];
    const written: number[] = [];
    const unknown = new Set<string>();
    if (this.stems.size > STEM_MEMO_LIMIT) this.stems.clear();
    passages.forEach((passage, index) => {
      const known = this.split.get(passage.id);
      if (known && known.title === passage.title && known.body === passage.body) {
        result[index] = known.tokens;
        return;
      }
      if (OTHER_WORD_CHARACTER.test(passage.title) || OTHER_WORD_CHARACTER.test(passage.body)) {
        written.push(index);
        return;
      }
      const words: [string[], string[]] = [asciiWords(passage.title), asciiWords(passage.body)];
      for (const column of words) for (const word of column) if (!this.stems.has(word)) unknown.add(word);
      split.push({ index, words });
    });
    this.learnStems([...unknown]);
    for (const { index, words } of split) result[index] = [words[0].map((word) => this.stems.get(word)!), words[1].map((word) => this.stems.get(word)!)];
    const writtenTokens = this.tokensOf(written.flatMap((index) => [passages[index]!.title, passages[index]!.body]));
    written.forEach((index, i) => {
      result[index] = [writtenTokens[2 * i]!, writtenTokens[2 * i + 1]!];
    });

    passages.forEach(({ id, title, body }, index) => {
      // Met again, a passage moves to the back of the queue of those to forget.
      this.split.delete(id);
      if (this.split.size >= SPLIT_MEMO_LIMIT) this.split.delete(this.split.keys().next().value as number);
      this.split.set(id, { title, body, tokens: result[index]! });
    });
    return result;
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
    const tokens = this.tokensOf(words);
    words.forEach((word, i) => this.stems.set(word, tokens[i]![0]!));
  }
}

/** Where in a column each token a query holds stands: token → offsets. */
type TokenOffsets = Map<string, number[]>;

/** How often a phrase's tokens stand together in a column (overlapping occurrences each count, as in FTS5). */
function occurrences(tokens: readonly string[], column: TokenOffsets): number {
  if (tokens.length === 0) return 0;
  const first = column.get(tokens[0]!);
  if (!first) return 0;
  if (tokens.length === 1) return first.length;
  let count = 0;
  for (const offset of first) if (tokens.every((token, j) => j === 0 || column.get(token)?.includes(offset + j))) count++;
  return count;
}
