/**
 * Reading the words either side of a quote for its attribution: `"…," Peskov said`, `said Smith`,
 * `he told reporters: "…"`, `according to X, "…"`, and a lead-in closing the previous paragraph with a colon.
 */
import { NAME_PARTICLES, NOT_NAMES, ORGANISATION_HEADS, PREPOSITIONS, SPEECH_VERBS, WEEKDAYS } from "../../text/word-lists.ts";
import type { Paragraph, RawQuote } from "./marks.ts";
import { isRoleWord, stripTitles } from "./roles.ts";
import { POSSESSIVE, isCapitalized, lowerNoDot, tokenize, words, type Token } from "./tokens.ts";

export type Subject =
  | { kind: "name"; tokens: string[] }
  | { kind: "pronoun"; plural: boolean; at: number }
  | { kind: "role"; roles: string[] }
  | { kind: "generic" };

export interface Attribution {
  subject: Subject;
  /** The attribution touches the quote: `"…," he said` or `he said: "…"`. */
  adjacent: boolean;
}

const PRONOUNS = words("he she they");
/** Words skipped between a subject and its verb ("Peskov also told", "Peskov on Friday said"). */
const SKIPPABLE = new Set([
  ...words(`
    also later earlier then previously again once recently further separately has had have was were is would will
    reportedly repeatedly today yesterday tonight last week month year night morning afternoon evening
  `),
  ...WEEKDAYS,
]);
const DETERMINERS = words("the a an his her their its our this that another one");
/** Words after which a speech verb's spelling is a noun: "his remarks", "the reports". */
const NOUN_MARKERS = words("the a an his her their its our my your this these those");
/** Words that cannot begin an attribution after a quote: the sentence goes on about something else. */
const CONTINUATIONS = words(`
  and but or while as which that who whom whose because if when where though although to of in for with from by
  than so nor
`);

/** A capitalised word that can be part of a name: not a function word, a pronoun or a speech verb. */
function isNameWord(t: Token | undefined): boolean {
  return (
    t !== undefined &&
    t.isWord &&
    isCapitalized(t.text) &&
    !NOT_NAMES.has(t.lower) &&
    !PRONOUNS.has(t.lower) &&
    !SPEECH_VERBS.has(t.lower)
  );
}

/** The index of the first token of the capitalised run (particles allowed inside) that ends at `j`. */
function runStart(tokens: Token[], j: number, lo: number): number {
  let k = j;
  while (k - 1 >= lo) {
    const prev = tokens[k - 1];
    if (isNameWord(prev) && !POSSESSIVE.test(prev?.text ?? "") && !prev?.endsSentence) k--;
    else if (prev && NAME_PARTICLES.has(prev.text) && isNameWord(tokens[k - 2])) k--;
    else break;
  }
  return k;
}

function subjectFromRun(tokens: Token[], from: number, to: number): Subject | null {
  const { name, roles } = stripTitles(tokens.slice(from, to + 1).map((t) => t.text));
  if (name.length > 0) return { kind: "name", tokens: name };
  return roles.length > 0 ? { kind: "role", roles } : null;
}

/** A lowercase noun phrase ending at `j`: a role ("the Kremlin's spokesman") or some other noun ("critics"). */
function subjectFromPhrase(tokens: Token[], j: number, lo: number): Subject {
  const roles: string[] = [];
  for (let k = j; k >= lo && k > j - 6; k--) {
    const t = tokens[k];
    if (!t?.isWord || DETERMINERS.has(t.lower)) break;
    if (isRoleWord(t.text)) roles.push(lowerNoDot(t.text));
    else if (ORGANISATION_HEADS.has(t.lower)) roles.push(t.lower);
  }
  return roles.length > 0 ? { kind: "role", roles } : { kind: "generic" };
}

/** Step back over adverbs, auxiliaries and a short prepositional phrase between a subject and its verb. */
function skipBackward(tokens: Token[], j: number, lo: number): number {
  let k = j;
  for (let guard = 0; guard < 6 && k >= lo; guard++) {
    const t = tokens[k];
    if (!t?.isWord) break;
    // Lowercase only: "-ly" adverbs, not "Kelly" or "Italy".
    if (SKIPPABLE.has(t.lower) || (t.text.endsWith("ly") && !isCapitalized(t.text))) {
      k--;
      continue;
    }
    const prep = findPrepositionBack(tokens, k, lo);
    if (prep < 0) break;
    k = prep - 1;
  }
  return k;
}

/** "Peskov on Friday told": the preposition opening a phrase of at most four words that ends at `k`. */
function findPrepositionBack(tokens: Token[], k: number, lo: number): number {
  for (let p = k; p >= lo && p >= k - 3; p--) {
    const t = tokens[p];
    if (!t?.isWord) return -1;
    if (PREPOSITIONS.has(t.lower)) return p > lo ? p : -1;
  }
  return -1;
}

/** The subject that precedes a speech verb at index `verb`, looking no further back than `lo`. */
function subjectBefore(tokens: Token[], verb: number, lo: number): Subject | null {
  const j = skipBackward(tokens, verb - 1, lo);
  const t = tokens[j];
  if (j < lo || !t) return null;
  if (t.isWord && PRONOUNS.has(t.lower)) return { kind: "pronoun", plural: t.lower === "they", at: t.start };
  if (t.text === ",") return appositiveSubject(tokens, j, lo);
  if (t.endsSentence) return null;
  if (isNameWord(t)) return subjectFromRun(tokens, runStart(tokens, j, lo), j);
  if (t.isWord && !DETERMINERS.has(t.lower) && !PREPOSITIONS.has(t.lower) && !CONTINUATIONS.has(t.lower)) {
    return subjectFromPhrase(tokens, j, lo);
  }
  return null;
}

/**
 * "Smith, a professor at Yale, said" / "Rawlings, 59, of Ashton, Md., said": the earliest name followed by a comma
 * in the clause that ends at the comma `j`. A place in the appositive ("of Ashton") is not its subject.
 */
function appositiveSubject(tokens: Token[], j: number, lo: number): Subject | null {
  let found: Subject | null = null;
  for (let k = j - 1; k >= lo && k > j - 45; k--) {
    const t = tokens[k];
    if (!t || t.endsSentence) break;
    if (t.text !== "," || !isNameWord(tokens[k - 1])) continue;
    const start = runStart(tokens, k - 1, lo);
    if (!PREPOSITIONS.has(tokens[start - 1]?.lower ?? "")) found = subjectFromRun(tokens, start, k - 1) ?? found;
  }
  return found;
}

/** The subject after an inverted verb or "according to": "said foreign ministry spokesman Georgiy Tykhy". */
function subjectAfter(tokens: Token[], from: number): Subject | null {
  let k = from;
  while (tokens[k] && DETERMINERS.has(tokens[k]?.lower ?? "")) k++;
  const first = tokens[k];
  if (first?.isWord && PRONOUNS.has(first.lower)) return { kind: "pronoun", plural: first.lower === "they", at: first.start };
  let end = k;
  while (end < tokens.length && end < k + 8) {
    const t = tokens[end];
    if (!t?.isWord || (PREPOSITIONS.has(t.lower) && !NAME_PARTICLES.has(t.text)) || CONTINUATIONS.has(t.lower)) break;
    end++;
    if (t.endsSentence) break;
  }
  if (end === k) return null;
  const lastName = end - 1;
  if (isNameWord(tokens[lastName])) return subjectFromRun(tokens, runStart(tokens, lastName, k), lastName);
  return subjectFromPhrase(tokens, lastName, k);
}

function leadingPunctuation(tokens: Token[]): number {
  let i = 0;
  while (tokens[i] && !tokens[i]?.isWord && !tokens[i]?.endsSentence) i++;
  return i;
}

/**
 * A speech verb, not the noun of the same spelling: "his remarks", "Trump's claims", "the reports" are things said.
 * Given the token before it to tell them apart.
 */
function isSpeechVerb(t: Token | undefined, previous: Token | undefined): boolean {
  if (t === undefined || !t.isWord || !SPEECH_VERBS.has(t.text)) return false;
  return previous === undefined || !(NOUN_MARKERS.has(previous.lower) || POSSESSIVE.test(previous.text));
}

/** Attribution in the words after the closing mark: `"…," Peskov told reporters.` / `"…," said Smith.` */
function attributionAfter(tokens: Token[]): { attribution: Attribution; adjacent: boolean } | null {
  const i = leadingPunctuation(tokens);
  const first = tokens[i];
  if (!first) return null;
  if (first.lower === "according" && tokens[i + 1]?.lower === "to") {
    const subject = subjectAfter(tokens, i + 2);
    return subject ? { attribution: { subject, adjacent: true }, adjacent: true } : null;
  }
  if (isSpeechVerb(first, undefined)) {
    const subject = subjectAfter(tokens, i + 1);
    return subject ? { attribution: { subject, adjacent: true }, adjacent: true } : null;
  }
  for (let v = i + 1; v < tokens.length && v < i + 16; v++) {
    const t = tokens[v];
    if (!t) break;
    const subject = isSpeechVerb(t, tokens[v - 1]) ? subjectBefore(tokens, v, i) : null;
    if (subject) {
      const adjacent = !CONTINUATIONS.has(first.lower) && !PREPOSITIONS.has(first.lower) && v - i <= 12;
      return { attribution: { subject, adjacent }, adjacent };
    }
    if (t.endsSentence) break;
  }
  return null;
}

/** Attribution in the words before the opening mark: `Peskov said: "…"` / `according to X, "…"`. */
function attributionBefore(tokens: Token[]): Attribution | null {
  let tail = tokens.length - 1;
  while (tail >= 0 && (!tokens[tail]?.isWord || tokens[tail]?.lower === "that")) tail--;
  for (let v = tail; v >= 0; v--) {
    const t = tokens[v];
    if (t?.lower === "according" && tokens[v + 1]?.lower === "to") {
      const subject = subjectAfter(tokens, v + 2);
      if (subject) return { subject, adjacent: true };
    }
    if (!isSpeechVerb(t, tokens[v - 1])) continue;
    // "Peskov told reporters:" keeps the verb adjacent across its object.
    const adjacent = tail - v <= 2;
    const subject = subjectBefore(tokens, v, 0) ?? invertedBefore(tokens, v, tail);
    if (subject) return { subject, adjacent };
  }
  return null;
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
  // A quote ending in a full stop ends its sentence, so what follows starts a new one ("…this." Critics called
  // it…) unless that sentence is nothing but an attribution ("…." Trump wrote Friday.).
  const endsSentence = /[.\u2026]$/.test(text.slice(raw.start, raw.close ?? raw.end).trimEnd());
  const bareAttribution = afterTokens.length <= 5 && afterTokens[afterTokens.length - 1]?.endsSentence === true;
  const after = !endsSentence || bareAttribution ? attributionAfter(afterTokens) : null;
  if (after?.adjacent) return after.attribution;
  if (after && PREPOSITIONS.has(afterTokens[0]?.lower ?? "")) return null;
  const leadIn = raw.open === paragraph.start ? colonLeadIn(text, paragraphs[paragraph.index - 1]) : null;
  const beforeTokens = leadIn ?? sentenceBefore(text, Math.max(paragraph.start, previousClose + 1), raw.open);
  const before = attributionBefore(beforeTokens);
  if (before) return before;
  // Further away, the words after a quote attribute it only if it reads as a whole utterance or a dash links them.
  const utterance = /[,!?]$/.test(text.slice(raw.start, raw.close ?? raw.end).trimEnd());
  const dashed = /^[\u2014\u2013-]$/.test(afterTokens[0]?.text ?? "");
  return after && (utterance || dashed) ? after.attribution : null;
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

