import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Command, InvalidArgumentError } from "commander";
import { UsageError } from "../errors.ts";
import type { Answer, AnswerEngine } from "../answer/model.ts";
import { createAnswerEngine } from "../answer/engine.ts";
import { renderText } from "../answer/render-text.ts";
import { createRuntime, openEmbedder, openLibrary, requirePath, withCommonOptions, type CommonOptions } from "./runtime.ts";

interface AskOptions extends CommonOptions {
  now?: Date;
  jsonl?: string;
}

/** The `--json` shape of one answer. */
export interface AnswerJson {
  answer: string;
  kind: Answer["kind"];
  understoodAs: string | null;
  quotes: Array<{ text: string; speaker: string | null; articleId: number; url: string | null }>;
  sources: Answer["sources"];
  passages: Array<{ articleId: number; url: string | null; text: string; score: number }>;
}

export function toAnswerJson(answer: Answer): AnswerJson {
  const urls = new Map(answer.sources.map((source) => [source.articleId, source.url]));
  return {
    answer: renderText(answer),
    kind: answer.kind,
    understoodAs: answer.understoodAs,
    quotes: answer.quotes.map((q) => ({ text: q.text, speaker: q.speaker, articleId: q.articleId, url: urls.get(q.articleId) ?? null })),
    sources: answer.sources,
    passages: answer.passages.map((p) => ({ articleId: p.articleId, url: p.url, text: p.text, score: p.score })),
  };
}

/** "YYYY-MM-DD" as noon UTC, so that "today" and "this week" mean the same day in every time zone. */
export function parseDay(value: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new InvalidArgumentError("expected a date as YYYY-MM-DD");
  return new Date(`${value}T12:00:00Z`);
}

export function askCommand(): Command {
  return withCommonOptions(new Command("ask"))
    .argument("[question]", "the question")
    .option("--now <date>", "answer as if today were this date (YYYY-MM-DD)", parseDay)
    .option("--jsonl <file>", "answer every line {id, question, date?} of a file, one JSON answer a line")
    .action(async (question: string | undefined, options: AskOptions) => {
      if (!question?.trim() && !options.jsonl) {
        throw new UsageError('ask needs a question, e.g. verbatim ask "What did the mayor say about the bridge?" (or --jsonl FILE for many).');
      }
      if (options.jsonl) requirePath(options.jsonl, "file (--jsonl)");
      const runtime = createRuntime(options);
      const library = await openLibrary(runtime, { mustExist: true });
      try {
        const engine = createAnswerEngine({ library, conversations: library.conversations, embedder: await openEmbedder(runtime), logger: runtime.logger });
        if (options.jsonl) await askFile(engine, options.jsonl);
        else {
          const answer = await engine.ask(question!, { now: options.now });
          process.stdout.write(runtime.json ? `${JSON.stringify(toAnswerJson(answer))}\n` : `${renderText(answer)}\n`);
        }
      } finally {
        await library.close();
      }
    });
}

async function askFile(engine: AnswerEngine, path: string): Promise<void> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    const item = JSON.parse(line) as { id?: unknown; question?: unknown; date?: unknown };
    if (typeof item.question !== "string") {
      process.stdout.write(`${JSON.stringify({ id: item.id ?? null, error: 'no "question"' })}\n`);
      continue;
    }
    const now = typeof item.date === "string" ? parseDay(item.date) : undefined;
    const answer = await engine.ask(item.question, { now });
    process.stdout.write(`${JSON.stringify({ id: item.id ?? null, ...toAnswerJson(answer) })}\n`);
  }
}
