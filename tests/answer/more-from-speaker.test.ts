import { describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import { useAnswerEngine } from "../helpers/news-fixtures.ts";

/**
 * "more" after "who said …?" or "what did X say?": the same person's other quotes in the article first, not
 * "that's everything" nor passages of other stories. Invented news, our own prose.
 */
const base = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Bay Courier" };

const quayText = [
  "The harbour board in Vessel voted on Tuesday to build a second quay, ending two years of argument over the port's future.",
  "“We have turned ships away every summer for five years, and that stops now,” said Nadia Okafor, the port authority's chief engineer.",
  "“Ships are getting longer every year, and the old quay was built for boats half their size,” Okafor told the board before the vote.",
  "The quay will cost 48 million crowns, most of it from a state loan. Okafor said the first piles would go in next spring.",
  "“If the state loan comes late, we will start with the northern half and finish the rest a year later,” she said.",
  "“The seabed here is soft clay, so every pile has to go down thirty metres before it holds,” Okafor said.",
  "Fishermen fear the works will cut them off from the inner basin. “Nobody asked us where our boats would go,” said Lars Vik, who chairs the fishermen's association.",
  "Okafor promised a temporary berth for the fishing fleet. “The boats will keep a mooring inside the basin for every week of the works,” she said.",
  "She also defended the price. “A quay that lasts a century is cheap at this price, and patching the old one would cost us more within a decade,” Okafor said.",
  "“We will publish the dredging schedule before a single barge arrives,” she added.",
].join("\n\n");

const brekkeText = [
  "A new ferry quay opened in Brekke on Saturday after a year of works, with two sailings a day to the islands.",
  "“The quay has already cut waiting times in half,” said harbour master Ivo Kern, who cut the ribbon.",
].join("\n\n");

const ARTICLES: ArticleDraft[] = [
  { ...base, url: "https://bay-courier.example/vessel-second-quay", title: "Vessel harbour board approves a second quay", text: quayText, publishedAt: "2026-05-05" },
  { ...base, url: "https://bay-courier.example/brekke-ferry-quay", title: "Brekke opens its new ferry quay", text: brekkeText, publishedAt: "2026-05-02" },
];

const NOW = new Date("2026-05-07T12:00:00Z");

describe("more after a speaker question", () => {
  const state = useAnswerEngine(ARTICLES);

  it("goes on with the quoted person's other quotes in the same article, each once, then says so", async () => {
    const asked = await state.engine.ask("Who said 'every pile has to go down thirty metres'?", { now: NOW, conversationId: "who" });
    expect(asked.quotes[0]?.speaker).toBe("Nadia Okafor");
    expect(asked.hasMore).toBe(true);
    const first = await state.engine.ask("more", { now: NOW, conversationId: "who" });
    const second = await state.engine.ask("more", { now: NOW, conversationId: "who" });
    const okafor = [...first.quotes, ...second.quotes];
    expect(okafor.every((q) => q.speaker === "Nadia Okafor" && q.articleId === asked.quotes[0]?.articleId)).toBe(true);
    expect([first.hasMore, second.hasMore]).toEqual([true, false]);
    // Everything else she said in the article, once each: what follows the quote asked about first, five to a reply.
    const texts = okafor.map((q) => q.text);
    expect(texts).toHaveLength(6);
    expect(new Set([...texts, asked.quotes[0]?.text]).size).toBe(7);
    expect(texts[0]).toMatch(/^The boats will keep a mooring/);
    expect(texts.at(-1)).toMatch(/^If the state loan comes late/);
    const after = await state.engine.ask("more", { now: NOW, conversationId: "who" });
    expect(after.note).toBe("That's everything I found on this.");
  });

  it("after 'what did X say about …?' brings the rest of what X said, not the other story", async () => {
    const asked = await state.engine.ask("What did Okafor say about the price of the quay?", { now: NOW, conversationId: "what" });
    expect(asked.quotes[0]?.speaker).toBe("Nadia Okafor");
    const more = await state.engine.ask("more", { now: NOW, conversationId: "what" });
    expect(more.kind).toBe("answer");
    expect(more.quotes.length).toBeGreaterThan(0);
    expect(more.quotes.every((q) => q.speaker === "Nadia Okafor")).toBe(true);
    expect(more.sources.map((s) => s.title)).toEqual(["Vessel harbour board approves a second quay"]);
    const before = new Set(asked.quotes.map((q) => q.text));
    expect(more.quotes.some((q) => before.has(q.text))).toBe(false);
  });

  it("offers more after a follow-up about the same person, and goes on with her quotes", async () => {
    await state.engine.ask("Who said 'every pile has to go down thirty metres'?", { now: NOW, conversationId: "follow" });
    const boats = await state.engine.ask("What did she say about the fishing boats?", { now: NOW, conversationId: "follow" });
    expect(boats.quotes[0]?.text).toMatch(/^The boats will keep a mooring/);
    expect(boats.hasMore).toBe(true);
    const more = await state.engine.ask("more", { now: NOW, conversationId: "follow" });
    expect(more.quotes.length).toBeGreaterThan(0);
    expect(more.quotes.every((q) => q.speaker === "Nadia Okafor" && !boats.quotes.some((b) => b.text === q.text))).toBe(true);
  });

  it("remembers what more showed, so 'what did she say next?' does not show it again", async () => {
    await state.engine.ask("Who said 'every pile has to go down thirty metres'?", { now: NOW, conversationId: "next" });
    const more = await state.engine.ask("more", { now: NOW, conversationId: "next" });
    const next = await state.engine.ask("What did she say next?", { now: NOW, conversationId: "next" });
    const seen = new Set(more.quotes.map((q) => q.text));
    expect(seen.size).toBeGreaterThan(0);
    expect(next.quotes.some((q) => seen.has(q.text))).toBe(false);
  });
});
