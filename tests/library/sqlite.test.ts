import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ftsQuery, LexicalIndex } from "../../src/library/sqlite/lexical.ts";
import { migrate } from "../../src/library/sqlite/schema.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { russianElections, ukrainianEnergy } from "../helpers/cyrillic-news.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article, describeLibraryContract, draft, otherDraft, unit } from "./contract.ts";

describeLibraryContract("SQLite", () => {
  const dir = tempDir();
  return {
    open: async () => SqliteLibrary.open(dir.path),
    reopen: async () => SqliteLibrary.open(dir.path),
    cleanUp: async () => dir.remove(),
  };
});

async function withDir(test: (path: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    await test(dir.path);
  } finally {
    dir.remove();
  }
}

describe("SQLite library", () => {
  it("rebuilds the vector index from the database when its files are gone", () =>
    withDir(async (path) => {
      const first = SqliteLibrary.open(path);
      const added = await first.addArticle(article(draft(), [unit(8, 2), unit(8, 5), unit(8, 6)].slice(0, article(draft()).chunks.length)));
      await first.close();
      rmSync(join(path, "vectors.hnsw"));
      rmSync(join(path, "vectors.json"));
      const library = SqliteLibrary.open(path);
      const [hit] = await library.searchDense(unit(8, 2), "test-model", 1);
      expect((await library.getChunks([hit!.chunkId])).get(hit!.chunkId)?.articleId).toBe(added.articleId);
      await library.close();
    }));

  it("upgrades a library written before ids were kept unique, keeping every row and never reusing its ids", () =>
    withDir(async (path) => {
      // A library as version 4 of the schema left it, with two articles.
      const old = new Database(join(path, "library.db"));
      migrate(old, 4);
      const insertArticle = old.prepare(
        "INSERT INTO articles (id, url, title, text, authors, source, content_hash, added_at) VALUES (?, ?, ?, ?, '[]', 'url', ?, '2026-03-02T00:00:00Z')",
      );
      for (const [id, d] of [[1, draft()], [2, otherDraft(1)]] as const) {
        insertArticle.run(id, d.url, d.title, d.text, `hash-${id}`);
        old.prepare("INSERT INTO chunks (id, article_id, seq, start, end) VALUES (?, ?, 0, 0, ?)").run(id, id, d.text.length);
        old.prepare("INSERT INTO chunks_fts (rowid, title, body) VALUES (?, ?, ?)").run(id, d.title, d.text);
        old.prepare("INSERT INTO quotes (article_id, start, end, speaker, role) VALUES (?, 0, 10, 'Ines Albright', NULL)").run(id);
      }
      old.close();

      const library = SqliteLibrary.open(path);
      expect(await library.countArticles()).toBe(2);
      expect((await library.quotesOf(1))[0]?.speaker).toBe("Ines Albright");
      expect((await library.searchLexical({ terms: ["dredging"], phrases: [] }, { limit: 5 })).map((hit) => hit.chunkId)).toEqual([1]);
      await library.removeArticle(2);
      const next = await library.addArticle(article(otherDraft(2)));
      expect(next.articleId).toBeGreaterThan(2);
      expect(Math.min(...(await library.chunksOf(next.articleId)).map((chunk) => chunk.id))).toBeGreaterThan(2);
      await library.close();
    }));

  it("gives articles stored before languages were detected the language of their text", () =>
    withDir(async (path) => {
      const old = new Database(join(path, "library.db"));
      migrate(old, 5);
      const insertArticle = old.prepare(
        "INSERT INTO articles (id, title, text, language, authors, source, content_hash, added_at) VALUES (?, ?, ?, ?, '[]', 'file', ?, '2026-04-01T00:00:00Z')",
      );
      insertArticle.run(1, russianElections.title, russianElections.text, null, "hash-1");
      insertArticle.run(2, draft().title, draft().text, "en-GB", "hash-2");
      insertArticle.run(3, ukrainianEnergy.title, ukrainianEnergy.text, "ru", "hash-3");
      old.close();

      const library = SqliteLibrary.open(path);
      expect((await library.latestArticles(10)).map((summary) => [summary.id, summary.language]).sort()).toEqual([[1, "ru"], [2, "en-GB"], [3, "uk"]]);
      await library.close();
    }));

  it("moves the passages of articles in other languages than English to the stemmed index when upgrading", () =>
    withDir(async (path) => {
      const old = new Database(join(path, "library.db"));
      migrate(old, 6);
      old.prepare("INSERT INTO articles (id, title, text, language, authors, source, content_hash, added_at) VALUES (1, ?, ?, 'ru', '[]', 'file', 'h', '2026-04-01T00:00:00Z')").run(
        russianElections.title,
        russianElections.text,
      );
      old.prepare("INSERT INTO chunks (id, article_id, seq, start, end) VALUES (1, 1, 0, 0, ?)").run(russianElections.text.length);
      old.prepare("INSERT INTO chunks_fts (rowid, title, body) VALUES (1, ?, ?)").run(russianElections.title, russianElections.text);
      old.close();

      const library = SqliteLibrary.open(path);
      expect((await library.searchLexical({ terms: ["выборах"], phrases: [] }, { limit: 5 })).map((hit) => hit.chunkId)).toEqual([1]);
      await library.close();
    }));

  it("finds which languages a library holds from an index, not by reading every article, once upgraded", () =>
    withDir(async (path) => {
      const old = new Database(join(path, "library.db"));
      migrate(old, 7);
      old.close();
      await SqliteLibrary.open(path).close();
      const db = new Database(join(path, "library.db"), { readonly: true });
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT DISTINCT language FROM articles").all() as Array<{ detail: string }>;
      db.close();
      expect(plan.map((step) => step.detail).join("; ")).toMatch(/USING COVERING INDEX articles_language/);
    }));

  it("keeps a bounded number of word frequencies in memory", () =>
    withDir(async (path) => {
      const library = SqliteLibrary.open(path);
      await library.addArticle(article(draft()));
      await library.close();
      const db = new Database(join(path, "library.db"));
      const index = new LexicalIndex(db, { cacheLimit: 100 });
      for (let i = 0; i < 250; i++) index.documentFrequencies([`word${i}`]);
      expect(index.cachedTerms).toBe(100);
      expect(index.documentFrequencies(["dredging"]).get("dredging")).toBeGreaterThan(0);
      db.close();
    }));

  for (const countAhead of [false, true]) {
    it(`counts the passages holding each word as its MATCH finds them, removed articles and phrases included${countAhead ? ", its frequent words counted ahead in another thread" : ""}`, () =>
      withDir(async (path) => {
        const library = SqliteLibrary.open(path);
        const texts = [
          "The harbour master's e-mail said the Kelvinbay ferries sailed late. Café owners said sailing was slow.",
          "Ferry crossings to Gull Point resumed; the U.S. coast guard said the harbour was safe.",
          "Sailors said the Harbour Board met on Tuesday. Nobody mentioned ferries at all.",
        ];
        const ids: number[] = [];
        for (const [n, text] of texts.entries()) ids.push((await library.addArticle(article(otherDraft(n + 1, { title: `Harbour notes ${n + 1}`, text })))).articleId);
        await library.removeArticle(ids[2]!);
        await library.close();
        const db = new Database(join(path, "library.db"));
        const index = new LexicalIndex(db, countAhead ? { countAheadFromPassages: 0, countAheadFromDocs: 2 } : {});
        await index.countedAhead();
        const words = ["said", "SAILING", "sailed", "ferries", "harbour", "cafe", "café", "e-mail", "u.s.", "master's", "nobody", "tuesday", "absent", "—"];
        const frequencies = index.documentFrequencies(words);
        const matched = db.prepare("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?").pluck();
        for (const word of words) expect([word, frequencies.get(word)]).toEqual([word, matched.get(`"${word}"`)]);
        expect(frequencies.get("ferries")).toBeGreaterThan(0);
        expect(frequencies.get("nobody")).toBe(0);
        await index.close();
        db.close();
      }));
  }

  it("deletes the bot's message rows with their turns, when pruned or forgotten", () =>
    withDir(async (path) => {
      const library = SqliteLibrary.open(path);
      const turn = (question: string, conversationId: string) => ({ conversationId, question, understood: question, speaker: null, articleIds: [], quotes: [], passages: [], shown: 0 });
      const first = await library.conversations.add(turn("What did the mayor say?", "tg:7"));
      const other = await library.conversations.add(turn("What did the mayor say?", "tg:8"));
      await library.botMessages.remember(7, 11, { conversationId: "tg:7", turnId: first.id });
      await library.botMessages.remember(8, 11, { conversationId: "tg:8", turnId: other.id });
      for (let asked = 0; asked < 30; asked++) await library.conversations.add(turn(`Question ${asked}?`, "tg:7"));
      const rows = (): number => {
        const db = new Database(join(path, "library.db"), { readonly: true });
        try {
          return db.prepare("SELECT COUNT(*) FROM bot_messages").pluck().get() as number;
        } finally {
          db.close();
        }
      };
      expect(rows()).toBe(1);
      await library.conversations.forget("tg:8");
      expect(rows()).toBe(0);
      await library.close();
    }));
});

describe("FTS5 query building", () => {
  it("matches any word or phrase, with quote characters kept as text", () => {
    expect(ftsQuery({ terms: ["dmitry", "peskov", 'it"s'], phrases: ["dmitry peskov", "single"] })).toBe('"dmitry" OR "peskov" OR "it""s" OR "dmitry peskov"');
    expect(ftsQuery({ terms: [], phrases: ["single"] })).toBeNull();
  });
});
