import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SentenceSimilarity } from "../../src/answer/dense.ts";
import { createAnswerEngine } from "../../src/answer/engine.ts";
import type { AnswerEngine } from "../../src/answer/model.ts";
import { Ingestor } from "../../src/ingest/pipeline.ts";
import type { ArticleDraft } from "../../src/library/article.ts";
import type { Library } from "../../src/library/library.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { loadEmbeddings, type LocalEmbeddings } from "../../src/retrieval/embeddings.ts";
import { parseQuery } from "../../src/retrieval/query.ts";
import { ARTICLES as NEWS, silentLogger } from "../helpers/news-fixtures.ts";
import { FOLLOW_UP_ARTICLES } from "./follow-up-fixtures.ts";
import { PLAIN_WORDS_ARTICLES } from "./plain-words-fixtures.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const TINY_MODEL = join(import.meta.dirname, "../fixtures/models/tiny-bert");
const NOW = new Date("2026-04-02T12:00:00Z");
const base = { canonicalUrl: null, authors: [] as string[], language: "en", outlet: "Harbour Post", publishedAt: "2026-03-31" };

const ARTICLES: ArticleDraft[] = [
  {
    ...base,
    url: "https://harbour-post.example/marlow-tram",
    title: "Marlow council scraps harbour tram line",
    text: "The Marlow city council scrapped its plan for a tram line to the harbour on Tuesday, after the projected cost rose to 410 million euros. Mayor Jane Ortiz said the money would go to electric buses instead.",
  },
  {
    ...base,
    url: "https://harbour-post.example/kessel-tram",
    title: "Kessel tram carries a million riders in its first year",
    text: "The Kessel tram carried its millionth passenger on Sunday, a year after the line to the university opened. Operator Citylink said trams now run every six minutes at rush hour.",
  },
  {
    ...base,
    url: "https://harbour-post.example/vessel-strike",
    title: "Vessel tram drivers walk out over rosters",
    text: "Tram drivers in Vessel stopped work for a day on Monday in a dispute over night shifts. The drivers' union said buses would replace trams on the coastal route until Friday.",
  },
  {
    ...base,
    url: "https://harbour-post.example/rask-ferry",
    title: "New timetable for the Rask ferry",
    text: "The Rask ferry will sail twice a day from May, operator Nordlink said on Monday. From June the Rask ferry will also sail at night, port director Sofie Lund said.",
  },
];

let dir: ReturnType<typeof tempDir>;
let library: Library;
let model: LocalEmbeddings;
let dense: AnswerEngine;
let lexical: AnswerEngine;

beforeAll(async () => {
  dir = tempDir();
  const load = await loadEmbeddings({ model: TINY_MODEL, cacheDir: join(dir.path, "models"), dtype: "fp32", allowRemote: false });
  if (!load.embeddings) throw new Error(`tiny model did not load: ${load.reason}`);
  model = load.embeddings;
  library = SqliteLibrary.open(join(dir.path, "library"));
  const ingestor = new Ingestor({ library, embedder: model, logger: silentLogger, fetch: { allowPrivate: false, timeoutMs: 1000, maxBytes: 1000 } });
  for (const draft of [...NEWS, ...ARTICLES, ...PLAIN_WORDS_ARTICLES, ...FOLLOW_UP_ARTICLES]) {
    const result = await ingestor.ingestDraft(draft, draft.url!, "jsonl");
    if (result.status !== "added") throw new Error(`fixture not added: ${draft.title}`);
  }
  dense = createAnswerEngine({ library, conversations: library.conversations, embedder: model, logger: silentLogger });
  lexical = createAnswerEngine({ library, conversations: library.conversations, embedder: null, logger: silentLogger });
});

afterAll(async () => {
  await library?.close();
  await model?.dispose();
  dir?.remove();
});

/** The cosine of two unit vectors (the model normalises its output). */
function cosine(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0);
}

// The tiny model has random weights: these tests do not expect it to understand anything, only that the engine
// follows what its vectors say, computed here with the same model.
describe("dense similarity in the answer engine's decisions, with the tiny model loaded", () => {
  it("answers a two-word question from the passage the embeddings rank first, though it lacks one of the words", async () => {
    // No article says "ditched" (nor a WordNet relative of it): lexically, no passage holds both words.
    const question = "Was the tram ditched?";
    const vector = Float32Array.from(await model.embedQuery(parseQuery(question, NOW).text));
    const [first] = await library.searchDense(vector, model.modelName, 1);
    const firstText = (await library.getChunks([first!.chunkId])).get(first!.chunkId)!.text;
    expect(firstText).toMatch(/\btram\b/i);

    expect((await lexical.ask(question, { now: NOW })).kind).toBe("no-answer");
    const answer = await dense.ask(question, { now: NOW });
    expect(answer.kind).toBe("answer");
    expect(answer.passages[0]?.text).toBe(firstText);
    expect(answer.quotes.some((quote) => firstText.includes(quote.text))).toBe(true);
  });

  it("still refuses when the passage the embeddings rank first holds none of the question's words", async () => {
    const answer = await dense.ask("Was the submarine ditched?", { now: NOW });
    expect(answer.kind).toBe("no-answer");
  });

  it("chooses, between two sentences the words cannot tell apart, the one the embeddings find closer to the question", async () => {
    const question = "When will the Rask ferry sail?";
    const may = "The Rask ferry will sail twice a day from May, operator Nordlink said on Monday.";
    const june = "From June the Rask ferry will also sail at night, port director Sofie Lund said.";
    const asked = await model.embedQuery(parseQuery(question, NOW).text);
    const [mayVector, juneVector] = await model.embedDocuments([may, june]);
    expect(cosine(asked, juneVector!)).toBeGreaterThan(cosine(asked, mayVector!));

    // Both hold every word of the question, a date and two new names: lexically, the first in the article wins.
    expect((await lexical.ask(question, { now: NOW })).quotes[0]?.text).toBe(may);
    expect((await dense.ask(question, { now: NOW })).quotes[0]?.text).toBe(june);
  });

  it("answers 'who said …?' from the article holding the words, wherever the embeddings rank its passage", async () => {
    const quotes = (await Promise.all((await library.latestArticles(100)).map((article) => library.quotesOf(article.id)))).flat();
    const attributed = quotes.filter((quote) => quote.speaker && quote.text.split(" ").length >= 4);
    expect(attributed.length).toBeGreaterThan(5);
    const unanswered: string[] = [];
    for (const quote of attributed) {
      const words = quote.text.split(" ").slice(0, 4).join(" ").replace(/[“”"]/g, "");
      const answer = await dense.ask(`Who said "${words}"?`, { now: NOW });
      if (answer.kind !== "answer" || !answer.note?.includes(quote.speaker!)) unanswered.push(`${words} (${quote.speaker})`);
    }
    expect(unanswered).toEqual([]);
  });
});

describe("SentenceSimilarity", () => {
  it("embeds a question's sentences in one call and keeps their vectors for the next question", async () => {
    const calls: string[][] = [];
    const embedder = {
      modelName: "fake",
      embedDocuments: async (texts: string[]) => {
        calls.push(texts);
        return texts.map((text) => [text.length, 1]);
      },
      embedQuery: async (text: string) => [text.length, 1],
    };
    const similarity = new SentenceSimilarity(embedder);
    const sentences = [
      { key: "1:0:10", text: "ten chars." },
      { key: "1:11:14", text: "abc" },
    ];
    const first = await similarity.of("abc", sentences);
    expect(first[1]).toBeCloseTo(1);
    expect(first[0]).toBeLessThan(first[1]!);
    await similarity.of("abcd", [...sentences, { key: "2:0:2", text: "ab" }]);
    expect(calls).toEqual([["ten chars.", "abc"], ["ab"]]);
  });
});
