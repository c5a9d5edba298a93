import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuoteRecord } from "../../src/commands/quotes.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { jsonLines, runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const ARTICLE = [
  "Harbour bridge to reopen after repairs",
  "",
  "Mayor Lina Okafor said the bridge would reopen on Monday, three weeks later than planned.",
  "",
  '"The repairs took longer than anyone wanted," she said.',
  "",
  'Harbour master Ivo Kern was less certain. "I will believe it when the first lorry crosses," Kern said.',
].join("\n");

async function storedQuotes(data: string): Promise<QuoteRecord[]> {
  const run = await runCli(["quotes", "--json", "--data-dir", data]);
  expect(run.code).toBe(0);
  return jsonLines<QuoteRecord>(run.stdout);
}

describe("verbatim quotes and reindex --quotes", () => {
  let dir: ReturnType<typeof tempDir>;
  let data: string;

  beforeAll(async () => {
    dir = tempDir();
    data = join(dir.path, "library");
    const file = join(dir.path, "bridge.txt");
    writeFileSync(file, ARTICLE);
    expect((await runCli(["ingest", file, "--data-dir", data, "--json"])).code).toBe(0);
  }, 60_000);
  afterAll(() => dir.remove());

  it("lists every stored quote with its speaker, role and offsets into the stored text", async () => {
    const quotes = await storedQuotes(data);
    expect(quotes.map((q) => [q.text, q.speaker, q.role])).toEqual([
      ["The repairs took longer than anyone wanted", "Lina Okafor", "Mayor"],
      ["I will believe it when the first lorry crosses", "Ivo Kern", "Harbour master"],
    ]);
    const library = SqliteLibrary.open(data);
    try {
      const text = (await library.getArticle(quotes[0]!.articleId))?.text ?? "";
      for (const q of quotes) expect(text.slice(q.start, q.end)).toBe(q.text);
    } finally {
      await library.close();
    }
  });

  it("takes articles by id, and stops with one line at one it does not hold", async () => {
    const [first] = await storedQuotes(data);
    const byId = await runCli(["quotes", String(first!.articleId), "--data-dir", data]);
    expect(byId.stdout).toContain("Lina Okafor (Mayor)");
    const missing = await runCli(["quotes", "999", "--data-dir", data]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/999: no such article/);
  });

  it("re-attributes stored quotes without fetching or embedding anything", async () => {
    const library = SqliteLibrary.open(data);
    const [article] = await library.latestArticles(1);
    const stale = (await library.quotesOf(article!.id)).map((q) => ({ start: q.start, end: q.end, text: q.text, speaker: null }));
    await library.replaceQuotes(article!.id, stale);
    await library.close();
    expect((await storedQuotes(data)).map((q) => q.speaker)).toEqual([null, null]);

    const reindexed = await runCli(["reindex", "--quotes", "--json", "--data-dir", data]);
    expect(reindexed.code).toBe(0);
    expect(jsonLines(reindexed.stdout)).toEqual([{ articles: 1, quotes: 2, changed: 1 }]);
    expect((await storedQuotes(data)).map((q) => q.speaker)).toEqual(["Lina Okafor", "Ivo Kern"]);
  });
});
