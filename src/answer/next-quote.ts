import type { Library, Turn } from "../library/library.ts";
import { speakerCandidate, wordsKey, type QuoteCandidate } from "./candidates.ts";
import { speakerMatches, surname } from "./speakers.ts";

/** "What did he say next?": the speaker's next quotes after the last one shown, in the same articles first. */
export async function nextQuotes(library: Library, speaker: string, previous: Turn): Promise<QuoteCandidate[]> {
  const lastShown = new Map<number, number>();
  for (const q of previous.quotes) lastShown.set(q.articleId, Math.max(lastShown.get(q.articleId) ?? -1, q.end));
  // Words already shown, wherever they were reprinted.
  const seen = new Set<string>();
  for (const q of previous.quotes) seen.add(wordsKey((await library.getArticle(q.articleId))?.text.slice(q.start, q.end) ?? ""));
  const articleIds = [...new Set([...previous.articleIds, ...(await library.articlesQuoting(surname(speaker), 10))])];
  const candidates: QuoteCandidate[] = [];
  for (const [rank, articleId] of articleIds.entries()) {
    const after = lastShown.get(articleId) ?? -1;
    for (const quote of await library.quotesOf(articleId)) {
      const key = wordsKey(quote.text);
      if (quote.start >= after && quote.speaker && speakerMatches(quote.speaker, quote.role, speaker) && !seen.has(key)) {
        seen.add(key);
        candidates.push({ ...speakerCandidate(quote), score: 10 - rank - quote.start / 1e6 });
      }
    }
  }
  return candidates.sort((a, b) => b.score - a.score).slice(0, 2);
}
