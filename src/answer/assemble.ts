import { randomUUID } from "node:crypto";
import type { ArticleSummary, Library } from "../library/library.ts";
import type { Logger } from "../logger.ts";
import type { SearchHit } from "../retrieval/search.ts";
import { createVerbatimIndex, type VerbatimIndex } from "../text/verbatim.ts";
import type { QuoteCandidate } from "./candidates.ts";
import { englishNote } from "./notes.ts";
import type { Answer, AnswerKind, AnswerQuote, AnswerSource, NoteKind, RankedPassage } from "./model.ts";

/** Everything of an answer except what `assemble` derives and checks (quotes, sources, numbering). */
export interface AnswerDraft {
  kind: AnswerKind;
  question: string;
  understoodAs: string | null;
  note: string | null;
  noteKind?: NoteKind | null;
  candidates: QuoteCandidate[];
  hits: SearchHit[];
  hasMore: boolean;
  turnId: string;
}

export function emptyDraft(question: string): AnswerDraft {
  return { kind: "answer", question, understoodAs: null, note: null, candidates: [], hits: [], hasMore: false, turnId: randomUUID() };
}

/**
 * The one place an Answer is built. Every quote is re-found word for word in its article (typographic quote
 * marks and whitespace normalised) and dropped when it is not there, so no path can emit an unverified quote;
 * sources are numbered in order of first citation.
 */
export async function assemble(library: Library, logger: Logger, draft: Partial<AnswerDraft> & { question: string; kind: AnswerKind }): Promise<Answer> {
  const indexes = new Map<number, { index: VerbatimIndex; text: string }>();
  const sourceNumbers = new Map<number, number>();
  const quotes: AnswerQuote[] = [];
  const hits = draft.hits ?? [];
  for (const candidate of draft.candidates ?? []) {
    let entry = indexes.get(candidate.articleId);
    if (!entry) {
      const article = await library.getArticle(candidate.articleId);
      if (!article) continue;
      entry = { index: createVerbatimIndex(article.text), text: article.text };
      indexes.set(candidate.articleId, entry);
    }
    const text = entry.text.slice(candidate.start, candidate.end).replace(/\s+/g, " ").trim();
    const match = text ? entry.index.find(text) : null;
    if (!match) {
      logger.warn({ articleId: candidate.articleId, start: candidate.start }, "dropped a quote not found verbatim in its article");
      continue;
    }
    const sourceNumber = sourceNumbers.get(candidate.articleId) ?? sourceNumbers.size + 1;
    sourceNumbers.set(candidate.articleId, sourceNumber);
    const speakerRole = candidate.speaker && candidate.role ? { speakerRole: candidate.role } : {};
    quotes.push({ text, speaker: candidate.speaker, ...speakerRole, sourceNumber, articleId: candidate.articleId, start: match.start, end: match.end });
  }
  const summaries = await library.getSummaries([...sourceNumbers.keys()]);
  const sources = [...sourceNumbers].flatMap(([articleId, number]) => {
    const article = summaries.get(articleId);
    const copies = hits.find((hit) => hit.article.id === articleId)?.alsoReportedBy ?? [];
    return article ? [toSource(article, number, copies)] : [];
  });
  const articlesSearched = await library.countArticles();
  const answered = draft.kind === "answer" && quotes.length === 0 && !draft.note ? "no-answer" : draft.kind;
  return {
    kind: answered,
    question: draft.question,
    understoodAs: draft.understoodAs ?? null,
    note: answered === "no-answer" && draft.kind === "answer" ? englishNote({ kind: "no-answer", articles: articlesSearched }) : (draft.note ?? null),
    noteKind: answered === "no-answer" && draft.kind === "answer" ? { kind: "no-answer", articles: articlesSearched } : (draft.noteKind ?? null),
    quotes,
    sources,
    passages: hits.slice(0, 10).map(toPassage),
    articlesSearched,
    hasMore: draft.hasMore ?? false,
    turnId: draft.turnId ?? randomUUID(),
  };
}

export function toSource(article: ArticleSummary, number: number, copies: ArticleSummary[]): AnswerSource {
  return {
    number,
    articleId: article.id,
    title: article.title,
    outlet: article.outlet,
    publishedAt: article.publishedAt,
    url: article.url,
    alsoReportedBy: copies.map((copy) => ({ outlet: copy.outlet, url: copy.url })),
    language: article.language,
  };
}

function toPassage(hit: SearchHit): RankedPassage {
  return { articleId: hit.article.id, chunkId: hit.chunk.id, url: hit.article.url, text: hit.chunk.text, score: hit.score };
}
