import { describe, expect, it } from "vitest";
import { chunkText } from "../../src/ingest/chunk.ts";
import type { ArticleDraft } from "../../src/library/article.ts";
import type { Library, NewArticle, NewTurn } from "../../src/library/library.ts";
import { russianElections, russianKremlin, ukrainianPort } from "../helpers/cyrillic-news.ts";

/** How the contract suite gets libraries of one implementation. */
export interface LibraryHarness {
  /** A fresh, empty library. */
  open(): Promise<Library>;
  /** The library `open` made, opened again after it was closed (as the next process would). */
  reopen(): Promise<Library>;
  /** Removes whatever `open` created. */
  cleanUp(): Promise<void>;
}

const harbourText = [
  "The port authority of Kelvin Bay approved a plan on Monday to dredge the harbour's northern channel, ending a two-year dispute with fishing cooperatives.",
  "\"We have listened to every objection, and this plan answers them,\" said harbour master Ines Albright. The work is expected to start in April.",
  "Fishers had argued that the dredging would disturb spawning grounds near the breakwater. The final plan moves the spoil site eight kilometres offshore.",
].join("\n\n");

export const draft = (overrides: Partial<ArticleDraft> = {}): ArticleDraft => ({
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

export function article(d: ArticleDraft, vectors: Float32Array[] | null = null): NewArticle {
  const chunks = chunkText(d.text);
  const quoteStart = d.text.indexOf("We have listened");
  const quotes =
    quoteStart >= 0 ? [{ start: quoteStart, end: quoteStart + 50, text: d.text.slice(quoteStart, quoteStart + 50), speaker: "Ines Albright", role: "harbour master" }] : [];
  return { draft: d, chunks, quotes, vectors, vectorModel: vectors ? "test-model" : undefined, source: "url" };
}

export function unit(dimensions: number, hot: number): Float32Array {
  const vector = new Float32Array(dimensions);
  vector[hot % dimensions] = 1;
  return vector;
}

/** A second, unrelated article (its own link and text). */
export function otherDraft(n: number, overrides: Partial<ArticleDraft> = {}): ArticleDraft {
  return draft({
    url: `https://kelvinbay-courier.example/news/ferry-${n}`,
    canonicalUrl: null,
    title: `Ferry timetable ${n} changes`,
    text: `The ferry to Gull Point will sail ${n} times a day from May, the operator said. Passengers asked for earlier crossings in the winter consultation.`,
    ...overrides,
  });
}

function turn(question: string, conversationId: string): NewTurn {
  return { conversationId, question, understood: question, speaker: null, articleIds: [1], quotes: [], passages: [{ chunkId: 1, score: 0.5 }], shown: 0 };
}

/**
 * What every `Library` implementation must do, whatever stores it. Each implementation's test file calls this
 * with its own harness (as langchainjs's integrations share their vector-store tests); `skip` when its server is absent.
 */
export function describeLibraryContract(name: string, harness: () => LibraryHarness, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip === true)(`Library contract: ${name}`, () => {
    async function withLibrary(test: (library: Library, h: LibraryHarness) => Promise<void>): Promise<void> {
      const h = harness();
      const library = await h.open();
      try {
        await test(library, h);
      } finally {
        await library.close();
        await h.cleanUp();
      }
    }

    it("stores an article with chunks and quotes whose text matches the article at their offsets", () =>
      withLibrary(async (library) => {
        const outcome = await library.addArticle(article(draft()));
        expect(outcome.status).toBe("added");
        const stored = (await library.getArticle(outcome.articleId))!;
        expect(stored).toMatchObject({ title: "Harbour dredging plan approved after two-year dispute", authors: ["Tomas Reyes"], outlet: "Kelvin Bay Courier", source: "url" });
        for (const chunk of await library.chunksOf(outcome.articleId)) expect(stored.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
        const [quote] = await library.quotesOf(outcome.articleId);
        expect(quote).toMatchObject({ speaker: "Ines Albright", role: "harbour master" });
        expect(quote?.text.startsWith("We have listened")).toBe(true);
        const summaries = await library.getSummaries([outcome.articleId, 999_999]);
        expect([...summaries.keys()]).toEqual([outcome.articleId]);
        expect(summaries.get(outcome.articleId)).not.toHaveProperty("text");
      }));

    it("stores each article's language, detected from its text where the page gives none or contradicts it", () =>
      withLibrary(async (library) => {
        const english = await library.addArticle(article(draft({ language: "en-GB" })));
        const russian = await library.addArticle(article(russianKremlin));
        // A site template's lang="en" on a Ukrainian page.
        const ukrainian = await library.addArticle(article({ ...ukrainianPort, language: "en" }));
        expect((await library.getArticle(english.articleId))?.language).toBe("en-GB");
        expect((await library.getArticle(russian.articleId))?.language).toBe("ru");
        expect((await library.getSummaries([ukrainian.articleId])).get(ukrainian.articleId)?.language).toBe("uk");
        expect((await library.stats()).languages).toEqual([
          { language: "en", articles: 1 },
          { language: "ru", articles: 1 },
          { language: "uk", articles: 1 },
        ]);
      }));

    it("matches words of Russian and Ukrainian articles by their stems, leaving English matches as they were", () =>
      withLibrary(async (library) => {
        const english = await library.addArticle(article(draft()));
        const englishHits = (await library.searchLexical({ terms: ["dredging", "harbour"], phrases: [] }, { limit: 10 })).map((hit) => hit.chunkId);
        const russian = await library.addArticle(article(russianElections));
        const ukrainian = await library.addArticle(article(ukrainianPort));
        const articlesOf = async (terms: string[], phrases: string[] = []): Promise<number[]> => [
          ...new Set((await library.searchLexical({ terms, phrases }, { limit: 10 })).map((hit) => hit.articleId)),
        ];
        // «выборах» and «министром» are not in the text; «выборы» and «министра» are.
        expect(await articlesOf(["выборах"])).toEqual([russian.articleId]);
        expect(await articlesOf(["министром"])).toEqual([russian.articleId]);
        expect(await articlesOf(["причалами"])).toEqual([ukrainian.articleId]);
        expect(await articlesOf(["зерно"], ["ізмаїльському порту"])).toEqual([ukrainian.articleId]);
        // Within a date window too.
        expect((await library.searchLexical({ terms: ["выборах"], phrases: [] }, { limit: 5, dates: { from: "2026-04-01" } })).map((hit) => hit.articleId)).toContain(russian.articleId);
        expect((await library.documentFrequencies(["выборах", "причалами"])).get("выборах")).toBeGreaterThanOrEqual(1);
        expect((await library.searchLexical({ terms: ["dredging", "harbour"], phrases: [] }, { limit: 10 })).map((hit) => hit.chunkId)).toEqual(englishHits);
        expect(await articlesOf(["dredging"])).toEqual([english.articleId]);
        await library.removeArticle(russian.articleId);
        expect(await articlesOf(["выборах"])).toEqual([]);
      }));

    it("replaces an article's quotes at once, refusing quotes that do not match its text", () =>
      withLibrary(async (library) => {
        const { articleId } = await library.addArticle(article(draft()));
        const start = harbourText.indexOf("The final plan");
        const replacement = [{ start, end: start + 14, text: "The final plan", speaker: "Ines Albright", role: "harbour master" }];
        expect(await library.replaceQuotes(articleId, replacement)).toBe(true);
        expect((await library.quotesOf(articleId)).map((q) => q.text)).toEqual(["The final plan"]);
        await expect(library.replaceQuotes(articleId, [{ start: 0, end: 3, text: "Not", speaker: null }])).rejects.toThrow(/does not match/);
        expect((await library.quotesOf(articleId)).map((q) => q.text)).toEqual(["The final plan"]);
        expect(await library.replaceQuotes(articleId + 1000, [])).toBe(false);
      }));

    it("recognises the same article by any variant of its links or by its text", () =>
      withLibrary(async (library) => {
        const first = await library.addArticle(article(draft()));
        expect(await library.findByUrl("http://www.kelvinbay-courier.example/news/harbour-dredging-approved/#top")).toBe(first.articleId);
        const again = await library.addArticle(article(draft({ url: "https://kelvinbay-courier.example/news/harbour-dredging-approved?fbclid=x", canonicalUrl: null })));
        expect(again).toEqual({ status: "duplicate", articleId: first.articleId });
        const copied = await library.addArticle(article(draft({ url: "https://elsewhere.example/copy", canonicalUrl: null, text: `  ${harbourText.toUpperCase()} ` })));
        expect(copied.status).toBe("duplicate");
        expect(await library.findDuplicate(draft({ url: "https://elsewhere.example/other", canonicalUrl: null }))).toBe(first.articleId);
        expect(await library.countArticles()).toBe(1);
      }));

    it("finds passages by BM25 for any of the words or phrases, and honours publish-date bounds", () =>
      withLibrary(async (library) => {
        await library.addArticle(article(draft()));
        const later = await library.addArticle(
          article(
            draft({
              url: "https://kelvinbay-courier.example/news/dredging-starts",
              canonicalUrl: null,
              title: "Dredging begins",
              publishedAt: "2026-04-10",
              text: "Dredging of the northern channel began on Friday under the approved harbour plan, with two barges at work near the breakwater. Crews expect to finish the first phase by June.",
            }),
          ),
        );
        const dredging = { terms: ["dredging"], phrases: [] };
        expect(new Set((await library.searchLexical(dredging, { limit: 10 })).map((hit) => hit.articleId)).size).toBe(2);
        const april = await library.searchLexical(dredging, { limit: 10, dates: { from: "2026-04-01", to: "2026-04-30" } });
        expect(april.map((hit) => hit.articleId)).toEqual([later.articleId]);
        const marchOnly = await library.searchLexical(dredging, { limit: 10, dates: { to: "2026-03-02" } });
        expect(marchOnly.length).toBeGreaterThan(0);
        expect(marchOnly.every((hit) => hit.articleId !== later.articleId)).toBe(true);
        // Words are matched by stem, and quote characters in a word are not operators.
        expect((await library.searchLexical({ terms: ['barge"s', "spawns"], phrases: [] }, { limit: 10 })).length).toBeGreaterThan(0);
        const phrase = await library.searchLexical({ terms: [], phrases: ["two barges"] }, { limit: 10 });
        expect(phrase.map((hit) => hit.articleId)).toEqual([later.articleId]);
        expect(await library.searchLexical({ terms: [], phrases: [] }, { limit: 10 })).toEqual([]);
      }));

    it("counts passages and how many passages hold each word", () =>
      withLibrary(async (library) => {
        const added = await library.addArticle(article(draft()));
        await library.addArticle(article(otherDraft(1)));
        const passages = (await library.chunksOf(added.articleId)).length + 1;
        expect(await library.passageCount()).toBeGreaterThanOrEqual(passages);
        const frequencies = await library.documentFrequencies(["ferry", "dredging", "zeppelin"]);
        expect(frequencies.get("ferry")).toBe(1);
        expect(frequencies.get("dredging")).toBeGreaterThanOrEqual(1);
        expect(frequencies.get("zeppelin")).toBe(0);
      }));

    it("forgets a removed article everywhere", () =>
      withLibrary(async (library) => {
        const outcome = await library.addArticle(article(draft(), chunkText(harbourText).map((_, i) => unit(8, i))));
        expect(await library.removeArticle(outcome.articleId)).toBe(true);
        expect(await library.getArticle(outcome.articleId)).toBeNull();
        expect(await library.searchLexical({ terms: ["dredging"], phrases: [] }, { limit: 10 })).toEqual([]);
        expect(await library.searchDense(unit(8, 0), "test-model", 5)).toEqual([]);
        expect(await library.stats()).toMatchObject({ articles: 0, chunks: 0, quotes: 0, embeddedChunks: 0 });
        expect(await library.findByUrl("https://kelvinbay-courier.example/news/harbour-dredging-approved")).toBeNull();
        expect(await library.removeArticle(outcome.articleId)).toBe(false);
      }));

    it("never gives a removed article's or passage's id to a new one", () =>
      withLibrary(async (library) => {
        await library.addArticle(article(draft()));
        const newest = await library.addArticle(article(otherDraft(1)));
        const removedChunks = (await library.chunksOf(newest.articleId)).map((chunk) => chunk.id);
        await library.removeArticle(newest.articleId);
        const next = await library.addArticle(article(otherDraft(2)));
        expect(next.articleId).toBeGreaterThan(newest.articleId);
        const nextChunks = (await library.chunksOf(next.articleId)).map((chunk) => chunk.id);
        expect(Math.min(...nextChunks)).toBeGreaterThan(Math.max(...removedChunks));
      }));

    it("rejects chunks that do not match the article text, storing nothing", () =>
      withLibrary(async (library) => {
        const bad = article(draft());
        bad.chunks[0] = { ...bad.chunks[0]!, text: "invented" };
        await expect(library.addArticle(bad)).rejects.toThrow(/does not match/);
        expect(await library.countArticles()).toBe(0);
        expect(await library.findByUrl(draft().url!)).toBeNull();
      }));

    it("finds the nearest passages by vector, and still after the library is opened again", () =>
      withLibrary(async (_first, h) => {
        await _first.addArticle(article(otherDraft(1), [unit(8, 1)]));
        const vectors = chunkText(harbourText).map((_, i) => unit(8, i + 3));
        const outcome = await _first.addArticle(article(draft(), vectors));
        await _first.close();
        const library = await h.reopen();
        try {
          const [hit] = await library.searchDense(unit(8, 3), "test-model", 1);
          expect((await library.getChunks([hit!.chunkId])).get(hit!.chunkId)?.articleId).toBe(outcome.articleId);
          expect(hit!.score).toBeCloseTo(1, 5);
          expect(await library.searchDense(unit(8, 3), "another-model", 1)).toEqual([]);
        const stored = await library.storedVectors(0, 100);
        expect(stored).toHaveLength(vectors.length + 1);
        expect(stored.map((item) => item.chunkId)).toEqual([...stored.map((item) => item.chunkId)].sort((a, b) => a - b));
        expect(await library.storedVectors(stored[0]!.chunkId, 1)).toEqual([stored[1]]);
          expect(await library.stats()).toMatchObject({ embeddedChunks: vectors.length + 1, pendingChunks: 0, model: "test-model" });
        } finally {
          await library.close();
        }
      }));

    it("refuses vectors from a second model and reports pending chunks when stored without vectors", () =>
      withLibrary(async (library) => {
        await library.addArticle(article(draft()));
        const stats = await library.stats();
        expect(stats.pendingChunks).toBe(stats.chunks);
        const pending = await library.pendingChunks(10);
        await library.storeVectors("model-a", pending.map((chunk) => ({ chunkId: chunk.id, vector: unit(4, chunk.id) })));
        expect((await library.stats()).pendingChunks).toBe(0);
        expect(await library.embeddingModel()).toBe("model-a");
        await expect(library.storeVectors("model-b", [{ chunkId: pending[0]!.id, vector: unit(4, 1) }])).rejects.toThrow(/reindex/);
        await library.clearVectors();
        expect(await library.stats()).toMatchObject({ embeddedChunks: 0, model: null });
        expect(await library.embeddingModel()).toBeNull();
      }));

    it("lists the latest articles newest first and the articles quoting a speaker by name or role", () =>
      withLibrary(async (library) => {
        const older = await library.addArticle(article(draft()));
        const newer = await library.addArticle(
          article(draft({ url: "https://other.example/a", canonicalUrl: null, publishedAt: "2026-05-01", text: `${harbourText} Update: the first barge arrived.` })),
        );
        expect((await library.latestArticles(10)).map((a) => a.id)).toEqual([newer.articleId, older.articleId]);
        expect((await library.latestArticles(1, 1)).map((a) => a.id)).toEqual([older.articleId]);
        expect(await library.articlesQuoting("albright", 5)).toEqual([newer.articleId, older.articleId]);
        expect(await library.articlesQuoting("harbour master", 5)).toEqual([newer.articleId, older.articleId]);
        expect(await library.articlesQuoting("100%", 5)).toEqual([]);
      }));

    it("remembers conversation turns, replays the one asked for, and forgets a conversation", () =>
      withLibrary(async (library, h) => {
        const { conversations } = library;
        const first = await conversations.add(turn("What did the mayor say?", "tg:1"));
        const second = await conversations.add({ ...turn("and the ferries?", "tg:1"), askedAt: "2026-03-02T12:00:00.000Z" });
        await conversations.add(turn("Elsewhere?", "tg:2"));
        expect((await conversations.latest("tg:1"))?.id).toBe(second.id);
        expect(await conversations.latest("tg:1", first.id)).toMatchObject({ question: "What did the mayor say?", passages: [{ chunkId: 1, score: 0.5 }] });
        expect(await conversations.latest("tg:2", first.id)).toBeNull();
        const moreQuote = { articleId: 1, start: 4, end: 40, speaker: "Ann Lee" };
        const shown = await conversations.markShown(second, 3, [moreQuote]);
        expect(shown).toMatchObject({ shown: 3, quotes: [moreQuote] });
        await library.close();
        const reopened = await h.reopen();
        try {
          expect(await reopened.conversations.latest("tg:1")).toMatchObject({ id: second.id, shown: 3, quotes: [moreQuote], askedAt: "2026-03-02T12:00:00.000Z" });
          await reopened.conversations.forget("tg:1");
          expect(await reopened.conversations.latest("tg:1")).toBeNull();
          expect(await reopened.conversations.latest("tg:2")).not.toBeNull();
        } finally {
          await reopened.close();
        }
      }));

    it("keeps a conversation to its last turns", () =>
      withLibrary(async (library) => {
        const { conversations } = library;
        const first = await conversations.add(turn("Question 0?", "tg:1"));
        for (let asked = 1; asked <= 40; asked++) await conversations.add(turn(`Question ${asked}?`, "tg:1"));
        expect(await conversations.latest("tg:1", first.id)).toBeNull();
        expect((await conversations.latest("tg:1"))?.question).toBe("Question 40?");
      }));

    it("maps answer messages to their turns, and drops them with their turns", () =>
      withLibrary(async (library, h) => {
        const { conversations, botMessages } = library;
        const mine = await conversations.add(turn("What did the mayor say?", "tg:7"));
        const other = await conversations.add(turn("What did the mayor say?", "tg:8"));
        await botMessages.remember(7, 11, { conversationId: "tg:7", turnId: mine.id });
        await botMessages.remember(7, 12, { conversationId: "tg:7", turnId: "small-talk-never-stored" });
        await botMessages.remember(7, 13, { conversationId: "tg:7", turnId: other.id });
        await botMessages.remember(8, 11, { conversationId: "tg:8", turnId: other.id });
        expect(await botMessages.find(7, 11)).toEqual({ conversationId: "tg:7", turnId: mine.id });
        expect(await botMessages.find(7, 12)).toBeUndefined();
        expect(await botMessages.find(7, 13)).toBeUndefined();
        expect(await botMessages.find(7, 14)).toBeUndefined();
        await library.close();
        const reopened = await h.reopen();
        try {
          expect(await reopened.botMessages.find(7, 11)).toEqual({ conversationId: "tg:7", turnId: mine.id });
          await reopened.conversations.forget("tg:7");
          expect(await reopened.botMessages.find(7, 11)).toBeUndefined();
          expect(await reopened.botMessages.find(8, 11)).toEqual({ conversationId: "tg:8", turnId: other.id });
        } finally {
          await reopened.close();
        }
      }));
  });
}
