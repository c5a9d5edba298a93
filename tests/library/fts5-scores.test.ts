import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Fts5Scores, type IndexedPassage } from "../../src/library/sqlite/fts5-scores.ts";
import { chunkWordsWriter } from "../../src/library/sqlite/lexical.ts";
import { migrate } from "../../src/library/sqlite/schema.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article, otherDraft } from "./contract.ts";

/**
 * Passages with what BM25 turns on: repeated words, words in the title, stems, phrases, apostrophes, accents,
 * curly quotes and dashes (split by verbatim, as ASCII words), and letters outside ASCII (split by FTS5).
 */
const PASSAGES: IndexedPassage[] = [
  { id: 3, title: "Harbour dredging starts", body: "Dredging of the harbour starts on Monday. The harbour master said dredging would take weeks." },
  { id: 4, title: "Harbour dredging starts", body: "Boats will be moved while the dredgers work. The harbour's fishing fleet moves to Gull Point." },
  { id: 7, title: "Café owner wins award", body: "The café on Quay Street won the regional award for the third year running; its owner runs two more." },
  { id: 8, title: "Council votes on ferry fares", body: "The council voted to freeze ferry fares. Ferry passengers had asked for a freeze, the ferry operator said." },
  { id: 12, title: "Gull Point lighthouse reopens", body: "The lighthouse at Gull Point reopened to visitors. Gull Point’s keeper — Ines Albright — showed them the 1920s lamp from the get-go." },
  { id: 15, title: "Storm closes the harbour", body: "A storm closed the harbour for two days. Ferry crossings to Gull Point were cancelled and the cafe shut early." },
  { id: 19, title: "Marathon runner from Gull Point", body: "A runner from the point ran the marathon in under three hours, running most of it into the wind." },
];

/** FTS5's own bm25() of every row matching `phrases` OR-ed together, as search asks for it. */
function fts5Bm25(db: Database.Database, phrases: readonly string[], weights: readonly [number, number]): Map<number, number> {
  const match = phrases.map((phrase) => `"${phrase.replace(/"/g, '""')}"`).join(" OR ");
  const rows = db.prepare("SELECT rowid AS id, -bm25(chunks_fts, ?, ?) AS score FROM chunks_fts WHERE chunks_fts MATCH ?").all(weights[0], weights[1], match) as Array<{ id: number; score: number }>;
  return new Map(rows.map((row) => [row.id, row.score]));
}

function withIndex(test: (db: Database.Database, scores: Fts5Scores) => void): void {
  const dir = tempDir();
  const db = new Database(join(dir.path, "library.db"));
  try {
    migrate(db);
    const words = chunkWordsWriter(db);
    for (const passage of PASSAGES) words.add(passage.id, passage.title, passage.body, "en");
    const count = db.prepare("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?").pluck();
    test(db, new Fts5Scores(db, (phrase) => count.get(`"${phrase.replace(/"/g, '""')}"`) as number));
  } finally {
    db.close();
    dir.remove();
  }
}

function expectSameScores(actual: Map<number, number>, expected: Map<number, number>): void {
  expect([...actual.keys()].sort((a, b) => a - b)).toEqual([...expected.keys()].sort((a, b) => a - b));
  for (const [id, score] of expected) expect(Math.abs(actual.get(id)! - score)).toBeLessThan(1e-12 * Math.max(1, Math.abs(score)));
}

describe("FTS5's BM25 computed for chosen passages", () => {
  const queries: Array<{ phrases: string[]; weights: [number, number] }> = [
    { phrases: ["harbour"], weights: [3, 1] },
    // Porter stems "running", "runs", "ran" apart from "runner": each counts as the index counts it.
    { phrases: ["running", "marathon"], weights: [3, 1] },
    // A phrase counts only where its words stand together; the same word asked twice counts twice.
    { phrases: ["gull", "point", "ferry", "gull point"], weights: [3, 1] },
    { phrases: ["ferry", "ferry", "fares"], weights: [3, 1] },
    // Accents fold ("café" is "cafe"); an apostrophe splits a word ("harbour's" is "harbour" then "s").
    { phrases: ["cafe", "harbour's", "point's"], weights: [3, 1] },
    { phrases: ["1920s", "get-go", "albright", "point s"], weights: [3, 1] },
    // "the" is in more than half of the rows: FTS5 floors its IDF rather than letting it go negative.
    { phrases: ["the", "lighthouse"], weights: [2, 1] },
    { phrases: ["dredging", "storm", "award"], weights: [1, 5] },
  ];

  for (const { phrases, weights } of queries) {
    it(`are FTS5's own scores for ${JSON.stringify(phrases)} with weights ${weights.join(":")}`, () =>
      withIndex((db, scores) => {
        const expected = fts5Bm25(db, phrases, weights);
        expect(expected.size).toBeGreaterThan(0);
        expectSameScores(scores.scores(phrases, PASSAGES, weights), expected);
      }));
  }

  it("leave out passages FTS5 would not match, and stay exact after a row is removed", () =>
    withIndex((db, scores) => {
      const phrases = ["lighthouse", "gull point"];
      const only = scores.scores(phrases, PASSAGES, [3, 1]);
      expect([...only.keys()].sort((a, b) => a - b)).toEqual([4, 12, 15, 19]);
      chunkWordsWriter(db).remove(12);
      const remaining = PASSAGES.filter((passage) => passage.id !== 12);
      expectSameScores(scores.scores(phrases, PASSAGES, [3, 1]), fts5Bm25(db, phrases, [3, 1]));
      expectSameScores(scores.scores(phrases, remaining, [3, 1]), fts5Bm25(db, phrases, [3, 1]));
    }));

  it("stay exact for passages met before, in a query of other words, and for a passage whose text is not the one met", () =>
    withIndex((db, scores) => {
      for (const phrases of [["harbour", "storm"], ["gull point", "ferry", "keeper"], ["harbour", "lighthouse"]]) {
        expectSameScores(scores.scores(phrases, PASSAGES, [3, 1]), fts5Bm25(db, phrases, [3, 1]));
      }
      // Passage 15's id given the text of passage 8: scored for that text, not the tokens remembered for its id.
      const eight = PASSAGES.find((passage) => passage.id === 8)!;
      const asFifteen = scores.scores(["ferry", "fares"], [{ ...eight, id: 15 }], [3, 1]);
      const asEight = scores.scores(["ferry", "fares"], [eight], [3, 1]);
      expect(asFifteen.get(15)).toBeGreaterThan(fts5Bm25(db, ["ferry", "fares"], [3, 1]).get(15)!);
      expect(asEight.get(8)).toBeGreaterThan(0);
    }));
});

describe("whole-library search on the LanceDB index", () => {
  it("returns FTS5's own hits, in its order, when LanceDB's candidates hold them", async () => {
    const dir = tempDir();
    try {
      const early = SqliteLibrary.open(dir.path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      const titles = ["Ferry fares frozen", "Harbour dredging", "Gull Point ferry", "Storm at sea", "Lighthouse keeper", "Ferry timetable"];
      for (let n = 1; n <= 12; n++) {
        const text = `${"The ferry crossing to Gull Point ".repeat(n % 4)}was busy on day ${n}. Fares for the ferry ${n % 3 === 0 ? "rose" : "fell"} as the harbour ${n % 2 === 0 ? "was dredged" : "stayed open"}.`;
        await early.addArticle(article(otherDraft(n, { title: titles[n % titles.length]!, text })));
      }
      await early.saveIndex();
      expect(await early.lexicalIndexReady()).toBe(true);
      const fts5 = SqliteLibrary.open(dir.path, { lexicalIndex: "fts5" });
      for (const query of [
        { terms: ["ferry", "fares"], phrases: [] },
        { terms: ["gull", "point", "harbour"], phrases: ["gull point"] },
        { terms: ["dredged", "rose"], phrases: [] },
      ]) {
        const expected = await fts5.searchLexical(query, { limit: 5, weights: [3, 1] });
        const actual = await early.searchLexical(query, { limit: 5, weights: [3, 1] });
        expect(actual.map((hit) => hit.chunkId)).toEqual(expected.map((hit) => hit.chunkId));
        actual.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]!.score, 12));
      }
      await fts5.close();
      await early.close();
    } finally {
      dir.remove();
    }
  });
});
