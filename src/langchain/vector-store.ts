import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore } from "@langchain/core/vectorstores";
import type { ArticleDraft } from "../library/article.ts";
import type { Ingestor, IngestResult } from "../ingest/pipeline.ts";
import { extractQuotes } from "../ingest/quotes/index.ts";
import type { Library } from "../library/library.ts";

/** Metadata of the Documents this store returns and accepts (all optional on input). */
export interface ArticleMetadata {
  articleId?: number;
  chunkId?: number;
  title?: string;
  url?: string | null;
  outlet?: string | null;
  publishedAt?: string | null;
  /** Offsets of `pageContent` in the stored article text. */
  start?: number;
  end?: number;
}

type NamedEmbeddings = EmbeddingsInterface & { readonly modelName: string };

/**
 * The library seen through LangChain's VectorStore interface, so it plugs into LangChain retrievers and chains:
 * documents in are articles (chunked, quoted and embedded by the ingest pipeline), documents out are passages
 * with their article's metadata and offsets.
 */
export class LibraryVectorStore extends VectorStore {
  declare FilterType: never;
  override embeddings: NamedEmbeddings;

  constructor(
    embeddings: NamedEmbeddings,
    private readonly deps: { library: Library; ingestor: Ingestor },
  ) {
    super(embeddings, {});
    this.embeddings = embeddings;
  }

  _vectorstoreType(): string {
    return "verbatim-library";
  }

  /** Stores each document as an article; returns the article ids (existing ids for duplicates). */
  async addDocuments(documents: DocumentInterface[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, document] of documents.entries()) {
      const result = await this.deps.ingestor.ingestDraft(toDraft(document), `document ${i}`, "file");
      ids.push(articleIdOf(result));
    }
    return ids;
  }

  /** Stores each document as a one-passage article with the vector given for it. */
  async addVectors(vectors: number[][], documents: DocumentInterface[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [i, document] of documents.entries()) {
      const draft = toDraft(document);
      const outcome = await this.deps.library.addArticle({
        draft,
        chunks: [{ start: 0, end: draft.text.length, text: draft.text }],
        quotes: extractQuotes(draft.text, draft.language),
        vectors: [Float32Array.from(vectors[i] ?? [])],
        vectorModel: this.embeddings.modelName,
        source: "file",
      });
      ids.push(String(outcome.articleId));
    }
    return ids;
  }

  async similaritySearchVectorWithScore(query: number[], k: number): Promise<[DocumentInterface<ArticleMetadata>, number][]> {
    const { library } = this.deps;
    const hits = await library.searchDense(Float32Array.from(query), this.embeddings.modelName, k);
    const chunks = await library.getChunks(hits.map((hit) => hit.chunkId));
    const articles = await library.getSummaries([...new Set([...chunks.values()].map((chunk) => chunk.articleId))]);
    return hits.flatMap((hit): [DocumentInterface<ArticleMetadata>, number][] => {
      const chunk = chunks.get(hit.chunkId);
      const article = chunk ? articles.get(chunk.articleId) : undefined;
      if (!chunk || !article) return [];
      const metadata: ArticleMetadata = {
        articleId: article.id,
        chunkId: chunk.id,
        title: article.title,
        url: article.url,
        outlet: article.outlet,
        publishedAt: article.publishedAt,
        start: chunk.start,
        end: chunk.end,
      };
      return [[new Document({ pageContent: chunk.text, metadata, id: String(chunk.id) }), hit.score]];
    });
  }
}

function toDraft(document: DocumentInterface): ArticleDraft {
  const metadata = document.metadata as ArticleMetadata;
  const text = document.pageContent;
  return {
    url: metadata.url ?? null,
    canonicalUrl: null,
    title: metadata.title ?? text.split("\n")[0]!.slice(0, 120),
    text,
    outlet: metadata.outlet ?? null,
    authors: [],
    publishedAt: metadata.publishedAt ?? null,
    language: null,
  };
}

function articleIdOf(result: IngestResult): string {
  if (result.articleId === null) throw new Error(`could not store document: ${result.reason}`);
  return String(result.articleId);
}
