import { Command } from "commander";
import cliProgress from "cli-progress";
import { fetchOptionsFrom } from "../ingest/fetch.ts";
import { Ingestor, type IngestResult } from "../ingest/pipeline.ts";
import { expandSources, readHtmlFile, type SourceItem } from "../ingest/sources.ts";
import { createRuntime, openEmbedder, openLibrary, print, withCommonOptions, type CommonOptions, type Runtime } from "./runtime.ts";

/** Links are fetched a few at a time; local sources are CPU-bound and gain nothing from more. */
const CONCURRENCY = 4;

export function ingestCommand(): Command {
  return withCommonOptions(new Command("ingest"))
    .argument("<sources...>", "links, files or folders")
    .action(async (sources: string[], options: CommonOptions) => {
      process.exitCode = await runIngest(sources, createRuntime(options));
    });
}

async function runIngest(sources: string[], runtime: Runtime): Promise<number> {
  const { config, logger } = runtime;
  // The model first: a failure to load it must not leave the library open.
  const embedder = await openEmbedder(runtime);
  const library = await openLibrary(runtime, { write: true });
  const ingestor = new Ingestor({
    library,
    embedder,
    logger,
    fetch: fetchOptionsFrom(config),
  });

  const total = await countSources(sources);
  const progress = !runtime.json && process.stderr.isTTY && total > 1 ? new cliProgress.SingleBar({ stream: process.stderr, etaBuffer: 200 }, cliProgress.Presets.shades_classic) : null;
  progress?.start(total, 0);

  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const counts = { added: 0, duplicate: 0, failed: 0 };
  const failures: IngestResult[] = [];
  try {
    for await (const result of runPool(expandSources(sources), CONCURRENCY, (item) => ingestItem(ingestor, item, stop.signal), stop.signal)) {
      counts[result.status]++;
      if (result.status === "failed") failures.push(result);
      progress?.increment();
      if (runtime.json) print(runtime, result, "");
      else if (!progress) process.stdout.write(`${describe(result)}\n`);
    }
  } finally {
    progress?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await library.close();
  }

  if (!runtime.json) {
    if (progress) for (const failure of failures) process.stdout.write(`${describe(failure)}\n`);
    process.stdout.write(`added ${counts.added}, duplicates ${counts.duplicate}, failed ${counts.failed}${stop.signal.aborted ? " (interrupted)" : ""}\n`);
  }
  return counts.failed > 0 || stop.signal.aborted ? 1 : 0;
}

function ingestItem(ingestor: Ingestor, item: SourceItem, signal: AbortSignal): Promise<IngestResult> {
  switch (item.kind) {
    case "url":
      return ingestor.ingestUrl(item.url, signal);
    case "html":
      return readHtmlFile(item.path).then((html) => ingestor.ingestHtml(html, item.source, null, "file"));
    case "draft":
      return ingestor.ingestDraft(item.draft, item.source, item.draft.url ? "jsonl" : "file");
    case "invalid":
      return Promise.resolve({ source: item.source, status: "failed", articleId: null, title: null, outlet: null, publishedAt: null, chunks: null, reason: item.reason });
  }
}

function describe(result: IngestResult): string {
  switch (result.status) {
    case "added": {
      const where = [result.outlet, result.publishedAt?.slice(0, 10)].filter(Boolean).join(", ");
      return `✓ added ${result.title}${where ? ` (${where})` : ""}: ${result.chunks} ${result.chunks === 1 ? "passage" : "passages"}`;
    }
    case "duplicate":
      return `= already in the library: ${result.title ?? result.source}`;
    case "failed":
      return `✗ ${result.source}: ${result.reason}${result.allowedBy ? ` (${result.allowedBy} allows it, for local setups)` : ""}`;
  }
}

async function countSources(sources: string[]): Promise<number> {
  let count = 0;
  for await (const _ of expandSources(sources)) count++;
  return count;
}

/** Runs `work` over items with at most `limit` in flight, yielding results as they finish; stops taking items once aborted. */
async function* runPool<T, R>(items: AsyncIterable<T>, limit: number, work: (item: T) => Promise<R>, signal: AbortSignal): AsyncGenerator<R> {
  const running = new Map<number, Promise<[number, R]>>();
  const iterator = items[Symbol.asyncIterator]();
  let nextKey = 0;
  let exhausted = false;
  for (;;) {
    while (!exhausted && !signal.aborted && running.size < limit) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const key = nextKey++;
      running.set(key, work(next.value).then((result): [number, R] => [key, result]));
    }
    if (running.size === 0) return;
    const [key, result] = await Promise.race(running.values());
    running.delete(key);
    yield result;
  }
}
