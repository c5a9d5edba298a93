import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerJson } from "../../src/commands/ask.ts";
import { jsonLines, runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { ARTICLES } from "../helpers/news-fixtures.ts";

describe("verbatim ask", () => {
  let dir: ReturnType<typeof tempDir>;
  let dataDir: string;

  beforeAll(async () => {
    dir = tempDir();
    dataDir = join(dir.path, "library");
    const corpus = join(dir.path, "corpus.jsonl");
    writeFileSync(corpus, ARTICLES.map((a) => JSON.stringify({ url: a.url, title: a.title, text: a.text, publish_date: a.publishedAt, outlet: a.outlet })).join("\n"));
    const ingest = await runCli(["ingest", corpus, "--data-dir", dataDir]);
    expect(ingest.code).toBe(0);
  }, 60_000);
  afterAll(() => dir.remove());

  it("prints the answer as JSON with quotes, sources and ranked passages", async () => {
    const run = await runCli(["ask", "What did Vanko say about housing?", "--now", "2026-03-16", "--json", "--data-dir", dataDir]);
    expect(run.code).toBe(0);
    const [answer] = jsonLines<AnswerJson>(run.stdout);
    expect(answer?.quotes[0]).toMatchObject({ speaker: "Mirela Vanko", url: "https://capital-times.example/economy/rate-rise" });
    expect(answer?.answer).toContain("[1] Central bank lifts rates to 4.25 percent");
    expect(answer?.passages.length).toBeGreaterThan(0);
  }, 60_000);

  it("answers a JSONL file of questions, one line each with its id", async () => {
    const questions = join(dir.path, "questions.jsonl");
    writeFileSync(questions, [JSON.stringify({ id: "a", question: "What did the storm do yesterday?", date: "2026-03-16" }), JSON.stringify({ id: "b", question: "hello" })].join("\n"));
    const run = await runCli(["ask", "--jsonl", questions, "--data-dir", dataDir]);
    const lines = jsonLines<AnswerJson & { id: string }>(run.stdout);
    expect(lines.map((l) => l.id)).toEqual(["a", "b"]);
    expect(lines[0]?.sources[0]?.title).toBe("Storm Ilse leaves 40,000 homes without power");
    expect(lines[1]?.kind).toBe("smalltalk");
  }, 60_000);
});
