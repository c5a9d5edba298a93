import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { FrequentTokens } from "../../src/library/sqlite/frequent-tokens.ts";
import { LexicalIndex } from "../../src/library/sqlite/lexical.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article, otherDraft } from "./contract.ts";

const FERRY_NOTES = [
  "The ferry to Gull Point sailed late again; the harbour master said the tide was low.",
  "Ferry passengers waited an hour. The harbour cafe stayed open for them.",
  "A storm kept every ferry in port, and the lighthouse keeper said so on the radio.",
];

async function withLibrary(test: (path: string, library: SqliteLibrary) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const library = SqliteLibrary.open(dir.path);
  try {
    for (const [n, text] of FERRY_NOTES.entries()) await library.addArticle(article(otherDraft(n + 1, { title: `Harbour notes ${n + 1}`, text })));
    await test(join(dir.path, "library.db"), library);
  } finally {
    await library.close();
    dir.remove();
  }
}

describe("frequent tokens counted ahead", () => {
  it("holds FTS5's own count of every token in enough passages, and nothing for rarer ones", () =>
    withLibrary(async (path) => {
      const counts = new FrequentTokens(path, (error) => expect.fail(String(error)), 2);
      await counts.count();
      const db = new Database(path, { readonly: true });
      const matched = db.prepare("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?").pluck();
      // FTS5's Porter tokens: "ferry" is "ferri", "said" stays.
      expect(counts.docs("ferri")).toBe(matched.get('"ferry"'));
      expect(counts.docs("ferri")).toBe(3);
      expect(counts.docs("said")).toBe(2);
      // Every title holds "Harbour".
      expect(counts.docs("harbour")).toBe(3);
      expect(counts.docs("lighthous")).toBeUndefined();
      db.close();
      await counts.close();
    }));

  it("says why when it cannot count, and leaves every word to be counted when asked", async () => {
    const dir = tempDir();
    const warned: unknown[] = [];
    try {
      const counts = new FrequentTokens(join(dir.path, "missing.db"), (error) => warned.push(error), 1);
      await counts.count();
      expect(warned).toHaveLength(1);
      expect(counts.docs("ferri")).toBeUndefined();
      await counts.close();
    } finally {
      dir.remove();
    }
  });

  it("counts again once the library has grown by a tenth, so a common word's count follows the library", () =>
    withLibrary(async (path, library) => {
      const db = new Database(path);
      const index = new LexicalIndex(db, { countAheadFromPassages: 0, countAheadFromDocs: 2 });
      await index.countedAhead();
      expect(index.documentFrequencies(["ferry"]).get("ferry")).toBe(3);
      await library.addArticle(article(otherDraft(9, { title: "Ferry timetable", text: "The winter ferry timetable starts on Monday, the operator said." })));
      // Answered at once (counted when asked while the walk runs), then from the new walk: the same, current count.
      expect(index.documentFrequencies(["ferry"]).get("ferry")).toBe(4);
      await index.countedAhead();
      expect(index.documentFrequencies(["ferry", "said"])).toEqual(new Map([["ferry", 4], ["said", 3]]));
      await index.close();
      db.close();
    }));
});
