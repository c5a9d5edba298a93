/** Paragraphs and quote marks: which marks open and close a quote, and quotes that run over several paragraphs. */

export interface Paragraph {
  index: number;
  start: number;
  end: number;
}

/** One quote (or one paragraph's part of a multi-paragraph quote) before attribution. */
export interface RawQuote {
  paragraph: Paragraph;
  /** Offsets of the marks; close is null when the quote runs to the end of its paragraph. */
  open: number;
  close: number | null;
  start: number;
  end: number;
  /** Quotes of one multi-paragraph quote share a group; others are alone in theirs. */
  group: number;
  /** The transcript label the paragraph opens with ("MAYOR HALE", "A"), which names the speaker. */
  label?: string;
}

interface Mark {
  at: number;
  length: number;
}

interface MarkPair {
  open: Mark;
  close: number | null;
}

type MarkRole = "open" | "close" | "either";

const OPENING_MARKS = new Set(["\u201C", "\u00AB", "\u201E", "``"]);
const CLOSING_MARKS = new Set(["\u201D", "\u00BB"]);
/** Double quote marks, including the typewriter pairs ``…'' that some wire copy still uses. */
const QUOTE_MARK = /["\u201C\u201D\u00AB\u00BB\u201E]|''|``/g;
/**
 * A transcript's speaker label opening a paragraph, after an opening mark if any: "MAYOR HALE:", "Q:", "A:". Only
 * capitals: "Update:" or "Note:" in ordinary case are not speakers.
 */
const LABEL = /^(?:["\u201C]\s*)?((?:[A-Z][A-Z.'\u2019-]+)(?:[ \u00A0]+[A-Z][A-Z.'\u2019-]+){0,3}|Q|A):[ \u00A0]+/;
const CAN_PRECEDE_OPENER = /[\s([{\u2014\u2013\-/]/;
const CAN_FOLLOW_CLOSER = /[\s.,;:!?)\]}\u2014\u2013\-\u2026'\u2019]/;

/**
 * Paragraphs are separated by a blank line, or by a single line break after a finished sentence or before a quote
 * mark or dash (copy that puts one paragraph a line); a line break inside a sentence is a wrapped line.
 */
export function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const separator = /\n[ \t\r\f\v]*\n\s*|(?<=[.!?:)"'\u201D\u2019][ \t\u00A0]*)\n\s*|\n\s*(?=["\u201C\u201D\u2013\u2014\u2015])/g;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    paragraphs.push({ index: paragraphs.length, start, end: m.index });
    start = m.index + m[0].length;
  }
  paragraphs.push({ index: paragraphs.length, start, end: text.length });
  return paragraphs;
}

/** Decide from the surrounding characters, then from the glyph, whether a mark opens or closes a quote. */
function markRole(text: string, mark: Mark, paragraph: Paragraph): MarkRole {
  const i = mark.at;
  const ch = text.slice(i, i + mark.length);
  const prev = i > paragraph.start ? text[i - 1] : undefined;
  const next = i + mark.length < paragraph.end ? text[i + mark.length] : undefined;
  // A mark opening a paragraph opens a quote, whichever glyph it is and whatever follows it.
  if (prev === undefined && next !== undefined) return "open";
  const canOpen = CAN_PRECEDE_OPENER.test(prev ?? "") && next !== undefined && !/\s/.test(next);
  const canClose = prev !== undefined && !/\s/.test(prev) && (next === undefined || CAN_FOLLOW_CLOSER.test(next));
  if (canOpen && !canClose) return "open";
  if (canClose && !canOpen) return "close";
  if (OPENING_MARKS.has(ch)) return "open";
  if (CLOSING_MARKS.has(ch)) return "close";
  return "either";
}

function pairMarks(text: string, paragraph: Paragraph, marks: Mark[]): MarkPair[] {
  const pairs: MarkPair[] = [];
  const roles = marks.map((mark) => markRole(text, mark, paragraph));
  let open: Mark | null = null;
  let depth = 0;
  marks.forEach((mark, k) => {
    const role = roles[k];
    if (!open) {
      if (role !== "close") open = mark;
    } else if (role === "open") {
      // Two openers in a row: a quote inside a quote when two closers follow (“… calls “hell” than …”), else the
      // first was never closed and the second is the better guess at a quote.
      if (nestedAt(roles, k)) depth++;
      else open = mark;
    } else if (role === "close" && depth > 0) {
      depth--;
    } else {
      pairs.push({ open, close: mark.at });
      open = null;
    }
  });
  if (open) pairs.push({ open, close: null });
  return pairs;
}

/** The opener at `k` is followed by two closers before any other opener. */
function nestedAt(roles: MarkRole[], k: number): boolean {
  let closers = 0;
  for (let i = k + 1; i < roles.length && roles[i] !== "open"; i++) if (roles[i] === "close") closers++;
  return closers >= 2;
}

/** The positions of quote marks in each paragraph, found in one scan of the article. */
function marksByParagraph(text: string, paragraphs: Paragraph[]): Mark[][] {
  const marks: Mark[][] = paragraphs.map(() => []);
  let p = 0;
  QUOTE_MARK.lastIndex = 0;
  for (let m = QUOTE_MARK.exec(text); m; m = QUOTE_MARK.exec(text)) {
    while ((paragraphs[p]?.end ?? Infinity) <= m.index) p++;
    marks[p]?.push({ at: m.index, length: m[0].length });
  }
  return marks;
}

/** The quoted words without surrounding spaces or the comma that belongs to the attribution. */
function trimInner(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s] ?? "")) s++;
  while (e > s && /[\s,]/.test(text[e - 1] ?? "")) e--;
  return { start: s, end: e };
}

/** Every quote of the article in text order, a multi-paragraph quote as one part per paragraph. */
export function findRawQuotes(text: string, paragraphs: Paragraph[]): RawQuote[] {
  const quotes: RawQuote[] = [];
  let group = 0;
  let pendingOpen: RawQuote | null = null;
  // A labelled answer opened with a mark that the next paragraph carries on: `"PENCE: …` then `"But …`.
  let carried = false;
  const marks = marksByParagraph(text, paragraphs);
  for (const paragraph of paragraphs) {
    const label = LABEL.exec(text.slice(paragraph.start, paragraph.start + 80));
    if (label?.[1]) {
      pendingOpen = null;
      carried = /^["\u201C]/.test(label[0]) && label[1] !== "Q";
      // The interviewer's questions are not the article's quotes.
      if (label[1] === "Q") continue;
      const inner = trimInner(text, paragraph.start + label[0].length, paragraph.end);
      if (/["\u201D]$/.test(text.slice(inner.start, inner.end))) inner.end--;
      quotes.push({ paragraph, open: paragraph.start, close: null, ...inner, group: ++group, label: label[1] });
      continue;
    }
    const pairs = pairMarks(text, paragraph, marks[paragraph.index] ?? []);
    const continues = (pendingOpen !== null || carried) && pairs[0]?.open.at === paragraph.start;
    if (pendingOpen && continues) quotes.push(pendingOpen);
    pendingOpen = null;
    carried = false;
    pairs.forEach((pair, k) => {
      const inner = trimInner(text, pair.open.at + pair.open.length, pair.close ?? paragraph.end);
      if (inner.end <= inner.start) return;
      const raw: RawQuote = { paragraph, open: pair.open.at, close: pair.close, ...inner, group: 0 };
      raw.group = k === 0 && continues ? group : ++group;
      // An unclosed quote counts only if the next paragraph carries it on with an opening mark.
      if (pair.close === null) pendingOpen = raw;
      else quotes.push(raw);
    });
  }
  return quotes;
}

/** A test for "is this offset inside a quote", for offsets asked in increasing order. */
export function insideQuotes(raws: RawQuote[]): (pos: number) => boolean {
  let k = 0;
  return (pos) => {
    while (k < raws.length && (raws[k]?.end ?? 0) < pos) k++;
    const raw = raws[k];
    return raw !== undefined && raw.open < pos && pos < raw.end;
  };
}
