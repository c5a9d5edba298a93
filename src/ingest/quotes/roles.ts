/** Titles, offices and the role phrases that introduce a person: "Kremlin spokesman Dmitry Peskov", "X, a professor". */
import {
  DEPARTMENT_WORDS,
  NOT_NAMES,
  OCCUPATIONS,
  ORGANISATION_HEADS,
  PREPOSITIONS,
  ROLE_WORDS,
  SPEECH_VERBS,
} from "../../text/word-lists.ts";
import { isAbbreviation, isCapitalized, lowerNoDot, wordBefore, words } from "./tokens.ts";

const HONORIFICS = words("mr mrs ms mx miss sir madam");
const ROLE_SUFFIX = /(?:er|or|ist|ian|man|woman|person|ant|ent|crat|can)$/;
/** Words that end a role phrase walking back from a name: it belongs to the sentence, not to the person. */
const ROLE_STOPS = words(`
  the a an and or but of in on at by for from with to as than that who which said says told including between against
  about over into like among toward towards under upon within without through during across behind beyond via versus
`);

export function isRoleWord(word: string): boolean {
  return ROLE_WORDS.has(lowerNoDot(word));
}

export function isRoleStop(word: string): boolean {
  return ROLE_STOPS.has(word);
}

export function isRoleHead(word: string): boolean {
  const lower = lowerNoDot(word).replace(/['\u2019]s$/, "");
  return ROLE_WORDS.has(lower) || OCCUPATIONS.has(lower);
}

/** A name with its leading titles removed: "Russian Foreign Minister Sergei Lavrov" → roles [minister], Lavrov. */
export function stripTitles(tokens: string[]): { name: string[]; roles: string[] } {
  const last = tokens[tokens.length - 1];
  if (tokens.length < 2) return { name: tokens, roles: [] };
  // "Ms Public Prosecution Service": a title glued onto an organisation's name belongs to someone else.
  if (last !== undefined && ORGANISATION_HEADS.has(last.toLowerCase())) {
    let k = 0;
    while (k < tokens.length - 1 && ROLE_WORDS.has(lowerNoDot(tokens[k] ?? ""))) k++;
    return { name: tokens.slice(k), roles: [] };
  }
  let cut = -1;
  const roles: string[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    const word = lowerNoDot(tokens[i] ?? "");
    if (ROLE_WORDS.has(word)) {
      cut = i;
      roles.push(word);
    } else if (cut >= 0 && i === cut + 1 && DEPARTMENT_WORDS.has(word)) {
      cut = i;
    }
  }
  return { name: cut < 0 ? tokens : tokens.slice(cut + 1), roles };
}

/**
 * The words that introduce a name within its sentence: "Kremlin spokesman" (Dmitry Peskov), "said heritage officer"
 * → "heritage officer", "Republican Texas Gov." (Greg Abbott). Null unless one of them names a role.
 */
function rolePhraseBefore(text: string, nameStart: number, paragraphStart: number): { phrase: string; start: number } | null {
  const found: string[] = [];
  let start = nameStart;
  for (let n = 0; n < 6; n++) {
    // Words are separated by spaces; anything else (a comma, a quote mark) ends the phrase.
    if (text[start - 1] !== " ") break;
    const previous = wordBefore(text, start, paragraphStart);
    if (!previous || !/^\p{L}/u.test(previous.word)) break;
    const { word } = previous;
    const lower = lowerNoDot(word);
    if (ROLE_STOPS.has(lower) || SPEECH_VERBS.has(lower) || (NOT_NAMES.has(lower) && !isRoleHead(word))) break;
    if (word.endsWith(".") && !isAbbreviation(word)) break;
    found.unshift(word);
    start = previous.start;
  }
  if (!headsRole(found[found.length - 1] ?? "")) return null;
  return { phrase: found.join(" "), start };
}

/** The word next to the name is the head noun: "harbour pilot", "seventh grader"; "impeachment managers prosecuting" is not. */
function headsRole(head: string): boolean {
  return isRoleHead(head) || (!isCapitalized(head) && ROLE_SUFFIX.test(head) && !head.endsWith("ment"));
}

/**
 * "a spokeswoman for the hotel chain, Dana Reyes," → "spokeswoman for the hotel chain": a role phrase opened by an
 * article and headed by a role word, set off from the name by a comma.
 */
function rolePhraseBeforeComma(text: string, nameStart: number, paragraphStart: number): { phrase: string; start: number } | null {
  const comma = /,[ \u00A0]*$/.exec(text.slice(Math.max(paragraphStart, nameStart - 3), nameStart));
  if (!comma) return null;
  const end = nameStart - comma[0].length;
  const found: { word: string; start: number }[] = [];
  let at = end;
  for (let n = 0; n < 9; n++) {
    const previous = wordBefore(text, at, paragraphStart);
    if (!previous || (n > 0 && text[previous.start + previous.word.length] === ",")) break;
    found.unshift(previous);
    at = previous.start;
    const before = wordBefore(text, at, paragraphStart)?.word.toLowerCase() ?? "";
    if (isRoleHead(previous.word) && (before === "a" || before === "an" || before === "the")) {
      return { phrase: text.slice(previous.start, end), start: previous.start };
    }
  }
  return null;
}

/**
 * "Marta Ilves, a professor of ecology at a Baltic university," → "a professor of ecology at a Baltic university",
 * with its head "a professor".
 */
function rolePhraseAfter(text: string, at: number): { phrase: string; head: string[] } | null {
  if (text[at] !== ",") return null;
  const m = /^,\s+((?:(?:the|a|an)\s+)?[^,;:()"\u201C\u201D]{2,80}?)(?=,|\.(?:\s|$)|;|$)/.exec(text.slice(at, at + 120));
  // "a chief of staff to the president whom Mr. …": a relative clause is no part of the role.
  const phrase = m?.[1]?.split(/\s+(?:who|whom|whose|which|that)\s/)[0]?.trim();
  if (!phrase || /\d/.test(phrase.slice(0, 3)) || phrase.split(/\s+/).length > 10) return null;
  const ws = phrase.split(/\s+/);
  // Cut short at an abbreviation's full stop ("… candidate Sen."): not a whole phrase.
  if (isAbbreviation(`${ws[ws.length - 1] ?? ""}.`) && !text.slice(at).startsWith(`, ${phrase},`)) return null;
  // The head noun comes before "of"/"at"/"by": "deputy director of the National Economic Council".
  const headEnd = ws.findIndex((w) => PREPOSITIONS.has(w.toLowerCase()) || w === "by");
  const head = headEnd > 0 ? ws.slice(0, headEnd) : ws;
  return head.some((w) => isRoleHead(w)) ? { phrase, head } : null;
}

/** How the article introduces a person where it names them. */
export interface Introduction {
  /** The role phrase as written, the one before the name first: "Kremlin spokesman", "a professor of ecology". */
  phrase: string | null;
  /** Where the role phrase before the name starts; the name's own start when there is none. */
  start: number;
  /** The title and office words among the role phrase's head, for "the spokesman said" → this person. */
  roles: string[];
}

/** The role phrases before a name starting at `nameStart` and after a name ending at `nameEnd`. */
export function introduction(text: string, nameStart: number, nameEnd: number, paragraphStart: number): Introduction {
  const found = rolePhraseBefore(text, nameStart, paragraphStart) ?? rolePhraseBeforeComma(text, nameStart, paragraphStart);
  // "Mr." is how the article refers to someone, not what they are: "spokeswoman Ms Anna Berg" has the role "spokeswoman".
  const words = found?.phrase.split(" ") ?? [];
  while (words.length > 0 && HONORIFICS.has(lowerNoDot(words[words.length - 1] ?? ""))) words.pop();
  const trimmed = words.length < (found?.phrase.split(" ").length ?? 0);
  const before = found && words.length > 0 && (!trimmed || headsRole(words[words.length - 1] ?? "")) ? { ...found, phrase: words.join(" ") } : null;
  const after = rolePhraseAfter(text, nameEnd);
  const roles = [...(before?.phrase.split(" ") ?? []), ...(after?.head ?? [])].map(lowerNoDot).filter((w) => ROLE_WORDS.has(w));
  return { phrase: before?.phrase ?? after?.phrase ?? null, start: before?.start ?? nameStart, roles };
}
