import type { ChunkSpan } from "../library/article.ts";
import { sentenceSpans } from "../text/sentences.ts";

export interface ChunkOptions {
  /** A chunk is closed once it reaches this many characters and the next sentence would overflow `maxChars`. */
  minChars: number;
  maxChars: number;
}

const DEFAULTS: ChunkOptions = { minChars: 800, maxChars: 1200 };

interface Span {
  start: number;
  end: number;
}


/** Paragraphs are separated by blank lines; each span excludes the surrounding whitespace. */
function paragraphSpans(text: string): Span[] {
  const spans: Span[] = [];
  const separator = /\n\s*\n/g;
  let from = 0;
  for (const match of text.matchAll(separator)) {
    pushTrimmed(text, from, match.index, spans);
    from = match.index + match[0].length;
  }
  pushTrimmed(text, from, text.length, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, into: Span[]): void {
  while (start < end && /\s/.test(text[start] ?? "")) start++;
  while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
  if (end > start) into.push({ start, end });
}

/** Sentences of one paragraph; a sentence longer than `maxChars` is cut at word boundaries so no chunk overflows. */
function paragraphSentences(text: string, paragraph: Span, maxChars: number): Span[] {
  return sentenceSpans(text.slice(paragraph.start, paragraph.end)).flatMap((sentence) =>
    splitLong(text, { start: paragraph.start + sentence.start, end: paragraph.start + sentence.end }, maxChars),
  );
}

function splitLong(text: string, span: Span, maxChars: number): Span[] {
  const pieces: Span[] = [];
  let start = span.start;
  while (span.end - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    const cut = window.lastIndexOf(" ");
    const end = cut > maxChars / 2 ? start + cut : start + maxChars;
    pieces.push({ start, end });
    start = end;
    while (start < span.end && text[start] === " ") start++;
  }
  if (span.end > start) pieces.push({ start, end: span.end });
  return pieces;
}

/**
 * The last sentence of the chunk that opens at `first`: as many sentences as fit in `maxChars`, but once the
 * chunk has `minChars` it rather ends at a paragraph break than mid-paragraph.
 */
function closingSentence(sentences: Array<Span & { paragraphStart: boolean }>, first: number, minChars: number, maxChars: number): number {
  const start = sentences[first]!.start;
  let last = first;
  let paragraphEnd = -1;
  for (let next = first + 1; next < sentences.length; next++) {
    const candidate = sentences[next]!;
    if (candidate.end - start > maxChars) break;
    if (candidate.paragraphStart && sentences[next - 1]!.end - start >= minChars) paragraphEnd = next - 1;
    last = next;
  }
  const endsParagraph = last + 1 >= sentences.length || sentences[last + 1]!.paragraphStart;
  return endsParagraph || paragraphEnd < 0 ? last : paragraphEnd;
}

/**
 * Splits an article into passages of whole sentences, preferring paragraph boundaries, of roughly
 * `minChars`–`maxChars` characters. Consecutive chunks share one sentence, so a statement that straddles a
 * boundary is still found whole in one of them. Offsets point into `text`, so every chunk is exactly
 * `text.slice(start, end)`.
 */
export function chunkText(text: string, options: Partial<ChunkOptions> = {}): ChunkSpan[] {
  const { minChars, maxChars } = { ...DEFAULTS, ...options };
  const sentences: Array<Span & { paragraphStart: boolean }> = [];
  for (const paragraph of paragraphSpans(text)) {
    paragraphSentences(text, paragraph, maxChars).forEach((sentence, i) => sentences.push({ ...sentence, paragraphStart: i === 0 }));
  }

  const chunks: ChunkSpan[] = [];
  let first = 0;
  while (first < sentences.length) {
    const start = sentences[first]!.start;
    const last = closingSentence(sentences, first, minChars, maxChars);
    const end = sentences[last]!.end;
    chunks.push({ start, end, text: text.slice(start, end) });
    if (last + 1 >= sentences.length) break;
    // One sentence of overlap, unless the chunk is a single sentence (then overlap would never advance).
    first = last > first ? last : last + 1;
  }
  return chunks;
}
