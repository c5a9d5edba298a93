import type { ArticleSummary } from "../library.ts";

export const SUMMARY_COLUMNS = "id, url, canonical_url, title, outlet, authors, published_at, language, source, added_at";

export interface SummaryRow {
  id: number;
  url: string | null;
  canonical_url: string | null;
  title: string;
  outlet: string | null;
  authors: string[];
  published_at: string | null;
  language: string | null;
  source: string;
  added_at: string;
}

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    url: row.url,
    canonicalUrl: row.canonical_url,
    title: row.title,
    outlet: row.outlet,
    authors: row.authors,
    publishedAt: row.published_at,
    language: row.language,
    source: row.source,
    addedAt: row.added_at,
  };
}
