import { describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/ingest/article.ts";
import { renderText } from "../../src/retrieval/render-text.ts";
import { useAnswerEngine } from "./news-fixtures.ts";

const base = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Harbour Post" };

// Invented stories: the sentence that answers names the company next to the question's words; others restate the question.
const recallText = [
  "A ferry company has recalled its newest boats after inspectors found cracks in the hulls, the maritime authority said.",
  "The recall of the boats covers six vessels delivered last year, and the inspectors expect more cracks to be found.",
  "Nordvik Lines recalled the six boats on Tuesday and said the cracks in the hulls posed no danger to passengers.",
  "Passengers with tickets for the coming weeks will be moved to older ships, the authority said.",
].join("\n\n");

const otherText = [
  "Ferry fares will rise by four percent in April, the transport ministry said on Monday.",
  "The ministry said the rise would pay for new boats and for repairs to the harbour at Sundby.",
].join("\n\n");

const ARTICLES: ArticleDraft[] = [
  { ...base, url: "https://harbour-post.example/ferry-recall", title: "Ferry boats recalled over hull cracks", text: recallText, publishedAt: "2026-03-12" },
  { ...base, url: "https://harbour-post.example/ferry-fares", title: "Ferry fares to rise in April", text: otherText, publishedAt: "2026-03-10" },
];

describe("answer sentences", () => {
  const news = useAnswerEngine(ARTICLES);

  it("quotes the sentence that names what the question asks for, next to the question's words, first", async () => {
    const answer = await news.engine.ask("Which ferry company recalled its boats over cracks in the hulls this week?", { now: new Date("2026-03-14T12:00:00Z") });
    expect(answer.kind).toBe("answer");
    expect(answer.quotes[0]?.text).toContain("Nordvik Lines");
    expect(answer.quotes.length).toBeLessThanOrEqual(5);
    expect(renderText(answer)).toContain("Nordvik Lines recalled the six boats");
  });
});
