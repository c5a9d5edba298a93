import Database from "better-sqlite3";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestResult } from "../../src/ingest/pipeline.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { jsonLines, runCli, startCli, TINY_MODEL } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const ARTICLES = 240;
const KILL_AFTER = 40;
const TOWNS = ["Arden", "Bexley", "Corran", "Dunmore", "Elgin", "Farrow", "Garth", "Hollin"];

/** A distinct, article-like text per index, long enough for several chunks and with one attributed quote. */
function syntheticArticle(i: number): string {
  const town = TOWNS[i % TOWNS.length]!;
  const paragraphs = Array.from({ length: 8 }, (_, p) =>
    [
      `Council ${i} of ${town} met for session ${p} to discuss road repairs on route ${i * 7 + p}.`,
      `Members reviewed ${p + 3} proposals for bridge number ${i}-${p} and asked for costings by the next meeting.`,
      `Residents of ward ${p} had written ${i + p} letters about potholes near the school.`,
    ].join(" "),
  );
  paragraphs.splice(2, 0, `"We will fix bridge ${i} before the winter," said mayor Alda Varga${i}.`);
  return paragraphs.join("\n\n");
}

describe("a bulk ingest killed with SIGKILL", () => {
  let dir: ReturnType<typeof tempDir>;
  let corpus: string;
  const acknowledged: IngestResult[] = [];

  beforeAll(async () => {
    dir = tempDir();
    corpus = join(dir.path, "corpus.jsonl");
    const lines = Array.from({ length: ARTICLES }, (_, i) =>
      JSON.stringify({ url: `https://council-news.example/${i}`, title: `Council ${i} reviews roads`, text: syntheticArticle(i), publish_date: "2026-02-01" }),
    );
    writeFileSync(corpus, `${lines.join("\n")}\n`);

    // Embeddings on (the tiny model), so vectors and the HNSW catch-up are part of what must survive.
    const child = startCli(["ingest", corpus, "--json", "--data-dir", join(dir.path, "lib")], { EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_MODEL });
    const exited = new Promise((resolve) => child.on("close", resolve));
    for await (const line of createInterface({ input: child.stdout! })) {
      const result = JSON.parse(line) as IngestResult;
      if (result.status === "added") acknowledged.push(result);
      if (acknowledged.length >= KILL_AFTER) {
        child.kill("SIGKILL");
        break;
      }
    }
    await exited;
  }, 120_000);

  afterAll(() => dir.remove());

  it("keeps every acknowledged article, whole, and nothing half-written", async () => {
    expect(acknowledged.length).toBe(KILL_AFTER);
    const database = new Database(join(dir.path, "lib", "library.db"), { readonly: true });
    const library = SqliteLibrary.open(join(dir.path, "lib"));
    try {
      expect(database.pragma("integrity_check", { simple: true })).toBe("ok");
      const stored = await library.countArticles();
      expect(stored).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(stored).toBeLessThan(ARTICLES);
      for (const result of acknowledged) {
        const article = await library.getArticle(result.articleId!);
        expect(article?.title).toBe(result.title);
        expect(await library.chunksOf(result.articleId!)).toHaveLength(result.chunks!);
      }
      // Every stored article is complete: chunks matching its text, its quote, a vector per chunk, searchable.
      for (const { id } of await library.latestArticles(ARTICLES)) {
        const article = (await library.getArticle(id))!;
        const chunks = await library.chunksOf(id);
        expect(chunks.length).toBeGreaterThan(1);
        for (const chunk of chunks) expect(article.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
        expect((await library.quotesOf(id)).length).toBeGreaterThan(0);
      }
      const stats = await library.stats();
      expect(stats.pendingChunks).toBe(0);
      expect(await library.articlesQuoting("Varga", ARTICLES)).toHaveLength(stored);
      const [first] = acknowledged;
      expect(await library.searchLexical({ terms: ["potholes"], phrases: [] }, { limit: 5 })).toHaveLength(5);
      // The HNSW file was never saved before the kill: opening replays the vectors from SQLite.
      const chunk = (await library.chunksOf(first!.articleId!))[0]!;
      const vector = database.prepare("SELECT vector FROM vectors WHERE chunk_id = ?").pluck().get(chunk.id) as Buffer;
      const [nearest] = await library.searchDense(new Float32Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength)), stats.model!, 1);
      expect(nearest?.chunkId).toBe(chunk.id);
    } finally {
      database.close();
      await library.close();
    }
  });

  it("finishes on a second run, reporting what was already stored as duplicates", async () => {
    const before = await (async () => {
      const library = SqliteLibrary.open(join(dir.path, "lib"));
      try {
        return await library.countArticles();
      } finally {
        await library.close();
      }
    })();
    const run = await runCli(["ingest", corpus, "--json", "--data-dir", join(dir.path, "lib")]);
    expect(run.code).toBe(0);
    const results = jsonLines<IngestResult>(run.stdout);
    expect(results.filter((r) => r.status === "duplicate")).toHaveLength(before);
    expect(results.filter((r) => r.status === "added")).toHaveLength(ARTICLES - before);
    const stats = await runCli(["stats", "--json", "--data-dir", join(dir.path, "lib")]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ articles: ARTICLES });
  }, 120_000);
});
