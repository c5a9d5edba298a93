import type { Library } from "../library/library.ts";
import { reasonIn } from "../retrieval/answer-type.ts";
import type { SearchHit } from "../retrieval/search.ts";
import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { pickDiverse, sentencesOf, type QuoteCandidate } from "./candidates.ts";

/**
 * "Why…?": sentences of the given passages that give a reason ("because", "due to", "citing", "to make room"…;
 * see `reasonIn`), on topic (the question's `words`) first; from articles other than the first, only sentences
 * holding some of those words. A sentence that only shares the question's words is no answer: when none gives a
 * reason there are none, and the answer says the articles do not say why.
 */
export async function causes(library: Library, hits: SearchHit[], words: QuestionWords): Promise<QuoteCandidate[]> {
  const candidates: QuoteCandidate[] = [];
  const plain: QuoteCandidate[] = [];
  for (const [rank, hit] of hits.entries()) {
    const quotes = await library.quotesOf(hit.article.id);
    for (const sentence of sentencesOf(hit.chunk)) {
      const reason = reasonIn(sentence.text);
      if (reason === 0 || sentence.text.length < 25 || sentence.text.length > 600) continue;
      const covered = coverageOf(words.passage.tokensOf(sentence.text, hit.article.language), words);
      // Another article's reason that holds none of the question's words is the reason for something else.
      if (covered === 0 && hit.article.id !== hits[0]!.article.id) continue;
      const score = reason + 0.5 * covered - 0.05 * rank;
      const quote = quotes.find((q) => q.start < sentence.end && q.end > sentence.start && q.speaker);
      const candidate = { articleId: hit.article.id, start: sentence.start, end: sentence.end, speaker: quote?.speaker ?? null, score };
      candidates.push(candidate);
      if (reason === 1) plain.push(candidate);
    }
  }
  // A plain cause beats a sequence of events, however many of the question's words that shares: "after…"
  // answers only when nothing says "because".
  const byScore = (a: QuoteCandidate, b: QuoteCandidate): number => b.score - a.score;
  return plain.length > 0 ? pickDiverse(plain.sort(byScore), 2) : pickDiverse(candidates.sort(byScore), 1);
}
