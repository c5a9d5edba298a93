/** A sentence as offsets into the text it was found in (UTF-16, as JS strings count), surrounding whitespace excluded. */
export interface SentenceSpan {
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/** Titles that stand before a name: a sentence never ends on them ("Gov. Ron DeSantis", "Dr. Oz"). */
const TITLES = new Set(
  "mr mrs ms dr gov sen rep gen lt col maj sgt capt cmdr adm prof rev hon pres supt det insp atty st mt ft no nos vs".split(" "),
);

const MONTH_ABBREVIATIONS = new Set("jan feb mar apr jun jul aug sep sept oct nov dec".split(" "));

/** Words that open a new sentence after an abbreviation that could also end one ("… in Washington, D.C. He left"). */
const SENTENCE_OPENERS = new Set(
  `a an the he she it they we i you his her its their our this that these those there here but and or so yet if when while after
  before as at in on for to from by with what who how why where then now still also however meanwhile yes no`.split(/\s+/),
);

/**
 * Sentences of `text` (offsets relative to it). Intl.Segmenter ends a sentence at every abbreviation ("John F." |
 * "Kennedy"), which would cut quotes mid-name; pieces are joined again after a title, an initial or a dotted
 * abbreviation ("U.S.") unless the next piece opens like a sentence of its own.
 */
export function sentenceSpans(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let pending: SentenceSpan | null = null;
  for (const { index, segment } of segmenter.segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (!trimmed) continue;
    const span = { start: index + lead, end: index + lead + trimmed.length };
    if (pending && continues(text.slice(pending.start, pending.end), trimmed)) {
      pending.end = span.end;
    } else {
      if (pending) spans.push(pending);
      pending = span;
    }
  }
  if (pending) spans.push(pending);
  return spans;
}

function continues(previous: string, next: string): boolean {
  const last = /(?:^|[\s“"'‘(])((?:\p{L}\.)+|\p{L}+\.)$/u.exec(previous)?.[1];
  if (!last) return false;
  const word = last.slice(0, -1).toLowerCase();
  if (TITLES.has(word)) return true;
  // A month abbreviated before its day or year ("scheduled for Feb. 3", "in Sept. 2025") ends no sentence.
  if (MONTH_ABBREVIATIONS.has(word) && /^\d/.test(next)) return true;
  // A lone initial ("F.") or a dotted abbreviation ("U.S.", "D.C."): part of a name unless a sentence opens after it.
  if (/^(\p{L}\.)+$/u.test(last)) {
    const opener = /^[“"'‘(]?(\p{L}+)/u.exec(next)?.[1];
    return opener !== undefined && /^\p{Lu}/u.test(opener) && !SENTENCE_OPENERS.has(opener.toLowerCase());
  }
  return false;
}
