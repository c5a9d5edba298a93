import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describeConversations } from "../eval/conversations.ts";
import { UsageError } from "../errors.ts";
import { summarize, firstRank, containsAnswer, type Metrics, type QuestionOutcome } from "../eval/metrics.ts";
import { Ingestor } from "../ingest/pipeline.ts";
import { findVerbatim } from "../text/verbatim.ts";
import { expandSources } from "../ingest/sources.ts";
import { createAnswerEngine } from "../answer/engine.ts";
import type { Library } from "../library/library.ts";
import { renderText } from "../answer/render-text.ts";
import { parseDay } from "./ask.ts";
import { isConversationDataset, runConversationEval } from "./eval-conversations.ts";
import { createRuntime, openEmbedder, openLibrary, withCommonOptions, type CommonOptions, type Runtime } from "./runtime.ts";

interface EvalOptions extends CommonOptions {
  dataset: string;
  pages?: string;
  out?: string;
}

/** One dataset question; only `question` and `date` are used to answer, `answer_text` only to score. */
interface DatasetQuestion {
  id: string;
  date: string;
  question: string;
  answer_text: string;
}

export function evalCommand(): Command {
  return withCommonOptions(new Command("eval"))
    .requiredOption("--dataset <dir>", "folder holding corpus.jsonl.gz and questions.jsonl, or conversations.json")
    .option("--pages <dir>", "for conversations: folder of <page>.html.gz (default: ../extraction-dev/html beside the dataset)")
    .option("--out <file>", "write per-question results and the metrics as JSON")
    .action(async (options: EvalOptions) => {
      requireDataset(options.dataset);
      // A library given with --data-dir is reused (built on first use); otherwise a temporary one is built and removed.
      const scratch = options.dataDir ? null : mkdtempSync(join(tmpdir(), "verbatim-eval-"));
      const runtime = createRuntime({ ...options, dataDir: options.dataDir ?? scratch! });
      try {
        const metrics = isConversationDataset(options.dataset) ? await runConversationEval(options, runtime) : await runEval(options, runtime);
        const text = "kinds" in metrics ? describeConversations(metrics) : describe(metrics);
        process.stdout.write(runtime.json ? `${JSON.stringify(metrics)}\n` : `${text}\n`);
      } finally {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
      }
    });
}

async function runEval(options: EvalOptions, runtime: Runtime): Promise<Metrics> {
  const library = await openLibrary(runtime);
  try {
    const embedder = await openEmbedder(runtime);
    if ((await library.countArticles()) === 0) await build(library, runtime, embedder, join(options.dataset, "corpus.jsonl.gz"));
    // Every article folded into the derived indexes first, so the figures are those of a library at rest.
    await library.saveIndex();
    const engine = createAnswerEngine({ library, conversations: library.conversations, embedder, logger: runtime.logger });
    const questions = readFileSync(join(options.dataset, "questions.jsonl"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as DatasetQuestion);

    const outcomes: Array<QuestionOutcome & { id: string }> = [];
    for (const item of questions) {
      const started = performance.now();
      const answer = await engine.ask(item.question, { now: parseDay(item.date) });
      const ms = performance.now() - started;
      let faithful = 0;
      for (const quote of answer.quotes) {
        const article = await library.getArticle(quote.articleId);
        if (article !== null && findVerbatim(article.text, quote.text) !== null) faithful++;
      }
      outcomes.push({
        id: item.id,
        firstRank: firstRank(answer.passages.map((p) => p.text), item.answer_text),
        answerInReply: containsAnswer(renderText(answer), item.answer_text),
        quotes: answer.quotes.length,
        faithfulQuotes: faithful,
        ms,
      });
    }
    const metrics = summarize(outcomes);
    if (options.out) writeFileSync(options.out, `${JSON.stringify({ metrics, questions: outcomes }, null, 2)}\n`);
    return metrics;
  } finally {
    await library.close();
  }
}

async function build(library: Library, runtime: Runtime, embedder: Awaited<ReturnType<typeof openEmbedder>>, corpus: string): Promise<void> {
  const ingestor = new Ingestor({ library, embedder, logger: runtime.logger, fetch: { allowPrivate: false, timeoutMs: 1, maxBytes: 1 } });
  let added = 0;
  for await (const item of expandSources([corpus])) {
    if (item.kind !== "draft") continue;
    const result = await ingestor.ingestDraft(item.draft, item.source, "jsonl");
    if (result.status === "added") added++;
  }
  process.stderr.write(`verbatim eval: built a library of ${added} articles\n`);
}

/** Checked before any library is built or opened, so a mistyped --dataset costs nothing. */
function requireDataset(dir: string): void {
  if (isConversationDataset(dir)) return;
  for (const file of ["corpus.jsonl.gz", "questions.jsonl"]) {
    if (!existsSync(join(dir, file))) {
      throw new UsageError(`${dir} holds no ${file}: --dataset needs a folder with corpus.jsonl.gz and questions.jsonl, or with conversations.json.`);
    }
  }
}

function describe(m: Metrics): string {
  const f = (x: number): string => x.toFixed(3);
  return [
    `questions          ${m.questions}`,
    `answer-recall@1    ${f(m.recallAt1)}`,
    `answer-recall@5    ${f(m.recallAt5)}`,
    `answer-recall@10   ${f(m.recallAt10)}`,
    `MRR@10             ${f(m.mrrAt10)}`,
    `answer-in-reply    ${f(m.answerInReply)}`,
    `quote fidelity     ${f(m.quoteFidelity)}`,
    `ms per question    ${Math.round(m.msPerQuestion)}`,
  ].join("\n");
}
