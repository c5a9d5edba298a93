import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, isAbsolute, resolve } from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import type { FeatureExtractionPipeline, Tensor } from "@huggingface/transformers";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { configuredMaxSeqLength } from "./model-length.ts";

/** Which ONNX file of a model to run: `onnx/model.onnx` (fp32) or `onnx/model_quantized.onnx` (q8). */
export type EmbeddingsDtype = "fp32" | "q8";

/** What a model wants before each text: E5 models were trained on "query: …" questions and "passage: …" passages. */
export interface EmbeddingPrefixes {
  query: string;
  passage: string;
}

export const E5_PREFIXES: EmbeddingPrefixes = { query: "query: ", passage: "passage: " };

/**
 * The prefixes a model needs, told by its name: the E5 family ("Xenova/multilingual-e5-small", "intfloat/e5-base-v2")
 * embeds unprefixed text noticeably worse; sentence-transformers models (all-MiniLM-L6-v2) take none.
 */
export function prefixesFor(modelName: string): EmbeddingPrefixes | null {
  return /(?:^|[-_])e5(?:$|[-_])/i.test(basename(modelName)) ? E5_PREFIXES : null;
}

export interface LocalEmbeddingsOptions {
  /** Texts per forward pass. Small, because every text in a pass is padded to the longest one. */
  batchSize?: number;
  /** Word pieces embedded per text, special tokens included; the rest is cut off. Default: the tokenizer's limit. */
  maxTokens?: number;
  /** Put before questions and passages; none by default. */
  prefixes?: EmbeddingPrefixes | null;
}

/**
 * Sentence embeddings computed in-process by transformers.js: mean pooling over the last hidden
 * state, then L2 normalisation, so a dot product is a cosine similarity.
 */
export class LocalEmbeddings extends Embeddings {
  readonly batchSize: number;
  readonly maxTokens: number;
  readonly prefixes: EmbeddingPrefixes | null;

  /** Use {@link loadEmbeddings}; this takes a pipeline that has already been created and checked. */
  constructor(
    private readonly extractor: FeatureExtractionPipeline,
    /** Identifies the vectors' space: the hub id, or the folder name of a local model. */
    readonly modelName: string,
    readonly dimensions: number,
    options: LocalEmbeddingsOptions = {},
  ) {
    // One pass at a time: onnxruntime already uses every core for a pass, and a query then waits for
    // one batch of a long reindex rather than for all of it. No retries: a local failure repeats.
    super({ maxConcurrency: 1, maxRetries: 0 });
    this.batchSize = Math.max(1, options.batchSize ?? 1);
    this.maxTokens = Math.min(options.maxTokens ?? Infinity, tokenizerLimit(extractor));
    this.prefixes = options.prefixes ?? null;
  }

  /** One vector per passage, in the order given, each with the model's passage prefix if it has one. */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    const prefix = this.prefixes?.passage;
    return this.embedTexts(prefix ? texts.map((text) => prefix + text) : texts);
  }

  /** A question's vector, with the model's query prefix if it has one. */
  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedTexts([(this.prefixes?.query ?? "") + text]);
    return vector!;
  }

  private async embedTexts(texts: string[]): Promise<number[][]> {
    // Batching texts of similar length keeps padding, which costs as much as real tokens, low.
    const order = texts.map((_, index) => index).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors = new Array<number[]>(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const indexes = order.slice(start, start + this.batchSize);
      const batch = await this.caller.call(() => this.embedBatch(indexes.map((index) => texts[index]!)));
      indexes.forEach((index, position) => {
        vectors[index] = batch[position]!;
      });
    }
    return vectors;
  }

  /** Releases the onnxruntime session. */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }

  /** What the feature-extraction pipeline does, but truncating at {@link maxTokens}, which it cannot be told. */
  private async embedBatch(texts: string[]): Promise<number[][]> {
    const { tokenizer, model } = this.extractor;
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: this.maxTokens }) as { attention_mask: Tensor };
    const { last_hidden_state: hidden } = (await model(inputs)) as { last_hidden_state: Tensor };
    try {
      return meanPooledUnitRows(hidden, inputs.attention_mask);
    } finally {
      hidden.dispose();
    }
  }
}

/** The longest input the tokenizer and the model's position table allow (Infinity when neither says). */
function tokenizerLimit(extractor: FeatureExtractionPipeline): number {
  const stated = Number(extractor.tokenizer.model_max_length);
  const positions = (extractor.model.config as { max_position_embeddings?: number }).max_position_embeddings;
  return Math.min(Number.isFinite(stated) ? stated : Infinity, positions ?? Infinity);
}

/** Mean of each text's token vectors (padding left out), scaled to unit length: sentence-transformers' pooling. */
function meanPooledUnitRows(hidden: Tensor, mask: Tensor): number[][] {
  const [rows, tokens, width] = hidden.dims;
  const data = hidden.data;
  const present = mask.data;
  if (!(data instanceof Float32Array) || !(present instanceof BigInt64Array) || rows === undefined || tokens === undefined || width === undefined) {
    throw new Error(`unexpected model output: ${hidden.type} [${hidden.dims.join(", ")}]`);
  }
  return Array.from({ length: rows }, (_, row) => {
    const sum = new Float64Array(width);
    let count = 0;
    for (let token = 0; token < tokens; token++) {
      if (present[row * tokens + token] === 0n) continue;
      count++;
      const offset = (row * tokens + token) * width;
      for (let i = 0; i < width; i++) sum[i]! += data[offset + i]!;
    }
    let norm = 0;
    for (let i = 0; i < width; i++) norm += (sum[i]! / count) ** 2;
    const scale = 1 / (count * Math.max(Math.sqrt(norm), 1e-12));
    return Array.from(sum, (value) => value * scale);
  });
}

export interface LoadEmbeddingsOptions {
  /** A Hugging Face model id ("Xenova/all-MiniLM-L6-v2") or a folder holding config.json, tokenizer.json and onnx/. */
  model: string;
  /** Where hub models are downloaded to, and looked for first (`<cacheDir>/<owner>/<name>/…`). */
  cacheDir: string;
  /** Default "q8": a quarter of the download and faster on CPU, at a negligible cost in quality. */
  dtype?: EmbeddingsDtype;
  /** Whether a hub model missing from cacheDir may be downloaded; default true, as a first run needs it. */
  allowRemote?: boolean;
  /** onnxruntime intra-op threads; default: every available core. */
  threads?: number;
  /** The hub to download from; default https://huggingface.co/ (a mirror works too). */
  remoteHost?: string;
  /** How long to wait for the hub to answer a request before giving up on it. */
  remoteTimeoutMs?: number;
  batchSize?: number;
  /** The model's query and passage prefixes; default: from its name (see {@link prefixesFor}). */
  prefixes?: EmbeddingPrefixes | null;
  logger?: Logger;
}

/** Either a working model or why there is none; loading never throws. */
export type EmbeddingsLoad = { embeddings: LocalEmbeddings; reason: null } | { embeddings: null; reason: string };

type ModelSource = { kind: "folder"; path: string } | { kind: "hub"; id: string } | { kind: "missing"; reason: string };

// The hub's own rule for repository ids ("name" or "owner/name").
const HUB_ID = /^(?:[\w.-]+\/)?[\w.-]{1,96}$/;

function locate(model: string): ModelSource {
  const path = resolve(model);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return { kind: "folder", path };
  const looksLikePath = isAbsolute(model) || model.startsWith(".") || model.startsWith("~") || !HUB_ID.test(model);
  if (looksLikePath || model.includes("..") || model.includes("--")) {
    return { kind: "missing", reason: `no model folder at ${path}` };
  }
  return { kind: "hub", id: model };
}

/** An error and its causes in one line, e.g. "fetch failed: getaddrinfo ENOTFOUND huggingface.co". */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let current: unknown = error; current !== undefined && messages.length < 4; ) {
    if (current instanceof Error) {
      messages.push(current.message);
      current = current.cause;
    } else {
      messages.push(String(current));
      break;
    }
  }
  return messages.join(": ") || "unknown error";
}

/**
 * `fetch` that gives up when no response headers arrive within `timeoutMs`. Without it an
 * unreachable hub behind a firewall that drops packets costs undici's connect timeout per file;
 * a download that has started is never cut short.
 */
function fetchWithHeaderTimeout(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      controller.abort(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const signals = init?.signal ? [init.signal, controller.signal] : [controller.signal];
    try {
      return await fetch(input, { ...init, signal: AbortSignal.any(signals) });
    } finally {
      clearTimeout(timer);
    }
  };
}

/**
 * Loads a sentence-embedding model once, checks that it runs, and wraps it as LangChain embeddings.
 *
 * A folder is loaded from disk with downloads off. A hub id is looked for in `cacheDir` and, when
 * `allowRemote` is set, downloaded there; offline this fails within one failed request.
 * transformers.js keeps these settings in a process-wide `env`, so they are set here for every
 * later load as well: call this once, at startup.
 */
export async function loadEmbeddings(options: LoadEmbeddingsOptions): Promise<EmbeddingsLoad> {
  const { logger } = options;
  const dtype = options.dtype ?? "q8";
  const source = locate(options.model);
  if (source.kind === "missing") return failed(options, source.reason);

  const started = performance.now();
  try {
    const { env, pipeline, LogLevel } = await import("@huggingface/transformers");
    const cacheDir = resolve(options.cacheDir);
    const allowRemote = source.kind === "hub" && (options.allowRemote ?? true);
    // Some lookups (which files a pipeline needs) ignore per-call options and read only `env`.
    env.cacheDir = cacheDir;
    env.localModelPath = cacheDir;
    env.allowLocalModels = true;
    env.allowRemoteModels = allowRemote;
    env.remoteHost = options.remoteHost ?? "https://huggingface.co/";
    env.fetch = fetchWithHeaderTimeout(options.remoteTimeoutMs ?? 15_000);
    // Failures come back to the caller as a reason; transformers.js would also print them.
    env.logLevel = LogLevel.ERROR;

    const configured = await configuredMaxSeqLength(
      source.kind === "folder" ? source : { ...source, cacheDir, remoteHost: allowRemote ? env.remoteHost : null },
      env.fetch,
    );
    const threads = Math.max(1, options.threads ?? availableParallelism());
    const extractor = await pipeline("feature-extraction", source.kind === "folder" ? source.path : source.id, {
      dtype,
      device: "cpu",
      cache_dir: cacheDir,
      local_files_only: !allowRemote,
      session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    });

    // One pass now, so that a model which loads but cannot run is reported here, not on first use.
    let dimensions: number;
    try {
      const probe = await extractor("probe", { pooling: "mean", normalize: true });
      dimensions = probe.dims.at(-1) ?? 0;
      probe.dispose();
      if (dimensions === 0) throw new Error("the model returned an empty vector");
    } catch (error) {
      await extractor.dispose();
      throw error;
    }

    const modelName = source.kind === "folder" ? basename(source.path) : source.id;
    const prefixes = options.prefixes === undefined ? prefixesFor(modelName) : options.prefixes;
    const embeddings = new LocalEmbeddings(extractor, modelName, dimensions, { batchSize: options.batchSize, maxTokens: configured ?? undefined, prefixes });
    logger?.info(
      { model: modelName, dtype, dimensions, maxTokens: embeddings.maxTokens, prefixed: prefixes !== null, threads, ms: Math.round(performance.now() - started) },
      "embedding model loaded",
    );
    return { embeddings, reason: null };
  } catch (error) {
    const where = source.kind === "folder" ? source.path : `${source.id} (cache: ${resolve(options.cacheDir)})`;
    const hint =
      source.kind === "hub" && options.allowRemote === false ? "; it is not cached and downloads are off" : "";
    return failed(options, `could not load ${where}${hint}: ${describe(error)}`);
  }
}

function failed(options: LoadEmbeddingsOptions, reason: string): EmbeddingsLoad {
  // Info, not warn: the caller decides how to tell the user, with this same reason.
  options.logger?.info({ model: options.model, reason }, "embedding model unavailable");
  return { embeddings: null, reason };
}

/** The model the configuration names, or null when embeddings are switched off (EMBEDDINGS=off). */
export function loadConfiguredEmbeddings(
  config: Pick<Config, "EMBEDDINGS" | "EMBEDDING_MODEL" | "MODEL_CACHE_DIR"> & Partial<Pick<Config, "EMBEDDING_PREFIXES">>,
  logger?: Logger,
): Promise<EmbeddingsLoad | null> {
  if (config.EMBEDDINGS === "off") return Promise.resolve(null);
  const setting = config.EMBEDDING_PREFIXES ?? "auto";
  const prefixes = setting === "auto" ? undefined : setting === "e5" ? E5_PREFIXES : null;
  return loadEmbeddings({ model: config.EMBEDDING_MODEL, cacheDir: config.MODEL_CACHE_DIR, logger, ...(prefixes === undefined ? {} : { prefixes }) });
}
