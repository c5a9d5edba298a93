import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import { chunkText } from "../../src/ingest/chunk.ts";
import { Library, type NewArticle } from "../../src/library/sqlite/sqlite-library.ts";
import { tempDir } from "../helpers/temp-dir.ts";

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

function unit(dimensions: number, hot: number): Float32Array {
  const vector = new Float32Array(dimensions);
  vector[hot % dimensions] = 1;
  return vector;
}

describe("Library", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;

  beforeEach(() => {
    dir = tempDir();
    library = Library.open(dir.path);
  });
  afterEach(() => {
    library.close();
    dir.remove();
  });

  it("stores an article with chunks and quotes whose text matches the article at their offsets", () => {
    const outcome = library.addArticle(article(draft()));
    expect(outcome.status).toBe("added");
    if (outcome.status !== "added") return;
    const stored = library.getArticle(outcome.articleId)!;
    expect(stored.title).toBe("Harbour dredging plan approved after two-year dispute");
    expect(stored.authors).toEqual(["Tomas Reyes"]);
    for (const chunk of library.chunksOf(outcome.articleId)) expect(stored.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    const [quote] = library.quotesOf(outcome.articleId);
    expect(quote?.speaker).toBe("Ines Albright");
    expect(quote?.text.startsWith("We have listened")).toBe(true);
  });

  it("recognises the same article by any variant of its links or by its text", () => {
    const first = library.addArticle(article(draft()));
    expect(library.findByUrl("http://www.kelvinbay-courier.example/news/harbour-dredging-approved/#top")).toBe(first.articleId);
    const again = library.addArticle(article(draft({ url: "https://kelvinbay-courier.example/news/harbour-dredging-approved?fbclid=x", canonicalUrl: null })));
    expect(again).toEqual({ status: "duplicate", articleId: first.articleId });
    const copied = library.addArticle(article(draft({ url: "https://elsewhere.example/copy", canonicalUrl: null, text: `  ${harbourText.toUpperCase()} ` })));
    expect(copied.status).toBe("duplicate");
    expect(library.countArticles()).toBe(1);
  });

  it("finds passages by BM25 and honours publish-date bounds", () => {
    library.addArticle(article(draft()));
    const later = library.addArticle(
      article(draft({ url: "https://kelvinbay-courier.example/news/dredging-starts", canonicalUrl: null, title: "Dredging begins", publishedAt: "2026-04-10", text: "Dredging of the northern channel began on Friday under the approved harbour plan, with two barges at work near the breakwater. Crews expect to finish the first phase by June." })),
    );
    const all = library.searchLexical('"dredging"', { limit: 10 });
    expect(new Set(all.map((hit) => hit.articleId)).size).toBe(2);
    const april = library.searchLexical('"dredging"', { limit: 10, dates: { from: "2026-04-01", to: "2026-04-30" } });
    expect(april.map((hit) => hit.articleId)).toEqual([later.articleId]);
    const marchOnly = library.searchLexical('"dredging"', { limit: 10, dates: { to: "2026-03-02" } });
    expect(marchOnly.every((hit) => hit.articleId !== later.articleId)).toBe(true);
    expect(marchOnly.length).toBeGreaterThan(0);
  });

  it("forgets a removed article everywhere", () => {
    const outcome = library.addArticle(article(draft(), chunkText(harbourText).map((_, i) => unit(8, i))));
    expect(library.removeArticle(outcome.articleId)).toBe(true);
    expect(library.getArticle(outcome.articleId)).toBeNull();
    expect(library.searchLexical('"dredging"', { limit: 10 })).toEqual([]);
    expect(library.stats()).toMatchObject({ articles: 0, chunks: 0, quotes: 0, embeddedChunks: 0 });
    expect(library.findByUrl("https://kelvinbay-courier.example/news/harbour-dredging-approved")).toBeNull();
    expect(library.removeArticle(outcome.articleId)).toBe(false);
  });

  it("rejects chunks that do not match the article text, storing nothing", () => {
    const bad = article(draft());
    bad.chunks[0] = { ...bad.chunks[0]!, text: "invented" };
    expect(() => library.addArticle(bad)).toThrow(/does not match/);
    expect(library.countArticles()).toBe(0);
  });

  it("keeps vectors in SQLite and rebuilds the HNSW index after a crash that never saved it", () => {
    const vectors = chunkText(harbourText).map((_, i) => unit(8, i + 3));
    const outcome = library.addArticle(article(draft(), vectors));
    // Simulate a crash: the database is closed without the index ever being saved.
    library.db.close();
    library = Library.open(dir.path);
    const [hit] = library.searchDense(unit(8, 3), "test-model", 1);
    const chunk = library.getChunks([hit!.label]).get(hit!.label);
    expect(chunk?.articleId).toBe(outcome.articleId);
    expect(hit!.score).toBeCloseTo(1, 5);
    expect(library.stats()).toMatchObject({ embeddedChunks: vectors.length, pendingChunks: 0, model: "test-model" });
  });

  it("refuses vectors from a second model and reports pending chunks when stored without vectors", () => {
    library.addArticle(article(draft()));
    const stats = library.stats();
    expect(stats.pendingChunks).toBe(stats.chunks);
    const pending = library.pendingChunks(10);
    library.storeVectors("model-a", pending.map((chunk) => ({ chunkId: chunk.id, vector: unit(4, chunk.id) })));
    expect(library.stats().pendingChunks).toBe(0);
    expect(() => library.storeVectors("model-b", [{ chunkId: pending[0]!.id, vector: unit(4, 1) }])).toThrow(/reindex/);
    library.clearVectors();
    expect(library.stats()).toMatchObject({ embeddedChunks: 0, model: null });
  });

  it("lists the latest articles newest first and lists quoting articles by speaker", () => {
    const older = library.addArticle(article(draft()));
    const newer = library.addArticle(article(draft({ url: "https://other.example/a", canonicalUrl: null, publishedAt: "2026-05-01", text: `${harbourText} Update: the first barge arrived.` })));
    expect(library.latestArticles(10).map((a) => a.id)).toEqual([newer.articleId, older.articleId]);
    expect(library.articlesQuoting("albright", 5)).toEqual([newer.articleId, older.articleId]);
    expect(library.articlesQuoting("100%", 5)).toEqual([]);
  });
});
