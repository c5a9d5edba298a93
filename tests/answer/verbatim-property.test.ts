import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findVerbatim } from "../../src/text/verbatim.ts";
import { ARTICLES, NOW, useAnswerEngine } from "../helpers/news-fixtures.ts";

const vocabulary = [...new Set(ARTICLES.flatMap((a) => a.text.match(/[\p{L}']{4,}/gu) ?? []))];
const speakers = ["Ostrem", "Halvard Ostrem", "Vanko", "Trine Halvorsen", "Ansgar Bech", "he", "she"];
const followUps = ["more", "why?", "when was that?", "source?", "and Ukraine?", "what did he say next?", "thanks"];

/** Questions of every shape the engine handles, built from the articles' words so that most of them find something. */
const question = fc.oneof(
  fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 6 }).map((ws) => `${ws.join(" ")}?`),
  fc.tuple(fc.constantFrom(...speakers), fc.constantFrom(...vocabulary)).map(([s, w]) => `What did ${s} say about ${w}?`),
  fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(...vocabulary)).map(([a, b]) => `Who said '${a} ${b}'?`),
  fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom("yesterday", "this week", "in March", "in November", "latest")).map(([w, d]) => `What about ${w} ${d}?`),
  fc.constantFrom(...followUps),
);

describe("every quote of every answer is in its article word for word", () => {
  const news = useAnswerEngine();

  it("holds for generated conversations", async () => {
    let quotes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(question, { minLength: 1, maxLength: 4 }), fc.uuid(), async (questions, conversationId) => {
        for (const q of questions) {
          const answer = await news.engine.ask(q, { now: NOW, conversationId });
          for (const quote of answer.quotes) {
            quotes++;
            const article = await news.library.getArticle(quote.articleId);
            expect(article).not.toBeNull();
            expect(findVerbatim(article!.text, quote.text)).not.toBeNull();
            expect(article!.text.slice(quote.start, quote.end).replace(/\s+/g, " ")).toBe(quote.text);
            expect(answer.sources.find((s) => s.number === quote.sourceNumber)?.articleId).toBe(quote.articleId);
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(quotes).toBeGreaterThan(50);
  });
});
