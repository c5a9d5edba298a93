import type { StoredArticle, StoredChunk } from "../library.ts";
import type { CandidatePassage } from "./lexical.ts";
import { toSummary, type ArticleRow } from "./rows.ts";
import type { Statements } from "./statements.ts";

/** Whole articles as search reads them, and the passages (chunks with their texts) read through them. */
export class ArticleCache {
  private readonly cached = new Map<number, StoredArticle>();

  constructor(private readonly statements: Statements) {}

  article(articleId: number): StoredArticle | null {
    const cached = this.cached.get(articleId);
    if (cached) return cached;
    const row = this.statements.get("SELECT * FROM articles WHERE id = ?").get(articleId) as ArticleRow | undefined;
    if (!row) return null;
    const article = { ...toSummary(row), text: row.text };
    // Search reads the same few articles over and over; keep a small cache of whole texts.
    if (this.cached.size >= 256) this.cached.delete(this.cached.keys().next().value as number);
    this.cached.set(articleId, article);
    return article;
  }

  /** The article was removed: it must not be read from the cache again. */
  forget(articleId: number): void {
    this.cached.delete(articleId);
  }

  /** A chunk with its text and its article (read through the article cache), or null when either is gone. */
  passage(chunkId: number): { chunk: StoredChunk; article: StoredArticle } | null {
    const row = this.statements.get("SELECT article_id, seq, start, end FROM chunks WHERE id = ?").get(chunkId) as { article_id: number; seq: number; start: number; end: number } | undefined;
    const article = row ? this.article(row.article_id) : null;
    if (!row || !article) return null;
    return { chunk: { id: chunkId, articleId: row.article_id, seq: row.seq, start: row.start, end: row.end, text: article.text.slice(row.start, row.end) }, article };
  }

  /** The passages' texts as the English index holds them; read through the article cache, which ranking reads again. */
  candidatePassages(chunkIds: readonly number[]): CandidatePassage[] {
    return chunkIds.flatMap((id) => {
      const passage = this.passage(id);
      return passage ? [{ id, articleId: passage.article.id, title: passage.article.title, body: passage.chunk.text }] : [];
    });
  }
}
