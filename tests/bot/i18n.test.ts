import { describe, expect, it } from "vitest";
import { localeOf, messagesFor, pluralSlavic } from "../../src/bot/i18n/messages.ts";

describe("the bot's words by the user's language_code", () => {
  it("speaks Russian and Ukrainian to those who use them, English to everyone else", () => {
    expect(localeOf("ru")).toBe("ru");
    expect(localeOf("uk")).toBe("uk");
    expect(localeOf("uk-UA")).toBe("uk");
    expect(localeOf("en-US")).toBe("en");
    expect(localeOf("pt-br")).toBe("en");
    expect(localeOf(undefined)).toBe("en");
    expect(messagesFor("ru").sourcesHeading).toBe("Источники");
    expect(messagesFor("uk").sourcesHeading).toBe("Джерела");
    expect(messagesFor("de").sourcesHeading).toBe("Sources");
  });

  it("counts articles with the plural forms of each language", () => {
    expect(messagesFor("ru").start(1)).toContain("Сейчас у меня 1 статья.");
    expect(messagesFor("ru").start(3)).toContain("Сейчас у меня 3 статьи.");
    expect(messagesFor("ru").start(11)).toContain("Сейчас у меня 11 статей.");
    expect(messagesFor("uk").start(22)).toContain("Зараз у мене 22 статті.");
    expect(pluralSlavic("uk", 5, { one: "a", few: "b", many: "c" })).toBe("c");
    expect(messagesFor("en").start(1)).toContain("I hold 1 article so far.");
  });

  it("words the engine's refusals in the reader's language, the English as the engine writes it", () => {
    expect(messagesFor("ru").note({ kind: "no-answer", articles: 2 })).toMatch(/^Я не нашёл ответа на этот вопрос в 2 статьях/);
    expect(messagesFor("en").note({ kind: "no-answer", articles: 1 })).toMatch(/^I couldn't find an answer to that in the 1 article I have\./);
    expect(messagesFor("uk").note({ kind: "said-it", speaker: "Речник МЗС Олег Ніколенко" })).toBe("Це сказав(ла) Речник МЗС Олег Ніколенко.");
  });
});
