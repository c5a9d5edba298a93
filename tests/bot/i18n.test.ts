import { describe, expect, it } from "vitest";
import type { NoteKind } from "../../src/answer/model.ts";
import { englishNote } from "../../src/answer/notes.ts";
import { localeOf, messagesFor, pluralSlavic } from "../../src/bot/i18n/messages.ts";

/** One note of every kind the engine writes: a kind added without a place here is a type error. */
const EVERY_NOTE: Record<NoteKind["kind"], NoteKind> = {
  "no-answer": { kind: "no-answer", articles: 5 },
  "not-quoted": { kind: "not-quoted", articles: 5 },
  "said-it": { kind: "said-it", speaker: "Дмитрий Песков" },
  greeting: { kind: "greeting" },
  thanks: { kind: "thanks" },
  "nothing-to-continue": { kind: "nothing-to-continue" },
  "no-more": { kind: "no-more" },
  "no-reason": { kind: "no-reason" },
  "topic-silent": { kind: "topic-silent", why: true },
  "quoted-silent": { kind: "quoted-silent", about: "when" },
  reported: { kind: "reported", date: "2026-03-14", outlet: "Коммерсантъ" },
  "no-further-quotes": { kind: "no-further-quotes", speaker: "Дмитрий Песков" },
  "came-from": { kind: "came-from" },
  "nothing-cited": { kind: "nothing-cited" },
};

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

  it("words every stock note of the engine in Russian and Ukrainian, with no English left in them", () => {
    for (const note of Object.values(EVERY_NOTE)) {
      expect(messagesFor("en").note(note)).toBe(englishNote(note));
      for (const locale of ["ru", "uk"]) {
        const text = messagesFor(locale).note(note);
        expect(text, `${locale} ${note.kind}`).toMatch(/\p{Script=Cyrillic}/u);
        expect(text, `${locale} ${note.kind}`).not.toMatch(/[A-Za-z]/);
      }
    }
  });
});
