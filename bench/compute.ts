import { availableParallelism } from "node:os";
import { env, LogLevel, mean_pooling, pipeline, type FeatureExtractionPipeline, type Tensor } from "@huggingface/transformers";
import { DENSE_SENTENCES, SentenceSimilarity } from "../src/answer/dense.ts";
import { chunkText } from "../src/ingest/chunk.ts";
import { normalizeText } from "../src/ingest/sources.ts";
import { loadEmbeddings } from "../src/retrieval/embeddings.ts";
import { configuredMaxSeqLength } from "../src/retrieval/model-length.ts";
import { sentenceSpans } from "../src/text/sentences.ts";
import { corpusRecords, questions } from "./corpus.ts";
import { CACHE_DIR, MODEL_DIR } from "./model.ts";
import { median } from "./stats.ts";

export type Dtype = "q8" | "fp32";

/** Runs the model files the way loadEmbeddings does (same threads, no downloads), but without our wrapper. */
export async function loadRawPipeline(dtype: Dtype): Promise<FeatureExtractionPipeline> {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.logLevel = LogLevel.ERROR;
  return pipeline("feature-extraction", MODEL_DIR, {
    dtype,
    device: "cpu",
    local_files_only: true,
    session_options: { intraOpNumThreads: availableParallelism(), interOpNumThreads: 1 },
  });
}

/** The input limit the benchmark model states (sentence_bert_config.json), which our embeddings truncate at. */
export async function modelMaxTokens(): Promise<number> {
  return (await configuredMaxSeqLength({ kind: "folder", path: MODEL_DIR })) ?? Infinity;
}

/**
 * One forward pass as the feature-extraction pipeline makes it (tokenize, run, mean-pool, normalise), cut at
 * `maxTokens` as ours is, so the ceiling is measured on exactly the tokens our pipeline embeds.
 */
export async function forwardPass(extractor: FeatureExtractionPipeline, texts: string[], maxTokens: number): Promise<void> {
  const inputs = extractor.tokenizer(texts, { padding: true, truncation: true, max_length: maxTokens }) as { attention_mask: Tensor };
  const { last_hidden_state: hidden } = (await extractor.model(inputs)) as { last_hidden_state: Tensor };
  mean_pooling(hidden, inputs.attention_mask).normalize(2, -1).dispose();
  hidden.dispose();
}

/** Real chunks of about 1,000 characters, as our chunker cuts them, from the first corpus articles. */
export async function sampleChunks(count: number): Promise<string[]> {
  const chunks: string[] = [];
  for (const record of await corpusRecords(400)) {
    for (const chunk of chunkText(normalizeText(record.text))) {
      if (chunk.text.length >= 900 && chunk.text.length <= 1100) chunks.push(chunk.text);
    }
    if (chunks.length >= count) break;
  }
  return chunks.slice(0, count);
}

export interface CeilingRow {
  dtype: Dtype;
  batch: number;
  chunksPerSecond: number;
  /** One figure per alternating round; the reported value is their median. */
  rounds: number[];
}

export interface CeilingResult {
  chunks: number;
  meanChars: number;
  meanTokens: number;
  /** Where every pass cuts a chunk: the model's configured limit. */
  maxTokens: number;
  threads: number;
  rows: CeilingRow[];
  /** One short question through the q8 model, batch 1: what an answer spends embedding the query. */
  questionEmbedMs: number;
  /** What sentence choice adds per question with a model loaded: the question and its candidate sentences compared, nothing cached (q8, batch 1). */
  sentencesEmbedMs: number;
}

async function passes(extractor: FeatureExtractionPipeline, texts: string[], batch: number, maxTokens: number): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < texts.length; start += batch) await forwardPass(extractor, texts.slice(start, start + batch), maxTokens);
  return texts.length / ((performance.now() - started) / 1000);
}

/**
 * Forward passes only (tokenize, run, pool), the most any ingest of these chunks could achieve with this model
 * on this machine. Configurations alternate round by round so background load spreads over all of them.
 */
export async function measureCeiling(options: { chunks: number; rounds: number; batches: number[] }): Promise<CeilingResult> {
  const texts = await sampleChunks(options.chunks);
  const extractors = { q8: await loadRawPipeline("q8"), fp32: await loadRawPipeline("fp32") };
  const maxTokens = await modelMaxTokens();
  const tokenCounts = texts.map((text) => extractors.q8.tokenizer(text).input_ids.dims.at(-1) ?? 0);
  const configs = (["q8", "fp32"] as const).flatMap((dtype) => options.batches.map((batch) => ({ dtype, batch, rounds: [] as number[] })));
  for (const config of configs) await passes(extractors[config.dtype], texts.slice(0, 8), config.batch, maxTokens);
  for (let round = 0; round < options.rounds; round++) {
    for (const config of configs) config.rounds.push(await passes(extractors[config.dtype], texts, config.batch, maxTokens));
  }

  const questionTexts = questions().slice(0, 50).map((q) => q.question);
  const started = performance.now();
  for (const text of questionTexts) await forwardPass(extractors.q8, [text], maxTokens);
  const questionEmbedMs = (performance.now() - started) / questionTexts.length;
  const sentencesEmbedMs = await measureSentenceChoice(texts, questionTexts.slice(0, 10));

  await extractors.q8.dispose();
  await extractors.fp32.dispose();
  return {
    chunks: texts.length,
    meanChars: texts.reduce((sum, text) => sum + text.length, 0) / texts.length,
    meanTokens: tokenCounts.reduce((sum, n) => sum + n, 0) / tokenCounts.length,
    maxTokens,
    threads: availableParallelism(),
    rows: configs.map(({ dtype, batch, rounds }) => ({ dtype, batch, chunksPerSecond: median(rounds), rounds })),
    questionEmbedMs,
    sentencesEmbedMs,
  };
}

/** Mean time for a fresh SentenceSimilarity (empty cache) to compare a question with its candidate sentences, here the sentences of real chunks. */
async function measureSentenceChoice(chunks: string[], asked: string[]): Promise<number> {
  const { embeddings, reason } = await loadEmbeddings({ model: MODEL_DIR, cacheDir: CACHE_DIR, dtype: "q8", allowRemote: false });
  if (!embeddings) throw new Error(`benchmark model did not load: ${reason}`);
  const sentences = chunks.flatMap((chunk, c) => sentenceSpans(chunk).map(({ start, end }) => ({ key: `${c}:${start}`, text: chunk.slice(start, end) })));
  let total = 0;
  try {
    await new SentenceSimilarity(embeddings).of("warm-up", sentences.slice(0, 2));
    for (const [index, question] of asked.entries()) {
      const from = (index * DENSE_SENTENCES) % Math.max(1, sentences.length - DENSE_SENTENCES);
      const started = performance.now();
      await new SentenceSimilarity(embeddings).of(question, sentences.slice(from, from + DENSE_SENTENCES));
      total += performance.now() - started;
    }
  } finally {
    await embeddings.dispose();
  }
  return total / asked.length;
}
