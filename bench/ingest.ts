import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HuggingFaceTransformersEmbeddings } from "@langchain/community/embeddings/huggingface_transformers";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { env, LogLevel } from "@huggingface/transformers";
import { pino } from "pino";
import { Ingestor, type IngestResult } from "../src/ingest/pipeline.ts";
import { expandSources, type SourceItem } from "../src/ingest/sources.ts";
import { loadEmbeddings } from "../src/retrieval/embeddings.ts";
import { SqliteLibrary } from "../src/library/sqlite/sqlite-library.ts";
import type { Dtype } from "./compute.ts";
import { MODEL_DIR } from "./model.ts";
import { peakRss } from "./stats.ts";

export interface IngestRun {
  pipeline: "ours" | "stock";
  articles: number;
  chunks: number;
  seconds: number;
  articlesPerSecond: number;
  chunksPerSecond: number;
  /** Resident memory once the model is loaded, before the first article. */
  rssAfterLoad: number;
  /** High-water mark of the whole process (VmHWM), model included. */
  peakRss: number;
  diskBytes: number;
  settings: Record<string, string | number>;
}

export interface IngestOptions {
  jsonl: string;
  dtype: Dtype;
  /** Ours: texts per forward pass (LocalEmbeddings' batchSize). */
  batchSize: number;
  /** Ours: articles in flight at once, as `verbatim ingest` runs them. */
  concurrency: number;
}

function diskUsage(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

function run(pipeline: IngestRun["pipeline"], articles: number, chunks: number, seconds: number, rssAfterLoad: number, dir: string, settings: IngestRun["settings"]): IngestRun {
  return { pipeline, articles, chunks, seconds, articlesPerSecond: articles / seconds, chunksPerSecond: chunks / seconds, rssAfterLoad, peakRss: peakRss(), diskBytes: diskUsage(dir), settings };
}

/** Our pipeline end to end: JSONL parsing, chunking, quotes, embedding, one transaction per article, HNSW, saved index. */
export async function ingestOurs(options: IngestOptions): Promise<IngestRun> {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-bench-ours-"));
  try {
    const loaded = await loadEmbeddings({ model: MODEL_DIR, cacheDir: dir, dtype: options.dtype, allowRemote: false, batchSize: options.batchSize });
    if (!loaded.embeddings) throw new Error(`model did not load: ${loaded.reason}`);
    const embedder = loaded.embeddings;
    const rssAfterLoad = process.memoryUsage().rss;

    const started = performance.now();
    const library = SqliteLibrary.open(dir);
    const ingestor = new Ingestor({ library, embedder, logger: pino({ level: "silent" }), fetch: { allowPrivate: false, timeoutMs: 1000, maxBytes: 1 } });
    const results: IngestResult[] = [];
    const running = new Set<Promise<void>>();
    for await (const item of expandSources([options.jsonl])) {
      const work = ingestItem(ingestor, item).then((result) => {
        results.push(result);
        running.delete(work);
      });
      running.add(work);
      if (running.size >= options.concurrency) await Promise.race(running);
    }
    await Promise.all(running);
    await library.close();
    const seconds = (performance.now() - started) / 1000;
    // The Ingestor stores chunks without vectors when the model fails; such a run would look fast and mean nothing.
    const reopened = SqliteLibrary.open(dir);
    const stats = await reopened.stats();
    await reopened.close();
    if (stats.pendingChunks > 0) throw new Error(`${stats.pendingChunks} of ${stats.chunks} chunks were stored without a vector`);

    const added = results.filter((result) => result.status === "added");
    await embedder.dispose();
    return run("ours", added.length, added.reduce((sum, result) => sum + (result.chunks ?? 0), 0), seconds, rssAfterLoad, dir, {
      embeddings: "LocalEmbeddings (src/retrieval/embeddings.ts)",
      dtype: options.dtype,
      batchSize: options.batchSize,
      concurrency: options.concurrency,
      chunker: "chunkText (sentences, 800-1200 chars, one sentence overlap)",
      store: "Library (SQLite WAL + FTS5 + HNSW M16/efC200)",
      skipped: results.length - added.length,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ingestItem(ingestor: Ingestor, item: SourceItem): Promise<IngestResult> {
  if (item.kind !== "draft") throw new Error(`unexpected source item ${item.kind} from ${item.source}`);
  return ingestor.ingestDraft(item.draft, item.source, "jsonl");
}

/**
 * The stock LangChain pipeline on the same JSONL and model files: RecursiveCharacterTextSplitter (1000/200),
 * HuggingFaceTransformersEmbeddings with its defaults (batch size 512, all batches started at once),
 * HNSWLib.addDocuments per article (so memory stays bounded, as an incremental ingest would) and one save.
 */
export async function ingestStock(options: IngestOptions): Promise<IngestRun> {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-bench-stock-"));
  try {
    // The stock class reads the model folder through transformers.js's global env; forbid any download.
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.logLevel = LogLevel.ERROR;
    const embeddings = new HuggingFaceTransformersEmbeddings({ model: MODEL_DIR, pretrainedOptions: { dtype: options.dtype, local_files_only: true } });
    await embeddings.embedQuery("probe");
    const rssAfterLoad = process.memoryUsage().rss;

    const started = performance.now();
    const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
    const store = new HNSWLib(embeddings, { space: "cosine" });
    let articles = 0;
    let chunks = 0;
    for (const line of readFileSync(options.jsonl, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      const record = JSON.parse(line) as { url: string; title: string; text: string; publish_date: string };
      const pieces = await splitter.splitDocuments([new Document({ pageContent: record.text, metadata: { url: record.url, title: record.title, published: record.publish_date } })]);
      await store.addDocuments(pieces);
      articles++;
      chunks += pieces.length;
    }
    await store.save(join(dir, "store"));
    const seconds = (performance.now() - started) / 1000;
    if (store.index.getCurrentCount() !== chunks) throw new Error(`the stock store holds ${store.index.getCurrentCount()} vectors for ${chunks} chunks`);
    return run("stock", articles, chunks, seconds, rssAfterLoad, dir, {
      embeddings: "HuggingFaceTransformersEmbeddings (@langchain/community), batchSize 512, stripNewLines",
      dtype: options.dtype,
      chunker: "RecursiveCharacterTextSplitter 1000/200",
      store: "HNSWLib (cosine, default M16/efC200) addDocuments per article + save",
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
