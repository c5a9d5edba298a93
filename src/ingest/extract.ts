import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { Readability } from "@mozilla/readability";
import iconv from "iconv-lite";
import { ExtractionFailed } from "../errors.ts";
import type { ArticleDraft } from "../library/article.ts";
import { all, parseDocument, type DomDocument, type DomElement } from "./dom.ts";
import { imageCaptions, keepEmbeddedPosts, removeFurniture, removeNonProse } from "./extract-boilerplate.ts";
import { readMetadata, type PageMetadata } from "./extract-metadata.ts";
import {
  boilerplateKind,
  dropAuthorBio,
  dropTeaserRuns,
  trimEdges,
  type BoilerplateContext,
} from "./extract-paragraph-kinds.ts";
import { MIN_ARTICLE_CHARS, refusalFor } from "./extract-refusals.ts";
import { cleanInline, toParagraphs, type Paragraph } from "./extract-text.ts";
import { detectCharset } from "./fetch.ts";

/**
 * Extracts the article from a web page: its body as plain-text paragraphs and its metadata.
 * @param pageUrl the address the page came from, used to resolve a relative canonical link; null for local files.
 * @throws ExtractionFailed when the page is a cookie wall, a paywall teaser, a list of stories or too short.
 */
export function extractArticle(html: string, pageUrl: string | null): ArticleDraft {
  const doc = parseDocument(html);
  // Everything about the page is read first: Readability rewrites the document it parses.
  const metadata = readMetadata(doc, pageUrl);
  const captions = imageCaptions(doc);
  for (const element of all(doc, "script, style, noscript, template")) element.remove();
  const pageText = (doc.body?.textContent ?? "").replace(/\s+/g, " ").trim();
  const teasers = countTeasers(doc);

  removeNonProse(doc);
  // Furniture goes before Readability too: Readability rewrites some containers to bare <p>s, losing their classes.
  if (doc.body) {
    removeFurniture(doc.body);
    keepEmbeddedPosts(doc.body);
  }
  const parsed = new Readability(doc, { serializer: (node: DomElement) => node, keepClasses: true }).parse();
  let rawParagraphs = parsed?.content ? contentParagraphs(parsed.content) : [];
  const context: BoilerplateContext = {
    title: metadata.title,
    authors: metadata.authors,
    urls: [pageUrl, metadata.canonicalUrl].filter((url) => url !== null),
    captions,
  };
  let text = articleText(rawParagraphs, context);
  // Pages rendered by script carry no body in their markup, but often the whole text in JSON-LD.
  const declared = text.length < MIN_ARTICLE_CHARS ? jsonLdParagraphs(metadata) : [];
  if (declared.length > 0) {
    const declaredText = articleText(declared, context);
    if (declaredText.length > text.length) [rawParagraphs, text] = [declared, declaredText];
  }

  const refusal = refusalFor({
    pageText,
    rawParagraphs,
    text,
    teasers,
    declaresArticle: metadata.declaresArticle,
    paywalled: metadata.paywalled,
  });
  if (refusal) throw refusal;
  return {
    url: pageUrl,
    canonicalUrl: metadata.canonicalUrl,
    title: metadata.title ?? parsed?.title ?? "",
    text,
    outlet: metadata.outlet,
    authors: metadata.authors,
    publishedAt: metadata.publishedAt,
    language: metadata.language,
  };
}

function contentParagraphs(content: DomElement): Paragraph[] {
  removeFurniture(content);
  return toParagraphs(content);
}

function articleText(paragraphs: Paragraph[], context: BoilerplateContext): string {
  const kept = dropTeaserRuns(paragraphs).filter((paragraph) => boilerplateKind(paragraph, context) === null);
  return dropAuthorBio(trimEdges(kept), context.authors)
    .map((paragraph) => paragraph.text)
    .join("\n\n");
}

/** The JSON-LD `articleBody`, as paragraphs: plain text with line breaks, or (on some sites) HTML. */
function jsonLdParagraphs(metadata: PageMetadata): Paragraph[] {
  const body = metadata.jsonLd?.["articleBody"];
  if (typeof body !== "string") return [];
  if (/<\/?(p|br|div)\b/i.test(body)) {
    const root = parseDocument(`<html><body>${body}</body></html>`).body;
    return root ? toParagraphs(root) : [];
  }
  return body
    .split(/\n/)
    .map((line) => cleanInline(line))
    .filter((line) => line !== "")
    .map((line) => ({ text: line, linkChars: 0 }));
}

/** Story teasers on the page: `<article>` cards and linked headlines, the shape of a home or section page. */
function countTeasers(doc: DomDocument): number {
  return Math.max(all(doc, "article").length, all(doc, "h2 a[href], h3 a[href]").length);
}

/** One extracted file, in the benchmark's prediction shape. */
export interface ExtractedFile {
  articleBody: string;
  title: string;
  outlet: string | null;
  published: string | null;
  url: string | null;
}

const PAGE_FILE = /\.html?(\.gz)?$/i;

/**
 * Extracts every `.html` / `.html.gz` file named, or found (not recursively) in a named directory, keyed by file name
 * without its extension. Refused pages are left out and reported through `onRefused`.
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
        outlet: article.outlet,
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

/** Reads a saved page, decoding it as a fetched one without its header (byte-order mark, the bytes, `<meta charset>`, else UTF-8). */
async function readPage(file: string): Promise<string> {
  const stored = await readFile(file);
  const bytes = file.toLowerCase().endsWith(".gz") ? gunzipSync(stored) : stored;
  return iconv.decode(bytes, detectCharset(bytes, undefined, true));
}
