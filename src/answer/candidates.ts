import type { Library, StoredChunk, StoredQuote } from "../library/library.ts";
import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { sentenceSpans } from "../text/sentences.ts";

/** A passage the engine proposes to quote, by its offsets in an article; checked by `assemble` before it reaches an Answer. */
export interface QuoteCandidate {
  articleId: number;
  start: number;
  end: number;
  speaker: string | null;
  score: number;
  /** The role the article introduces the speaker with, shown beside the name in answers to speaker questions. */
  role?: string | null;
}

export function quoteCandidate(quote: StoredQuote): Omit<QuoteCandidate, "score"> {
  return { articleId: quote.articleId, start: quote.start, end: quote.end, speaker: quote.speaker };
}

/** A stored quote for a speaker question: the answer names the speaker with the role the article gives them. */
export function speakerCandidate(quote: StoredQuote): Omit<QuoteCandidate, "score"> {
  return { ...quoteCandidate(quote), role: quote.speaker ? quote.role : null };
}

/** Sentences of a chunk as article offsets. */
export function sentencesOf(chunk: StoredChunk): Array<{ start: number; end: number; text: string }> {
  return sentenceSpans(chunk.text).map(({ start, end }) => ({ start: chunk.start + start, end: chunk.start + end, text: chunk.text.slice(start, end) }));
}

/**
 * Share of the question's term weight that a passage holds, with its article's title (alternatives counting at
 * their factor), its words read in the article's language.
 */
export function coverage(text: string, title: string, words: QuestionWords, language: string | null): number {
  return coverageOf([...words.passage.tokensOf(text, language), ...words.passage.tokensOf(title, language)], words);
}

/** A candidate widened to the sentence of its article that holds it. */
export async function inSentence<T extends QuoteCandidate>(library: Library, candidate: T): Promise<T> {
  const text = (await library.getArticle(candidate.articleId))?.text;
  if (!text) return candidate;
  const sentence = sentenceSpans(text).find((span) => span.start <= candidate.start && span.end >= candidate.end);
  return sentence ? { ...candidate, start: sentence.start, end: sentence.end } : candidate;
}

/** A text's words alone, lowercased: the same words reprinted (by another outlet, twice in a list) give the same key. */
export function wordsKey(text: string): string {
  // Letters of any script: with ASCII \W every Cyrillic quote had the same empty key, and only one was ever shown.
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/**
 * The best candidates, at most two per article and no passage twice. When only one article has anything to
 * quote, a third of its sentences may join: two quotes are a thin answer, and the third best sentence of the one
 * article that answers is often the one naming the person the other two call by surname.
 */
export function pickDiverse(sorted: QuoteCandidate[], count: number): QuoteCandidate[] {
  const chosen = pickAtMost(sorted, count, 2);
  return chosen.length < Math.min(count, 3) ? pickAtMost(sorted, Math.min(count, 3), 3) : chosen;
}

function pickAtMost(sorted: QuoteCandidate[], count: number, perArticleLimit: number): QuoteCandidate[] {
  const chosen: QuoteCandidate[] = [];
  const perArticle = new Map<number, number>();
  for (const candidate of sorted) {
    if (chosen.length >= count) break;
    if ((perArticle.get(candidate.articleId) ?? 0) >= perArticleLimit) continue;
    if (chosen.some((c) => c.articleId === candidate.articleId && c.start < candidate.end && candidate.start < c.end)) continue;
    chosen.push(candidate);
    perArticle.set(candidate.articleId, (perArticle.get(candidate.articleId) ?? 0) + 1);
  }
  return chosen;
}
