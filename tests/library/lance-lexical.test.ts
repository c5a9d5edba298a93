import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as lance from "@lancedb/lancedb";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.ts";
import { openLibrary } from "../../src/library/open.ts";
import { LanceLexical, LEXICAL_INDEX_DIR, type LanceModules } from "../../src/library/sqlite/lance-lexical.ts";
import { migrate } from "../../src/library/sqlite/schema.ts";
import { SqliteLibrary, type SqliteLibraryOptions } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article, describeLibraryContract, otherDraft } from "./contract.ts";

describeLibraryContract("SQLite with the LanceDB full-text index", () => {
  const dir = tempDir();
  return {
    open: async () => SqliteLibrary.open(dir.path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 }),
    reopen: async () => SqliteLibrary.open(dir.path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 }),
    cleanUp: async () => dir.remove(),
  };
});

/** Records what the library says about its full-text index. */
function recorder(): { logger: NonNullable<SqliteLibraryOptions["logger"]>; warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, logger: { warn: (_: unknown, message?: string) => void warnings.push(message ?? ""), info: () => undefined } as never };
}

async function withDir(test: (path: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    await test(dir.path);
  } finally {
    dir.remove();
  }
}

/** The passage ids the LanceDB table holds, read by a connection of its own. */
async function indexedIds(path: string): Promise<number[]> {
  const connection = await lance.connect(join(path, LEXICAL_INDEX_DIR));
  const table = await connection.openTable("passages");
  const rows = (await table.query().select(["id"]).toArray()) as Array<{ id: number }>;
  table.close();
  connection.close();
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

async function chunkIdsOf(library: SqliteLibrary, articleIds: number[]): Promise<number[]> {
  const ids = (await Promise.all(articleIds.map((id) => library.chunksOf(id)))).flat().map((chunk) => chunk.id);
  return ids.sort((a, b) => a - b);
}

/** The articles whole-library search finds for a word. */
async function found(library: SqliteLibrary, term: string): Promise<number[]> {
  const hits = await library.searchLexical({ terms: [term], phrases: [] }, { limit: 20, weights: [3, 1] });
  return [...new Set(hits.map((hit) => hit.articleId))].sort((a, b) => a - b);
}

describe("the LanceDB full-text index beside a SQLite library", () => {
  it("is kept by default only beside a library large enough to gain from it", () =>
    withDir(async (path) => {
      expect(parseConfig({}).LEXICAL_INDEX).toBe("auto");
      const small = (await openLibrary({ dataDir: path })) as SqliteLibrary;
      const stored = await small.addArticle(article(otherDraft(1)));
      expect(await small.lexicalIndexReady()).toBe(false);
      await small.close();
      const passages = (await chunkIdsOf(SqliteLibrary.open(path), [stored.articleId])).length;
      const fewer = SqliteLibrary.open(path, { lexicalIndex: "auto", lexicalIndexFromPassages: passages + 1 });
      expect(await fewer.lexicalIndexReady()).toBe(false);
      await fewer.close();
      const enough = SqliteLibrary.open(path, { lexicalIndex: "auto", lexicalIndexFromPassages: passages, lexicalIndexFromPostings: 0 });
      expect(await enough.lexicalIndexReady()).toBe(true);
      expect(await found(enough, "ferry")).toEqual([stored.articleId]);
      await enough.close();
      expect(await indexedIds(path)).toEqual(await chunkIdsOf(SqliteLibrary.open(path), [stored.articleId]));
    }));

  it("is opened with LEXICAL_INDEX=lancedb; FTS5 alone answers with fts5", () =>
    withDir(async (path) => {
      expect(() => parseConfig({ LEXICAL_INDEX: "tantivy" })).toThrow(/LEXICAL_INDEX/);
      const fts5 = (await openLibrary({ dataDir: path, lexicalIndex: parseConfig({ LEXICAL_INDEX: "fts5" }).LEXICAL_INDEX })) as SqliteLibrary;
      expect(await fts5.lexicalIndexReady()).toBe(false);
      await fts5.close();
      const library = (await openLibrary({ dataDir: path, lexicalIndex: parseConfig({ LEXICAL_INDEX: "lancedb" }).LEXICAL_INDEX })) as SqliteLibrary;
      const stored = await library.addArticle(article(otherDraft(1)));
      await library.saveIndex();
      expect(await library.lexicalIndexReady()).toBe(true);
      expect(await found(library, "ferry")).toEqual([stored.articleId]);
      await library.close();
    }));

  it("catches up with articles stored while it was absent, and finds an article the moment it is added", () =>
    withDir(async (path) => {
      const before = SqliteLibrary.open(path, { lexicalIndex: "fts5" });
      const ids: number[] = [];
      for (let n = 1; n <= 3; n++) ids.push((await before.addArticle(article(otherDraft(n)))).articleId);
      await before.close();

      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      expect(await library.lexicalIndexReady()).toBe(true);
      expect(await found(library, "ferry")).toEqual(ids);
      expect(await indexedIds(path)).toEqual(await chunkIdsOf(library, ids));

      const next = await library.addArticle(article(otherDraft(4, { title: "Lighthouse keeper retires", text: "The lighthouse keeper of Gull Point retired on Friday after forty winters." })));
      expect(await found(library, "lighthouse")).toEqual([next.articleId]);
      await library.saveIndex();
      expect(await found(library, "lighthouse")).toEqual([next.articleId]);
      await library.close();
      expect(await indexedIds(path)).toEqual(await chunkIdsOf(SqliteLibrary.open(path), [...ids, next.articleId]));
    }));

  it("never finds a removed article again, in this run or the next", () =>
    withDir(async (path) => {
      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      const kept = await library.addArticle(article(otherDraft(1)));
      const removed = await library.addArticle(article(otherDraft(2)));
      await library.saveIndex();
      expect(await found(library, "ferry")).toEqual([kept.articleId, removed.articleId]);
      await library.removeArticle(removed.articleId);
      expect(await found(library, "ferry")).toEqual([kept.articleId]);
      await library.saveIndex();
      expect(await found(library, "ferry")).toEqual([kept.articleId]);
      await library.close();

      const reopened = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      expect(await reopened.lexicalIndexReady()).toBe(true);
      expect(await found(reopened, "ferry")).toEqual([kept.articleId]);
      expect(await indexedIds(path)).toEqual(await chunkIdsOf(reopened, [kept.articleId]));
      await reopened.close();
    }));

  it("rebuilds a damaged index from the library", () =>
    withDir(async (path) => {
      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      const stored = await library.addArticle(article(otherDraft(1)));
      await library.saveIndex();
      await library.close();
      const damage = (dir: string): void => {
        for (const entry of readdirSync(dir)) {
          const file = join(dir, entry);
          if (statSync(file).isDirectory()) damage(file);
          else writeFileSync(file, "not a lance file");
        }
      };
      damage(join(path, LEXICAL_INDEX_DIR));

      const { logger, warnings } = recorder();
      const reopened = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0, logger });
      expect(await reopened.lexicalIndexReady()).toBe(true);
      expect(warnings).toEqual(["the full-text index could not be read: rebuilding it from the library"]);
      expect(await found(reopened, "ferry")).toEqual([stored.articleId]);
      await reopened.close();
      expect(await indexedIds(path)).toEqual(await chunkIdsOf(SqliteLibrary.open(path), [stored.articleId]));
    }));

  it("ranks a question's date window in the index, with FTS5's hits and scores, before and after the passages are folded in", () =>
    withDir(async (path) => {
      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      const dated = async (n: number, publishedAt: string | null): Promise<number> => (await library.addArticle(article(otherDraft(n, { publishedAt })))).articleId;
      const march = [await dated(1, "2026-03-02T08:00:00Z"), await dated(2, "2026-03-09")];
      await dated(3, "2026-04-20T10:00:00Z");
      await dated(4, null);
      const window = { from: "2026-03-01", to: "2026-03-31" };
      const inWindow = async (lexical: SqliteLibrary): Promise<Array<{ chunkId: number; articleId: number; score: number }>> =>
        lexical.searchLexical({ terms: ["ferry", "sail"], phrases: [] }, { limit: 20, weights: [3, 1], dates: window });
      const fts5 = SqliteLibrary.open(path, { lexicalIndex: "fts5" });
      for (const fold of [false, true]) {
        if (fold) await library.saveIndex();
        expect(await library.lexicalIndexReady()).toBe(true);
        const hits = await inWindow(library);
        expect([...new Set(hits.map((hit) => hit.articleId))].sort()).toEqual(march);
        expect(hits).toEqual(await inWindow(fts5));
      }
      await fts5.close();
      await library.close();
    }));

  it("filters its own search by the window, a bare end date taking in that whole day", () =>
    withDir(async (path) => {
      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      const days = ["2026-05-31T23:59:00Z", "2026-06-01T00:00:00Z", "2026-06-30T22:15:00Z", "2026-07-01T00:00:00Z"];
      const ids: number[] = [];
      for (const [n, publishedAt] of days.entries()) ids.push((await library.addArticle(article(otherDraft(n + 1, { publishedAt })))).articleId);
      await library.saveIndex();
      await library.close();
      const db = new Database(join(path, "library.db"));
      const index = new LanceLexical(db, join(path, LEXICAL_INDEX_DIR), recorder().logger);
      expect(await index.ready()).toBe(true);
      const hits = (await index.search({ terms: ["ferry"], phrases: [] }, 10, { from: "2026-06-01", to: "2026-06-30" }))!;
      const articleOf = db.prepare("SELECT article_id FROM chunks WHERE id = ?").pluck();
      expect(hits.map((hit) => articleOf.get(hit.chunkId)).sort()).toEqual([ids[1], ids[2]]);
      await index.close();
      db.close();
    }));

  it("keeps publish dates in an index of their own, made again when an index without one is opened", () =>
    withDir(async (path) => {
      const datesIndexed = async (): Promise<string | null> => {
        const connection = await lance.connect(join(path, LEXICAL_INDEX_DIR));
        const table = await connection.openTable("passages");
        const name = (await table.listIndices()).find((config) => config.columns.includes("published"))?.name ?? null;
        if (name) await table.dropIndex(name);
        table.close();
        connection.close();
        return name;
      };
      const window = { from: "2026-03-01", to: "2026-03-31" };
      const inWindow = async (lexical: SqliteLibrary) => lexical.searchLexical({ terms: ["ferry"], phrases: [] }, { limit: 20, weights: [3, 1], dates: window });
      const first = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      for (const [n, publishedAt] of ["2026-03-02", "2026-04-20"].entries()) await first.addArticle(article(otherDraft(n + 1, { publishedAt })));
      await first.saveIndex();
      await first.close();
      // Read, then dropped: the next opening finds an index as one written before dates had theirs.
      expect(await datesIndexed()).not.toBeNull();

      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      const fts5 = SqliteLibrary.open(path, { lexicalIndex: "fts5" });
      expect(await library.lexicalIndexReady()).toBe(true);
      const hits = await inWindow(library);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits).toEqual(await inWindow(fts5));
      await fts5.close();
      await library.close();
      expect(await datesIndexed()).not.toBeNull();
    }));

  it("rebuilds an index written before passages carried their articles' dates", () =>
    withDir(async (path) => {
      const before = SqliteLibrary.open(path, { lexicalIndex: "fts5" });
      const stored = await before.addArticle(article(otherDraft(1, { publishedAt: "2026-02-14" })));
      await before.close();
      // The table as the index wrote it before: ids and texts, no dates.
      const connection = await lance.connect(join(path, LEXICAL_INDEX_DIR));
      await connection.createTable("passages", [{ id: 999_999, text: "an old row the library never held" }]);
      connection.close();

      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0 });
      expect(await library.lexicalIndexReady()).toBe(true);
      expect(await indexedIds(path)).toEqual(await chunkIdsOf(library, [stored.articleId]));
      const hits = await library.searchLexical({ terms: ["ferry"], phrases: [] }, { limit: 5, weights: [3, 1], dates: { from: "2026-02-01", to: "2026-02-28" } });
      expect(hits.map((hit) => hit.articleId)).toContain(stored.articleId);
      await library.close();
    }));

  it("searches with FTS5 alone, as before, where LanceDB cannot load", () =>
    withDir(async (path) => {
      const { logger, warnings } = recorder();
      const unavailable = (): Promise<never> => Promise.reject(new Error("Cannot find module '@lancedb/lancedb-linux-x64-gnu'"));
      const library = SqliteLibrary.open(path, { lexicalIndex: "lancedb", lexicalIndexFromPostings: 0, logger, loadLance: unavailable });
      const stored = await library.addArticle(article(otherDraft(1)));
      expect(await library.lexicalIndexReady()).toBe(false);
      expect(warnings).toEqual(["the LanceDB full-text index cannot load here: lexical search uses FTS5 alone"]);
      expect(await found(library, "ferry")).toEqual([stored.articleId]);
      await library.saveIndex();
      await library.close();
    }));
});

describe("a LanceDB call that never returns", () => {
  it("is given up after its time limit: the library answers from FTS5 and closes", () =>
    withDir(async (path) => {
      const db = new Database(join(path, "library.db"));
      migrate(db);
      const { logger, warnings } = recorder();
      const stalled = { lance: { connect: () => new Promise<never>(() => undefined) }, arrow: {} } as unknown as LanceModules;
      const index = new LanceLexical(db, join(path, LEXICAL_INDEX_DIR), logger, () => Promise.resolve(stalled), { startMs: 50, writeMs: 50, searchMs: 50 });
      expect(await index.ready()).toBe(false);
      expect(warnings[0]).toBe("the full-text index could not be read: rebuilding it from the library");
      expect(warnings[1]).toBe("the full-text index could not be rebuilt: lexical search uses FTS5 alone");
      expect(await index.search({ terms: ["ferry"], phrases: [] }, 5)).toBeNull();
      await index.close();
      db.close();
    }));
});
