/**
 * Reading the words either side of a quote for its attribution: `"…," Peskov said`, `said Smith`,
 * `he told reporters: "…"`, `according to X, "…"`, and a lead-in closing the previous paragraph with a colon.
 */
import { NAME_PARTICLES, PREPOSITIONS } from "../../text/word-lists.ts";
import type { Paragraph, RawQuote } from "./marks.ts";
import {
  CONTINUATIONS,
  isNameWord,
  isSpeechParticiple,
  isSpeechVerb,
  runStart,
  sentenceSubject,
  subjectAfter,
  subjectBefore,
  subjectFromRun,
  type Subject,
} from "./subjects.ts";
import { tokenize, type Token } from "./tokens.ts";


export interface Attribution {
  subject: Subject;
  /** The attribution touches the quote: `"…," he said` or `he said: "…"`. */
  adjacent: boolean;
}

const AUXILIARIES = new Set(["is", "are", "was", "were", "been", "be"]);
/** Words that open a participle clause of the sentence's subject: "…, saying", "before asking her". */
const CLAUSE_OPENERS = new Set([",", "before", "after", "while", "by", "when", "then"]);
const DASH = /^[\u2013\u2014\u2015-]$/;

function leadingPunctuation(tokens: Token[]): number {
  let i = 0;
  while (tokens[i] && !tokens[i]?.isWord && !tokens[i]?.endsSentence) i++;
  return i;
}

/** The last index of the capitalised run (particles allowed inside) that starts at `from`. */
function runEnd(tokens: Token[], from: number, to = tokens.length): number {
  let end = from;
  while (end + 1 < to && !tokens[end]?.endsSentence && (isNameWord(tokens[end + 1]) || NAME_PARTICLES.has(tokens[end + 1]?.text ?? ""))) end++;
  return end;
}

/** A round-up's credit line after the quote: `“…” ― Maria Lopez` or `“…” — Maria Lopez, Riverside Gazette`. */
function creditLine(tokens: Token[]): Subject | null {
  if (!DASH.test(tokens[0]?.text ?? "") || !isNameWord(tokens[1])) return null;
  const end = runEnd(tokens, 1);
  const next = tokens[end + 1];
  if (next !== undefined && next.text !== ",") return null;
  return subjectFromRun(tokens, 1, end);
}

interface AttributionAfter extends Attribution {
  /** The attribution closes the sentence the quote is part of: `… the mechanics'' of the plan, Smith said.` */
  closing: boolean;
}

/** Attribution in the words after the closing mark: `"…," Peskov told reporters.` / `"…," said Smith.` */
function attributionAfter(tokens: Token[]): AttributionAfter | null {
  const i = leadingPunctuation(tokens);
  const first = tokens[i];
  if (!first) return null;
  const leading = (first.lower === "according" && tokens[i + 1]?.lower === "to") || isSpeechVerb(first, undefined, tokens[i + 1]);
  if (leading) {
    const subject = subjectAfter(tokens, first.lower === "according" ? i + 2 : i + 1);
    if (subject && subject.kind !== "generic") return { subject, adjacent: true, closing: false };
    // `"…" announced in October, said Derek Scissors.`: the verb is the quoted words' own ("the deal announced in
    // October"), with nobody after it; only an attribution closing the sentence can still name the speaker.
    const later = laterAttribution(tokens, i);
    if (later?.closing) return later;
    return subject ? { subject, adjacent: true, closing: false } : null;
  }
  return laterAttribution(tokens, i);
}

/** A speech verb further into the words after the quote, its subject before it or, after a comma, after it. */
function laterAttribution(tokens: Token[], i: number): AttributionAfter | null {
  const first = tokens[i];
  if (!first) return null;
  // `"…," Leonard Burman, director of … and a professor at …, said.`: a long appositive keeps the name adjacent.
  const appositive = isNameWord(first) && tokens[runEnd(tokens, i) + 1]?.text === ",";
  for (let v = i + 1; v < tokens.length && v < i + (appositive ? 45 : 16); v++) {
    const t = tokens[v];
    if (!t) break;
    const verb = isSpeechVerb(t, tokens[v - 1], tokens[v + 1]);
    const subject = verb ? subjectBefore(tokens, v, i) : null;
    if (subject) {
      const adjacent = !CONTINUATIONS.has(first.lower) && !PREPOSITIONS.has(first.lower) && (appositive || v - i <= 12);
      const rest = tokens.slice(v + 1);
      const closing = rest.length <= 4 && (t.endsSentence || rest.at(-1)?.endsSentence === true) && subject.kind === "name";
      return { subject, adjacent, closing: closing && tokens.slice(i, v).some((u) => u.text === ",") };
    }
    const inverted = verb && tokens[v - 1]?.text === "," ? closingInverted(tokens, v) : null;
    if (inverted) return { subject: inverted, adjacent: false, closing: true };
    if (t.endsSentence) break;
  }
  return null;
}

/**
 * `…, said Derek Scissors, a scholar at …` closing the sentence: a name (after at most a few lowercase role words)
 * right after the verb, followed by nothing, a full stop or an appositive.
 */
function closingInverted(tokens: Token[], verb: number): Subject | null {
  let k = verb + 1;
  while (k < verb + 5 && tokens[k]?.isWord && !isNameWord(tokens[k]) && !tokens[k]?.endsSentence) k++;
  if (!isNameWord(tokens[k]) || PREPOSITIONS.has(tokens[k - 1]?.lower ?? "")) return null;
  const end = runEnd(tokens, k);
  const next = tokens[end + 1];
  if (!(tokens[end]?.endsSentence || next === undefined || next.text === ",")) return null;
  const subject = subjectAfter(tokens, verb + 1);
  return subject?.kind === "name" ? subject : null;
}

/** A round-up's label before a colon: `Maria Lopez, Riverside Gazette: “…”`. */
function colonLabel(tokens: Token[]): Subject | null {
  if (tokens.at(-1)?.text !== ":" || !isNameWord(tokens[0])) return null;
  const end = runEnd(tokens, 0);
  const next = tokens[end + 1];
  if (next?.text === ":") return subjectFromRun(tokens, 0, end);
  // After the comma only the label's affiliation ("Riverside Gazette", "retired teacher"): no verb, no sentence.
  if (next?.text !== "," || tokens.length - end > 8) return null;
  const affiliation = tokens.slice(end + 2, -1);
  return affiliation.every((t) => t.isWord && !t.endsSentence && !isSpeechVerb(t, undefined)) ? subjectFromRun(tokens, 0, end) : null;
}

/** Attribution in the words before the opening mark: `Peskov said: "…"` / `according to X, "…"`. */
function attributionBefore(tokens: Token[]): Attribution | null {
  const label = colonLabel(tokens) ?? dashedName(tokens);
  if (label) return { subject: label, adjacent: true };
  let tail = tokens.length - 1;
  while (tail >= 0 && (!tokens[tail]?.isWord || tokens[tail]?.lower === "that")) tail--;
  for (let v = tail; v >= 0; v--) {
    const t = tokens[v];
    if (t?.lower === "according" && tokens[v + 1]?.lower === "to") {
      const subject = subjectAfter(tokens, v + 2);
      if (subject) return { subject, adjacent: true };
    }
    // "Said Ellis: …" opens its sentence with the verb.
    const previous = tokens[v - 1];
    // "is telling" is a verb; ", saying" opens a clause that takes the sentence's subject.
    // "footage of Hillary Clinton asking, …" names its subject right before the participle.
    const participle = isSpeechParticiple(t);
    const progressive = participle && (AUXILIARIES.has(previous?.lower ?? "") || isNameWord(previous));
    const verb = progressive || isSpeechVerb(t, previous, tokens[v + 1]) || (v === 0 && isSpeechVerb(lowered(t), undefined));
    if (!verb && !(participle && CLAUSE_OPENERS.has(previous?.lower ?? ""))) continue;
    // "Peskov told reporters:" keeps the verb adjacent across its object.
    const adjacent = tail - v <= 2;
    // A participle ("…, saying,") and a verb after a clause ("and, smiling, declared,") take the sentence's subject.
    const named = participle && isNameWord(previous) ? subjectFromRun(tokens, runStart(tokens, v - 1, 0), v - 1) : null;
    const subject = named ?? (verb ? (subjectBefore(tokens, v, 0) ?? invertedBefore(tokens, v, tail)) : null);
    const far = !subject && (!verb || /^(?:,|and|[\u2013\u2014\u2015-])$/.test(previous?.text ?? ""));
    const found = subject ?? (far ? sentenceSubject(tokens, 0, v) : null);
    if (found) return { subject: found, adjacent };
  }
  // "Obama is rolling out a new campaign message: “…”": a colon with no speech verb gives the sentence's subject.
  const colon = tokens.at(-1)?.text === ":" ? sentenceSubject(tokens, 0, tokens.length - 1) : null;
  return colon ? { subject: colon, adjacent: true } : null;
}

/** "including the former candidate Mitt Romney — “…” —": a name set off by a dash right before the quote. */
function dashedName(tokens: Token[]): Subject | null {
  const last = tokens.length - 1;
  if (!DASH.test(tokens[last]?.text ?? "") || !isNameWord(tokens[last - 1])) return null;
  const start = runStart(tokens, last - 1, 0);
  // "seemed supportive of Mr. Trump — “…”": the object of a preposition is not who speaks.
  if (PREPOSITIONS.has(tokens[start - 1]?.lower ?? "")) return null;
  return subjectFromRun(tokens, start, last - 1);
}

function lowered(t: Token | undefined): Token | undefined {
  return t && { ...t, text: t.lower };
}

/** `said Peskov: "…"` — only when the name runs up to the end of the lead-in. */
function invertedBefore(tokens: Token[], verb: number, tail: number): Subject | null {
  if (!isNameWord(tokens[verb + 1]) || !isNameWord(tokens[tail])) return null;
  return subjectAfter(tokens, verb + 1);
}

export function attribute(
  text: string,
  raw: RawQuote,
  previousClose: number,
  nextOpen: number,
  paragraphs: Paragraph[],
): Attribution | null {
  const { paragraph } = raw;
  const afterTokens = raw.close === null ? [] : sentenceAfter(text, raw.close + 1, nextOpen);
  const credit = creditLine(afterTokens);
  if (credit) return { subject: credit, adjacent: true };
  // A quote ending in a full stop ends its sentence, so what follows starts a new one ("…this." Critics called
  // it…) unless that sentence is nothing but an attribution ("…." Trump wrote Friday.).
  const endsSentence = /[.\u2026]$/.test(text.slice(raw.start, raw.close ?? raw.end).trimEnd());
  const bareAttribution = afterTokens.length <= 5 && afterTokens[afterTokens.length - 1]?.endsSentence === true;
  const after = !endsSentence || bareAttribution ? attributionAfter(afterTokens) : null;
  if (after?.adjacent || after?.closing) return after;
  if (after && PREPOSITIONS.has(afterTokens[0]?.lower ?? "")) return null;
  const leadIn = raw.open === paragraph.start ? colonLeadIn(text, paragraphs[paragraph.index - 1]) : null;
  const beforeTokens = leadIn ?? sentenceBefore(text, Math.max(paragraph.start, previousClose + 1), raw.open);
  const before = attributionBefore(beforeTokens);
  if (before) return before;
  // Further away, the words after a quote attribute it only if it reads as a whole utterance or a dash links them.
  const utterance = /[,!?]$/.test(text.slice(raw.start, raw.close ?? raw.end).trimEnd());
  const dashed = DASH.test(afterTokens[0]?.text ?? "");
  return after && (utterance || dashed) ? after : null;
}

/** "Coach Elena Marsh told the players:" closing the previous paragraph introduces a quote that opens this one. */
function colonLeadIn(text: string, previous: Paragraph | undefined): Token[] | null {
  if (!previous || !text.slice(previous.start, previous.end).trimEnd().endsWith(":")) return null;
  return sentenceBefore(text, previous.start, previous.end);
}

function sentenceAfter(text: string, from: number, to: number): Token[] {
  const tokens = tokenize(text, from, Math.min(to, from + 240));
  const end = tokens.findIndex((t) => t.endsSentence);
  return end < 0 ? tokens : tokens.slice(0, tokens[end]?.isWord ? end + 1 : end);
}

function sentenceBefore(text: string, from: number, to: number): Token[] {
  const tokens = tokenize(text, Math.max(from, to - 300), to);
  let start = tokens.length;
  while (start > 0 && !tokens[start - 1]?.endsSentence) start--;
  return tokens.slice(start);
}

