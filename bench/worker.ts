/**
 * One measurement in its own process, so each gets a clean heap and its own peak-RSS figure, and a model or
 * library loaded by one cannot speed up or slow down the next. Started by run.ts over IPC.
 */
import { chunkText } from "../src/ingest/chunk.ts";
import { expandSources } from "../src/ingest/sources.ts";
import { forwardPass, loadRawPipeline, measureCeiling, modelMaxTokens, type Dtype } from "./compute.ts";
import { ensureFilledLibrary } from "./fill.ts";
import { ingestOurs, ingestStock, type IngestOptions } from "./ingest.ts";
import { measureLatency } from "./latency.ts";
import { copyToPostgres } from "./postgres.ts";
import { measurePeer, type PeerSystem } from "./peers.ts";
import { measureAddOne, measureRecall, measureStartup } from "./scale.ts";
import { peakRss } from "./stats.ts";
import { measureRum } from "./rum.ts";
import { measureWorkers } from "./workers.ts";

export type Task =
  | { task: "ceiling"; chunks: number; rounds: number; batches: number[] }
  | { task: "raw"; jsonl: string; dtype: Dtype }
  | ({ task: "ours" | "stock" } & IngestOptions)
  | { task: "fill"; articles: number; vectors?: boolean }
  | { task: "latency"; articles: number; questions: number; databaseUrl?: string }
  | { task: "copyToPostgres"; articles: number; databaseUrl: string }
  | { task: "addOne"; small: number; large: number; count: number }
  | { task: "startup"; articles: number }
  | { task: "recall"; articles: number; queries: number; efs: number[] }
  | { task: "peer"; system: PeerSystem; articles: number; questions: number }
  | { task: "rum"; articles: number; databaseUrl: string; questions: number }
  | { task: "workers"; databaseUrl: string; workers: number; chats: number; questions: number; firstChat: number; firstUpdate: number };

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Forward passes alone over exactly the chunks our pipeline embeds for these articles, batch 1 like ours:
 * the ceiling that ingest run is compared with.
 */
async function rawPasses(jsonl: string, dtype: Dtype): Promise<{ chunks: number; seconds: number; chunksPerSecond: number; peakRss: number }> {
  const texts: string[] = [];
  for await (const item of expandSources([jsonl])) {
    if (item.kind === "draft") texts.push(...chunkText(item.draft.text).map((chunk) => chunk.text));
  }
  const extractor = await loadRawPipeline(dtype);
  const maxTokens = await modelMaxTokens();
  const started = performance.now();
  for (const text of texts) await forwardPass(extractor, [text], maxTokens);
  const seconds = (performance.now() - started) / 1000;
  await extractor.dispose();
  return { chunks: texts.length, seconds, chunksPerSecond: texts.length / seconds, peakRss: peakRss() };
}

async function runTask(task: Task): Promise<unknown> {
  switch (task.task) {
    case "ceiling":
      return measureCeiling(task);
    case "raw":
      return rawPasses(task.jsonl, task.dtype);
    case "ours":
      return ingestOurs(task);
    case "stock":
      return ingestStock(task);
    case "fill":
      return ensureFilledLibrary(task.articles, log, { vectors: task.vectors ?? true });
    case "latency":
      return measureLatency(await ensureFilledLibrary(task.articles, log), task.questions, task.databaseUrl);
    case "copyToPostgres":
      return copyToPostgres(await ensureFilledLibrary(task.articles, log), task.databaseUrl, log);
    case "addOne":
      return measureAddOne(await ensureFilledLibrary(task.small, log), await ensureFilledLibrary(task.large, log), task.count);
    case "startup":
      return measureStartup(await ensureFilledLibrary(task.articles, log));
    case "recall":
      return measureRecall(await ensureFilledLibrary(task.articles, log), task.queries, task.efs);
    case "peer":
      // run.ts has filled the library without vectors first: peers search text only.
      return measurePeer(task.system, task.articles, task.questions);
    case "rum":
      return measureRum(await ensureFilledLibrary(task.articles, log), task.databaseUrl, task.questions);
    case "workers":
      return measureWorkers(task.databaseUrl, task.workers, task);
  }
}

process.once("message", (message) => {
  runTask(message as Task).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
  );
});
