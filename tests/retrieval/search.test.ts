import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/library/article.ts";
import type { Library } from "../../src/library/library.ts";
import { parseQuery } from "../../src/retrieval/query.ts";
import { DEFAULT_TUNING } from "../../src/retrieval/ranking.ts";
import { Searcher } from "../../src/retrieval/search.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { buildLibrary } from "../helpers/news-fixtures.ts";

const base = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Harbour Post", publishedAt: "2026-03-12" };

// Invented stories. Two tell the recall with the question's words; a third tells more of it in other words
// (the company's name, the cracks); a fourth shares the question's words but is another story.
const ARTICLES: ArticleDraft[] = [
  { ...base, url: "https://a.example/1", title: "Nordvik Lines recalls ferry boats", text: "Nordvik Lines recalled its ferry boats after inspectors found hull cracks in Sundby." },
  { ...base, url: "https://b.example/2", title: "Ferry boats recalled over hull cracks", text: "The ferry company Nordvik Lines recalled six boats; inspectors found hull cracks at the Sundby yard." },
  { ...base, url: "https://c.example/3", title: "Hull cracks found in six vessels", text: "The ferry operator Nordvik Lines said inspectors in Sundby found hull cracks in six vessels, and repairs will take months." },
  { ...base, url: "https://d.example/4", title: "Harbour office notes", text: "A ferry company sold its old boats to a buyer abroad last year, the harbour office said." },
];

describe("searcher", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;

  beforeAll(async () => {
    dir = tempDir();
    library = await buildLibrary(dir.path, ARTICLES);
  });
  afterAll(async () => {
    await library.close();
    dir.remove();
  });

  async function order(feedback: number): Promise<string[]> {
    const now = new Date("2026-03-14T12:00:00Z");
    const searcher = new Searcher(library, null, { ...DEFAULT_TUNING, feedback });
    const hits = await searcher.search(parseQuery("Which ferry company recalled boats?", now), { now, limit: 10 });
    return hits.map((hit) => hit.article.title);
  }

  it("lifts a passage that shares the best passages' words (pseudo-relevance feedback) over one that only shares the question's", async () => {
    const plain = await order(0);
    const withFeedback = await order(2);
    const at = (titles: string[], title: string): number => titles.indexOf(title);
    expect(at(plain, "Hull cracks found in six vessels")).toBeGreaterThan(at(plain, "Harbour office notes"));
    expect(at(withFeedback, "Hull cracks found in six vessels")).toBeLessThan(at(withFeedback, "Harbour office notes"));
  });
});

describe("searcher priors", () => {
  const story = { ...base, canonicalUrl: null };
  // A question naming a country: one passage names one among the question's words, the other only repeats them.
  const COUNTRY: ArticleDraft[] = [
    { ...story, url: "https://a.example/warning", title: "Health warnings for cigarettes", text: "Canada will print a health warning on every cigarette sold, the ministry said on Monday." },
    {
      ...story,
      url: "https://b.example/campaign",
      title: "Campaigners want a warning on every cigarette",
      text: "A warning printed on every cigarette, campaigners said, would reach smokers each time they light one, so every cigarette should carry a warning.",
    },
  ];
  // No time in the question: the storm of three months ago should beat the one of three years ago.
  const aftermath = "\n\nResidents were asked to boil their water until the pumps had been checked. Schools will reopen next week once the roads are clear, the council said.";
  const STORMS: ArticleDraft[] = [
    { ...story, url: "https://c.example/tamsin", title: "Storm damage counted", text: `Hurricane Tamsin flooded the river towns of Carova, officials said.${aftermath}`, publishedAt: "2026-09-27" },
    { ...story, url: "https://d.example/rudo", title: "Storm damage counted", text: `Hurricane Rudo flooded the river towns of Carova, officials in Carova said.${aftermath}`, publishedAt: "2023-09-27" },
  ];
  let dir: ReturnType<typeof tempDir>;
  let library: Library;

  beforeAll(async () => {
    dir = tempDir();
    library = await buildLibrary(dir.path, [...COUNTRY, ...STORMS]);
  });
  afterAll(async () => {
    await library.close();
    dir.remove();
  });

  async function first(question: string, now: Date, tuning: Partial<typeof DEFAULT_TUNING>): Promise<string | undefined> {
    const searcher = new Searcher(library, null, { ...DEFAULT_TUNING, ...tuning });
    const hits = await searcher.search(parseQuery(question, now), { now, limit: 5 });
    return hits[0]?.article.url ?? undefined;
  }

  it("prefers a passage holding a thing of the asked type (a country) among the question's words", async () => {
    const now = new Date("2026-03-14T12:00:00Z");
    const question = "Which country will print a warning on every cigarette?";
    expect(await first(question, now, { answerType: 0 })).toBe("https://b.example/campaign");
    expect(await first(question, now, {})).toBe("https://a.example/warning");
  });

  it("fades older coverage over months as well as days, so last season's story beats one from years ago", async () => {
    const now = new Date("2026-12-20T12:00:00Z");
    const question = "Which hurricane flooded the river towns of Carova?";
    expect(await first(question, now, { dateLongLevel: 0 })).toBe("https://d.example/rudo");
    expect(await first(question, now, {})).toBe("https://c.example/tamsin");
  });
});
