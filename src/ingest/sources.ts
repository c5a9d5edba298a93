import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync, createGunzip } from "node:zlib";
import type { ArticleDraft } from "../library/article.ts";
import { sentenceSpans } from "../text/sentences.ts";

/** One thing to ingest, as named on the command line or found inside a folder or JSONL file. */
export type SourceItem =
  | { kind: "url"; source: string; url: string }
  | { kind: "html"; source: string; path: string }
  | { kind: "draft"; source: string; draft: ArticleDraft }
  | { kind: "invalid"; source: string; reason: string };

const HTML_FILE = /\.(html?|xhtml)(\.gz)?$/i;
const JSONL_FILE = /\.jsonl(\.gz)?$/i;
const TEXT_FILE = /\.txt$/i;

/** Expands arguments (links, files, folders, JSONL) into source items, lazily, so a huge JSONL streams. */
export async function* expandSources(args: readonly string[]): AsyncGenerator<SourceItem> {
  for (const arg of args) {
    if (/^https?:\/\//i.test(arg)) {
      yield { kind: "url", source: arg, url: arg };
      continue;
    }
    let info;
    try {
      info = await stat(arg);
    } catch {
      yield { kind: "invalid", source: arg, reason: "no such file, and not an http(s) link" };
      continue;
    }
    if (info.isDirectory()) yield* expandSources(await filesIn(arg));
    else yield* fileItems(arg);
  }
}

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() || HTML_FILE.test(entry.name) || JSONL_FILE.test(entry.name) || TEXT_FILE.test(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort();
}

async function* fileItems(path: string): AsyncGenerator<SourceItem> {
  if (HTML_FILE.test(path)) yield { kind: "html", source: path, path };
  else if (JSONL_FILE.test(path)) yield* jsonlItems(path);
  else if (TEXT_FILE.test(path)) yield textItem(path, await readFile(path, "utf8"));
  else yield { kind: "invalid", source: path, reason: `unsupported file type "${extname(path)}" (use .html, .txt or .jsonl)` };
}

/** Reads an HTML file, gunzipping `.gz`; bytes are decoded as UTF-8, which is what saved pages nearly always are. */
export async function readHtmlFile(path: string): Promise<string> {
  const bytes = await readFile(path);
  return (path.toLowerCase().endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

/** Longest first line read as a headline; a longer one is the article's own text. */
const HEADLINE_MAX = 120;
/** Titles made from the text itself are cut to about this many characters, at a word. */
const MADE_TITLE_MAX = 90;

/**
 * A plain-text file: a short first line followed by more text is the headline; otherwise the whole file is
 * the article and its first sentence, shortened, stands as the title.
 */
function textItem(path: string, content: string): SourceItem {
  const text = normalizeText(content);
  const newline = text.indexOf("\n");
  const firstLine = (newline < 0 ? text : text.slice(0, newline)).trim();
  const rest = newline < 0 ? "" : text.slice(newline + 1).trim();
  const headline = rest !== "" && firstLine.length <= HEADLINE_MAX;
  const title = headline ? firstLine : shortened(firstSentence(text));
  return {
    kind: "draft",
    source: path,
    draft: { url: null, canonicalUrl: null, title: title || basename(path), text: headline ? rest : text, outlet: null, authors: [], publishedAt: null, language: null },
  };
}

function firstSentence(text: string): string {
  const first = sentenceSpans(text)[0];
  return (first ? text.slice(first.start, first.end) : text).trim();
}

function shortened(text: string): string {
  if (text.length <= MADE_TITLE_MAX) return text;
  const cut = text.slice(0, MADE_TITLE_MAX + 1);
  const atWord = cut.slice(0, Math.max(cut.lastIndexOf(" "), MADE_TITLE_MAX / 2));
  return `${atWord.replace(/[\s,;:–—-]+$/, "")}…`;
}

interface JsonlRecord {
  url?: unknown;
  title?: unknown;
  text?: unknown;
  publish_date?: unknown;
  source_domain?: unknown;
  outlet?: unknown;
  authors?: unknown;
}

async function* jsonlItems(path: string): AsyncGenerator<SourceItem> {
  const raw = createReadStream(path);
  const input = path.toLowerCase().endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === "") continue;
    yield jsonlItem(`${path}:${lineNumber}`, line);
  }
}

/** One JSONL line `{url, title, text, publish_date}` (the realtimeqa corpus shape) as a draft. */
export function jsonlItem(source: string, line: string): SourceItem {
  let record: JsonlRecord;
  try {
    record = JSON.parse(line) as JsonlRecord;
  } catch {
    return { kind: "invalid", source, reason: "not valid JSON" };
  }
  if (typeof record !== "object" || record === null) return { kind: "invalid", source, reason: "not a JSON object" };
  if (typeof record.text !== "string" || record.text.trim() === "") return { kind: "invalid", source, reason: 'no "text"' };
  const url = typeof record.url === "string" && /^https?:\/\//i.test(record.url) ? record.url : null;
  const text = normalizeText(record.text);
  const title = typeof record.title === "string" && record.title.trim() ? record.title.trim() : text.split("\n")[0]!.slice(0, 120);
  const outlet = typeof record.outlet === "string" ? record.outlet : typeof record.source_domain === "string" ? record.source_domain : url ? new URL(url).hostname.replace(/^www\./, "") : null;
  const publishedAt = typeof record.publish_date === "string" && record.publish_date.trim() ? record.publish_date.trim() : null;
  const authors = Array.isArray(record.authors) ? record.authors.filter((a): a is string => typeof a === "string") : [];
  return { kind: "draft", source, draft: { url, canonicalUrl: null, title, text, outlet, authors, publishedAt, language: null } };
}

/** Unix newlines, no trailing spaces, at most one blank line between paragraphs. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
