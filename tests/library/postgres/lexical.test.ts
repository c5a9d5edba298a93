import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../../src/library/article.ts";
import { chunkText } from "../../../src/ingest/chunk.ts";
import type { NewArticle } from "../../../src/library/library.ts";
import { PostgresLibrary } from "../../../src/library/postgres/postgres-library.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/temp-dir.ts";

const harbourText = [
  "The port authority of Kelvin Bay approved a plan on Monday to dredge the harbour's northern channel, ending a two-year dispute with fishing cooperatives.",
  "\"We have listened to every objection, and this plan answers them,\" said harbour master Ines Albright. The work is expected to start in April.",
  "Fishers had argued that the dredging would disturb spawning grounds near the breakwater. The final plan moves the spoil site eight kilometres offshore.",
].join("\n\n");

const draft = (overrides: Partial<ArticleDraft> = {}): ArticleDraft => ({
  url: "https://kelvinbay-courier.example/news/harbour-dredging-approved?utm_source=feed",
  canonicalUrl: "https://kelvinbay-courier.example/news/harbour-dredging-approved",
  title: "Harbour dredging plan approved after two-year dispute",
  text: harbourText,
  outlet: "Kelvin Bay Courier",
  authors: ["Tomas Reyes"],
  publishedAt: "2026-03-02",
  language: "en",
  ...overrides,
});

function article(d: ArticleDraft, vectors: Float32Array[] | null = null): NewArticle {
  const chunks = chunkText(d.text);
  const quoteStart = d.text.indexOf("We have listened");
  const quotes = quoteStart >= 0 ? [{ start: quoteStart, end: quoteStart + 50, text: d.text.slice(quoteStart, quoteStart + 50), speaker: "Ines Albright" }] : [];
  return { draft: d, chunks, quotes, vectors, vectorModel: vectors ? "test-model" : undefined, source: "url" };
}

describe.skipIf(!TEST_DATABASE_URL)("PostgresLibrary lexical search", () => {
  let database: TestDatabase;
  let dir: ReturnType<typeof tempDir>;
  let library: PostgresLibrary;

  beforeEach(async () => {
    database = await createTestDatabase();
    dir = tempDir();
    library = await PostgresLibrary.open(database.url, { dataDir: dir.path });
  });
  afterEach(async () => {
    await library.close();
    await database.drop();
    dir.remove();
  });

  it("finds passages by words, phrases and title, weighs rare words, and honours publish-date bounds", async () => {
    await library.addArticle(article(draft()));
    const later = await library.addArticle(
      article(draft({ url: "https://kelvinbay-courier.example/news/dredging-starts", canonicalUrl: null, title: "Dredging begins", publishedAt: "2026-04-10", text: "Dredging of the northern channel began on Friday under the approved harbour plan, with two barges at work near the breakwater. Crews expect to finish the first phase by June." })),
    );
    const all = await library.searchLexical({ terms: ["dredging"], phrases: [] }, { limit: 10 });
    expect(new Set(all.map((hit) => hit.articleId)).size).toBe(2);
    const april = await library.searchLexical({ terms: ["dredging"], phrases: [] }, { limit: 10, dates: { from: "2026-04-01", to: "2026-04-30" } });
    expect(april.map((hit) => hit.articleId)).toEqual([later.articleId]);
    const marchOnly = await library.searchLexical({ terms: ["dredging"], phrases: [] }, { limit: 10, dates: { to: "2026-03-02" } });
    expect(marchOnly.length).toBeGreaterThan(0);
    expect(marchOnly.every((hit) => hit.articleId !== later.articleId)).toBe(true);
    const barges = await library.searchLexical({ terms: ["barges", "harbour"], phrases: [] }, { limit: 10 });
    expect(barges[0]?.articleId).toBe(later.articleId);
    const phrase = await library.searchLexical({ terms: [], phrases: ["spoil site"] }, { limit: 10 });
    expect(phrase).toHaveLength(1);
    expect(await library.searchLexical({ terms: [], phrases: ["site spoil"] }, { limit: 10 })).toEqual([]);
    expect((await library.documentFrequencies(["dredging", "barges", "zeppelin"])).get("barges")).toBe(1);
    expect((await library.documentFrequencies(["zeppelin"])).get("zeppelin")).toBe(0);
    expect(await library.passageCount()).toBeGreaterThanOrEqual((await library.stats()).chunks);
  });
});
