import type { Logger } from "pino";
import { FetchRefused, LibraryNotWritable, VerbatimError } from "../errors.ts";
import { englishFailure, type IngestFailure } from "../failure.ts";
import type { Library } from "../library/library.ts";
import type { ArticleDraft } from "../library/article.ts";
import { urlKey } from "../library/canonical-url.ts";
import { chunkText } from "./chunk.ts";
import { extractArticle } from "./extract.ts";
import { fetchPage, type FetchOptions } from "./fetch.ts";
import { extractQuotes } from "./quotes/index.ts";

/** What ingest needs from an embedding model: the LangChain `embedDocuments` call and the model's name. */
export interface ChunkEmbedder {
  readonly modelName: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
}

export interface IngestDeps {
  library: Library;
  /** Null runs lexical-only: chunks are stored pending, and `verbatim reindex` embeds them later. */
  embedder: ChunkEmbedder | null;
  fetch: Omit<FetchOptions, "signal">;
  logger: Logger;
}

export type IngestStatus = "added" | "duplicate" | "failed";

/** The outcome for one source, in the shape `verbatim ingest --json` prints. */
export interface IngestResult {
  source: string;
  status: IngestStatus;
  articleId: number | null;
  title: string | null;
  outlet: string | null;
  publishedAt: string | null;
  chunks: number | null;
  /** Why it was not added, in English (also "already in the library" for a duplicate). */
  reason: string | null;
  /** Why a failed source was not added, as data, for front ends that say it in the person's language. */
  failure?: IngestFailure;
  /** For a refused link: the setting that would let it through in a local setup. */
  allowedBy?: string;
}

/** Where a draft came from, for the library's records. */
export type DraftOrigin = "url" | "file" | "jsonl" | "telegram";

/**
 * Turns sources into stored articles: fetch → extract → chunk → find quotes → embed → one library transaction.
 * Failures come back as results with a short reason a person can act on, never as thrown errors.
 */
export class Ingestor {
  private readonly inFlight = new Map<string, Promise<IngestResult>>();
  private embedderBroken = false;

  constructor(private readonly deps: IngestDeps) {}

  /** Fetches and stores a link. A link already stored is reported as a duplicate without fetching it again; the same link sent twice at once is fetched once. */
  ingestUrl(url: string, signal?: AbortSignal): Promise<IngestResult> {
    const key = urlKey(url);
    if (!key) return Promise.resolve(failed(url, { kind: "not-http" }));
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const work = this.fetchAndStore(url, signal).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  async ingestHtml(html: string, source: string, pageUrl: string | null, origin: DraftOrigin): Promise<IngestResult> {
    try {
      return await this.ingestDraft(extractArticle(html, pageUrl), source, origin);
    } catch (error) {
      return this.failure(source, error);
    }
  }

  async ingestDraft(draft: ArticleDraft, source: string, origin: DraftOrigin, aliases: string[] = []): Promise<IngestResult> {
    const { library } = this.deps;
    const problem = validateDraft(draft);
    if (problem) return failed(source, problem);

    const known = await library.findDuplicate(draft, aliases);
    if (known !== null) return this.duplicate(source, known);

    const chunks = chunkText(draft.text);
    const quotes = extractQuotes(draft.text, draft.language);
    const vectors = await this.embed(chunks.map((chunk) => chunk.text));
    let outcome: Awaited<ReturnType<Library["addArticle"]>>;
    try {
      outcome = await library.addArticle({ draft, chunks, quotes, vectors, vectorModel: this.deps.embedder?.modelName, source: origin, aliases });
    } catch (error) {
      if (error instanceof LibraryNotWritable) return this.failure(source, error);
      throw error;
    }
    if (outcome.status === "duplicate") return this.duplicate(source, outcome.articleId);
    return { source, status: "added", articleId: outcome.articleId, title: draft.title, outlet: draft.outlet, publishedAt: draft.publishedAt, chunks: outcome.chunks, reason: null };
  }

  private async fetchAndStore(url: string, signal?: AbortSignal): Promise<IngestResult> {
    const known = await this.deps.library.findByUrl(url);
    if (known !== null) return this.duplicate(url, known);
    try {
      const page = await fetchPage(url, { ...this.deps.fetch, signal });
      const draft = extractArticle(page.html, page.url);
      const aliases = page.url === url ? [] : [url];
      return await this.ingestDraft({ ...draft, url: draft.url ?? page.url }, url, "url", aliases);
    } catch (error) {
      return this.failure(url, error);
    }
  }

  /** Embeds chunk texts, or returns null (chunks stay pending) when there is no model or it fails. */
  private async embed(texts: string[]): Promise<Float32Array[] | null> {
    const { embedder, logger } = this.deps;
    if (!embedder || this.embedderBroken || texts.length === 0) return null;
    try {
      const vectors = await embedder.embedDocuments(texts);
      return vectors.map((vector) => Float32Array.from(vector));
    } catch (error) {
      // One warning, then carry on lexically: `verbatim reindex` picks the backlog up later.
      this.embedderBroken = true;
      logger.warn({ err: error, model: embedder.modelName }, "embedding failed; storing articles without vectors");
      return null;
    }
  }

  private async duplicate(source: string, articleId: number): Promise<IngestResult> {
    const article = (await this.deps.library.getSummaries([articleId])).get(articleId);
    return {
      source,
      status: "duplicate",
      articleId,
      title: article?.title ?? null,
      outlet: article?.outlet ?? null,
      publishedAt: article?.publishedAt ?? null,
      chunks: null,
      reason: "already in the library",
    };
  }

  private failure(source: string, error: unknown): IngestResult {
    if (error instanceof LibraryNotWritable) {
      // Not about the source: whoever runs the bot must free space or fix the folder.
      this.deps.logger.error({ source, err: error }, "library not writable; nothing added");
      return failed(source, error.failure);
    }
    if (error instanceof VerbatimError) {
      this.deps.logger.info({ source, err: error }, "source not ingested");
      const result = failed(source, error.failure);
      return error instanceof FetchRefused && error.allowedBy ? { ...result, allowedBy: error.allowedBy } : result;
    }
    this.deps.logger.error({ source, err: error }, "unexpected ingest failure");
    return failed(source, { kind: "unexpected" });
  }
}

/** A failed source's result, its reason both as data and in English. */
export function failed(source: string, failure: IngestFailure): IngestResult {
  return { source, status: "failed", articleId: null, title: null, outlet: null, publishedAt: null, chunks: null, reason: englishFailure(failure), failure };
}

const MIN_TEXT_CHARS = 80;

function validateDraft(draft: ArticleDraft): IngestFailure | null {
  if (draft.text.trim().length < MIN_TEXT_CHARS) return { kind: "too-short" };
  if (draft.publishedAt !== null && Number.isNaN(Date.parse(draft.publishedAt))) return { kind: "bad-date", date: draft.publishedAt };
  return null;
}
