import { messagesFor } from "../../src/bot/i18n/messages.ts";
import { renderAnswerHtml } from "../../src/bot/render-html.ts";
import { describe, expect, it } from "vitest";
import { findVerbatim } from "../../src/text/verbatim.ts";
import type { Answer } from "../../src/answer/model.ts";
import { renderText } from "../../src/answer/render-text.ts";
import { NOW, useAnswerEngine } from "../helpers/news-fixtures.ts";

describe("answer engine", () => {
  const news = useAnswerEngine();

  async function expectVerbatim(answer: Answer): Promise<void> {
    for (const quote of answer.quotes) {
      const article = (await news.library.getArticle(quote.articleId))!;
      expect(findVerbatim(article.text, quote.text)).not.toBeNull();
      expect(answer.sources[quote.sourceNumber - 1]?.articleId).toBe(quote.articleId);
    }
  }

  it("answers what someone said about a topic with that person's direct quotes", async () => {
    const answer = await news.engine.ask("What did Ostrem say about the border checks?", { now: NOW });
    expect(answer.kind).toBe("answer");
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.quotes.every((q) => q.speaker?.includes("Ostrem"))).toBe(true);
    // "…," he said: resolved to the minister named earlier in the paragraph.
    expect(answer.quotes.map((q) => q.text)).toContain("Nobody enjoys waiting in a queue, but the alternative is worse");
    expect(answer.sources[0]).toMatchObject({ title: "Ostrem defends ferry border checks as queues grow", outlet: "Northern Ledger", publishedAt: "2026-03-09" });
    await expectVerbatim(answer);
  });

  it("prefers the quote whose paragraph is about the topic asked", async () => {
    const answer = await news.engine.ask("What did Vanko say about housing?", { now: NOW });
    expect(answer.quotes[0]).toMatchObject({ speaker: "Mirela Vanko" });
    expect(answer.quotes[0]?.text).toMatch(/^Prices will cool/);
  });

  it("answers who said a quoted phrase with the speaker", async () => {
    const answer = await news.engine.ask("Who said 'the strongest wind we have measured'?", { now: NOW });
    expect(answer.note).toBe("Meteorologist Ansgar Bech said it.");
    expect(answer.quotes[0]).toMatchObject({ speaker: "Ansgar Bech" });
    expect(renderText(answer)).toContain("Ansgar Bech: “This was the strongest wind we have measured here in twelve years”");
  });

  it("collapses a syndicated copy into one source that is also reported by the other outlet", async () => {
    const answer = await news.engine.ask("Why are there queues at the Sundby ferry terminal?", { now: NOW });
    const source = answer.sources.find((s) => s.title.startsWith("Ostrem defends"));
    expect(source?.alsoReportedBy.length).toBe(1);
    const copies = answer.passages.filter((p) => p.text.includes("We will not apologise"));
    expect(new Set(copies.map((p) => p.articleId)).size).toBe(1);
    expect(renderText(answer)).toMatch(/also reported by (Harbour Post|Northern Ledger)/);
  });

  it("reads 'yesterday', 'in November' and 'latest' against now", async () => {
    const yesterday = await news.engine.ask("What did the storm do yesterday?", { now: NOW });
    expect(yesterday.sources[0]?.title).toBe("Storm Ilse leaves 40,000 homes without power");
    const november = await news.engine.ask("What did the storm do in November?", { now: NOW });
    expect(november.sources[0]?.title).toBe("Storm Harald floods Kirkeby basements");
    const latest = await news.engine.ask("What is the latest on the storm?", { now: NOW });
    expect(latest.sources[0]?.publishedAt).toBe("2026-03-15");
  });

  it("says plainly when the library does not know, with the number of articles and a link suggestion", async () => {
    const answer = await news.engine.ask("What is the price of tea on Mars?", { now: NOW });
    expect(answer.kind).toBe("no-answer");
    expect(answer.quotes).toEqual([]);
    expect(answer.articlesSearched).toBe(6);
    expect(answer.note).toContain("6 articles");
    expect(answer.note).toContain("link");
  });

  it("replies to greetings and thanks without searching", async () => {
    expect((await news.engine.ask("hello!")).kind).toBe("smalltalk");
    const thanks = await news.engine.ask("thanks", { conversationId: "polite" });
    expect(thanks.note).toBe("You're welcome.");
    expect(thanks.noteKind).toEqual({ kind: "thanks" });
  });

  it("says what its stock notes are, so a front end can word them in its user's language", async () => {
    const more = await news.engine.more("nothing-yet");
    expect(more.noteKind).toEqual({ kind: "nothing-to-continue" });
    expect(renderAnswerHtml(more, undefined, messagesFor("ru")).join("")).toContain("Продолжать пока нечего");
  });
});
