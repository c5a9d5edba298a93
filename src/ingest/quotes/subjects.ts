/**
 * The subject of a speech verb in a window of tokens: a name ("Dmitry Peskov", "Smith, a professor at Yale,"), a
 * role ("the spokesman"), a pronoun, or some other noun phrase ("critics") that names nobody.
 */
import { NAME_PARTICLES, NOT_NAMES, ORGANISATION_HEADS, PREPOSITIONS, SPEECH_PARTICIPLES, SPEECH_VERBS, WEEKDAYS } from "../../text/word-lists.ts";
import { isRoleHead, isRoleWord, stripTitles } from "./roles.ts";
import { POSSESSIVE, isCapitalized, lowerNoDot, words, type Token } from "./tokens.ts";

export type Subject =
  | { kind: "name"; tokens: string[]; initial?: boolean; titles?: string[] }
  | { kind: "pronoun"; word: string; at: number }
  | { kind: "role"; roles: string[] }
  /** The person an interview's answers ("A:") belong to. */
  | { kind: "interviewee" }
  | { kind: "generic" };

const PRONOUNS = words("he she they");
/** Words skipped between a subject and its verb ("Peskov also told", "Peskov on Friday said"). */
const SKIPPABLE = new Set([
  ...words(`
    also later earlier then previously again once recently further separately has had have was were is would will
    reportedly repeatedly today yesterday tonight last week month year night morning afternoon evening
  `),
  ...WEEKDAYS,
]);
/** Things that speak for whoever issued them: "the IMF report said", "a White House statement read". */
const DOCUMENTS = words("report statement letter release memo filing ad advertisement spot post tweet editorial study survey complaint lawsuit ruling order");
export const DETERMINERS = words("the a an his her their its our this that another one");
/** Words after which a speech verb's spelling is a noun: "his remarks", "the reports". */
const NOUN_MARKERS = words("the a an his her their its our my your this these those");
/** Words that cannot begin an attribution after a quote: the sentence goes on about something else. */
export const CONTINUATIONS = words(`
  and but or while as which that who whom whose because if when where though although to of in for with from by
  than so nor
`);

/** A capitalised word that can be part of a name: not a function word, a pronoun or a speech verb. */
export function isNameWord(t: Token | undefined): boolean {
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
export function runStart(tokens: Token[], j: number, lo: number): number {
  let k = j;
  while (k - 1 >= lo) {
    const prev = tokens[k - 1];
    if (isNameWord(prev) && !POSSESSIVE.test(prev?.text ?? "") && !prev?.endsSentence) k--;
    else if (prev && NAME_PARTICLES.has(prev.text) && isNameWord(tokens[k - 2])) k--;
    else break;
  }
  return k;
}

/** `lo` is where the sentence starts: a one-word name there may be a capitalised common word ("Following"). */
export function subjectFromRun(tokens: Token[], from: number, to: number, lo = -1): Subject | null {
  const { name, roles } = stripTitles(tokens.slice(from, to + 1).map((t) => t.text));
  if (name.length > 0) return { kind: "name", tokens: name, initial: from === lo || tokens[from - 1]?.endsSentence === true, titles: roles };
  return roles.length > 0 ? { kind: "role", roles } : null;
}

/**
 * A lowercase noun phrase ending at `j`: a role ("the Kremlin's spokesman"), a document of a named body ("the IMF
 * report" is the IMF's), or some other noun ("critics").
 */
function subjectFromPhrase(tokens: Token[], j: number, lo: number): Subject {
  if (DOCUMENTS.has(tokens[j]?.lower ?? "") && isNameWord(tokens[j - 1]) && j - 1 >= lo) {
    return subjectFromRun(tokens, runStart(tokens, j - 1, lo), j - 1) ?? { kind: "generic" };
  }
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
    if (t?.text === ")") {
      // "Rep. Jane Ruiz (D-Ore.) said": a parenthesis of a few words after the name.
      const open = tokens.slice(Math.max(lo, k - 8), k).findLastIndex((u) => u.text === "(");
      if (open < 0) break;
      k = Math.max(lo, k - 8) + open - 1;
      continue;
    }
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
export function subjectBefore(tokens: Token[], verb: number, lo: number): Subject | null {
  const j = skipBackward(tokens, verb - 1, lo);
  const t = tokens[j];
  if (j < lo || !t) return null;
  if (t.isWord && PRONOUNS.has(t.lower)) return { kind: "pronoun", word: t.lower, at: t.start };
  if (t.text === ",") return appositiveSubject(tokens, j, lo);
  if (t.endsSentence) return null;
  if (isNameWord(t)) return subjectFromRun(tokens, runStart(tokens, j, lo), j);
  if (t.isWord && !DETERMINERS.has(t.lower) && !PREPOSITIONS.has(t.lower) && !CONTINUATIONS.has(t.lower)) {
    return subjectFromPhrase(tokens, j, lo);
  }
  return null;
}

/**
 * "Smith, a professor at Yale, said" / "Rawlings, 59, of Ashton, Md., said" / "the fire chief, Omar Haddad, said":
 * the earliest name followed by a comma in the clause that ends at the comma `j`. A place in the appositive ("of
 * Ashton") is not its subject.
 */
function appositiveSubject(tokens: Token[], j: number, lo: number): Subject | null {
  let found: Subject | null = null;
  // From the comma before the verb itself: "a spokeswoman for the chain, Dana Reyes, said" names Reyes.
  for (let k = j; k >= lo && k > j - 45; k--) {
    const t = tokens[k];
    if (!t || (t.endsSentence && k < j)) break;
    if (t.text !== ",") continue;
    // "Rep. Jim Jordan (R-Ohio), an oversight panel member, said"
    const nameEnd = tokens[k - 1]?.text === ")" ? tokens.slice(Math.max(lo, k - 8), k - 1).findLastIndex((u) => u.text === "(") + Math.max(lo, k - 8) - 1 : k - 1;
    if (!isNameWord(tokens[nameEnd])) continue;
    const start = runStart(tokens, nameEnd, lo);
    if (!PREPOSITIONS.has(tokens[start - 1]?.lower ?? "")) found = subjectFromRun(tokens, start, nameEnd) ?? found;
  }
  return found;
}

/** The subject after an inverted verb or "according to": "said foreign ministry spokesman Georgiy Tykhy". */
export function subjectAfter(tokens: Token[], from: number): Subject | null {
  let k = from;
  while (tokens[k] && DETERMINERS.has(tokens[k]?.lower ?? "")) k++;
  const first = tokens[k];
  if (first?.isWord && PRONOUNS.has(first.lower)) return { kind: "pronoun", word: first.lower, at: first.start };
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

/**
 * A speech verb, not the noun of the same spelling: "his remarks", "Trump's claims", "the reports" are things said.
 * Given the token before it to tell them apart.
 */
export function isSpeechVerb(t: Token | undefined, previous: Token | undefined, next?: Token): boolean {
  if (t === undefined || !t.isWord) return false;
  // "as Smith put it, “…”"
  if (t.lower === "put" && next?.lower === "it") return true;
  if (!SPEECH_VERBS.has(t.text)) return false;
  return previous === undefined || !(NOUN_MARKERS.has(previous.lower) || POSSESSIVE.test(previous.text));
}



/**
 * The subject of the sentence `tokens[lo…to)`, for a verb far from it ("Hale returned to the podium and, smiling,
 * declared", "Trump attacked Clinton, saying"): a name or pronoun opening the sentence or a clause after a comma
 * ("In an August speech, Trump attacked"), followed by a verb or an appositive. "Democratic nominee Hillary
 * Clinton" is read through its role to the name; a sentence opening with a common noun has no named subject.
 */
export function sentenceSubject(tokens: Token[], lo: number, to: number): Subject | null {
  for (let k = lo; k < to; k++) {
    const t = tokens[k];
    if (!t?.isWord || (k > lo && !CLAUSE_BREAK.test(tokens[k - 1]?.text ?? ""))) continue;
    if (PRONOUNS.has(t.lower)) return { kind: "pronoun", word: t.lower, at: t.start };
    if (k === lo && DETERMINERS.has(t.lower)) return null;
    if (!isNameWord(t)) continue;
    const subject = namedSubjectAt(tokens, k, to);
    if (subject) return subject;
  }
  return null;
}

const CLAUSE_BREAK = /^[,:\u2013\u2014\u2015-]$/;

function namedSubjectAt(tokens: Token[], k: number, to: number): Subject | null {
  const end = runEndAt(tokens, k, to);
  const next = tokens[end + 1];
  if (!next || POSSESSIVE.test(tokens[end]?.text ?? "")) return null;
  if (next.text === "," || next.text === "(") return subjectFromRun(tokens, k, end, k);
  if (!next.isWord || isCapitalized(next.text) || PREPOSITIONS.has(next.lower) || CONTINUATIONS.has(next.lower) || DETERMINERS.has(next.lower)) return null;
  // "Democratic presidential nominee Hillary Clinton chimed in": the name after the role is the subject.
  let r = end + 1;
  while (r < to && r <= end + 4 && tokens[r]?.isWord && !isCapitalized(tokens[r]?.text ?? "")) r++;
  if (r > end + 1 && isRoleHead(tokens[r - 1]?.text ?? "") && isNameWord(tokens[r])) return namedSubjectAt(tokens, r, to);
  return subjectFromRun(tokens, k, end, k);
}

function runEndAt(tokens: Token[], from: number, to: number): number {
  let end = from;
  while (end + 1 < to && !tokens[end]?.endsSentence && (isNameWord(tokens[end + 1]) || NAME_PARTICLES.has(tokens[end + 1]?.text ?? ""))) end++;
  return end;
}

export function isSpeechParticiple(t: Token | undefined): boolean {
  return t !== undefined && t.isWord && SPEECH_PARTICIPLES.has(t.text);
}

/** The speaker a transcript label names: "MAYOR HALE" → Hale (role mayor), "A" → whoever is interviewed. */
export function labelSubject(label: string): Subject | null {
  if (label === "A") return { kind: "interviewee" };
  const titled = label.split(/[ \u00A0]+/).map((w) => w.charAt(0) + w.slice(1).toLowerCase());
  const { name, roles } = stripTitles(titled);
  if (name.length > 0) return { kind: "name", tokens: name };
  return roles.length > 0 ? { kind: "role", roles } : null;
}
