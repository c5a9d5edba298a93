import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkText } from "../../../src/ingest/chunk.ts";
import { SqliteLibrary } from "../../../src/library/sqlite/sqlite-library.ts";
import { jsonLines, runCli } from "../../helpers/cli.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/temp-dir.ts";
import { article, draft, otherDraft, unit } from "../contract.ts";

describe.skipIf(!TEST_DATABASE_URL)("verbatim migrate and verbatim copy between SQLite and PostgreSQL", () => {
  let database: TestDatabase;
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const dir = (): string => {
    const made = tempDir();
    dirs.push(made);
    return made.path;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.drop();
    for (const made of dirs.splice(0)) made.remove();
  });

  it("migrates once, copies a SQLite library to PostgreSQL and back with its ids and vectors", { timeout: 120_000 }, async () => {
    const migrated = await runCli(["migrate", "--json"], { DATABASE_URL: database.url });
    expect(migrated.code).toBe(0);
    expect(jsonLines<{ from: number; to: number }>(migrated.stdout)[0]).toMatchObject({ from: 0 });
    expect(jsonLines<{ from: number; to: number }>((await runCli(["migrate", "--json"], { DATABASE_URL: database.url })).stdout)[0]!.from).toBeGreaterThan(0);

    const original = dir();
    const sqlite = SqliteLibrary.open(original);
    const first = await sqlite.addArticle(article(draft(), chunkText(draft().text).map((_, i) => unit(8, i))));
    await sqlite.addArticle(article(otherDraft(1)));
    await sqlite.close();

    const there = await runCli(["copy", "--data-dir", original, "--to", database.url, "--json"], { DATA_DIR: dir() });
    expect(there.code, there.stderr).toBe(0);
    expect(jsonLines<{ copied: number }>(there.stdout)[0]).toMatchObject({ copied: 2, skipped: 0 });
    const stats = await runCli(["stats", "--json"], { DATABASE_URL: database.url, DATA_DIR: dir() });
    expect(jsonLines<{ articles: number; embeddedChunks: number; model: string }>(stats.stdout)[0]).toMatchObject({ articles: 2, model: "test-model" });

    const back = dir();
    const returned = await runCli(["copy", "--from", database.url, "--to", back, "--json"], { DATA_DIR: dir() });
    expect(returned.code, returned.stderr).toBe(0);
    const copy = SqliteLibrary.open(back);
    const source = SqliteLibrary.open(original);
    try {
      expect(await copy.getArticle(first.articleId)).toEqual(await source.getArticle(first.articleId));
      expect(await copy.quotesOf(first.articleId)).toEqual(await source.quotesOf(first.articleId));
      expect(await copy.storedVectors(0, 100)).toEqual(await source.storedVectors(0, 100));
      expect(await copy.findByUrl(draft().canonicalUrl!)).toBe(first.articleId);
    } finally {
      await copy.close();
      await source.close();
    }
  });
});
