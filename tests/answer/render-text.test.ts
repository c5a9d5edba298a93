import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/model.ts";
import { renderText } from "../../src/answer/render-text.ts";

const source = { number: 1, articleId: 7, title: "Harbour dredging", outlet: "Port Gazette", publishedAt: "2024-05-02", url: "https://example.com/dredging", alsoReportedBy: [] };

function answerQuoting(...texts: string[]): Answer {
  return {
    kind: "answer",
    question: "What about the harbour?",
    understoodAs: null,
    note: null,
    quotes: texts.map((text) => ({ text, speaker: null, sourceNumber: 1, articleId: 7, start: 0, end: text.length })),
    sources: [source],
    passages: [],
    articlesSearched: 1,
    hasMore: false,
    turnId: "t1",
  };
}

describe("plain-text rendering", () => {
  it("puts quotation marks around a quote, but not a second pair around a sentence that opens with its own", () => {
    const text = renderText(answerQuoting("The harbour will be dredged by May.", "\u201CWe are ready,\u201D the harbour master said."));
    expect(text).toContain("\u201CThe harbour will be dredged by May.\u201D [1]");
    expect(text).toContain("\n\u201CWe are ready,\u201D the harbour master said. [1]");
    expect(text).not.toContain("\u201C\u201C");
  });

  it("names the speaker before a quote, unless the quoted sentence names them itself", () => {
    const answer = answerQuoting("We lost a fifth of the crop.", "\u201CWe lost a fifth of the crop,\u201D said grower Magda Perrin.");
    answer.quotes = answer.quotes.map((quote) => ({ ...quote, speaker: "Magda Perrin" }));
    const lines = renderText(answer).split("\n");
    expect(lines[0]).toBe("Magda Perrin: \u201CWe lost a fifth of the crop.\u201D [1]");
    expect(lines[1]).toBe("\u201CWe lost a fifth of the crop,\u201D said grower Magda Perrin. [1]");
  });
});

describe("plain-text rendering of a source in another language", () => {
  it("keeps the quote in the original and says the source's language", () => {
    const answer = answerQuoting("Мы не видим оснований менять нашу позицию");
    const text = renderText({ ...answer, sources: [{ ...source, title: "Кремль отверг перемирие", outlet: "Восток-Лента", language: "ru" }] });
    expect(text).toContain("«Мы не видим оснований менять нашу позицию» [1]");
    expect(text).toContain("[1] Кремль отверг перемирие (Восток-Лента, 2024-05-02) (in Russian) https://example.com/dredging");
    expect(renderText({ ...answer, sources: [{ ...source, language: "en-GB" }] })).not.toContain("(in ");
  });
});
