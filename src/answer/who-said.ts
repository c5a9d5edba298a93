import type { Library } from "../library/library.ts";
import type { SearchHit } from "../retrieval/search.ts";
import { containsPhrase, stemmedWords } from "../text/words.ts";
import { sentencesOf, speakerCandidate, type QuoteCandidate } from "./candidates.ts";

/**
 * "Who said '…'?": the stored quote holding the words, an attributed one first; else the sentence holding them
 * (words the quote finder did not mark as a quotation); else nothing.
 */
export async function whoSaid(library: Library, quoted: string, hits: SearchHit[]): Promise<QuoteCandidate[]> {
  const wanted = stemmedWords(quoted);
  const found: QuoteCandidate[] = [];
  const articles = [...new Set(hits.map((hit) => hit.article.id))].slice(0, 10);
  for (const [rank, articleId] of articles.entries()) {
    for (const quote of await library.quotesOf(articleId)) {
      if (containsPhrase(stemmedWords(quote.text), wanted)) found.push({ ...speakerCandidate(quote), score: (quote.speaker ? 10 : 0) - rank });
    }
  }
  if (found.length === 0) {
    hits.forEach((hit, rank) => {
      for (const sentence of sentencesOf(hit.chunk)) {
        if (containsPhrase(stemmedWords(sentence.text), wanted)) found.push({ articleId: hit.article.id, start: sentence.start, end: sentence.end, speaker: null, score: -rank });
      }
    });
  }
  const best = found.sort((a, b) => b.score - a.score)[0];
  return best ? [best, ...(await continuation(library, best))] : [];
}

/**
 * The rest of what a speaker said in one go: their next quotes in the same paragraph ("Came down to a few
 * points," she said. "Thought I did my part…"), so an answer to "who said…" shows more than the words asked about.
 */
async function continuation(library: Library, quote: QuoteCandidate): Promise<QuoteCandidate[]> {
  if (!quote.speaker) return [];
  const article = await library.getArticle(quote.articleId);
  if (!article) return [];
  const paragraphEnd = article.text.indexOf("\n\n", quote.end);
  return (await library.quotesOf(quote.articleId))
    .filter((q) => q.start >= quote.end && (paragraphEnd < 0 || q.start < paragraphEnd) && q.speaker === quote.speaker)
    .slice(0, 2)
    .map((q) => ({ ...speakerCandidate(q), score: quote.score }));
}
