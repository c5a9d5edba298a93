import { describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import { useAnswerEngine } from "../helpers/news-fixtures.ts";

/**
 * "more" under an answer: the passages after the ones read, on the same question; not other stories that share
 * one of its words (here "strike": a lightning strike, a bowling strike). Invented news, our own prose.
 */
const base = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Coast Wire" };
const ferry = (slug: string, day: string, text: string): ArticleDraft => ({ ...base, url: `https://coast-wire.example/${slug}`, title: `Ferry crews strike: ${slug.replace(/-/g, " ")}`, text, publishedAt: day });

const ARTICLES: ArticleDraft[] = [
  ferry("day-one", "2026-04-01", "Ferry crews on the Skerry route began a strike on Monday over night-shift rosters, leaving islanders without a morning boat."),
  ferry("day-two", "2026-04-02", "The ferry crews' strike entered its second day as the operator refused to reopen talks on rosters."),
  ferry("talks", "2026-04-03", "Mediators met the striking ferry crews on Wednesday; the union said the strike would go on until rosters change."),
  ferry("islanders", "2026-04-04", "Islanders hired fishing boats to reach the mainland during the ferry crews' strike, the harbour office said."),
  ferry("schools", "2026-04-05", "Island schools closed for a day because teachers could not cross while the ferry crews were on strike."),
  ferry("deal", "2026-04-06", "The ferry crews ended their strike on Saturday after the operator agreed to new night-shift rosters."),
  { ...base, url: "https://coast-wire.example/lightning", title: "Lightning strike on church tower", text: "A lightning strike set fire to the church tower in Brekke on Sunday night; nobody was hurt.", publishedAt: "2026-04-05" },
  { ...base, url: "https://coast-wire.example/bowling", title: "Bowling: a perfect game", text: "Ina Holm bowled a perfect game in the club final, ending it with a strike in the last frame.", publishedAt: "2026-04-05" },
];

describe("more", () => {
  const state = useAnswerEngine(ARTICLES);
  const NOW = new Date("2026-04-08T12:00:00Z");

  it("goes on with the same story's passages and leaves out others that share a word", async () => {
    const first = await state.engine.ask("Why did the ferry crews strike?", { now: NOW, conversationId: "more" });
    expect(first.hasMore).toBe(true);
    const more = await state.engine.ask("more", { now: NOW, conversationId: "more" });
    expect(more.kind).toBe("answer");
    expect(more.sources.every((source) => source.title.startsWith("Ferry crews strike"))).toBe(true);
    expect(more.hasMore).toBe(false);
    const after = await state.engine.ask("more", { now: NOW, conversationId: "more" });
    expect(after.note).toBe("That's everything I found on this.");
  });
});
