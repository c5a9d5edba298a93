/** Words of news prose as attribution reads them: tokens of a window of text, and the one backward word scanner. */
import { ABBREVIATIONS } from "../../text/word-lists.ts";

export const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

// Unicode property classes are slow to test in V8; these patterns try ASCII first and consult \p{…} only for
// non-ASCII characters, which makes the whole-article scans about three times faster.
const LETTER_OR_DIGIT = String.raw`(?:[a-zA-Z0-9]|(?![\x00-\x7F])[\p{L}\p{M}\p{N}])`;
const WORD_INNER = String.raw`(?:[a-zA-Z0-9'\u2019.\-]|(?![\x00-\x7F])[\p{L}\p{M}\p{N}])`;
export const UPPER = String.raw`(?:[A-Z]|(?![\x00-\x7F])\p{Lu})`;
export const NAME_INNER = String.raw`(?:[a-zA-Z'\u2019\-]|(?![\x00-\x7F])[\p{L}\p{M}])`;
/** Words in window tokens: letters and digits with inner apostrophes, dots and hyphens; or one punctuation mark. */
const TOKEN = new RegExp(String.raw`${LETTER_OR_DIGIT}${WORD_INNER}*|[,:;!?()\u2013\u2014\u2015]|-(?=\s)`, "gu");
export const POSSESSIVE = /['\u2019]s?$/;
const INITIALS = /^(?:\p{Lu}\.)+$/u;
/** What the backward scanner takes as part of a word: letters, marks, and inner dots, apostrophes and hyphens. */
const WORD_CHAR = /[\p{L}\p{M}.'\u2019-]/u;

export interface Token {
  /** The word without a sentence-ending full stop. */
  text: string;
  lower: string;
  start: number;
  end: number;
  isWord: boolean;
  /** The word carried a full stop that ends the sentence, or the token is "!" or "?". */
  endsSentence: boolean;
}

export function lowerNoDot(s: string): string {
  const lower = s.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

export function isAbbreviation(word: string): boolean {
  return INITIALS.test(word) || ABBREVIATIONS.has(lowerNoDot(word));
}

export function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

/** A full stop followed by a comma, a bracket or a lowercase word ends an abbreviation ("R-Ky., said"), not a sentence. */
const GOES_ON = /^\s*[,;)a-z]/;

function makeToken(raw: string, start: number, following: string): Token {
  const isWord = /^[\p{L}\p{M}\p{N}]/u.test(raw);
  const sentenceDot = isWord && raw.endsWith(".") && !isAbbreviation(raw) && !GOES_ON.test(following);
  const text = sentenceDot ? raw.replace(/\.+$/, "") : raw;
  return {
    text,
    lower: text.toLowerCase(),
    start,
    end: start + raw.length,
    isWord,
    endsSentence: sentenceDot || raw === "!" || raw === "?",
  };
}

export function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m && m.index < to; m = TOKEN.exec(text)) {
    const end = m.index + m[0].length;
    tokens.push(makeToken(m[0], m.index, text.slice(end, end + 3)));
  }
  return tokens;
}

/**
 * The word before offset `at`, stepping back over the characters in `gap` first and stopping at `floor` (the
 * paragraph's start). Null when no word character sits there.
 */
export function wordBefore(text: string, at: number, floor: number, gap = " "): { word: string; start: number } | null {
  let end = at;
  while (end > floor && gap.includes(text[end - 1] ?? "")) end--;
  let start = end;
  while (start > floor && WORD_CHAR.test(text[start - 1] ?? "")) start--;
  return start < end ? { word: text.slice(start, end), start } : null;
}
