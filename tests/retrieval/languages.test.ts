import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import type { Library } from "../../src/library/library.ts";
import { parseQuery } from "../../src/retrieval/query.ts";
import { Searcher } from "../../src/retrieval/search.ts";
import { russianElections, russianKremlin, ukrainianEnergy, ukrainianPort, CYRILLIC_ARTICLES } from "../helpers/cyrillic-news.ts";
import { ARTICLES, buildLibrary, NOW, useAnswerEngine } from "../helpers/news-fixtures.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** An English article naming people who also appear in the Cyrillic ones, for questions asked in Cyrillic. */
const englishZelensky: ArticleDraft = {
  url: "https://harbour-post.example/world/zelensky-grid",
  canonicalUrl: null,
  title: "Zelensky orders faster repairs to the power grid",
  text: "President Volodymyr Zelensky told energy officials on Wednesday that damaged substations must be repaired before the heating season. Kremlin spokesman Dmitry Peskov declined to comment on the strikes.",
  outlet: "Harbour Post",
  authors: [],
  publishedAt: "2026-03-13",
  language: "en",
};

const MIXED = [...ARTICLES, englishZelensky, ...CYRILLIC_ARTICLES];

async function titles(library: Library, question: string, limit = 5): Promise<string[]> {
  const searcher = new Searcher(library, null);
  const hits = await searcher.search(parseQuery(question, NOW), { now: NOW, limit });
  return hits.map((hit) => hit.article.title);
}

describe("search in Russian and Ukrainian", () => {
  const dir = tempDir();
  let library: Library;
  beforeAll(async () => {
    library = await buildLibrary(dir.path, MIXED);
  });
  afterAll(async () => {
    await library.close();
    dir.remove();
  });

  it("matches an inflected question with the words as the article inflects them", async () => {
    // The question says «выборах» and «министр»; the text «выборы», «министра», «избирательные».
    expect((await titles(library, "Что сказал министр о выборах?"))[0]).toBe(russianElections.title);
    expect((await titles(library, "Почему хотят перенести голосование?"))[0]).toBe(russianElections.title);
    // Ukrainian: «підстанції» / «підстанцій», «порту» / «порт», «Ізмаїльському» / «Ізмаїльський».
    expect((await titles(library, "Коли відновлять пошкоджені підстанції?"))[0]).toBe(ukrainianEnergy.title);
    expect((await titles(library, "Скільки пшениці відвантажили в Ізмаїльському порту?"))[0]).toBe(ukrainianPort.title);
  });

  it("finds nothing from a question of stop words alone, in either language", async () => {
    expect(parseQuery("Что он сказал об этом?", NOW).terms).toEqual([]);
    expect(parseQuery("Що він сказав про це?", NOW).terms).toEqual([]);
  });

  it("finds a name written in Latin letters in Cyrillic text, and back", async () => {
    expect((await titles(library, "What did Peskov say about talks?")).slice(0, 2)).toContain(russianKremlin.title);
    expect((await titles(library, "Zelenskyy substations"))).toContain(ukrainianEnergy.title);
    // Asked in Russian about the Ukrainian president: the Ukrainian article spells him Зеленський, the English one Zelensky.
    const found = await titles(library, "Что говорил Зеленский?");
    expect(found).toContain(ukrainianEnergy.title);
    expect(found).toContain(englishZelensky.title);
    expect(await titles(library, "Что сказал Песков?")).toEqual(expect.arrayContaining([russianKremlin.title, englishZelensky.title]));
  });

  it("gives English questions the same results as in a library of English articles alone", async () => {
    const englishDir = tempDir();
    const english = await buildLibrary(englishDir.path, [...ARTICLES, englishZelensky]);
    try {
      for (const question of [
        "Why are there queues at the Sundby ferry terminal?",
        "What did the central bank do with rates?",
        "How many homes lost power in the storm?",
        "Where did the fourth refugee centre open?",
      ]) {
        expect(await titles(library, question, 10), question).toEqual(await titles(english, question, 10));
      }
      // A name the Cyrillic articles spell their way brings them in too, without reordering the English ones.
      const named = "What did Zelensky tell energy officials?";
      const inMixed = await titles(library, named, 10);
      expect(inMixed).toContain(ukrainianEnergy.title);
      expect(inMixed.filter((title) => !/\p{Script=Cyrillic}/u.test(title))).toEqual(await titles(english, named, 10));
    } finally {
      await english.close();
      englishDir.remove();
    }
  });
});

describe("answers in Russian and Ukrainian", () => {
  const news = useAnswerEngine(MIXED);

  it("quotes the sentence that answers an inflected question, from the article in its language", async () => {
    const russian = await news.engine.ask("Что предложил министр юстиции насчёт выборов?", { now: NOW });
    expect(russian.sources[0]?.title).toBe(russianElections.title);
    expect(russian.quotes[0]?.text).toMatch(/перенести региональные выборы/);
    const ukrainian = await news.engine.ask("Звідки прибудуть нові трансформатори?", { now: NOW });
    expect(ukrainian.sources[0]?.title).toBe(ukrainianEnergy.title);
    expect(ukrainian.quotes.map((quote) => quote.text).join(" ")).toMatch(/трансформатори прибудуть із Польщі/);
  });
});
