import { languageWords } from "../text/stemmers.ts";
import { SPEECH_VERBS_PAST, SPEECH_VERBS_PRESENT } from "../text/word-lists-ru-uk.ts";
import { normalizeWord, STOP_WORDS, words } from "../text/words.ts";
import { parseDateIntent, type DateIntent } from "./dates.ts";

/** What kind of answer the question wants; decides which sentences answer it best. */
export type QuestionKind = "who-said" | "what-said" | "who" | "when" | "where" | "why" | "general";

/**
 * What kind of thing the answer is, read from the question's wording ("which country…", "how many…", "who…").
 * Where `QuestionKind` picks how to answer (quotes of a speaker, a cause, a date), this says what the answer
 * names, so passages and sentences holding such a thing can be preferred (answer-type.ts finds them).
 */
export type AnswerType = "number" | "time" | "person" | "country" | "us-state" | "place" | "organization" | "weekday" | "month" | "year" | "name";

const PERSON_NOUNS =
  "person|man|woman|player|actor|actress|singer|rapper|star|celebrity|politician|president|leader|mp|senator|lawmaker|governor|mayor|minister|official|judge|candidate|ceo|executive|founder|driver|golfer|footballer|athlete|coach|manager|author|writer|director|artist|musician|comedian|host|personality|billionaire|entrepreneur|royal|prince|princess|king|queen|pope|justice|quarterback|republican|democrat";
const ORGANIZATION_NOUNS =
  "company|companies|firm|automaker|carmaker|retailer|airline|network|platform|app|brand|chain|restaurant|store|team|club|bank|agency|department|organi[sz]ation|group|party|union|university|college|newspaper|tabloid|broadcaster|studio|manufacturer|maker|giant|startup|business|corporation|league";
const PLACE_NOUNS = "city|town|county|region|province|island|capital|continent|area|village|neighbou?rhood|park|airport|port|river|lake|mountain|location|venue";

/** "which actress…" asks for a person; "what sparked actress Mary Steenburgen's career" names her: the noun stands before a name. */
const PERSON_NOUN = new RegExp(`\\b(which|what)(?: [\\w-]+){0,2} (${PERSON_NOUNS})\\b`, "i");

const TYPE_PATTERNS: Array<[RegExp, AnswerType]> = [
  // A clock time answers "how late did it go on?", not any number.
  [/\bhow (late|early)\b|\bwhat time\b|\bat what hour\b/i, "time"],
  // "How widespread is it?" is answered by a share or a count ("eight out of ten companies").
  [/\bhow (many|much|long|old|far|tall|big|high|fast|often|widespread|common|prevalent|popular|extensive)\b|\bwhat (percentage|percent|share|proportion|amount|number|figure|sum|price|cost|total|temperature|margin|age|speed|rate)\b|\bby (how much|what margin)\b|\bhigh mark\b/i, "number"],
  [/\b(which|what)(?: (?:other|u\.?s\.?|us|american|southern|northern|eastern|western|midwestern|coastal|border))? state\b/i, "us-state"],
  [/\b(which|what)(?: [\w-]+)? (country|nation)('s|’s)?\b/i, "country"],
  [/\b(which|what) (day|weekday)\b/i, "weekday"],
  [/\b(which|what) month\b/i, "month"],
  [/\b(which|what|in what) year\b/i, "year"],
  [PERSON_NOUN, "person"],
  [/^\s*(who|whom|whose)\b/i, "person"],
  [new RegExp(`\\b(which|what)(?: [\\w-]+){0,2} (${ORGANIZATION_NOUNS})\\b`, "i"), "organization"],
  [new RegExp(`\\b(which|what)(?: [\\w-]+)? (${PLACE_NOUNS})\\b|^\\s*where\\b|\\bwhere (is|was|are|were|does|did|do)\\b`, "i"), "place"],
  [/\b(which|what) (holiday|festival|event|show|series|film|movie|book|song|album|game|hurricane|storm|law|bill|program|programme|award|prize|tournament|race)\b/i, "name"],
];

/** Types whose instances are told only by capitalisation, not by a word list or digits. */
export function isNameType(type: AnswerType): boolean {
  return type === "person" || type === "organization" || type === "place" || type === "name";
}

/** The kind of thing the question asks for, or null when its wording does not say ("what happened…", "why…"). */
export function expectedAnswerType(question: string): AnswerType | null {
  for (const [pattern, type] of TYPE_PATTERNS) {
    const match = pattern.exec(question);
    if (!match) continue;
    if (pattern === PERSON_NOUN && /^\s+\p{Lu}/u.test(question.slice(match.index + match[0].length))) continue;
    return type;
  }
  return null;
}

/** A question taken apart for search and for choosing answer sentences. */
export interface ParsedQuery {
  text: string;
  kind: QuestionKind;
  /** Content words, lowercased, in order, without stop words or date words. */
  terms: string[];
  /** Exact phrases that should win: quoted passages and multi-word names, lowercased. */
  phrases: string[];
  /** Capitalised names as written ("Dmitry Peskov", "Ukraine"). */
  names: string[];
  /** What kind of thing the answer is, when the wording says ("which country…": a country). */
  answerType: AnswerType | null;
  /** For "what did X say": X. */
  speaker: string | null;
  /** For "who said '…'": the quoted words. */
  quoted: string | null;
  dates: DateIntent;
}

/** Words in quotation marks (« » and „ “ too); inside single ones an apostrophe before a letter ("'It's over'") is part of the words. */
const QUOTED = /["“”«„]([^"“”«»„]{3,}?)["“”»]|(?:^|\s)['‘]((?:[^'‘’]|['’](?=\p{L})){3,}?)['’](?=\s|[?.!,]|$)/u;

/**
 * Whether a question's word says nothing about which article answers: the English list, and for a word in
 * Cyrillic letters, the Russian and Ukrainian ones (a short question rarely tells the two apart, and their
 * function words barely overlap with content words of the other).
 */
export function isQuestionStopWord(word: string): boolean {
  if (STOP_WORDS.has(word)) return true;
  if (!/\p{Script=Cyrillic}/u.test(word)) return false;
  return languageWords("ru")!.isStopWord(word) || languageWords("uk")!.isStopWord(word);
}

/** Runs of capitalised words not at the start of a sentence, or at the start when not a function word ("Peskov said"). */
function capitalisedNames(text: string): string[] {
  const names: string[] = [];
  let run: string[] = [];
  let sentenceStart = true;
  const flush = (): void => {
    if (run.length > 0) names.push(run.join(" "));
    run = [];
  };
  for (const match of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}.'’-]*|[^\s\p{L}\p{N}]+/gu)) {
    const token = match[0].replace(/['’]s$/, "").replace(/\.$/, "");
    const capitalised = /^\p{Lu}/u.test(token);
    if (capitalised && !(sentenceStart && isQuestionStopWord(normalizeWord(token))) && !(isQuestionStopWord(normalizeWord(token)) && run.length === 0)) {
      run.push(token);
    } else if (/^(of|the|de|von|van|al|bin)$/i.test(token) && run.length > 0) {
      run.push(token);
    } else {
      while (run.length > 0 && /^(of|the|de|von|van|al|bin)$/i.test(run.at(-1)!)) run.pop();
      flush();
    }
    sentenceStart = /^[.?!:;]+$/.test(match[0]);
  }
  flush();
  return names;
}

const WHO_SAID = /^\s*who\s+(?:said|says|told|wrote|tweeted|declared|stated|claimed|called)\b/i;
const WHAT_SAID = /\bwhat\s+(?:exactly\s+)?(?:did|does|has|have|had|is|was)\s+(.+?)\s+(?:say|said|saying|tell|told|think|thinks|claim|argue|write|mean)\b(?:\s+(?:exactly|precisely|actually))?(?:\s+(?:about|on|of|regarding)\s+(.+?))?[?.!]*\s*$/i;

/** Russian and Ukrainian speech verbs: "Кто сказал …?", "Що заявила Захарова про …?". */
const RU_UK_VERB = `(?:${[...SPEECH_VERBS_PAST.keys(), ...SPEECH_VERBS_PRESENT].join("|")})(?![\\p{L}])`;
const RU_UK_ABOUT = String.raw`(?:\s+(?:о|об|обо|про|насчёт|насчет|по поводу|щодо|стосовно|з приводу)\s+(.+?))?[?.!]*\s*$`;
const WHO_SAID_RU_UK = new RegExp(String.raw`^\s*(?:а\s+|и\s+|і\s+|й\s+)?(?:кто|хто)\s+${RU_UK_VERB}`, "iu");
/** "Что сказал Песков о …?" (verb first) and "Что Песков сказал о …?" (speaker first). */
const WHAT_SAID_RU_UK = [
  new RegExp(String.raw`^\s*(?:а\s+|и\s+|і\s+|й\s+)?(?:что|що)\s+${RU_UK_VERB}\s+(.+?)${RU_UK_ABOUT}`, "iu"),
  new RegExp(String.raw`^\s*(?:а\s+|и\s+|і\s+|й\s+)?(?:что|що)\s+(.+?)\s+${RU_UK_VERB}${RU_UK_ABOUT}`, "iu"),
];

/** The speaker of a "what did X say" question in any of the languages read. */
function whatSaidSpeaker(text: string): string | null {
  const english = WHAT_SAID.exec(text);
  if (english) return english[1]?.trim() ?? null;
  for (const pattern of WHAT_SAID_RU_UK) {
    const m = pattern.exec(text);
    if (m?.[1]) return m[1].trim();
  }
  return null;
}

/**
 * The question without its Russian or Ukrainian who/what-said frame ("Что сказал … о", "Хто сказав"), whose words
 * name no topic; English questions are returned as they are (their frame words are stop words).
 */
function withoutFrame(text: string): string {
  if (!WHO_SAID_RU_UK.test(text) && !WHAT_SAID_RU_UK.some((pattern) => pattern.test(text))) return text;
  return text
    .replace(/^\s*(?:(?:а|и|і|й)\s+)?(?:кто|хто|что|що)(?![\p{L}])/iu, " ")
    .replace(new RegExp(RU_UK_VERB, "iu"), " ")
    .replace(/(?<![\p{L}])(?:о|об|обо|про|насчёт|насчет|щодо|стосовно)(?![\p{L}])/giu, " ");
}

function kindOf(text: string): QuestionKind {
  if (WHO_SAID.test(text) || WHO_SAID_RU_UK.test(text)) return "who-said";
  if (whatSaidSpeaker(text) !== null) return "what-said";
  const lower = text.toLowerCase();
  if (/^\s*(who|whom|whose)\b/.test(lower) || /\b(which|what) (person|man|woman|leader|company|group|team)\b/.test(lower)) return "who";
  if (/^\s*(?:(?:and|but|so)\s+)?(?:(?:until|till|since|by|from)\s+)?when\b|\bwhat (day|date|year|time)\b|^\s*(?:and\s+)?how (?:late|early)\b/.test(lower)) return "when";
  if (/^\s*where\b|\bwhat (country|city|state|place)\b|\bwhere\b/.test(lower)) return "where";
  if (/^\s*why\b/.test(lower)) return "why";
  return "general";
}

/** Splits a question into search terms, phrases, names, the speaker or quote it asks about, and its dates. */
export function parseQuery(text: string, now: Date): ParsedQuery {
  // Words in quotation marks are the words asked about: "now" or "today" there is no date to take out.
  const quotedMatch = QUOTED.exec(text);
  const quoted = quotedMatch ? (quotedMatch[1] ?? quotedMatch[2] ?? "").trim() : null;
  const unquoted = withoutFrame(quotedMatch ? text.replace(quotedMatch[0], " ") : text);
  const dates = parseDateIntent(unquoted, now);
  let rest = unquoted;
  for (const span of dates.spans) rest = rest.replace(span, " ");
  if (quotedMatch) rest = `${rest} ${quotedMatch[0]}`;
  const kind = kindOf(text);
  const speaker = kind === "what-said" ? whatSaidSpeaker(text) : null;

  const names = capitalisedNames(rest).filter((name) => !/^(I|I'm|I've)$/.test(name));
  const phrases = new Set<string>();
  if (quoted) phrases.add(words(quoted).join(" "));
  for (const name of names) {
    const nameWords = words(name);
    if (nameWords.length > 1) phrases.add(nameWords.join(" "));
  }

  const terms: string[] = [];
  for (const word of words(rest)) {
    if (isQuestionStopWord(word) || word.length < 2 && !/\d/.test(word)) continue;
    if (!terms.includes(word)) terms.push(word);
  }
  return { text, kind, answerType: expectedAnswerType(text), terms, phrases: [...phrases].filter((p) => p.length > 0), names, speaker, quoted: quoted || null, dates };
}
