import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Readability } from "@mozilla/readability";
import { ExtractionFailed } from "../errors.ts";
import type { ArticleDraft } from "./article.ts";
import { parseDocument, type DomElement } from "./dom.ts";
import { dropAuthorBio, isBoilerplate, removeFurniture, removeNonProse, trimEdges } from "./extract-boilerplate.ts";
import { readMetadata, type PageMetadata } from "./extract-metadata.ts";
import { toParagraphs } from "./extract-text.ts";

/**
 * Extracts the article from a web page: its body as plain-text paragraphs and its metadata.
 * @param pageUrl the address the page came from, used to resolve a relative canonical link; null for local files.
 * @throws ExtractionFailed when the page is a cookie wall, a paywall teaser, too short or not an article.
 */
export function extractArticle(html: string, pageUrl: string | null): ArticleDraft {
  const doc = parseDocument(html);
  // Metadata first: Readability rewrites the document it parses.
  const metadata = readMetadata(doc, pageUrl);
  removeNonProse(doc);
  // Before Readability too: Readability rewrites some containers to bare <p>s and their class names are lost.
  if (doc.body) removeFurniture(doc.body);
  const parsed = new Readability(doc, { serializer: (node: DomElement) => node, keepClasses: true }).parse();
  const text = parsed?.content ? articleText(parsed.content, metadata, [pageUrl, metadata.canonicalUrl].filter((url) => url !== null)) : "";
  if (text.length < 250) throw new ExtractionFailed("too-little-text", "The page has too little text to be an article.");
  return {
    url: pageUrl,
    canonicalUrl: metadata.canonicalUrl,
    title: metadata.title ?? parsed?.title ?? "",
    text,
    outlet: metadata.outlet ?? parsed?.siteName ?? null,
    authors: metadata.authors,
    publishedAt: metadata.publishedAt,
    language: metadata.language,
  };
}

function articleText(content: DomElement, metadata: PageMetadata, pageUrls: string[]): string {
  removeFurniture(content);
  const context = { title: metadata.title, authors: metadata.authors, urls: pageUrls };
  const paragraphs = toParagraphs(content).filter((paragraph) => !isBoilerplate(paragraph, context));
  return dropAuthorBio(trimEdges(paragraphs), metadata.authors)
    .map((paragraph) => paragraph.text)
    .join("\n\n");
}

/** One extracted file, in the benchmark's prediction shape. */
export interface ExtractedFile {
  articleBody: string;
  title: string;
  published: string | null;
  url: string | null;
}

const PAGE_FILE = /\.html?(\.gz)?$/i;

/**
 * Extracts every `.html` / `.html.gz` file named or found (non-recursively) in a named directory, keyed by file name
 * without its extension. Pages that are refused are left out and reported through `onRefused`.
 */
export async function extractFiles(
  paths: string[],
  options: { onRefused?: (key: string, error: ExtractionFailed) => void } = {},
): Promise<Record<string, ExtractedFile>> {
  const results: Record<string, ExtractedFile> = {};
  for (const file of await listPageFiles(paths)) {
    const key = basename(file).replace(PAGE_FILE, "");
    try {
      const article = extractArticle(await readPage(file), null);
      results[key] = {
        articleBody: article.text,
        title: article.title,
        published: article.publishedAt,
        url: article.canonicalUrl,
      };
    } catch (error) {
      if (!(error instanceof ExtractionFailed)) throw error;
      options.onRefused?.(key, error);
    }
  }
  return results;
}

async function listPageFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      const names = (await readdir(path)).filter((name) => PAGE_FILE.test(name)).sort();
      files.push(...names.map((name) => join(path, name)));
    } else {
      files.push(path);
    }
  }
  return files;
}

async function readPage(file: string): Promise<string> {
  const bytes = await readFile(file);
  return (file.toLowerCase().endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}
