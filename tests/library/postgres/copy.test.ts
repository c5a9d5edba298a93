import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkText } from "../../../src/ingest/chunk.ts";
import type { NewArticle } from "../../../src/library/library.ts";
import { PostgresLibrary } from "../../../src/library/postgres/postgres-library.ts";
import { copyArticles, CopyConflict } from "../../../src/library/transfer.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/temp-dir.ts";

function unit(dimensions: number, hot: number): Float32Array {
  const v = new Float32Array(dimensions);
  v[hot % dimensions] = 1;
  return v;
}

function story(n: number): NewArticle {
  const text = [
    `The ferry to Rook Island ran late for the ${n}th time this season, the operator said on Tuesday.`,
    `"We are short of engineers," said operations manager Dana Whitlock, who expects a new crew by autumn.`,
  ].join("\n\n");
  const chunks = chunkText(text);
  const start = text.indexOf("We are short");
  return {
    draft: { url: `https://islands.example/ferry-${n}`, canonicalUrl: null, title: `Ferry delays, part ${n}`, text, outlet: "Island Post", authors: ["Kim Osei"], publishedAt: `2026-02-${String(n).padStart(2, "0")}`, language: "en" },
    chunks,
    quotes: [{ start, end: start + 26, text: text.slice(start, start + 26), speaker: "Dana Whitlock", role: "operations manager" }],
    vectors: chunks.map((_, i) => unit(8, n + i)),
    vectorModel: "test-model",
    source: "url",
    aliases: [`https://islands.example/short/${n}`],
  };
}

describe.skipIf(!TEST_DATABASE_URL)("copying a library whole", () => {
  const databases: TestDatabase[] = [];
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const open = async (database: TestDatabase): Promise<PostgresLibrary> => {
    const dir = tempDir();
    dirs.push(dir);
    return PostgresLibrary.open(database.url, { dataDir: dir.path, connections: 2 });
  };
  let source: PostgresLibrary;
  let target: PostgresLibrary;

  beforeEach(async () => {
    databases.push(await createTestDatabase(), await createTestDatabase());
    source = await open(databases[0]!);
    target = await open(databases[1]!);
  });
  afterEach(async () => {
    await source.close();
    await target.close();
    for (const database of databases.splice(0)) await database.drop();
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it("keeps ids, addresses, quotes and vectors without embedding again, and resumes after an interruption", async () => {
    const ids: number[] = [];
    for (let n = 1; n <= 5; n++) ids.push((await source.addArticle(story(n))).articleId);
    await source.removeArticle(ids[1]!);

    // Interrupted after the first batch of two…
    const interrupted = copyArticles(source, target, {
      batch: 2,
      onProgress: () => {
        throw new Error("killed");
      },
    });
    await expect(interrupted).rejects.toThrow("killed");
    expect(await target.countArticles()).toBe(2);
    // …and run again: what is there is skipped, the rest copied.
    const again = await copyArticles(source, target, { batch: 2 });
    expect(again).toMatchObject({ copied: 2, skipped: 2 });

    for (const id of [ids[0]!, ids[2]!, ids[3]!, ids[4]!]) {
      expect(await target.getArticle(id)).toEqual(await source.getArticle(id));
      expect(await target.chunksOf(id)).toEqual(await source.chunksOf(id));
      expect(await target.quotesOf(id)).toEqual(await source.quotesOf(id));
    }
    expect(await target.findByUrl("https://islands.example/short/3")).toBe(ids[2]);
    expect(await target.getArticle(ids[1]!)).toBeNull();
    expect(await target.stats()).toMatchObject({ articles: 4, pendingChunks: 0, model: "test-model" });
    const [hit] = await target.searchDense(unit(8, 4), "test-model", 1);
    expect((await target.getChunks([hit!.chunkId])).get(hit!.chunkId)?.articleId).toBe(ids[3]);
    expect((await target.searchLexical({ terms: ["engineers"], phrases: [] }, { limit: 10 })).length).toBe(4);

    // New articles are numbered after the copied ones.
    const added = await target.addArticle(story(9));
    expect(added.articleId).toBeGreaterThan(ids[4]!);
  });

  it("refuses to copy into a library holding other articles", async () => {
    await source.addArticle(story(1));
    await target.addArticle(story(2));
    await expect(copyArticles(source, target)).rejects.toBeInstanceOf(CopyConflict);
  });
});
