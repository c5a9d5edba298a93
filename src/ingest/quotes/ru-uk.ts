/**
 * Quotes and speakers in Russian and Ukrainian news style, which the English rules do not read: quotes in «…» and
 * „…“ (nested „…“ inside «…» too, paired by marks.ts), attribution after a dash («…», — заявил Песков. / «…» — сказав
 * він.), before a colon (Песков: «…» / Захарова написала: «…»), "по словам Пескова, «…»", and roles before names
 * («пресс-секретарь Кремля Дмитрий Песков»). "он/она", "він/вона" go to the latest person of that gender, the
 * gender told by the speech verb's ending (-л/-в, -ла) and by the name's.
 */
import type { QuoteSpan } from "../../library/article.ts";
import {
  ACCORDING_TO,
  FEMALE_PRONOUNS,
  MALE_PRONOUNS,
  PLURAL_PRONOUNS,
  ROLE_STOPS_RU_UK,
  ROLE_WORDS_RU_UK,
  SPEECH_VERBS_PAST,
  SPEECH_VERBS_PRESENT,
} from "../../text/word-lists-ru-uk.ts";
import { findRawQuotes, insideQuotes, splitParagraphs, type RawQuote } from "./marks.ts";
import {
  genderOfNameRuUk,
  isCapitalisedWord,
  isCyrillicNameWord,
  isFirstNameRuUk,
  isGenitiveFirstName,
  nameKey,
  nameStartInRun,
  nominativeOfGenitive,
  type Gender,
} from "./ru-uk-names.ts";
import { tokenize, type Token } from "./tokens.ts";

type Agreement = Gender | "plural" | null;

type Subject =
  | { kind: "name"; tokens: string[]; role: string | null; genitive: boolean }
  | { kind: "pronoun"; gender: Gender | "plural" }
  | { kind: "role"; role: string };

interface Person {
  /** The name in the nominative where the article's form allows it: "Дмитрий Песков". */
  tokens: string[];
  key: string;
  pos: number;
  paragraph: number;
  role: string | null;
  gender: Gender | null;
  /** Written in an oblique case ("раскритиковал Зеленского"): an object, not who "он" stands for. */
  oblique: boolean;
  /** Has spoken: a quote's speaker or a speech verb's subject, the likeliest antecedent of a pronoun. */
  speaker: boolean;
}

interface Found {
  subject: Subject;
  agreement: Agreement;
}

const DASH = /^[\u2013\u2014\u2015-]$/;
const OBLIQUE = /(?:ого|его|ому|ему|ым|ой|ом|ем|ою|ею|ої|ові|еві)$/u;

function isSpeechVerb(t: Token | undefined): boolean {
  return t !== undefined && t.isWord && (SPEECH_VERBS_PAST.has(t.lower) || SPEECH_VERBS_PRESENT.has(t.lower));
}

function agreementOf(t: Token | undefined): Agreement {
  return t ? (SPEECH_VERBS_PAST.get(t.lower) ?? null) : null;
}

function pronounOf(t: Token | undefined): Subject | null {
  if (!t?.isWord) return null;
  if (MALE_PRONOUNS.has(t.lower)) return { kind: "pronoun", gender: "male" };
  if (FEMALE_PRONOUNS.has(t.lower)) return { kind: "pronoun", gender: "female" };
  if (PLURAL_PRONOUNS.has(t.lower)) return { kind: "pronoun", gender: "plural" };
  return null;
}

const isRoleToken = (t: Token | undefined): boolean => t !== undefined && t.isWord && ROLE_WORDS_RU_UK.has(t.lower);

/** The end of the capitalised run starting at `k` (a word ending its sentence ends the run). */
function runEnd(tokens: Token[], k: number, to: number): number {
  let end = k;
  while (end + 1 < to && !tokens[end]?.endsSentence && tokens[end + 1]?.isWord && isCapitalisedWord(tokens[end + 1]?.text ?? "")) end++;
  return end;
}

/**
 * The name in the capitalised run `tokens[from…to]` and the role phrase introducing it: role words inside the run
 * ("Президент Украины"), lowercase words before it up to a role word ("министр иностранных дел России"), and the
 * organisation the run names before the person ("Кремля").
 */
function readName(tokens: Token[], from: number, to: number, lo: number): { tokens: string[]; role: string | null; start: number } | null {
  let lastRole = -1;
  for (let k = from; k <= to; k++) if (isRoleToken(tokens[k])) lastRole = k;
  let roleStart = lastRole >= 0 ? from : -1;
  // Walk back over the role phrase's lowercase words ("иностранных дел") to its first role word.
  for (let k = from - 1, n = 0; k >= lo && n < 6; k--, n++) {
    const t = tokens[k];
    if (!t?.isWord || t.endsSentence || ROLE_STOPS_RU_UK.has(t.lower) || isSpeechVerb(t)) break;
    if (isRoleToken(t)) roleStart = k;
    else if (!/^\p{Ll}/u.test(t.text) && !isCapitalisedWord(t.text)) break;
  }
  const rest = tokens.slice(lastRole >= 0 ? lastRole + 1 : from, to + 1).map((t) => t.text);
  if (rest.length === 0) return null;
  const nameAt = nameStartInRun(rest, roleStart >= 0);
  const name = rest.slice(nameAt);
  if (name.length === 0 || !name.every(isCyrillicNameWord)) return null;
  const nameIndex = to + 1 - name.length;
  const role = roleStart >= 0 ? tokens.slice(roleStart, nameIndex).map((t) => t.text).join(" ") : null;
  return { tokens: name, role: role || null, start: roleStart >= 0 ? Math.min(roleStart, from) : from };
}

/** The subject at or after `from` (after a verb: "— заявил журналистам пресс-секретарь Кремля Дмитрий Песков"). */
function subjectAfter(tokens: Token[], from: number): Subject | null {
  let roleStart = -1;
  for (let k = from; k < tokens.length && k < from + 12; k++) {
    const t = tokens[k];
    if (!t) break;
    const pronoun = pronounOf(t);
    if (pronoun) return pronoun;
    if (!t.isWord) break;
    // "в Telegram", "в интервью РБК": what follows a preposition is not the speaker.
    const afterPreposition = ROLE_STOPS_RU_UK.has(tokens[k - 1]?.lower ?? "") && roleStart < 0;
    if (isCapitalisedWord(t.text) && !isRoleToken(t) && !afterPreposition) {
      const end = runEnd(tokens, k, tokens.length);
      // "речник Повітряних сил Юрій Ігнат": a run that the role phrase goes on after is its organisation.
      const next = tokens[end + 1];
      if (roleStart >= 0 && !tokens[end]?.endsSentence && next?.isWord && /^\p{Ll}/u.test(next.text) && !ROLE_STOPS_RU_UK.has(next.lower) && !isSpeechVerb(next) && !isFirstNameRuUk(tokens[end]?.text ?? "")) {
        k = end;
        continue;
      }
      const name = readName(tokens, k, end, roleStart >= 0 ? roleStart : k);
      if (name) return { kind: "name", tokens: name.tokens, role: name.role, genitive: false };
    }
    if (isRoleToken(t) && roleStart < 0) roleStart = k;
    if (t.endsSentence) break;
  }
  return roleStart >= 0 ? { kind: "role", role: tokens[roleStart]?.lower ?? "" } : null;
}

/** The subject right before a speech verb at `verb`: "Песков (также) заявил", "пресс-секретарь добавил", "она сказала". */
function subjectBefore(tokens: Token[], verb: number, lo: number): Subject | null {
  for (let k = verb - 1, skipped = 0; k >= lo && skipped < 4; k--) {
    const t = tokens[k];
    if (!t?.isWord) return null;
    const pronoun = pronounOf(t);
    if (pronoun) return pronoun;
    if (isCapitalisedWord(t.text) && !isRoleToken(t)) {
      let start = k;
      while (start - 1 >= lo && tokens[start - 1]?.isWord && isCapitalisedWord(tokens[start - 1]?.text ?? "") && !tokens[start - 1]?.endsSentence) start--;
      const name = readName(tokens, start, k, lo);
      return name ? { kind: "name", tokens: name.tokens, role: name.role, genitive: false } : null;
    }
    if (isRoleToken(t)) return { kind: "role", role: t.lower };
    // Adverbs and time phrases between subject and verb: "Песков в понедельник заявил".
    skipped++;
  }
  return null;
}

/** The words after the closing mark: ", — заявил Песков." / "— сказав він." / ", — Песков заявил." */
function attributionAfter(tokens: Token[]): Found | null {
  let i = 0;
  let linked = false;
  while (tokens[i] && !tokens[i]?.isWord) {
    if (tokens[i]?.text === "," || DASH.test(tokens[i]?.text ?? "")) linked = true;
    else return null;
    i++;
  }
  if (!linked) return null;
  const first = tokens[i];
  if (isSpeechVerb(first)) {
    const subject = subjectAfter(tokens, i + 1);
    return subject ? { subject, agreement: agreementOf(first) } : null;
  }
  for (let v = i + 1; v < tokens.length && v <= i + 8; v++) {
    if (!isSpeechVerb(tokens[v])) continue;
    const subject = subjectBefore(tokens, v, i);
    return subject ? { subject, agreement: agreementOf(tokens[v]) } : null;
  }
  return null;
}

/** The words before the opening mark: "Песков: «…»", "Захарова написала в Telegram: «…»", "По словам Пескова, «…»". */
function attributionBefore(tokens: Token[]): Found | null {
  const last = tokens.at(-1);
  if (!last) return null;
  for (let k = 0; k + 1 < tokens.length; k++) {
    const pair = ACCORDING_TO.find(([a, b]) => tokens[k]?.lower === a && tokens[k + 1]?.lower === b);
    if (!pair) continue;
    const subject = subjectAfter(tokens, k + 2);
    if (subject?.kind === "name") return { subject: { ...subject, genitive: true }, agreement: null };
    if (subject) return { subject, agreement: null };
  }
  const lastWord = last.lower === "что" || last.lower === "що";
  if (last.text !== ":" && !lastWord && last.text !== ",") return null;
  for (let v = tokens.length - 2; v >= 0; v--) {
    const t = tokens[v];
    if (!isSpeechVerb(t)) continue;
    const subject = subjectBefore(tokens, v, 0) ?? subjectAfter(tokens, v + 1);
    if (subject) return { subject, agreement: agreementOf(t) };
  }
  // "Песков: «…»", "Речник МЗС Олег Ніколенко: «…»": a label of a name (and role) alone.
  if (last.text !== ":" || tokens.length > 9) return null;
  const end = tokens.length - 2;
  let start = end;
  while (start - 1 >= 0 && tokens[start - 1]?.isWord && isCapitalisedWord(tokens[start - 1]?.text ?? "")) start--;
  const name = tokens[end]?.isWord ? readName(tokens, start, end, 0) : null;
  return name?.start === 0 ? { subject: { kind: "name", tokens: name.tokens, role: name.role, genitive: false }, agreement: null } : null;
}

/** Every capitalised run outside quotes that names a person, with the role they are introduced with. */
function indexPeople(text: string, raws: RawQuote[], paragraphs: ReturnType<typeof splitParagraphs>): Person[] {
  const people: Person[] = [];
  const inQuote = insideQuotes(raws);
  for (const paragraph of paragraphs) {
    const tokens = tokenize(text, paragraph.start, paragraph.end).filter((t) => !inQuote(t.start));
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k];
      if (!t?.isWord || !isCapitalisedWord(t.text) || (isRoleToken(t) && !tokens[k + 1]?.isWord)) continue;
      const end = runEnd(tokens, k, tokens.length);
      const name = readName(tokens, k, end, Math.max(0, k - 6));
      const before = tokens[(name?.start ?? k) - 1];
      k = end;
      // "в Кремле", "с Зеленским": a name after a preposition is not a subject; "по словам X" is read at its quote.
      if (!name || ROLE_STOPS_RU_UK.has(before?.lower ?? "")) continue;
      const surname = name.tokens.at(-1) ?? "";
      const next = tokens[end + 1]?.isWord ? tokens[end + 1] : undefined;
      const verbGender = genderOfVerb(next);
      // "главы МИД Сергея Лаврова": a genitive first name says the name is in the genitive; kept in the nominative.
      const genitive = name.tokens.length > 1 && isGenitiveFirstName(name.tokens[0] ?? "");
      const tokensAsNamed = genitive ? nominativeOfGenitive(name.tokens) : name.tokens;
      people.push({
        tokens: tokensAsNamed,
        key: nameKey(surname),
        pos: tokens[end]?.start ?? t.start,
        paragraph: paragraph.index,
        role: name.role,
        gender: genderOfNameRuUk(tokensAsNamed) ?? (verbGender === "plural" ? null : verbGender),
        oblique: genitive || OBLIQUE.test(surname.toLowerCase()),
        speaker: isSpeechVerb(next),
      });
    }
  }
  return people;
}

/** The gender a past-tense verb's ending tells: "заявила", "отказался", "відмовився". */
function genderOfVerb(t: Token | undefined): Agreement {
  if (!t || !/^\p{Ll}/u.test(t.text)) return null;
  const known = agreementOf(t);
  if (known) return known;
  if (/(?:ла|лась)$/u.test(t.lower) && t.lower.length > 4) return "female";
  if (/(?:[аеиоуы]л|[аеиоуы]лся|[аиіу]в|[аиіу]вся)$/u.test(t.lower) && t.lower.length > 4) return "male";
  return null;
}

/** The fullest form of the person a subject names, their role and gender, and where the article introduces them. */
function resolve(subject: Subject, agreement: Agreement, pos: number, paragraph: number, people: Person[]): { name: string; role: string | null } | null {
  if (subject.kind === "role") {
    const person = people.filter((p) => p.pos < pos && p.role?.toLowerCase().includes(subject.role)).at(-1);
    return person ? described(person, people) : null;
  }
  if (subject.kind === "pronoun") {
    if (subject.gender === "plural") return null;
    const gender = agreement === "male" || agreement === "female" ? agreement : subject.gender;
    const fits = (p: Person): boolean => p.pos < pos && p.paragraph >= paragraph - 2 && genderOfPerson(p, people) !== other(gender) && isPerson(p, people);
    const person = people.filter((p) => fits(p) && !p.oblique && p.speaker && p.paragraph === paragraph).at(-1) ?? people.filter((p) => fits(p) && !p.oblique).at(-1) ?? people.filter(fits).at(-1);
    return person ? described(person, people) : null;
  }
  const tokens = subject.genitive ? nominativeOfGenitive(subject.tokens) : subject.tokens;
  const key = nameKey(subject.tokens.at(-1) ?? "");
  const known = people.filter((p) => p.key === key);
  // Names of oblique mentions are kept in the nominative where their first name shows the case ("Сергея Лаврова").
  const fullest = known.filter((p) => !p.oblique || (p.tokens[0] !== undefined && isFirstNameRuUk(p.tokens[0]))).sort((a, b) => b.tokens.length - a.tokens.length)[0];
  const name = fullest && fullest.tokens.length >= tokens.length ? fullest.tokens.join(" ") : tokens.join(" ");
  const role = subject.role ?? known.find((p) => p.role)?.role ?? null;
  if (agreement === "male" || agreement === "female") for (const p of known) p.gender ??= agreement;
  return { name, role };
}

function described(person: Person, people: Person[]): { name: string; role: string | null } {
  const same = people.filter((p) => p.key === person.key);
  const fullest = same.filter((p) => !p.oblique).sort((a, b) => b.tokens.length - a.tokens.length)[0] ?? person;
  const tokens = fullest.oblique ? nominativeOfGenitive(fullest.tokens) : fullest.tokens;
  return { name: tokens.join(" "), role: same.find((p) => p.role)?.role ?? null };
}

function genderOfPerson(person: Person, people: Person[]): Gender | null {
  return person.gender ?? people.find((p) => p.key === person.key && p.gender)?.gender ?? null;
}

/** A pronoun stands for someone the article gives a role, a gender or a voice; not "Кремль" or "Киев". */
function isPerson(person: Person, people: Person[]): boolean {
  return person.role !== null || person.speaker || genderOfPerson(person, people) !== null || person.tokens.length > 1;
}

function other(gender: Gender): Gender {
  return gender === "female" ? "male" : "female";
}

function sentenceAfter(text: string, from: number, to: number): Token[] {
  const tokens = tokenize(text, from, Math.min(to, from + 240));
  const end = tokens.findIndex((t) => t.endsSentence);
  return end < 0 ? tokens : tokens.slice(0, end + 1);
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

/** Whether an article is written in Cyrillic script, so its quotes are read with these rules. */
export function isCyrillicArticle(text: string): boolean {
  const sample = text.slice(0, 4000);
  const cyrillic = sample.match(/[\u0400-\u04FF]/g)?.length ?? 0;
  const latin = sample.match(/[A-Za-z]/g)?.length ?? 0;
  return cyrillic > 2 * latin;
}

/**
 * The direct quotes of a Russian or Ukrainian article and who said them, with the same contract as `extractQuotes`.
 * «Газпром», «Северный поток»: a name in guillemets of three words or fewer is kept only when attributed.
 */
export function extractQuotesRuUk(text: string): QuoteSpan[] {
  const paragraphs = splitParagraphs(text);
  const raws = findRawQuotes(text, paragraphs);
  if (raws.length === 0) return [];
  const people = indexPeople(text, raws, paragraphs);
  const found = raws.map((raw, k) => {
    const prev = raws[k - 1];
    const next = raws[k + 1];
    const previousClose = prev?.paragraph === raw.paragraph ? (prev.close ?? raw.paragraph.start) : raw.paragraph.start;
    const nextOpen = next?.paragraph === raw.paragraph ? next.open : raw.paragraph.end;
    const after = raw.close === null ? null : attributionAfter(sentenceAfter(text, raw.close + 1, nextOpen));
    const before = after ? null : attributionBefore(sentenceBefore(text, previousClose === raw.paragraph.start ? previousClose : previousClose + 1, raw.open));
    const attribution = after ?? before;
    const speaker = attribution ? resolve(attribution.subject, attribution.agreement, raw.open, raw.paragraph.index, people) : null;
    if (speaker) noteSpeaker(people, speaker.name, raw, attribution?.agreement ?? null);
    return { raw, speaker };
  });
  // The parts of one multi-paragraph quote share its speaker.
  const byGroup = new Map<number, { name: string; role: string | null }>();
  for (const f of found) if (f.speaker && !byGroup.has(f.raw.group)) byGroup.set(f.raw.group, f.speaker);
  const groupSizes = new Map<number, number>();
  for (const f of found) groupSizes.set(f.raw.group, (groupSizes.get(f.raw.group) ?? 0) + 1);
  return found
    .map((f) => ({ ...f, speaker: f.speaker ?? byGroup.get(f.raw.group) ?? null }))
    .filter((f) => /\p{L}/u.test(text.slice(f.raw.start, f.raw.end)) && (f.speaker !== null || (groupSizes.get(f.raw.group) ?? 1) > 1 || wordCount(text.slice(f.raw.start, f.raw.end)) > 3))
    .map((f) => ({ start: f.raw.start, end: f.raw.end, text: text.slice(f.raw.start, f.raw.end), speaker: f.speaker?.name ?? null, role: f.speaker?.role ?? null }));
}

/** A quote's speaker becomes the likeliest antecedent of the next "он"/"вона". */
function noteSpeaker(people: Person[], name: string, raw: RawQuote, agreement: Agreement): void {
  const tokens = name.split(" ");
  const key = nameKey(tokens.at(-1) ?? "");
  const known = people.find((p) => p.key === key);
  const gender = agreement === "male" || agreement === "female" ? agreement : (known?.gender ?? genderOfNameRuUk(tokens));
  const at = people.findIndex((p) => p.pos > raw.open);
  const person: Person = { tokens, key, pos: raw.open, paragraph: raw.paragraph.index, role: known?.role ?? null, gender, oblique: false, speaker: true };
  people.splice(at < 0 ? people.length : at, 0, person);
}
