import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/ingest/article.ts";
import type { Library } from "../../src/retrieval/library.ts";
import { parseQuery } from "../../src/retrieval/query.ts";
import { DEFAULT_TUNING, Searcher } from "../../src/retrieval/search.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { buildLibrary } from "./news-fixtures.ts";

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
  afterAll(() => {
    library.close();
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
