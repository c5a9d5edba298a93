/**
 * Who said what, read again in articles already stored, with the current attribution rules: nothing is fetched or
 * embedded, only the quotes change (`verbatim reindex --quotes`).
 */
import type { QuoteSpan } from "../library/article.ts";
import type { Library, StoredQuote } from "../library/library.ts";
import { extractQuotes } from "./quotes/index.ts";

export interface Reattribution {
  articles: number;
  quotes: number;
  /** Articles whose quotes came out different from what was stored. */
  changed: number;
}

export async function reattributeQuotes(
  library: Pick<Library, "getArticle" | "quotesOf" | "replaceQuotes">,
  articleIds: readonly number[],
): Promise<Reattribution> {
  const result: Reattribution = { articles: 0, quotes: 0, changed: 0 };
  for (const articleId of articleIds) {
    const article = await library.getArticle(articleId);
    if (!article) continue;
    const quotes = extractQuotes(article.text, article.language);
    if (!same(await library.quotesOf(articleId), quotes)) {
      await library.replaceQuotes(articleId, quotes);
      result.changed++;
    }
    result.articles++;
    result.quotes += quotes.length;
  }
  return result;
}

function same(stored: readonly StoredQuote[], quotes: readonly QuoteSpan[]): boolean {
  return (
    stored.length === quotes.length &&
    stored.every((q, k) => {
      const other = quotes[k];
      return other !== undefined && q.start === other.start && q.end === other.end && q.speaker === other.speaker && q.role === (other.role ?? null);
    })
  );
}
