import { MONTHS, WEEKDAYS } from "../text/word-lists.ts";
import { wordNet } from "../text/wordnet.ts";
import { normalizeWord, rawWords, stem, words } from "../text/words.ts";
import type { AnswerType } from "./query.ts";

/**
 * Finds, in a passage or sentence, things of the kind a question's answer is (see `AnswerType` in query.ts): a
 * passage that answers holds such a thing beside the question's words; one that merely shares the topic often
 * does not. Classic question answering ranks by it before any model reads the text.
 */

const COUNTRIES = `afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain
  bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burkina burundi cambodia
  cameroon canada chad chile china colombia comoros congo croatia cuba cyprus czechia czech denmark djibouti dominica ecuador egypt
  eritrea estonia eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana
  haiti honduras hungary iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati
  korea kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi
  malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco mongolia montenegro morocco mozambique
  myanmar namibia nauru nepal netherlands nicaragua niger nigeria norway oman pakistan palau palestine panama paraguay peru
  philippines poland portugal qatar romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia
  spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey türkiye turkmenistan
  tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia zimbabwe britain england scotland wales
  uk us usa america`;
/** Countries named with more than one word, matched as phrases. */
const COUNTRY_PHRASES = ["united states", "united kingdom", "south africa", "south korea", "north korea", "new zealand", "saudi arabia", "sri lanka", "costa rica", "el salvador", "ivory coast", "dominican republic", "czech republic", "united arab emirates", "papua new guinea", "sierra leone", "south sudan", "east timor", "trinidad and tobago"];

const US_STATES = `alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana
  iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio
  oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming`;
const US_STATE_PHRASES = ["new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "rhode island", "south carolina", "south dakota", "west virginia"];

const NUMBER_WORDS = `two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen
  twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions
  trillion dozen dozens half percent`;

const set = (list: string): Set<string> => new Set(list.split(/\s+/).filter(Boolean));
const CLOCK_WORDS = set("midnight noon midday dawn daybreak dusk o'clock");
const COUNTRY_WORDS = set(COUNTRIES);
const STATE_WORDS = set(US_STATES);
const NUMBER_WORD_SET = set(NUMBER_WORDS);

/**
 * Positions in `tokens` (a text's words as written, from `rawWords`) that could be the answer: things of the
 * expected type that the question does not already name. `asked` holds the question's normalised words.
 */
export function answerPositions(tokens: readonly string[], type: AnswerType, asked: ReadonlySet<string>): number[] {
  const positions: number[] = [];
  const lower = tokens.map((t) => normalizeWord(t));
  const fresh = (i: number): boolean => !asked.has(lower[i]!);
  const capitalised = (i: number): boolean => /^\p{Lu}/u.test(tokens[i]!);
  const phraseAt = (phrases: readonly string[]): Set<number> => {
    const found = new Set<number>();
    for (const phrase of phrases) {
      const parts = phrase.split(" ");
      if (parts.every((p) => asked.has(p))) continue;
      for (let i = 0; i + parts.length <= lower.length; i++) if (parts.every((p, j) => lower[i + j] === p)) found.add(i);
    }
    return found;
  };
  for (let i = 0; i < tokens.length; i++) {
    const word = lower[i]!;
    switch (type) {
      case "number":
        if (fresh(i) && (/\d/.test(word) || NUMBER_WORD_SET.has(word))) positions.push(i);
        break;
      case "country":
        if (fresh(i) && capitalised(i) && COUNTRY_WORDS.has(word)) positions.push(i);
        break;
      case "us-state":
        if (fresh(i) && capitalised(i) && STATE_WORDS.has(word)) positions.push(i);
        break;
      case "time":
        // "2 a.m." (written as 2, a, m), "10pm", "midnight"; "eight hours" says how long it went on.
        if (/^\d{1,2}$/.test(word) && /^[ap]$/.test(lower[i + 1] ?? "") && lower[i + 2] === "m") positions.push(i);
        else if (/^\d{1,2}(?:[ap]m)$/.test(word) || CLOCK_WORDS.has(word)) positions.push(i);
        else if (isDuration(lower, i)) positions.push(i - 1);
        break;
      case "weekday":
        if (fresh(i) && WEEKDAYS.has(word)) positions.push(i);
        break;
      case "month":
        if (fresh(i) && capitalised(i) && MONTHS.has(word)) positions.push(i);
        break;
      case "year":
        if (fresh(i) && /^(1[89]|20)\d\d$/.test(word)) positions.push(i);
        break;
      case "person":
        // A person is named by two capitalised words in a row, at least one of them new to the question.
        if (i + 1 < tokens.length && capitalised(i) && capitalised(i + 1) && (fresh(i) || fresh(i + 1)) && isNameWord(lower[i]!) && isNameWord(lower[i + 1]!)) positions.push(i);
        break;
      case "organization":
      case "place":
      case "name":
        if (i > 0 && fresh(i) && capitalised(i) && isNameWord(word) && !MONTHS.has(word) && !WEEKDAYS.has(word)) positions.push(i);
        break;
    }
  }
  if (type === "country") positions.push(...phraseAt(COUNTRY_PHRASES));
  if (type === "us-state") positions.push(...phraseAt(US_STATE_PHRASES));
  return positions.sort((a, b) => a - b);
}

/** Words that start sentences or titles capitalised without being names. */
const NOT_NAMES = set(`the a an this that these those it its he she they we i you his her their our mr mrs ms dr but and or if when
  while after before as at in on of for to from by with more read also according however meanwhile still yet so then there here what who`);

function isNameWord(word: string): boolean {
  return !NOT_NAMES.has(word);
}

/** The question's normalised words, for telling new names from ones it already holds. */
export function askedWords(question: string): Set<string> {
  return new Set(words(question));
}

/** The thing a "how many…?" question counts: "people" in "How many people were piling in?". */
export function countedNoun(question: string): string | null {
  return /\bhow many\s+(?:more\s+|other\s+)?(\p{L}+)/iu.exec(question)?.[1]?.toLowerCase() ?? null;
}

const PEOPLE = set("people persons individuals");

/**
 * Whether one of the numbers at `positions` counts the asked noun: the noun (or one of `alternatives`, stemmed)
 * within three words after it, or, when people are counted, any word for people ("10 million users").
 */
export function countsNoun(tokens: readonly string[], positions: readonly number[], noun: string, alternatives: readonly string[] = []): boolean {
  const wanted = new Set([stem(noun), ...alternatives]);
  const people = PEOPLE.has(noun) || wordNet().isPersonNoun(noun);
  return positions.some((position) =>
    tokens.slice(position + 1, position + 4).some((token) => {
      const word = normalizeWord(token);
      return wanted.has(stem(word)) || (people && /^\p{Ll}/u.test(token) && (PEOPLE.has(word) || wordNet().isPersonNoun(word)));
    }),
  );
}

const LOCATING = set("in inside into under behind beneath at to from near");
const ARTICLES = set("a an the his her their its");

/**
 * Where something or someone was: a preposition of place before a name the question does not hold ("in Tromsø",
 * "to Forest Hill's hotel"), or before an article and, within two words, a noun WordNet files under places or
 * man-made things ("in a small laundry basket"). A capitalised word alone is as often a person or a month.
 */
export function locatesPlace(tokens: readonly string[], asked: ReadonlySet<string>): boolean {
  const lower = tokens.map((t) => normalizeWord(t));
  return lower.some((word, i) => {
    if (!LOCATING.has(word)) return false;
    const next = lower[i + 1] ?? "";
    if (/^\p{Lu}/u.test(tokens[i + 1] ?? "") && !asked.has(next) && isNameWord(next) && !MONTHS.has(next) && !WEEKDAYS.has(next)) return true;
    return ARTICLES.has(next) && lower.slice(i + 2, i + 4).some((noun) => noun.length > 2 && wordNet().isPlaceNoun(noun));
  });
}

/** Words saying a "how much…?" question asks for money: "How much could the contracts be worth?". */
const MONEY_QUESTION = /\bhow much\b.*\b(worth|cost|costs|pay|paid|spend|spent|price|value|valued|charge|fine|fined|raise|raised|earn|earned|money|fund|funding|budget)\b|\bhow much money\b/i;
const CURRENCY_WORDS = set("dollars dollar euros euro pounds pound yen yuan rupees rupee francs");

/** For a question asking for money, whether one of the numbers at `positions` is an amount: "$2.6bn", "40 million euros". */
export function amountOfMoney(question: string, text: string, tokens: readonly string[], positions: readonly number[]): boolean {
  if (!MONEY_QUESTION.test(question)) return false;
  if (/[$€£¥₹]\s?\d/.test(text)) return true;
  const lower = tokens.map((t) => normalizeWord(t));
  // "40 million euros": the currency within three words of the number.
  return positions.some((p) => lower.slice(p + 1, p + 4).some((word) => CURRENCY_WORDS.has(word)));
}

/** "six hours" at `i` (the "hours"): how long something went on, a weaker answer to "how late?" than a clock time. */
function isDuration(lower: readonly string[], i: number): boolean {
  return /^hours?$/.test(lower[i]!) && i > 0 && (/\d/.test(lower[i - 1]!) || NUMBER_WORD_SET.has(lower[i - 1]!));
}

/** Whether a time found in `tokens` is a clock time rather than only a duration. */
export function hasClockTime(tokens: readonly string[], positions: readonly number[]): boolean {
  const lower = tokens.map((t) => normalizeWord(t));
  return positions.some((p) => !isDuration(lower, p + 1));
}

/** Words that say plainly why: "because", "due to", "citing", "in a bid to"… */
const PLAIN_REASON =
  /\b(?:because|due to|as a result|the reason|reasons? (?:for|why|was|is)|in order to|so as to|so that|caused by|led to|owing to|thanks to|in response to|aimed at|citing|on the grounds|in a bid to|in an effort to|for fear|prompted by|blamed)\b/i;
/**
 * Words that give a reason less surely: "after" and "following" are as often a sequence of events (and "after
 * sixty years" only a time), "since" a starting point (not "since 2019", "since January"), "said it was" a reason
 * given or only a statement.
 */
const LOOSE_REASON = /\b(?:after(?! (?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|several|a few) (?:\w+ )?(?:years?|months?|weeks?|days?|decades?|hours?|minutes?)\b)|amid|following|said (?:it|the (?:decision|move|change|cut|closure|ban|plan)) (?:was|had))\b|\bsince (?!(?:then|\d|the (?:start|beginning|end)|last|early|late|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b))/i;
/**
 * Words before "to" that take an infinitive or a destination, not a purpose: "plans to cut", "went to school",
 * "what it takes to bring", "the decision to close".
 */
const NOT_PURPOSE = set(`plan plans planned planning want wants wanted hope hopes hoped expect expects expected agree agreed agrees decide decided
  decides going went go goes gone come came moved move returned return travelled traveled need needs needed try tried tries refuse refused
  promise promised vow vowed threaten threatened choose chose able unable set likely unlikely due about has have had used begin began begun
  start started continue continued continues seek seeks sought fail failed vote voted ask asked told urge urged allow allowed force forced
  way ways right rights back up down next close according similar compared ready willing eager first last order bid effort is are was were
  be been would will could should might must can may ought take takes took taken enough too hard easy difficult impossible possible
  decision decisions move moves attempt attempts chance time power need call calls proposal proposals pledge offer deal agreement
  permission approval`);
/** Verbs whose object takes "to" after it: "wants the bridge to open", "asked the council to wait". */
const OBJECT_TO = set("want wants wanted ask asks asked tell told urge urged allow allows allowed force forced expect expects expected need needs needed persuade persuaded");

/**
 * How plainly a sentence gives a reason: 1 for the plain words of a cause or purpose, 0.6 for "after", "since",
 * "said it was" and an infinitive of purpose ("moved the exams to the hall to make room"), 0 for none.
 */
export function reasonIn(text: string): number {
  if (PLAIN_REASON.test(text)) return 1;
  if (LOOSE_REASON.test(text)) return 0.6;
  return infinitiveOfPurpose(rawWords(text)) ? 0.6 : 0;
}

/** "…the exams to the sports hall to make room": "to" and a verb's base form after a word that does not take "to" itself. */
function infinitiveOfPurpose(tokens: readonly string[]): boolean {
  return tokens.some((token, i) => {
    const verb = tokens[i + 1] ?? "";
    if (token.toLowerCase() !== "to" || i === 0 || !/^\p{Ll}+$/u.test(verb)) return false;
    const before = normalizeWord(tokens[i - 1]!);
    // "from March to June", "from 5 to 7": a range, not a purpose.
    const lead = tokens.slice(Math.max(0, i - 4), i).map((t) => normalizeWord(t));
    if (NOT_PURPOSE.has(before) || lead.includes("from") || lead.slice(-3).some((word) => OBJECT_TO.has(word))) return false;
    return wordNet().lemmas(verb, "verb").includes(verb);
  });
}
