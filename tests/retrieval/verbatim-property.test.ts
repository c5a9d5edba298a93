import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findVerbatim } from "../../src/ingest/quotes.ts";
import type { AnswerEngine } from "../../src/retrieval/answer-model.ts";
import { createAnswerEngine } from "../../src/retrieval/answer.ts";
import type { Library } from "../../src/retrieval/library.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { ARTICLES, buildLibrary, NOW, silentLogger } from "./news-fixtures.ts";

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
  let dir: ReturnType<typeof tempDir>;
  let library: Library;
  let engine: AnswerEngine;

  beforeAll(async () => {
    dir = tempDir();
    library = await buildLibrary(dir.path);
    engine = createAnswerEngine({ library, embedder: null, logger: silentLogger });
  });
  afterAll(() => {
    library.close();
    dir.remove();
  });

  it("holds for generated conversations", async () => {
    let quotes = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(question, { minLength: 1, maxLength: 4 }), fc.uuid(), async (questions, conversationId) => {
        for (const q of questions) {
          const answer = await engine.ask(q, { now: NOW, conversationId });
          for (const quote of answer.quotes) {
            quotes++;
            const article = library.getArticle(quote.articleId);
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
