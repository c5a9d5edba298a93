import { describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import { pickDiverse } from "../../src/answer/candidates.ts";
import { renderText } from "../../src/answer/render-text.ts";
import { useAnswerEngine } from "../helpers/news-fixtures.ts";

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

// Invented: a cast list repeats one line; a governor is named with a title; the answer names a country.
const castText = [
  "The harbour drama Tides of Sundby has begun filming its third season, and the producers added a new face to the cast.",
  "Returning cast: Ola Brenne, “Tides of Sundby”",
  "Returning cast: Ola Brenne, “Tides of Sundby”",
  "The new addition to the cast of Tides of Sundby this season is the stage actor Mira Lund, the producers said.",
].join("\n\n");

const lawText = [
  "Coastal Gov. Ana Ruiz signed the ferry safety bill on Friday, after months of debate in the state senate.",
  "The bill requires every ferry to carry twice as many life jackets as seats, starting in the summer.",
].join("\n\n");

const smokingText = [
  "Health campaigners in every country have long argued that a warning printed on every cigarette would reach smokers each time they light one.",
  "Canada will print a health warning on every cigarette sold from next year, its health minister said.",
  "The warnings will appear on king-size cigarettes first, and on all others a year later.",
].join("\n\n");

describe("answer sentences: shape and repeats", () => {
  const day = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Harbour Post", publishedAt: "2026-03-12" };
  const news = useAnswerEngine([
    { ...day, url: "https://harbour-post.example/cast", title: "Tides of Sundby films its third season", text: castText },
    { ...day, url: "https://harbour-post.example/ferry-law", title: "Governor signs ferry safety bill", text: lawText },
    { ...day, url: "https://harbour-post.example/cigarettes", title: "Warnings on every cigarette", text: smokingText },
  ]);
  const now = new Date("2026-03-14T12:00:00Z");

  it("quotes a repeated line once", async () => {
    const answer = await news.engine.ask("Who is in the cast of Tides of Sundby?", { now });
    const texts = answer.quotes.map((q) => q.text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it("does not cut a quote at a title before a name", async () => {
    const answer = await news.engine.ask("Who signed the ferry safety bill?", { now });
    expect(answer.quotes.map((q) => q.text)).toContain("Coastal Gov. Ana Ruiz signed the ferry safety bill on Friday, after months of debate in the state senate.");
  });

  it("quotes first the sentence holding a thing of the asked type (a country)", async () => {
    const answer = await news.engine.ask("Which country will print a warning on every cigarette?", { now });
    expect(answer.quotes[0]?.text).toContain("Canada");
  });
});

describe("answer sentences: weak passages", () => {
  const day = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Harbour Post", publishedAt: "2026-03-12" };
  const news = useAnswerEngine([
    {
      ...day,
      url: "https://harbour-post.example/dredging",
      title: "Port authority approves dredging of the northern channel",
      text: "The port authority approved a plan on Monday to dredge the northern channel, ending a long dispute with the fishing cooperatives.\n\nWork will start in the autumn and take two winters, the authority said.",
    },
    {
      ...day,
      url: "https://harbour-post.example/frost",
      title: "Frost damages valley orchards",
      text: "A late frost damaged orchards across the valley overnight, and growers lit fires between the rows to save the buds.\n\nThe agriculture office will decide next week whether growers qualify for emergency aid.",
    },
  ]);

  it("does not quote an article that shares only a word of the question with it", async () => {
    const answer = await news.engine.ask("What did the port authority decide?", { now: new Date("2026-03-14T12:00:00Z") });
    expect(answer.quotes.length).toBeGreaterThan(0);
    expect(answer.sources.map((s) => s.url)).toEqual(["https://harbour-post.example/dredging"]);
  });
});

describe("answer sentences: a two-word subject the library does not hold", () => {
  const day = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Harbour Post", publishedAt: "2026-03-12" };
  const news = useAnswerEngine([
    {
      ...day,
      url: "https://harbour-post.example/titan",
      title: "Telescope sees clouds on Titan",
      text: "Astronomers watched clouds drift over Titan, the largest moon of Saturn, for the first time this winter.\n\nThe haze of Titan hides lakes of methane, which the new images show in detail.",
    },
    {
      ...day,
      url: "https://harbour-post.example/dive",
      title: "Research dive in the northern channel",
      text: "A research submersible from the university dived to the floor of the northern channel on Sunday.\n\nThe crew of the submersible mapped the old wreck and brought back samples of the silt.",
    },
  ]);

  it("says it does not know rather than quoting passages that each hold one of the two words", async () => {
    const answer = await news.engine.ask("What happened with the Titan submersible?", { now: new Date("2026-03-14T12:00:00Z") });
    expect(answer.kind).toBe("no-answer");
    expect(answer.quotes).toEqual([]);
  });
});

describe("choosing among the best sentences", () => {
  const sentence = (articleId: number, start: number, score: number) => ({ articleId, start, end: start + 50, speaker: null, score });

  it("takes at most two sentences of an article while other articles have some, and a third when only one article has anything", () => {
    const twoArticles = [sentence(1, 0, 0.9), sentence(1, 100, 0.8), sentence(1, 200, 0.7), sentence(2, 0, 0.3)];
    expect(pickDiverse(twoArticles, 5).map((c) => [c.articleId, c.start])).toEqual([[1, 0], [1, 100], [2, 0]]);
    const oneArticle = [sentence(1, 0, 0.9), sentence(1, 100, 0.8), sentence(1, 200, 0.7), sentence(1, 300, 0.6)];
    expect(pickDiverse(oneArticle, 5).map((c) => c.start)).toEqual([0, 100, 200]);
    expect(pickDiverse(oneArticle, 2).map((c) => c.start)).toEqual([0, 100]);
  });
});
