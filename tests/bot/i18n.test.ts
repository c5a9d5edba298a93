import { describe, expect, it } from "vitest";
import type { NoteKind } from "../../src/answer/model.ts";
import { englishNote } from "../../src/answer/notes.ts";
import { localeOf, messagesFor, pluralSlavic } from "../../src/bot/i18n/messages.ts";
import { describeResult } from "../../src/bot/ingesting.ts";
import { failed } from "../../src/ingest/pipeline.ts";
import { telegramHtmlProblems } from "../adversarial/telegram-html.ts";
import { englishFailure, type IngestFailure } from "../../src/failure.ts";

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

/** One reason of every kind a link or post can fail with: a kind added without a place here is a type error. */
const EVERY_FAILURE: Record<IngestFailure["kind"], IngestFailure> = {
  "not-a-link": { kind: "not-a-link" },
  "not-http": { kind: "not-http" },
  "not-web": { kind: "not-web", leads: "redirects" },
  credentials: { kind: "credentials", leads: "points" },
  port: { kind: "port", leads: "points", port: 22 },
  "private-address": { kind: "private-address", leads: "redirects" },
  "too-many-redirects": { kind: "too-many-redirects", max: 5 },
  "redirect-nowhere": { kind: "redirect-nowhere" },
  "redirect-broken": { kind: "redirect-broken" },
  timeout: { kind: "timeout", ms: 1_500 },
  "site-not-found": { kind: "site-not-found", host: "новости.рф" },
  insecure: { kind: "insecure", host: "новости.рф" },
  unreachable: { kind: "unreachable", host: "новости.рф" },
  "http-status": { kind: "http-status", status: 451, statusText: null },
  "not-a-page": { kind: "not-a-page", type: "audio" },
  "too-large": { kind: "too-large", maxBytes: 2_500_000 },
  extraction: { kind: "extraction", problem: "paywall" },
  "too-short": { kind: "too-short" },
  "bad-date": { kind: "bad-date", date: "вчера" },
  "disk-full": { kind: "disk-full" },
  "read-only": { kind: "read-only" },
  "disk-error": { kind: "disk-error" },
  busy: { kind: "busy" },
  unexpected: { kind: "unexpected" },
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

  it("says why a link could not be added in Russian and Ukrainian, with no English left in it", () => {
    for (const failure of Object.values(EVERY_FAILURE)) {
      expect(messagesFor("en").failure(failure)).toBe(englishFailure(failure));
      for (const locale of ["ru", "uk"]) {
        const text = messagesFor(locale).failure(failure);
        expect(text, `${locale} ${failure.kind}`).toMatch(/\p{Script=Cyrillic}/u);
        // Protocol names and file formats are written the same in every language.
        expect(text.replace(/\b(https?|PDF|JSON|XML|cookie)\b/g, ""), `${locale} ${failure.kind}`).not.toMatch(/[A-Za-z]/);
      }
    }
  });

  it("gives each reason's details in the reader's units and word forms", () => {
    const ru = messagesFor("ru");
    const uk = messagesFor("uk");
    expect(ru.failure({ kind: "too-large", maxBytes: 2_500_000 })).toBe("страница больше 2,5 МБ");
    expect(uk.failure({ kind: "timeout", ms: 20_000 })).toBe("сайт не відповів за 20 с");
    expect(ru.failure({ kind: "port", leads: "points", port: 22 })).toBe("ссылка ведёт на порт 22, а это не обычный веб-порт");
    expect(uk.failure({ kind: "private-address", leads: "redirects" })).toBe("посилання перенаправляє на адресу приватної або локальної мережі");
    expect(uk.failure({ kind: "too-many-redirects", max: 3 })).toBe("посилання перенаправляло понад 3 рази");
    expect(ru.failure({ kind: "http-status", status: 404, statusText: "Not Found" })).toBe("сайт ответил 404 Not Found");
  });

  it("gives every reason as valid Telegram HTML in each language, a hostile link and host shown as text", () => {
    const link = 'http://10.0.0.1/<b>&amp;"';
    for (const failure of [...Object.values(EVERY_FAILURE), { kind: "site-not-found", host: "<i>x&y</i>" } as const]) {
      for (const locale of ["en", "ru", "uk"]) {
        const line = describeResult(failed(link, failure), messagesFor(locale));
        expect(telegramHtmlProblems(line), `${locale} ${failure.kind}: ${line}`).toEqual([]);
        expect(line).toContain("&lt;b&gt;&amp;amp;");
      }
    }
  });
});
