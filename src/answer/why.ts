import type { Library } from "../library/library.ts";
import type { SearchHit } from "../retrieval/search.ts";
import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { pickDiverse, sentencesOf, type QuoteCandidate } from "./candidates.ts";

/** How plainly a sentence gives a cause: "because", "due to", "in order to"… fully; "after", "amid", "since" less so. */
function causalWeight(text: string): number {
  if (/\b(because|due to|as a result|the reason|in order to|so that|caused by|led to|owing to|thanks to|in response to|aimed at)\b/i.test(text)) return 1;
  if (/\b(after|amid|since|following|so as to)\b/i.test(text)) return 0.6;
  return 0;
}

/** "Why?": sentences of the given passages that give a cause, on topic (the question's `words`) first. */
export async function causes(library: Library, hits: SearchHit[], words: QuestionWords): Promise<QuoteCandidate[]> {
  const candidates: QuoteCandidate[] = [];
  for (const [rank, hit] of hits.entries()) {
    const quotes = await library.quotesOf(hit.article.id);
    for (const sentence of sentencesOf(hit.chunk)) {
      const cause = causalWeight(sentence.text);
      if (cause === 0 || sentence.text.length < 25 || sentence.text.length > 600) continue;
      const score = cause + 0.5 * coverageOf(words.passage.tokensOf(sentence.text, hit.article.language), words) - 0.05 * rank;
      const quote = quotes.find((q) => q.start < sentence.end && q.end > sentence.start && q.speaker);
      candidates.push({ articleId: hit.article.id, start: sentence.start, end: sentence.end, speaker: quote?.speaker ?? null, score });
    }
  }
  // A plain cause beats a sequence of events; "after…" answers only when nothing says "because".
  const sorted = candidates.sort((a, b) => b.score - a.score);
  const strong = sorted.filter((c) => c.score >= 0.9);
  return strong.length > 0 ? pickDiverse(strong, 2) : pickDiverse(sorted, 1);
}
