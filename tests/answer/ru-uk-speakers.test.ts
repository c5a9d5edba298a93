import { describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import { renderText } from "../../src/answer/render-text.ts";
import { parseQuery } from "../../src/retrieval/query.ts";
import { useAnswerEngine } from "../helpers/news-fixtures.ts";

/** Our own prose in Russian and Ukrainian news style: a Kremlin briefing, a Kyiv ministry reply, a budget story. */
const kremlinText = [
  "Кремль в понедельник отверг предложение о прекращении огня на время зимы, заявив, что условия для переговоров пока не созрели.",
  "«Мы не видим сейчас никаких оснований менять нашу позицию по переговорам», — заявил журналистам пресс-секретарь Кремля Дмитрий Песков.",
  "«Все контакты с американской стороной будут продолжены на уровне экспертов», — добавил он.",
  "Официальный представитель МИД России Мария Захарова назвала западные санкции бессмысленными. «Санкции не изменят нашего курса ни на один градус», — сказала она.",
].join("\n\n");

const kyivText = [
  "Міністерство закордонних справ України відкинуло пропозицію Кремля про зимове перемир'я.",
  "«Україна не погодиться на жодні територіальні поступки заради тимчасового затишшя», — сказав речник МЗС України Олег Ніколенко.",
  "Міністр економіки Юлія Свириденко заявила, що підготовка до зими триває за планом.",
  "„Енергосистема має резерв потужності на всі холодні місяці“, — додала вона.",
].join("\n\n");

const ARTICLES: ArticleDraft[] = [
  { url: "https://vostok-lenta.example/peskov-peremirie", canonicalUrl: null, authors: [], language: "ru", title: "Кремль отверг зимнее перемирие", text: kremlinText, outlet: "Восток-Лента", publishedAt: "2026-03-02" },
  { url: "https://dnipro-visti.example/mzs-vidpovid", canonicalUrl: null, authors: [], language: "uk", title: "МЗС відповіло Кремлю", text: kyivText, outlet: "Дніпро Вісті", publishedAt: "2026-03-03" },
];
const NOW = new Date("2026-03-10T12:00:00Z");

describe("who-said and what-said questions in Russian and Ukrainian", () => {
  const state = useAnswerEngine(ARTICLES);

  it("parses «Кто сказал …?», «Хто сказав …?», «Что сказал X о …?» and «Що сказав X про …?»", () => {
    expect(parseQuery("Кто сказал «никаких оснований менять нашу позицию»?", NOW)).toMatchObject({ kind: "who-said", quoted: "никаких оснований менять нашу позицию" });
    expect(parseQuery("Хто сказав „жодні територіальні поступки“?", NOW)).toMatchObject({ kind: "who-said", quoted: "жодні територіальні поступки" });
    expect(parseQuery("Что сказал Песков о переговорах?", NOW)).toMatchObject({ kind: "what-said", speaker: "Песков" });
    expect(parseQuery("Что Захарова сказала о санкциях?", NOW)).toMatchObject({ kind: "what-said", speaker: "Захарова" });
    expect(parseQuery("Що сказав речник МЗС про поступки?", NOW)).toMatchObject({ kind: "what-said", speaker: "речник МЗС" });
    expect(parseQuery("А що заявила Свириденко?", NOW)).toMatchObject({ kind: "what-said", speaker: "Свириденко" });
    // Not a question about a speaker: "что" opening an ordinary question.
    expect(parseQuery("Что случилось с перемирием?", NOW).kind).not.toBe("what-said");
  });

  it("answers «Кто сказал …?» with the speaker and his role, from the Russian article", async () => {
    const answer = await state.engine.ask("Кто сказал «никаких оснований менять нашу позицию»?", { now: NOW });
    expect(answer.quotes[0]).toMatchObject({ speaker: "Дмитрий Песков", speakerRole: "пресс-секретарь Кремля", sourceNumber: 1 });
    expect(answer.quotes[0]?.text).toContain("никаких оснований менять нашу позицию");
    expect(renderText(answer)).toContain("Пресс-секретарь Кремля Дмитрий Песков");
  });

  it("answers «Хто сказав …?» from the Ukrainian article, the role as the article gives it", async () => {
    const answer = await state.engine.ask("Хто сказав „жодні територіальні поступки“?", { now: NOW });
    expect(answer.quotes[0]).toMatchObject({ speaker: "Олег Ніколенко", speakerRole: "речник МЗС України" });
  });

  it("answers «Что сказал Песков о …?» with his quotes, 'добавил он' included", async () => {
    const answer = await state.engine.ask("Что сказал Песков про контакты с американской стороной?", { now: NOW });
    expect(answer.kind).toBe("answer");
    expect(answer.quotes.every((q) => q.speaker === "Дмитрий Песков")).toBe(true);
    expect(answer.quotes.map((q) => q.text)).toContain("Все контакты с американской стороной будут продолжены на уровне экспертов");
  });

  it("answers «Що сказала Свириденко …?» with the quote given to 'вона'", async () => {
    const answer = await state.engine.ask("Що сказала Свириденко про резерв потужності?", { now: NOW });
    expect(answer.quotes[0]).toMatchObject({ speaker: "Юлія Свириденко", text: "Енергосистема має резерв потужності на всі холодні місяці" });
  });

  it("answers «Что сказала Захарова о санкциях?» with her quote, not Peskov's", async () => {
    const answer = await state.engine.ask("Что сказала Захарова про санкции?", { now: NOW });
    expect(answer.quotes.map((q) => q.speaker)).toEqual(["Мария Захарова"]);
  });
});
