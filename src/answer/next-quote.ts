import type { Library, Turn, TurnQuote } from "../library/library.ts";
import { speakerCandidate, wordsKey, type QuoteCandidate } from "./candidates.ts";
import { speakerMatches, surname } from "./speakers.ts";
import { MIN_QUOTE_WORDS } from "./tuning.ts";

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

/**
 * "more" under an answer about a speaker: the speaker's other quotes in the articles it cited (in their order),
 * each article's after the last one shown first, then its earlier ones. Phrases of a few words (scare quotes,
 * "playing with fire") and words already shown, wherever reprinted, are left out.
 */
export async function moreQuotes(library: Library, speaker: string, articleIds: readonly number[], shown: readonly TurnQuote[]): Promise<QuoteCandidate[]> {
  const seen = new Set<string>();
  for (const q of shown) seen.add(wordsKey((await library.getArticle(q.articleId))?.text.slice(q.start, q.end) ?? ""));
  const chosen: QuoteCandidate[] = [];
  for (const [rank, articleId] of [...new Set(articleIds)].entries()) {
    const mine = shown.filter((q) => q.articleId === articleId);
    const after = Math.max(-1, ...mine.map((q) => q.end));
    const quotes = (await library.quotesOf(articleId))
      .filter((quote) => quote.speaker && speakerMatches(quote.speaker, quote.role, speaker) && quote.text.split(/\s+/).length >= MIN_QUOTE_WORDS)
      .filter((quote) => !mine.some((q) => q.start < quote.end && quote.start < q.end))
      .sort((a, b) => Number(a.start < after) - Number(b.start < after) || a.start - b.start);
    for (const [order, quote] of quotes.entries()) {
      const key = wordsKey(quote.text);
      if (seen.has(key)) continue;
      seen.add(key);
      chosen.push({ ...speakerCandidate(quote), score: -rank - order / 1e3 });
    }
  }
  return chosen;
}
