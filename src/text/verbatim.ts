/**
 * Matching a quote against an article "word for word" while forgiving the differences that a copy, a model or a
 * renderer introduces without changing the words: typographic vs straight quote marks, dash variants, ellipsis
 * glyphs, runs of whitespace and Unicode composition.
 */

const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u301D\u301E\uFF02]/;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u2039\u203A\uFF07]/;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/;
const WHITESPACE = /\s/;
const COMBINING_MARK = /\p{M}/u;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

/** Where a needle was found, as UTF-16 offsets into the original haystack: haystack.slice(start, end). */
export interface VerbatimMatch {
  start: number;
  end: number;
}

/** A normalised copy of a text and, for each of its code units, the original range it came from. */
interface NormalizedText {
  text: string;
  origStart: number[];
  origEnd: number[];
}

function mapCluster(cluster: string): string {
  if (cluster.length === 1) {
    if (DOUBLE_QUOTES.test(cluster)) return '"';
    if (SINGLE_QUOTES.test(cluster)) return "'";
    if (DASHES.test(cluster)) return "-";
    if (cluster === "\u2026") return "...";
  }
  return cluster.normalize("NFC");
}

/**
 * Normalise while remembering offsets. Works on clusters (a base character and its combining marks) so NFC can
 * compose them, and every output code unit still points at a whole cluster of the input.
 */
function normalizeWithOffsets(s: string): NormalizedText {
  let text = "";
  const origStart: number[] = [];
  const origEnd: number[] = [];
  let pendingSpace = false;
  let i = 0;
  while (i < s.length) {
    const start = i;
    const unit = s.charCodeAt(i);
    // Most of an article is ASCII: a character below U+0080 maps to itself (or, if whitespace, to the space it
    // collapses into) unless combining marks follow it, and none is below U+0300.
    if (unit < 0x80 && (i + 1 === s.length || s.charCodeAt(i + 1) < 0x300)) {
      i++;
      if (unit === 0x20 || (unit >= 0x09 && unit <= 0x0d)) {
        pendingSpace = text.length > 0;
        continue;
      }
      if (pendingSpace) {
        text += " ";
        origStart.push(start);
        origEnd.push(start);
        pendingSpace = false;
      }
      text += s[start];
      origStart.push(start);
      origEnd.push(i);
      continue;
    }
    const cp = s.codePointAt(i) ?? 0;
    i += cp > 0xffff ? 2 : 1;
    const ch = s.slice(start, i);
    if (INVISIBLE.test(ch)) continue;
    if (WHITESPACE.test(ch)) {
      pendingSpace = text.length > 0;
      continue;
    }
    while (i < s.length && COMBINING_MARK.test(s[i] ?? "")) i++;
    if (pendingSpace) {
      text += " ";
      origStart.push(start);
      origEnd.push(start);
      pendingSpace = false;
    }
    const mapped = mapCluster(s.slice(start, i));
    for (let k = 0; k < mapped.length; k++) {
      origStart.push(start);
      origEnd.push(i);
    }
    text += mapped;
  }
  return { text, origStart, origEnd };
}

/**
 * The form in which two texts are compared: NFC, typographic quote marks as straight ones, every dash as "-",
 * "…" as "...", invisible characters dropped, whitespace collapsed to single spaces and trimmed. Case is kept:
 * a verbatim quote keeps the article's capitals.
 */
export function normalizeForMatch(s: string): string {
  return normalizeWithOffsets(s).text;
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

/** A haystack normalised once, for checking many needles against the same article. */
export interface VerbatimIndex {
  /** The first occurrence of the needle modulo normalizeForMatch that does not start or end inside a word. */
  find(needle: string): VerbatimMatch | null;
}

/** Prepare an article for repeated findVerbatim look-ups (the answer engine checks every quote it emits). */
export function createVerbatimIndex(haystack: string): VerbatimIndex {
  const norm = normalizeWithOffsets(haystack);
  return {
    find(needle: string): VerbatimMatch | null {
      const n = normalizeForMatch(needle);
      if (n.length === 0) return null;
      // A needle that starts or ends with a letter must not be cut out of a longer word ("win" in "winter").
      const checkBefore = isWordChar(n[0]);
      const checkAfter = isWordChar(n[n.length - 1]);
      for (let at = norm.text.indexOf(n); at >= 0; at = norm.text.indexOf(n, at + 1)) {
        const last = at + n.length - 1;
        if (checkBefore && isWordChar(norm.text[at - 1])) continue;
        if (checkAfter && isWordChar(norm.text[last + 1])) continue;
        const start = norm.origStart[at];
        const end = norm.origEnd[last];
        if (start !== undefined && end !== undefined) return { start, end };
      }
      return null;
    },
  };
}

/**
 * Locate a quote in an article modulo normalizeForMatch. Returns offsets into the original haystack, so
 * haystack.slice(start, end) is the article's own rendering of the quote; null when it does not occur word for word.
 */
export function findVerbatim(haystack: string, needle: string): VerbatimMatch | null {
  return createVerbatimIndex(haystack).find(needle);
}
