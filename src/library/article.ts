/** An article as it arrives from any source (a fetched page, a file, a JSONL line, a Telegram post), before storage. */
export interface ArticleDraft {
  /** The address it was fetched from or that the source gave; null for local files and private posts. */
  url: string | null;
  /** The page's own canonical address when it declares one, else null. */
  canonicalUrl: string | null;
  title: string;
  /** The article body as plain text: paragraphs separated by a blank line. All offsets point into this string. */
  text: string;
  /** Outlet or site name ("Reuters", "The Guardian", a Telegram channel's title). */
  outlet: string | null;
  authors: string[];
  /** ISO 8601: a date (YYYY-MM-DD) or a date-time with offset. */
  publishedAt: string | null;
  /**
   * BCP 47 language tag when the page declares one. The library stores the article's language as this tag, or as
   * detected from the text where there is none or the text plainly contradicts it (see text/language.ts).
   */
  language: string | null;
}

/** A passage of an article: [start, end) are UTF-16 offsets into the article text; text === articleText.slice(start, end). */
export interface ChunkSpan {
  start: number;
  end: number;
  text: string;
}

/** A direct quote found in an article, with the person it is attributed to when the article names one. */
export interface QuoteSpan {
  /** Offsets of the quoted words, without the quotation marks. */
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  /**
   * The role or affiliation the article introduces the speaker with ("Kremlin spokesman", "harbour pilot", "a
   * professor of ecology at …"), as written; null or absent when it gives none.
   */
  role?: string | null;
}
