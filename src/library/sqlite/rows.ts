import type { ArticleSummary } from "../library.ts";

/** An `articles` row as SQLite returns it (authors are a JSON array). */
export interface ArticleRow {
  id: number;
  url: string | null;
  canonical_url: string | null;
  title: string;
  text: string;
  outlet: string | null;
  authors: string;
  published_at: string | null;
  language: string | null;
  source: string;
  content_hash: string;
  added_at: string;
}

/** What listing articles reads: the row without the text and its hash. */
export type SummaryRow = Omit<ArticleRow, "text" | "content_hash">;

export const SUMMARY_COLUMNS = "id, url, canonical_url, title, outlet, authors, published_at, language, source, added_at";

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    url: row.url,
    canonicalUrl: row.canonical_url,
    title: row.title,
    outlet: row.outlet,
    authors: JSON.parse(row.authors) as string[],
    publishedAt: row.published_at,
    language: row.language,
    source: row.source,
    addedAt: row.added_at,
  };
}
