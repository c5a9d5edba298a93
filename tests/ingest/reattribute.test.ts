import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkText } from "../../src/ingest/chunk.ts";
import { reattributeQuotes } from "../../src/ingest/reattribute.ts";
import type { Library } from "../../src/library/library.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const TEXT = [
  "Ferry crews on the northern route walked out on Thursday over new rosters.",
  '"We were never asked about the new shifts," said union steward Pia Holm. "Nobody signs a roster they have not seen."',
  'The operator, Baltic Lines, said talks would resume on Monday. "We expect the boats to sail by the weekend," spokesman Karl Enger said.',
].join("\n\n");

describe("reattributeQuotes", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;
  let articleId: number;

  beforeEach(async () => {
    dir = tempDir();
    library = SqliteLibrary.open(dir.path);
    const draft = { url: "https://ferry-news.example/strike", canonicalUrl: null, title: "Ferry crews walk out", text: TEXT, outlet: null, authors: [], publishedAt: "2026-05-07", language: "en" };
    // Stored as an older ingest might have: quotes found, no speakers.
    const start = TEXT.indexOf("We were never");
    const quotes = [{ start, end: start + 40, text: TEXT.slice(start, start + 40), speaker: null }];
    const outcome = await library.addArticle({ draft, chunks: chunkText(TEXT), quotes, vectors: null, source: "url" });
    articleId = outcome.articleId;
  });
  afterEach(async () => {
    await library.close();
    dir.remove();
  });

  it("replaces stored quotes with what the current rules find, and leaves unchanged articles alone", async () => {
    expect(await reattributeQuotes(library, [articleId])).toEqual({ articles: 1, quotes: 3, changed: 1 });
    expect((await library.quotesOf(articleId)).map((q) => [q.text.slice(0, 20), q.speaker, q.role])).toEqual([
      ["We were never asked ", "Pia Holm", "union steward"],
      ["Nobody signs a roste", "Pia Holm", "union steward"],
      ["We expect the boats ", "Karl Enger", "spokesman"],
    ]);
    expect(await reattributeQuotes(library, [articleId])).toEqual({ articles: 1, quotes: 3, changed: 0 });
  });

  it("stores nothing that does not match the article text, and skips articles that are gone", async () => {
    const stored = await library.quotesOf(articleId);
    await expect(library.replaceQuotes(articleId, [{ start: 0, end: 5, text: "Boats", speaker: "Pia Holm" }])).rejects.toThrow(/does not match/);
    expect(await library.quotesOf(articleId)).toEqual(stored);
    expect(await library.replaceQuotes(articleId + 1, [])).toBe(false);
    expect(await reattributeQuotes(library, [articleId + 1])).toEqual({ articles: 0, quotes: 0, changed: 0 });
  });
});
