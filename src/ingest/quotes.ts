/**
 * Direct quotes and who said them, found by rules at ingest time (news prose is formulaic enough that a few
 * attribution patterns cover most quotes, and bulk ingest cannot afford a model per article).
 *
 * Outline: split the article into paragraphs; pair quote marks inside each paragraph and join multi-paragraph
 * quotes; scan the article once for names, roles and indirect-speech subjects; then read the words on either side
 * of every quote for an attribution ("…," Peskov said / said Smith / he said: "…" / according to X, "…"), resolve
 * pronouns and roles to names, prefer the fullest form of a name, and drop scare quotes.
 */
import type { QuoteSpan } from "../library/article.ts";


const words = (s: string): Set<string> => new Set(s.trim().split(/\s+/));

const SPEECH_VERBS = words(`
  said says say told tells added adds asked asks noted notes wrote writes stated states explained explains
  warned warns argued argues insisted insists declared declares claimed claims continued continues tweeted tweets
  posted posts recalled recalls replied replies responded responds acknowledged acknowledges admitted admits
  announced announces confirmed confirms emphasized emphasised emphasizes emphasises stressed stresses urged urges
  suggested suggests observed remarked commented predicted cautioned conceded concluded countered described
  describes called calls dubbed termed labeled labelled quipped joked shouted testified vowed pledged maintained
  reiterated alleged wondered mused yelled
`);

/** Words that name what a person is; they precede a name as a title or stand in for it ("the spokesman said"). */
const ROLE_WORDS = words(`
  president vice-president president-elect premier prime minister secretary secretary-general senator sen
  representative rep congressman congresswoman lawmaker legislator governor gov mayor chancellor ambassador envoy
  diplomat spokesman spokeswoman spokesperson official officer chief ceo cfo coo chairman chairwoman chair director
  commissioner prosecutor attorney lawyer general gen commander leader speaker king queen prince princess pope
  judge justice professor prof analyst economist expert researcher scientist strategist coach manager founder
  co-founder owner executive sheriff aide adviser advisor candidate head deputy captain lieutenant lt colonel col
  sergeant sgt capt admiral adm major maj dr mr mrs ms mx sir rev reverend father sister chairperson
  president-elect emir sheikh ayatollah archbishop bishop cardinal inspector superintendent negotiator
  correspondent editor author columnist historian activist organizer organiser campaigner supervisor councilman
  councilwoman councillor councilor alderman assemblyman assemblywoman trustee administrator coordinator
  consultant pastor rabbi imam principal dean provost detective trooper marshal counsel solicitor
`);

/** Department names that sit between a title and a name in "Secretary of State Antony Blinken". */
const TITLE_FILLERS = words(`
  state defense defence affairs homeland security treasury commerce energy education interior agriculture
  transportation labor labour finance economy health foreign
`);

/** Nouns that make a capitalised phrase an organisation ("the Defence Ministry said"). */
const ORG_HEADS = words(`
  ministry department office agency police company government administration commission council committee court
  army military embassy party union bank group service authority authorities institute foundation organization
  organisation association federation board bureau directorate command kremlin
`);

const PRONOUNS = words("he she they");

/** Capitalised words that begin sentences or name dates and are never part of a name. */
const NOT_NAMES = words(`
  the a an and but or so yet if as at by for from in into of on to with without when while where after before
  since until although though because however meanwhile still also then there here this that these those it its
  he she they we i you his her their our my your him them us me asked speaking according despite during amid
  over under about after last next earlier later today yesterday tomorrow monday tuesday wednesday thursday
  friday saturday sunday january february march april june july august september october november december
  mon tue tues wed thu thurs fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec what who why how
  not no yes all some many more most other both each every such just only even now once instead like unlike
  whether indeed perhaps maybe across among around against within along behind beyond toward towards
`);

const PARTICLES = words("de da del della der den di do dos du el la le van von bin ibn al ter ten");

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = words(`
  mr mrs ms mx dr jr sr st sen rep gov gen lt col sgt capt prof rev adm maj cmdr gov pres dept corp inc ltd co
  no vs etc approx mt ft fla calif ill mich penn
`);

/** Words skipped between a subject and its verb ("Peskov also told", "Peskov on Friday said"). */
const SKIPPABLE = words(`
  also later earlier then previously again once recently further separately has had have was were is would will
  reportedly repeatedly today yesterday tonight last week month year night morning afternoon evening
  monday tuesday wednesday thursday friday saturday sunday
`);

const PREPOSITIONS = words("in on at during over via through from after before to with for of");
const DETERMINERS = words("the a an his her their its our this that another one");
/** Words that cannot begin an attribution after a quote: the sentence goes on about something else. */
const CONTINUATIONS = words(`
  and but or while as which that who whom whose because if when where though although to of in for with from by
  than so nor
`);

const OPENING_MARKS = new Set(["\u201C", "\u00AB", "\u201E", "``"]);
const CLOSING_MARKS = new Set(["\u201D", "\u00BB"]);
/** Double quote marks, including the typewriter pairs ``…'' that some wire copy still uses. */
const QUOTE_MARK = /["\u201C\u201D\u00AB\u00BB\u201E]|''|``/g;
const CAN_PRECEDE_OPENER = /[\s([{\u2014\u2013\-/]/;
const CAN_FOLLOW_CLOSER = /[\s.,;:!?)\]}\u2014\u2013\-\u2026'\u2019]/;

// Unicode property classes are slow to test in V8; these patterns try ASCII first and consult \p{…} only for
// non-ASCII characters, which makes the whole-article scans about three times faster.
const LETTER_OR_DIGIT = String.raw`(?:[a-zA-Z0-9]|(?![\x00-\x7F])[\p{L}\p{M}\p{N}])`;
const WORD_INNER = String.raw`(?:[a-zA-Z0-9'\u2019.\-]|(?![\x00-\x7F])[\p{L}\p{M}\p{N}])`;
const UPPER = String.raw`(?:[A-Z]|(?![\x00-\x7F])\p{Lu})`;
const NAME_INNER = String.raw`(?:[a-zA-Z'\u2019\-]|(?![\x00-\x7F])[\p{L}\p{M}])`;
/** Words in window tokens: letters and digits with inner apostrophes, dots and hyphens; or one punctuation mark. */
const TOKEN = new RegExp(String.raw`${LETTER_OR_DIGIT}${WORD_INNER}*|[,:;!?()\u2014\u2013]|-(?=\s)`, "gu");
const NAME_TOKEN = String.raw`${UPPER}${NAME_INNER}*\.?`;
const NAME_RUN = new RegExp(
  String.raw`${NAME_TOKEN}(?:[ \u00A0]+(?:(?:${[...PARTICLES].join("|")})[ \u00A0]+)*${NAME_TOKEN})*`,
  "gu",
);
const LETTER = /[\p{L}\p{M}\p{N}]/u;
const POSSESSIVE = /['\u2019]s?$/;
const INITIALS = /^(?:\p{Lu}\.)+$/u;
/** The word after a name, and the one after that when the first is an adverb: "Peskov (also) said". */
const WORDS_AFTER_NAME = /[ \u00A0]+([a-z]+)(?:[ \u00A0]+([a-z]+))?/y;
const ADVERBS_BEFORE_VERB = words("also later earlier then previously again has had have reportedly");
const APPOSITIVE = /^,\s+(?:(?:the|a|an|who is|who was)\s+)?([^,.;:()"\u201C\u201D]{1,80})/;

interface Paragraph {
  index: number;
  start: number;
  end: number;
}

interface Token {
  /** The word without a sentence-ending full stop. */
  text: string;
  lower: string;
  start: number;
  end: number;
  isWord: boolean;
  /** The word carried a full stop that ends the sentence, or the token is "!" or "?". */
  endsSentence: boolean;
}

/** One quote (or one paragraph's part of a multi-paragraph quote) before attribution. */
interface RawQuote {
  paragraph: Paragraph;
  /** Offsets of the marks; close is null when the quote runs to the end of its paragraph. */
  open: number;
  close: number | null;
  start: number;
  end: number;
  /** Quotes of one multi-paragraph quote share a group; others are alone in theirs. */
  group: number;
}

type Subject =
  | { kind: "name"; tokens: string[] }
  | { kind: "pronoun"; plural: boolean; at: number }
  | { kind: "role"; roles: string[] }
  | { kind: "generic" };

interface Attribution {
  subject: Subject;
  /** The attribution touches the quote: `"…," he said` or `he said: "…"`. */
  adjacent: boolean;
}

interface Mention {
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
interface ArticleIndex {
  /** Multi-word names by their last word, for preferring "Dmitry Peskov" over "Peskov". */
  fullNames: Map<string, Mention[]>;
  roles: RoleMention[];
  /** Who spoke where, in text order: subjects of speech verbs and named speakers of quotes. */
  speakers: Mention[];
  /** Names introduced with a role, a weaker antecedent for "he said" than a speaker. */
  people: Mention[];
  /** Capitalised words seen inside a sentence: a sentence-initial "Critics" is not a name unless seen here. */
  midSentence: Set<string>;
  /** People named as the subject of a sentence ("Harbour pilot Jonas Weber welcomed…"): "he" in the same paragraph. */
  subjects: Mention[];
  /** The role or affiliation a person is introduced with, by full name and by surname: "Kremlin spokesman". */
  roleOf: Map<string, string>;
}

function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  const separator = /\n[ \t\r\f\v]*\n\s*/g;
  let start = 0;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    paragraphs.push({ index: paragraphs.length, start, end: m.index });
    start = m.index + m[0].length;
  }
  paragraphs.push({ index: paragraphs.length, start, end: text.length });
  return paragraphs;
}

function lowerNoDot(s: string): string {
  const lower = s.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function isAbbreviation(word: string): boolean {
  return INITIALS.test(word) || ABBREVIATIONS.has(lowerNoDot(word));
}

function makeToken(raw: string, start: number): Token {
  const isWord = /^[\p{L}\p{M}\p{N}]/u.test(raw);
  const sentenceDot = isWord && raw.endsWith(".") && !isAbbreviation(raw);
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

function tokenize(text: string, from: number, to: number): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = from;
  for (let m = TOKEN.exec(text); m && m.index < to; m = TOKEN.exec(text)) {
    tokens.push(makeToken(m[0], m.index));
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Quote marks

type MarkRole = "open" | "close" | "either";

/** Decide from the surrounding characters, then from the glyph, whether a mark opens or closes a quote. */
function markRole(text: string, mark: Mark, paragraph: Paragraph): MarkRole {
  const i = mark.at;
  const ch = text.slice(i, i + mark.length);
  const prev = i > paragraph.start ? text[i - 1] : undefined;
  const next = i + mark.length < paragraph.end ? text[i + mark.length] : undefined;
  const canOpen = (prev === undefined || CAN_PRECEDE_OPENER.test(prev)) && next !== undefined && !/\s/.test(next);
  const canClose = prev !== undefined && !/\s/.test(prev) && (next === undefined || CAN_FOLLOW_CLOSER.test(next));
  if (canOpen && !canClose) return "open";
  if (canClose && !canOpen) return "close";
  if (OPENING_MARKS.has(ch)) return "open";
  if (CLOSING_MARKS.has(ch)) return "close";
  return "either";
}

interface Mark {
  at: number;
  length: number;
}

interface MarkPair {
  open: Mark;
  close: number | null;
}

function pairMarks(text: string, paragraph: Paragraph, marks: Mark[]): MarkPair[] {
  const pairs: MarkPair[] = [];
  let open: Mark | null = null;
  for (const mark of marks) {
    const role = markRole(text, mark, paragraph);
    if (!open) {
      if (role !== "close") open = mark;
    } else if (role === "open") {
      // Two openers in a row: the first was never closed; the second is the better guess at a quote.
      open = mark;
    } else {
      pairs.push({ open, close: mark.at });
      open = null;
    }
  }
  if (open) pairs.push({ open, close: null });
  return pairs;
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

function findRawQuotes(text: string, paragraphs: Paragraph[]): RawQuote[] {
  const quotes: RawQuote[] = [];
  let group = 0;
  let pendingOpen: RawQuote | null = null;
  const marks = marksByParagraph(text, paragraphs);
  for (const paragraph of paragraphs) {
    const pairs = pairMarks(text, paragraph, marks[paragraph.index] ?? []);
    const continues = pendingOpen !== null && pairs[0]?.open.at === paragraph.start;
    if (pendingOpen && continues) quotes.push(pendingOpen);
    pendingOpen = null;
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

// ---------------------------------------------------------------------------------------------------------------
// Names, roles and speakers across the article

function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

function isRoleWord(word: string): boolean {
  return ROLE_WORDS.has(lowerNoDot(word));
}

/** A name with its leading titles removed: "Russian Foreign Minister Sergei Lavrov" → roles [minister], Lavrov. */
function stripTitles(tokens: string[]): { name: string[]; roles: string[] } {
  const last = tokens[tokens.length - 1];
  if (tokens.length < 2 || (last !== undefined && ORG_HEADS.has(last.toLowerCase()))) return { name: tokens, roles: [] };
  let cut = -1;
  const roles: string[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    const word = lowerNoDot(tokens[i] ?? "");
    if (ROLE_WORDS.has(word)) {
      cut = i;
      roles.push(word);
    } else if (cut >= 0 && i === cut + 1 && TITLE_FILLERS.has(word)) {
      cut = i;
    }
  }
  return { name: cut < 0 ? tokens : tokens.slice(cut + 1), roles };
}

interface NameSegment {
  tokens: string[];
  start: number;
  end: number;
}

/** The common case of a one-word run, without the splitting machinery. */
function splitSingle(raw: string, start: number, segments: NameSegment[]): NameSegment[] {
  const word = raw.endsWith(".") && !isAbbreviation(raw) ? raw.replace(/\.+$/, "") : raw;
  if (NOT_NAMES.has(word.toLowerCase()) || POSSESSIVE.test(word) || PARTICLES.has(word)) return segments;
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
    if (!current && PARTICLES.has(word)) continue;
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
    while (PARTICLES.has(segment.tokens[segment.tokens.length - 1] ?? "")) segment.tokens.pop();
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

/** Role words in the few words before a name: "Kremlin spokesman Dmitry Peskov", "Ukraine's president, X". */
function isLowerAscii(code: number): boolean {
  return (code >= 97 && code <= 122) || code === 45;
}

function rolesBefore(text: string, at: number, paragraphStart: number): string[] {
  const roles: string[] = [];
  let i = at - 1;
  for (let n = 0; n < 3; n++) {
    while (i >= paragraphStart && (text[i] === " " || text[i] === ",")) i--;
    const end = i + 1;
    while (i >= paragraphStart && isLowerAscii(text.charCodeAt(i))) i--;
    if (end === i + 1) break;
    const word = text.slice(i + 1, end);
    if (ROLE_WORDS.has(word)) roles.push(word);
    // Anything but a space or comma (a full stop, an apostrophe, a capital) ends the run of words.
    if (i >= paragraphStart && text[i] !== " " && text[i] !== ",") break;
  }
  return roles;
}

function rolesAfter(text: string, at: number): string[] {
  if (text[at] !== ",") return [];
  const m = APPOSITIVE.exec(text.slice(at, at + 100));
  if (!m?.[1]) return [];
  return m[1]
    .split(/\s+/)
    .map(lowerNoDot)
    .filter((w) => ROLE_WORDS.has(w));
}

function indexArticle(text: string, paragraphs: Paragraph[], raws: RawQuote[]): ArticleIndex {
  const index: ArticleIndex = {
    fullNames: new Map(),
    roles: [],
    speakers: [],
    people: [],
    midSentence: new Set(),
    subjects: [],
    roleOf: new Map(),
  };
  const inQuote = insideQuotes(raws);
  const headline = paragraphs.map((paragraph) => isTitleCase(text, paragraph));
  let p = 0;
  NAME_RUN.lastIndex = 0;
  for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
    while ((paragraphs[p]?.end ?? Infinity) <= m.index) p++;
    const paragraph = paragraphs[p];
    // A capital inside a word ("iPhone") does not start a name.
    if (!paragraph || headline[p] === true || LETTER.test(text[m.index - 1] ?? "")) continue;
    for (const segment of splitRun(m[0], m.index)) indexSegment(text, paragraph, segment, index, inQuote(segment.start));
  }
  return index;
}

/** A test for "is this offset inside a quote", for offsets asked in increasing order. */
function insideQuotes(raws: RawQuote[]): (pos: number) => boolean {
  let k = 0;
  return (pos) => {
    while (k < raws.length && (raws[k]?.end ?? 0) < pos) k++;
    const raw = raws[k];
    return raw !== undefined && raw.open < pos && pos < raw.end;
  };
}

function indexSegment(text: string, paragraph: Paragraph, segment: NameSegment, index: ArticleIndex, quoted: boolean): void {
  const initial = startsSentence(text, segment.start, paragraph.start);
  if (!initial) index.midSentence.add(segment.tokens[0] ?? "");
  for (let k = 1; k < segment.tokens.length; k++) index.midSentence.add(segment.tokens[k] ?? "");
  const { name: nameTokens, roles } = stripTitles(segment.tokens);
  if (nameTokens.length === 0) return;
  const name = nameTokens.join(" ");
  const mention: Mention = { name, tokens: nameTokens, pos: segment.start, paragraph: paragraph.index, initial };
  const last = nameTokens[nameTokens.length - 1] ?? "";
  const isOrg = ORG_HEADS.has(last.toLowerCase());
  if (nameTokens.length >= 2 && nameTokens.length <= 5 && !isOrg) {
    const list = index.fullNames.get(last) ?? [];
    list.push(mention);
    index.fullNames.set(last, list);
  }
  const allRoles = isOrg
    ? [last.toLowerCase()]
    : roles.concat(rolesBefore(text, segment.start, paragraph.start), rolesAfter(text, segment.end));
  for (const role of allRoles) index.roles.push({ role, name, pos: segment.start });
  if (allRoles.length > 0 && !isOrg) index.people.push(mention);
  if (!isOrg && !quoted) notePerson(text, paragraph, segment, nameTokens, mention, index);
  if (speechFollows(text, segment.end) || speechPrecedes(text, segment.start, paragraph.start)) {
    index.speakers.push(mention);
  }
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

/** "…, said Gregory, who…": the name is the inverted subject of the verb just before it. */
function speechPrecedes(text: string, at: number, paragraphStart: number): boolean {
  let i = at - 1;
  while (i >= paragraphStart && text[i] === " ") i--;
  const end = i + 1;
  while (i >= paragraphStart && isLowerAscii(text.charCodeAt(i))) i--;
  return end > i + 1 && SPEECH_VERBS.has(text.slice(i + 1, end));
}

function startsSentence(text: string, at: number, paragraphStart: number): boolean {
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

/** Lowercase words that name what someone does, beyond the titles in ROLE_WORDS: "harbour pilot", "union steward". */
const OCCUPATIONS = words(`
  pilot steward resident residents nurse doctor teacher student farmer fisherman fishermen worker driver engineer
  architect firefighter paramedic surgeon physician pharmacist volunteer neighbour neighbor witness survivor
  shopkeeper merchant baker chef actor actress singer musician artist writer journalist reporter photographer
  player striker goalkeeper midfielder defender athlete veteran soldier sailor officer operator curator
  representative member partner mother father daughter son wife husband owner landlord tenant parent
`);
const ROLE_SUFFIX = /(?:er|or|ist|ian|man|woman|person|ant|ent|crat|can)$/;
/** Words that end a role phrase walking back from a name: it belongs to the sentence, not to the person. */
const ROLE_STOPS = words("the a an and or but of in on at by for from with to as than that who which said says told");

function isRoleHead(word: string): boolean {
  const lower = lowerNoDot(word).replace(/['\u2019]s$/, "");
  return ROLE_WORDS.has(lower) || OCCUPATIONS.has(lower);
}

/**
 * The words that introduce a name within its sentence: "Kremlin spokesman" (Dmitry Peskov), "said heritage officer"
 * → "heritage officer", "Republican Texas Gov." (Greg Abbott). Null unless one of them names a role.
 */
function rolePhraseBefore(text: string, nameStart: number, paragraphStart: number): { phrase: string; start: number } | null {
  const found: string[] = [];
  let i = nameStart;
  let start = nameStart;
  for (let n = 0; n < 6; n++) {
    let j = i - 1;
    while (j >= paragraphStart && text[j] === " ") j--;
    if (j < paragraphStart || j === i - 1) break;
    const end = j + 1;
    while (j >= paragraphStart && /[\p{L}\p{M}.'\u2019-]/u.test(text[j] ?? "")) j--;
    const word = text.slice(j + 1, end);
    if (!word || !/^\p{L}/u.test(word)) break;
    const lower = lowerNoDot(word);
    if (ROLE_STOPS.has(lower) || SPEECH_VERBS.has(lower) || (NOT_NAMES.has(lower) && !isRoleHead(word))) break;
    if (word.endsWith(".") && !isAbbreviation(word)) break;
    found.unshift(word);
    start = j + 1;
    i = j + 1;
  }
  // The word next to the name is the head noun: "harbour pilot", "seventh grader"; "impeachment managers prosecuting" is not.
  const head = found[found.length - 1] ?? "";
  const roleHead = isRoleHead(head) || (!isCapitalized(head) && ROLE_SUFFIX.test(head) && !head.endsWith("ment"));
  if (!roleHead) return null;
  return { phrase: found.join(" "), start };
}

/** "Marta Ilves, a professor of ecology at a Baltic university," → "a professor of ecology at a Baltic university". */
function rolePhraseAfter(text: string, at: number): string | null {
  if (text[at] !== ",") return null;
  const m = /^,\s+((?:(?:the|a|an)\s+)?[^,;:()"\u201C\u201D]{2,80}?)(?=,|\.(?:\s|$)|;|$)/.exec(text.slice(at, at + 120));
  const phrase = m?.[1]?.trim();
  if (!phrase || /\d/.test(phrase.slice(0, 3)) || phrase.split(/\s+/).length > 10) return null;
  const ws = phrase.split(/\s+/);
  // The head noun comes before "of"/"at": "deputy director of the National Economic Council".
  const headEnd = ws.findIndex((w) => PREPOSITIONS.has(w.toLowerCase()));
  const head = headEnd > 0 ? ws.slice(0, headEnd) : ws;
  return head.some((w) => isRoleHead(w)) ? phrase : null;
}

/**
 * Records a person's role phrase (first introduction wins) and whether this mention is a sentence's subject: a name,
 * perhaps after its role, opening a sentence and followed by a verb or an appositive.
 */
function notePerson(text: string, paragraph: Paragraph, segment: NameSegment, nameTokens: string[], mention: Mention, index: ArticleIndex): void {
  let nameStart = segment.start;
  for (let k = 0; k < segment.tokens.length - nameTokens.length; k++) {
    nameStart = text.indexOf(segment.tokens[k + 1] ?? "", nameStart + (segment.tokens[k]?.length ?? 0));
  }
  const before = rolePhraseBefore(text, nameStart, paragraph.start);
  const after = rolePhraseAfter(text, segment.end);
  const role = before?.phrase ?? after;
  const last = nameTokens[nameTokens.length - 1] ?? "";
  if (role) {
    if (!index.roleOf.has(mention.name)) index.roleOf.set(mention.name, role);
    if (!index.roleOf.has(last)) index.roleOf.set(last, role);
  }
  const from = before?.start ?? nameStart;
  // "Snooze A.M. Eatery": a full stop with no space after it ends an abbreviation, not a sentence.
  const spaced = from === paragraph.start || /\s/.test(text[from - 1] ?? "");
  const opensSentence = spaced && startsSentence(text, from, paragraph.start);
  const next = /^(?:,|[ \u00A0]+([a-z]+))/.exec(text.slice(segment.end, segment.end + 30));
  const verbFollows = next !== null && (next[1] === undefined || !ROLE_STOPS.has(next[1]));
  // One word opening a sentence is a person only when the article has them speak or gives them a role; "China had"
  // and "Prosecutors believe" are not.
  const person =
    nameTokens.length >= 2 ||
    role !== null ||
    (isConfirmedName(last, index) && index.speakers.some((m) => m.tokens.length === 1 && m.tokens[0] === last));
  if (opensSentence && verbFollows && person) index.subjects.push(mention);
}

// ---------------------------------------------------------------------------------------------------------------
// Attribution

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
    else if (prev && PARTICLES.has(prev.text) && isNameWord(tokens[k - 2])) k--;
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
    else if (ORG_HEADS.has(t.lower)) roles.push(t.lower);
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

/** "Smith, a professor at Yale, said": the name before the appositive that ends at the comma `j`. */
function appositiveSubject(tokens: Token[], j: number, lo: number): Subject | null {
  for (let k = j - 1; k >= lo && k > j - 30; k--) {
    if (tokens[k]?.text !== ",") continue;
    const nameEnd = k - 1;
    if (isNameWord(tokens[nameEnd])) return subjectFromRun(tokens, runStart(tokens, nameEnd, lo), nameEnd);
    return null;
  }
  return null;
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
    if (!t?.isWord || (PREPOSITIONS.has(t.lower) && !PARTICLES.has(t.text)) || CONTINUATIONS.has(t.lower)) break;
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

function isSpeechVerb(t: Token | undefined): boolean {
  return t !== undefined && t.isWord && SPEECH_VERBS.has(t.text);
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
  if (isSpeechVerb(first)) {
    const subject = subjectAfter(tokens, i + 1);
    return subject ? { attribution: { subject, adjacent: true }, adjacent: true } : null;
  }
  for (let v = i + 1; v < tokens.length && v < i + 16; v++) {
    const t = tokens[v];
    if (!t) break;
    const subject = isSpeechVerb(t) ? subjectBefore(tokens, v, i) : null;
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
    if (!isSpeechVerb(t)) continue;
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

// ---------------------------------------------------------------------------------------------------------------
// Resolution

function latestBefore<T extends { pos: number }>(items: T[], pos: number, accept: (item: T) => boolean): T | null {
  let best: T | null = null;
  for (const item of items) {
    if (item.pos >= pos) break;
    if (accept(item)) best = item;
  }
  return best;
}

/** The fullest form of a name the article uses: "Peskov" → "Dmitry Peskov". */
function fullestName(tokens: string[], pos: number, index: ArticleIndex): string {
  const last = tokens[tokens.length - 1] ?? "";
  const candidates = (index.fullNames.get(last) ?? []).filter(
    (c) =>
      c.tokens.length > tokens.length &&
      tokens.every((t, k) => c.tokens[c.tokens.length - tokens.length + k] === t) &&
      // "Like Trump, …" opens a sentence; its "Like" is no first name unless seen capitalised mid-sentence.
      (!c.initial || index.midSentence.has(c.tokens[0] ?? "")),
  );
  if (candidates.length === 0) return tokens.join(" ");
  const longest = Math.max(...candidates.map((c) => c.tokens.length));
  const best = candidates.filter((c) => c.tokens.length === longest);
  // Two people can share a surname; the one mentioned most recently is the likelier speaker.
  const before = best.filter((c) => c.pos < pos);
  return (before[before.length - 1] ?? best[0])?.name ?? tokens.join(" ");
}

/**
 * A one-word name that only ever opens a sentence may be a capitalised common noun ("Critics said"): it needs to be
 * seen mid-sentence or in a fuller name, unless it does not look like a plural.
 */
function isConfirmedName(word: string, index: ArticleIndex): boolean {
  return index.midSentence.has(word) || index.fullNames.has(word) || !word.endsWith("s");
}

function resolveRole(roles: string[], pos: number, index: ArticleIndex): string | null {
  for (const role of roles) {
    const matches = index.roles.filter((r) => r.role === role);
    const found = latestBefore(matches, pos, () => true) ?? matches[0];
    if (found) return found.name;
  }
  return null;
}

function resolvePronoun(plural: boolean, pos: number, paragraph: number, index: ArticleIndex): string | null {
  // "Harbour pilot Jonas Weber welcomed the decision. '…,' he said.": the person the paragraph is about so far
  // comes before anyone quoted in earlier paragraphs.
  if (!plural) {
    const here = (m: Mention): boolean => m.paragraph === paragraph;
    // People count here only with a role phrase of their own: "dean of the University" gives "University" none.
    const introduced = (m: Mention): boolean => here(m) && index.roleOf.has(m.name);
    const nearby = [
      latestBefore(index.subjects, pos, here),
      latestBefore(index.speakers, pos, here),
      latestBefore(index.people, pos, introduced),
    ];
    const nearest = nearby.reduce((a, b) => (b && (!a || b.pos > a.pos) ? b : a), null);
    if (nearest) return fullestName(nearest.tokens, nearest.pos, index);
  }
  // "They" is usually unnamed officials or plaintiffs; it stands for a name only when that name is an organisation.
  const nearby = (m: Mention): boolean => m.paragraph >= paragraph - 2 && (!plural || isOrganisation(m.tokens));
  const speaker = latestBefore(index.speakers, pos, nearby);
  const person = plural ? null : latestBefore(index.people, pos, nearby);
  // A person introduced with a role in a later paragraph than the last speaker is usually the one now quoted.
  if (person && (!speaker || person.paragraph > speaker.paragraph)) return person.name;
  return speaker ? fullestName(speaker.tokens, speaker.pos, index) : null;
}

/** The role the article introduces a speaker with, by full name or by surname. */
function roleOf(speaker: string, index: ArticleIndex): string | null {
  return index.roleOf.get(speaker) ?? index.roleOf.get(speaker.split(" ").at(-1) ?? "") ?? null;
}

function isOrganisation(tokens: string[]): boolean {
  return ORG_HEADS.has((tokens[tokens.length - 1] ?? "").toLowerCase());
}

function resolveSubject(subject: Subject, pos: number, paragraph: number, index: ArticleIndex): string | null {
  switch (subject.kind) {
    case "name":
      if (subject.tokens.length === 1 && !isConfirmedName(subject.tokens[0] ?? "", index)) return null;
      return fullestName(subject.tokens, pos, index);
    case "pronoun":
      // "He also claimed that Dr. Anthony Fauci '…'": "he" stands for someone named before the pronoun itself.
      return resolvePronoun(subject.plural, Math.min(pos, subject.at), paragraph, index);
    case "role":
      return resolveRole(subject.roles, pos, index);
    case "generic":
      return null;
  }
}

function addSpeaker(index: ArticleIndex, mention: Mention): void {
  let at = index.speakers.length;
  while (at > 0 && (index.speakers[at - 1]?.pos ?? 0) > mention.pos) at--;
  index.speakers.splice(at, 0, mention);
}

// ---------------------------------------------------------------------------------------------------------------
// Putting it together

interface Candidate {
  raw: RawQuote;
  attribution: Attribution | null;
  speaker: string | null;
  /** The speaker came from this quote's own attribution, not from a neighbour. */
  ownSpeaker: boolean;
}

function attribute(
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

function wordCount(s: string): number {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Title-cased fragments are names of things ("Make America Great Again"), not speech. */
function looksLikeTitle(s: string): boolean {
  // American style puts the full stop inside the marks: "The Palace Papers." is still a title.
  const ws = s.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && w.length > 2);
  return ws.length >= 2 && ws.length <= 8 && ws.every((w) => isCapitalized(w)) && !/[?!]$/.test(s);
}

/**
 * Scare quotes and titles are not quotes: fragments of one or two words need an attribution that touches them
 * (or a named speaker right before), partial quotes of a few words need a speaker.
 */
function keep(text: string, c: Candidate, groupSize: number): boolean {
  const quoted = text.slice(c.raw.start, c.raw.end);
  if (!/\p{L}/u.test(quoted)) return false;
  if (groupSize > 1) return true;
  const n = wordCount(quoted);
  const complete = /[.!?\u2026,;:]$/.test(text.slice(c.raw.start, c.raw.close ?? c.raw.end).trimEnd());
  // A touching attribution counts only with a speaker in it: "often called" or "a celebration declared" has none.
  const adjacent = c.attribution?.adjacent === true && c.attribution.subject.kind !== "generic";
  if (n <= 2) return c.ownSpeaker;
  if (looksLikeTitle(quoted)) return adjacent;
  if (n <= 4 && !complete) return c.ownSpeaker || adjacent;
  return true;
}

/** Quotes of one multi-paragraph quote, and unattributed quotes beside an attributed one, share its speaker. */
function shareSpeakers(candidates: Candidate[]): void {
  const byGroup = new Map<number, string>();
  for (const c of candidates) if (c.speaker && !byGroup.has(c.raw.group)) byGroup.set(c.raw.group, c.speaker);
  for (const c of candidates) c.speaker ??= byGroup.get(c.raw.group) ?? null;
  candidates.forEach((c, k) => {
    if (c.attribution !== null || c.speaker !== null) return;
    const neighbours = [candidates[k - 1], candidates[k + 1]];
    const same = neighbours.find((n) => n?.raw.paragraph === c.raw.paragraph && n.speaker !== null);
    c.speaker = same?.speaker ?? null;
  });
}

/**
 * Find the direct quotes in an article and who said them.
 *
 * `text` is the article body (paragraphs separated by a blank line). Every returned span satisfies
 * `text.slice(start, end) === span.text`; offsets exclude the quote marks, surrounding spaces and a trailing comma.
 * `speaker` is the fullest form of the name the article gives (an organisation when the article attributes to one),
 * or null when the quote is not attributed or the attribution cannot be resolved to a name.
 */
export function extractQuotes(text: string): QuoteSpan[] {
  const paragraphs = splitParagraphs(text);
  const raws = findRawQuotes(text, paragraphs);
  if (raws.length === 0) return [];
  const index = indexArticle(text, paragraphs, raws);
  const candidates: Candidate[] = raws.map((raw, k) => {
    const prev = raws[k - 1];
    const next = raws[k + 1];
    const previousClose = prev?.paragraph === raw.paragraph ? (prev.close ?? -1) : -1;
    const nextOpen = next?.paragraph === raw.paragraph ? next.open : raw.paragraph.end;
    const attribution = attribute(text, raw, previousClose, nextOpen, paragraphs);
    const speaker = attribution ? resolveSubject(attribution.subject, raw.open, raw.paragraph.index, index) : null;
    if (speaker) {
      const mention = { name: speaker, tokens: speaker.split(" "), pos: raw.open, paragraph: raw.paragraph.index };
      addSpeaker(index, { ...mention, initial: false });
    }
    return { raw, attribution, speaker, ownSpeaker: speaker !== null };
  });
  shareSpeakers(candidates);
  const groupSizes = new Map<number, number>();
  for (const c of candidates) groupSizes.set(c.raw.group, (groupSizes.get(c.raw.group) ?? 0) + 1);
  return candidates
    .filter((c) => keep(text, c, groupSizes.get(c.raw.group) ?? 1))
    .map((c) => ({
      start: c.raw.start,
      end: c.raw.end,
      text: text.slice(c.raw.start, c.raw.end),
      speaker: c.speaker,
      role: c.speaker ? roleOf(c.speaker, index) : null,
    }));
}
