/**
 * One pass over the article for what it says about people before any quote is attributed: the names it uses and
 * their fullest forms, the roles they are introduced with, who is said to speak, and who sentences are about.
 */
import { DEPARTMENT_WORDS, NAME_PARTICLES, NOT_NAMES, ORGANISATION_HEADS, SPEECH_VERBS } from "../../text/word-lists.ts";
import { insideQuotes, type Paragraph, type RawQuote } from "./marks.ts";
import { introduction, isRoleStop, isRoleWord, stripTitles, type Introduction } from "./roles.ts";
import { genderAfterName, genderOfFirstName, genderOfWords, isFirstName, type Gender } from "./gender.ts";
import { NAME_INNER, POSSESSIVE, UPPER, isAbbreviation, isCapitalized, wordBefore, words } from "./tokens.ts";

export interface Mention {
  name: string;
  tokens: string[];
  pos: number;
  paragraph: number;
  /** The mention opens a sentence, so its first word may be capitalised only for that reason. */
  initial: boolean;
}

interface RoleMention {
  role: string;
  name: string;
  pos: number;
}

/** What the article says about people, gathered in one pass before attribution. */
export interface ArticleIndex {
  /** Multi-word names by their last word, for preferring "Dmitry Peskov" over "Peskov". */
  fullNames: Map<string, Mention[]>;
  roles: RoleMention[];
  /** Who spoke where, in text order: subjects of speech verbs and named speakers of quotes. */
  speakers: Mention[];
  /** Names introduced with a role, a weaker antecedent for "he said" than a speaker. */
  people: Mention[];
  /** Every name outside quotes that is not an organisation's, the weakest antecedent. */
  named: Mention[];
  /** Capitalised words seen inside a sentence: a sentence-initial "Critics" is not a name unless seen here. */
  midSentence: Set<string>;
  /** People named as the subject of a sentence ("Harbour pilot Jonas Weber welcomed…"): "he" in the same paragraph. */
  subjects: Mention[];
  /** The role or affiliation a person is introduced with, by full name and by surname: "Kremlin spokesman". */
  roleOf: Map<string, string>;
  /** What the article tells of a person's gender, by full name and by surname; null where two people disagree. */
  gender: Map<string, Gender | null>;
  /** The gender the pronouns after a name suggest, by surname: weaker, and no sign that the name is a person's. */
  pronounGender: Map<string, Gender>;
}

interface NameSegment {
  tokens: string[];
  start: number;
  end: number;
}

const NAME_TOKEN = String.raw`${UPPER}${NAME_INNER}*\.?`;
const NAME_RUN = new RegExp(
  String.raw`${NAME_TOKEN}(?:[ \u00A0]+(?:(?:${[...NAME_PARTICLES].join("|")})[ \u00A0]+)*${NAME_TOKEN})*`,
  "gu",
);
const LETTER = /[\p{L}\p{M}\p{N}]/u;
/** The word after a name, and the one after that when the first is an adverb: "Peskov (also) said". */
const WORDS_AFTER_NAME = /[ \u00A0]+([a-z]+)(?:[ \u00A0]+([a-z]+))?/y;
const ORGANISATION_TAIL = /(\p{Lu}\p{L}*)[ \u00A0]+(?:of|on|for)(?:[ \u00A0]+the)?[ \u00A0]+$/u;
const ADVERBS_BEFORE_VERB = words("also later earlier then previously again has had have reportedly");

/** The common case of a one-word run, without the splitting machinery. */
function splitSingle(raw: string, start: number, segments: NameSegment[]): NameSegment[] {
  const word = raw.endsWith(".") && !isAbbreviation(raw) ? raw.replace(/\.+$/, "") : raw;
  if (NOT_NAMES.has(word.toLowerCase()) || POSSESSIVE.test(word) || NAME_PARTICLES.has(word)) return segments;
  segments.push({ tokens: [word], start, end: start + word.length });
  return segments;
}

/**
 * Split one capitalised run into candidate names: a sentence-ending full stop, a sentence-initial word or a date
 * ends a name, and a possessive ("Russia's") belongs to what follows, not to the name.
 */
function splitRun(run: string, runStart: number): NameSegment[] {
  const segments: NameSegment[] = [];
  if (!run.includes(" ") && !run.includes("\u00A0")) return splitSingle(run, runStart, segments);
  let current: NameSegment | null = null;
  let offset = 0;
  for (const raw of run.split(/[ \u00A0]+/)) {
    offset = run.indexOf(raw, offset);
    const start = runStart + offset;
    offset += raw.length;
    const endsSentence = raw.endsWith(".") && !isAbbreviation(raw);
    const word = endsSentence ? raw.replace(/\.+$/, "") : raw;
    if (NOT_NAMES.has(word.toLowerCase()) || POSSESSIVE.test(word)) {
      if (current) segments.push(current);
      current = null;
      continue;
    }
    if (!current && NAME_PARTICLES.has(word)) continue;
    current ??= { tokens: [], start, end: start };
    current.tokens.push(word);
    current.end = start + word.length;
    if (endsSentence) {
      segments.push(current);
      current = null;
    }
  }
  if (current) segments.push(current);
  for (const segment of segments) {
    while (NAME_PARTICLES.has(segment.tokens[segment.tokens.length - 1] ?? "")) segment.tokens.pop();
  }
  return segments;
}

/** Headlines are in title case; their capitalised runs are not names. */
function isTitleCase(text: string, paragraph: Paragraph): boolean {
  if (paragraph.end - paragraph.start > 250) return false;
  let upper = 0;
  let lower = 0;
  for (let i = paragraph.start; i < paragraph.end; i++) {
    if (i > paragraph.start && text[i - 1] !== " ") continue;
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  return upper + lower >= 3 && upper / (upper + lower) > 0.6;
}

/** Scan the article's capitalised runs once for names, roles, speakers and sentence subjects. */
export function indexArticle(text: string, paragraphs: Paragraph[], raws: RawQuote[]): ArticleIndex {
  const index: ArticleIndex = {
    fullNames: new Map(),
    roles: [],
    speakers: [],
    people: [],
    named: [],
    midSentence: new Set(),
    subjects: [],
    roleOf: new Map(),
    gender: new Map(),
    pronounGender: new Map(),
  };
  const inQuote = insideQuotes(raws);
  const tallies = new Map<string, { female: number; male: number }>();
  const headline = paragraphs.map((paragraph) => isTitleCase(text, paragraph));
  let p = 0;
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
    while ((paragraphs[p]?.end ?? Infinity) <= m.index) p++;
    const paragraph = paragraphs[p];
    // A capital inside a word ("iPhone") does not start a name.
    if (!paragraph || headline[p] === true || LETTER.test(text[m.index - 1] ?? "")) continue;
    for (const segment of splitRun(m[0], m.index)) {
      indexSegment(text, paragraph, segment, index, inQuote(segment.start), tallies);
    }
  }
  applyTallies(index, tallies);
  return index;
}

function indexSegment(
  text: string,
  paragraph: Paragraph,
  segment: NameSegment,
  index: ArticleIndex,
  quoted: boolean,
  tallies: Map<string, { female: number; male: number }>,
): void {
  const initial = startsSentence(text, segment.start, paragraph.start);
  if (!initial) index.midSentence.add(segment.tokens[0] ?? "");
  for (let k = 1; k < segment.tokens.length; k++) index.midSentence.add(segment.tokens[k] ?? "");
  const { name: stripped, roles: titles } = stripTitles(segment.tokens);
  const tail = ORGANISATION_TAIL.exec(text.slice(Math.max(paragraph.start, segment.start - 40), segment.start));
  const before = tail?.[1];
  // "Commission on Presidential Debates", "Bank of England": the tail of an organisation's name is no one's name.
  if (stripped.length === 0 || (before !== undefined && !isRoleWord(before))) return;
  // "Secretary of State John Kerry": after a title's "of", the department is not part of the name.
  let cut = 0;
  while (before !== undefined && cut < stripped.length - 1 && DEPARTMENT_WORDS.has((stripped[cut] ?? "").toLowerCase())) cut++;
  const nameTokens = stripped.slice(cut);
  const name = nameTokens.join(" ");
  const mention: Mention = { name, tokens: nameTokens, pos: segment.start, paragraph: paragraph.index, initial };
  const last = nameTokens[nameTokens.length - 1] ?? "";
  let introStart = segment.start;
  if (ORGANISATION_HEADS.has(last.toLowerCase())) {
    // "the District Attorney's Office": a head noun on its own names no organisation "the office said" could mean.
    if (nameTokens.length > 1) index.roles.push({ role: last.toLowerCase(), name, pos: segment.start });
  } else {
    if (nameTokens.length >= 2 && nameTokens.length <= 5) {
      const list = index.fullNames.get(last) ?? [];
      list.push(mention);
      index.fullNames.set(last, list);
    }
    const start = nameStart(text, segment, nameTokens);
    const titleStart = tail && before ? segment.start - tail[0].length : -1;
    // "Secretary of State Maria Vance" is introduced by the whole title.
    const intro =
      titleStart >= 0 && before
        ? { phrase: text.slice(titleStart, start).trim(), start: titleStart, roles: [before.toLowerCase()] }
        : introduction(text, start, segment.end, paragraph.start);
    const roles = new Set([...titles, ...intro.roles]);
    const gender = genderOfWords([...segment.tokens, ...(intro.phrase?.split(" ") ?? [])]) ?? genderAfterName(text, segment.end);
    if (gender && !quoted) noteGender(index, mention, gender);
    if (!quoted) tallyPronoun(text, segment.end, last, tallies);
    for (const role of roles) index.roles.push({ role, name, pos: segment.start });
    if (roles.size > 0 || intro.phrase !== null) index.people.push(mention);
    if (!quoted) index.named.push(mention);
    if (!quoted) notePerson(text, paragraph, segment, intro, mention, index);
    introStart = Math.min(intro.start, segment.start);
  }
  const follows = speechFollows(text, segment.end) && !modifiesNoun(text, introStart, paragraph.start);
  if (follows || speechPrecedes(text, introStart, segment.end, paragraph.start)) {
    index.speakers.push(mention);
  }
}

/** The first he/his/she/her after a name, before another name or the sentence's end: "Clinton … her plan". */
const FOLLOWING_PRONOUN = /^[^.!?\p{Lu}]{0,120}?\b(he|his|him|she|her|hers)\b/u;

function tallyPronoun(text: string, nameEnd: number, surname: string, tallies: Map<string, { female: number; male: number }>): void {
  const m = FOLLOWING_PRONOUN.exec(text.slice(nameEnd, nameEnd + 140));
  if (!m?.[1]) return;
  const tally = tallies.get(surname) ?? { female: 0, male: 0 };
  if (m[1].startsWith("h") && m[1] !== "her" && m[1] !== "hers") tally.male++;
  else tally.female++;
  tallies.set(surname, tally);
}

/** The gender the pronouns after a name mostly have. */
function applyTallies(index: ArticleIndex, tallies: Map<string, { female: number; male: number }>): void {
  for (const [surname, { female, male }] of tallies) {
    if (female > 2 * male) index.pronounGender.set(surname, "female");
    else if (male > 2 * female) index.pronounGender.set(surname, "male");
  }
}

function noteGender(index: ArticleIndex, mention: Mention, gender: Gender): void {
  index.gender.set(mention.name, gender);
  const surname = mention.tokens[mention.tokens.length - 1] ?? "";
  const known = index.gender.get(surname);
  index.gender.set(surname, known === undefined || known === gender ? gender : null);
}

/** Where the name proper starts once the titles at the front of its capitalised run are set aside. */
function nameStart(text: string, segment: NameSegment, nameTokens: string[]): number {
  let at = segment.start;
  for (let k = 0; k < segment.tokens.length - nameTokens.length; k++) {
    at = text.indexOf(segment.tokens[k + 1] ?? "", at + (segment.tokens[k]?.length ?? 0));
  }
  return at;
}

function speechFollows(text: string, at: number): boolean {
  // "Joe Bassett, general manager at the speedway, said": step over one appositive. "Smith, 39, of Ossining, said"
  // stays unmatched, which is right for "Ossining".
  let from = at;
  if (text[at] === ",") {
    const close = text.indexOf(",", at + 1);
    if (close < 0 || close - at > 100 || /[.;:!?"\u201C\u201D]/.test(text.slice(at + 1, close))) return false;
    from = close + 1;
  }
  const next = text[from];
  if (next !== " " && next !== "\u00A0") return false;
  WORDS_AFTER_NAME.lastIndex = from;
  const m = WORDS_AFTER_NAME.exec(text);
  if (!m?.[1]) return false;
  return SPEECH_VERBS.has(m[1]) || (ADVERBS_BEFORE_VERB.has(m[1]) && SPEECH_VERBS.has(m[2] ?? ""));
}

/** "so many Republican claims": a name used as a modifier after a quantifier, so what follows is a noun. */
function modifiesNoun(text: string, start: number, paragraphStart: number): boolean {
  const previous = wordBefore(text, start, paragraphStart)?.word.toLowerCase() ?? "";
  return QUANTIFIERS.has(previous);
}

const HONORIFICS = words("mr mrs ms mx miss sir dr");
const QUANTIFIERS = words("many some several these those most other such few all both");

/**
 * "…, said Gregory, who…", "noted NBC's Dante Chinni.": the name is the inverted subject of the verb just before it
 * (across an outlet's possessive), and the sentence goes on with a comma or ends, not with the name's own verb.
 */
function speechPrecedes(text: string, start: number, end: number, paragraphStart: number): boolean {
  if (!/^(?:[ \u00A0]*[,.;:)]|[ \u00A0]+\(|$)/.test(text.slice(end, end + 2))) return false;
  let previous = wordBefore(text, start, paragraphStart);
  if (previous && POSSESSIVE.test(previous.word) && isCapitalized(previous.word)) {
    previous = wordBefore(text, previous.start, paragraphStart);
  }
  return previous !== null && SPEECH_VERBS.has(previous.word);
}

export function startsSentence(text: string, at: number, paragraphStart: number): boolean {
  let i = at - 1;
  while (i >= paragraphStart && text[i] === " ") i--;
  if (i < paragraphStart) return true;
  const ch = text[i] ?? "";
  if (/[.!?:\u2014]/.test(ch)) return true;
  if (!/["\u201C\u201D]/.test(ch)) return false;
  // After an opening mark the quoted sentence starts; after a closing one only if the quote ended a sentence.
  const before = text[i - 1];
  return i === paragraphStart || before === undefined || /[\s.!?]/.test(before);
}

/**
 * A one-word name that only ever opens a sentence may be a capitalised common noun ("Critics said"): it needs to be
 * seen mid-sentence or in a fuller name, unless it does not look like a plural.
 */
export function isConfirmedName(word: string, index: ArticleIndex): boolean {
  return index.midSentence.has(word) || index.fullNames.has(word) || !word.endsWith("s");
}

/**
 * Records a person's role phrase (first introduction wins) and whether this mention is a sentence's subject: a name,
 * perhaps after its role, opening a sentence and followed by a verb or an appositive.
 */
function notePerson(text: string, paragraph: Paragraph, segment: NameSegment, intro: Introduction, mention: Mention, index: ArticleIndex): void {
  const last = mention.tokens[mention.tokens.length - 1] ?? "";
  if (intro.phrase) {
    if (!index.roleOf.has(mention.name)) index.roleOf.set(mention.name, intro.phrase);
    if (!index.roleOf.has(last)) index.roleOf.set(last, intro.phrase);
  }
  // "Snooze A.M. Eatery": a full stop with no space after it ends an abbreviation, not a sentence.
  const spaced = intro.start === paragraph.start || /\s/.test(text[intro.start - 1] ?? "");
  const opensSentence = spaced && (startsSentence(text, intro.start, paragraph.start) || opensMainClause(text, intro.start, paragraph.start));
  // "Dan McLaughlin at the National Review agreed": an affiliation may sit between the name and its verb.
  const next = /^(?:,|[ \u00A0]+(?:(?:at|of|from|with)[ \u00A0]+(?:the[ \u00A0]+)?(?:\p{Lu}[\p{L}.'\u2019&-]*[ \u00A0]+){1,5})?([a-z]+))/u.exec(
    text.slice(segment.end, segment.end + 80),
  );
  const verbFollows = next !== null && (next[1] === undefined || !isRoleStop(next[1]));
  // One word opening a sentence is a person only when the article has them speak or gives them a role; "China had"
  // and "Prosecutors believe" are not.
  const person =
    mention.tokens.length >= 2 ||
    intro.phrase !== null ||
    index.fullNames.has(last) ||
    (isConfirmedName(last, index) && index.speakers.some((m) => m.tokens.length === 1 && m.tokens[0] === last));
  if (opensSentence && verbFollows && person) index.subjects.push(mention);
}

/**
 * "On Tuesday's show, Clinton criticized …", "In an August speech, Trump attacked …": a name right after the comma
 * that closes a sentence's opening phrase starts its main clause.
 */
function opensMainClause(text: string, at: number, paragraphStart: number): boolean {
  const before = text.slice(Math.max(paragraphStart, at - 200), at);
  if (!/,[ \u00A0]*$/.test(before)) return false;
  const sentence = /(?:^|[.!?][ \u00A0]+)([^.!?]*)$/.exec(before)?.[1] ?? "";
  const first = /^\p{Lu}\p{L}*/u.exec(sentence)?.[0] ?? "";
  return first !== "" && INTRODUCTORY.has(first.toLowerCase());
}

const INTRODUCTORY = words(`
  on in at during after before when while as since speaking asked earlier later meanwhile still but and yet
  last this following despite amid instead
`);

export function latestBefore<T extends { pos: number }>(items: T[], pos: number, accept: (item: T) => boolean): T | null {
  let best: T | null = null;
  for (const item of items) {
    if (item.pos >= pos) break;
    if (accept(item)) best = item;
  }
  return best;
}

/** The fullest form of a name the article uses: "Peskov" → "Dmitry Peskov"; of the gender and the titles given, if any. */
export function fullestName(tokens: string[], pos: number, index: ArticleIndex, gender?: Gender, titles: string[] = []): string {
  const last = tokens[tokens.length - 1] ?? "";
  const other = gender === "female" ? "male" : "female";
  const candidates = (index.fullNames.get(last) ?? []).filter(
    (c) =>
      c.tokens.length > tokens.length &&
      // "he said" of a Cruz is Ted Cruz, not Heidi Cruz.
      (gender === undefined || genderOfFirstName(c.tokens[0] ?? "") !== other) &&
      tokens.every((t, k) => c.tokens[c.tokens.length - tokens.length + k] === t) &&
      // "Like Trump, …" opens a sentence; its "Like" is no first name unless seen capitalised mid-sentence or known as one.
      (!c.initial || index.midSentence.has(c.tokens[0] ?? "") || isFirstName(c.tokens[0] ?? "")),
  );
  if (candidates.length === 0) return tokens.join(" ");
  // "President Obama" is the Obama the article calls president, not another of the name ("Michelle Obama").
  const hasTitle = (name: string): boolean => index.roles.some((r) => r.name === name && titles.includes(r.role));
  const titled = candidates.filter((c) => hasTitle(c.name));
  // Of the titles, an honorific ("Mr.") says nothing about which of the name; an office does.
  if (titled.length === 0 && titles.some((t) => !HONORIFICS.has(t)) && hasTitle(tokens.join(" "))) return tokens.join(" ");
  const pool = titled.length > 0 ? titled : candidates;
  const longest = Math.max(...pool.map((c) => c.tokens.length));
  const best = pool.filter((c) => c.tokens.length === longest);
  // Two people can share a surname; the one mentioned most recently is the likelier speaker.
  const before = best.filter((c) => c.pos < pos);
  return (before[before.length - 1] ?? best[0])?.name ?? tokens.join(" ");
}

export function isOrganisation(tokens: string[]): boolean {
  return ORGANISATION_HEADS.has((tokens[tokens.length - 1] ?? "").toLowerCase());
}

