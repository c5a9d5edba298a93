import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { TOPIC_WEIGHT } from "./tuning.ts";
import { sentenceSpans } from "../text/sentences.ts";
import { rawWords, stemmedWords } from "../text/words.ts";
import { surname } from "./speakers.ts";

/**
 * Reading a follow-up against the conversation's topic: the articles the previous turns cited and what they
 * were asked. "How many people were there that day?", "What did she say about it?", "Was it accepted?" make
 * sense only there; their words alone would find other stories.
 */

/** Quoted words in a question: never read for pronouns, never rewritten. */
const QUOTED_SPAN = /["“”][^"“”]*["“”]|(?:^|\s)['‘](?:[^'‘’]|['’](?=\p{L}))+['’](?=\s|[?.!,]|$)/gu;

function outsideQuotes(text: string): string {
  return text.replace(QUOTED_SPAN, " ");
}

/** Words that point back: a pronoun, "that day", "those contracts", "there". */
const POINTING = /\b(?:it|its|they|them|their|theirs|he|him|his|she|her|hers|there|those|these|then)\b|\b(?:that|this)\s+(?:day|time|week|month|year|night|morning|decision|plan|deal|move|case|one|man|woman|person|company|group|law|bill|report|story|offer|claim|announcement|statement)\b|\b(?:before|after|about|of|on|with|like|to|did|does|do|was|is|were|are|from|by|for)\s+(?:that|this)\b|\b(?:that|this)\s*[?!.]*\s*$/i;
/** A message that opens by joining on to the last one: "And is he willing?", "What about the union?". */
const JOINING = /^\s*(?:and|but|so|also|then|what about|how about|what of|what if)\b/i;

/** Whether a question leans on the conversation so far (outside any words it quotes). */
export function leansOnTopic(question: string): boolean {
  const text = outsideQuotes(question);
  return POINTING.test(text) || JOINING.test(text);
}

export type Gender = "she" | "he";

// Subject pronouns only: "her" and "his" as often belong to someone else in the sentence ("grabbed the girl and her bag").
const SHE = /\bshe\b/gi;
const HE = /\bhe\b/gi;

/** The personal pronoun a question uses for someone, outside quoted words: "she", "he" or none. */
export function pronounIn(question: string): Gender | null {
  const text = outsideQuotes(question);
  const she = /\b(?:she|her|hers)\b/i.exec(text);
  const he = /\b(?:he|him|his)\b/i.exec(text);
  if (she && (!he || she.index < he.index)) return "she";
  return he ? "he" : null;
}

/**
 * How an article refers to a person: the pronouns in the sentences naming them and the sentence after each,
 * counted; null when neither clearly wins.
 */
export function genderOf(name: string, texts: readonly string[]): Gender | null {
  const surname = name.trim().split(/\s+/).at(-1) ?? name;
  const mention = new RegExp(`\\b${surname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`);
  let she = 0;
  let he = 0;
  const escaped = surname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const text of texts) {
    // A title says it outright.
    she += 3 * (text.match(new RegExp(`\\b(?:Ms|Mrs|Miss)\\.? ${escaped}\\b`, "g"))?.length ?? 0);
    he += 3 * (text.match(new RegExp(`\\bMr\\.? ${escaped}\\b`, "g"))?.length ?? 0);
    const spans = sentenceSpans(text);
    spans.forEach((span, index) => {
      const sentence = text.slice(span.start, span.end);
      if (!mention.test(sentence)) return;
      const next = spans[index + 1];
      const window = `${sentence} ${next ? text.slice(next.start, next.end) : ""}`;
      she += window.match(SHE)?.length ?? 0;
      he += window.match(HE)?.length ?? 0;
    });
  }
  if (she > 1.5 * he && she > 0) return "she";
  if (he > 1.5 * she && he > 0) return "he";
  return null;
}

/**
 * Who "he"/"she" in a follow-up is: the first of the candidates (the previous answer's speaker, then the people
 * its quotes name, then those quoted in the topic's articles) whom the articles call by that pronoun; failing
 * that, the first the articles call by no pronoun at all (a story may never write "he" near the name).
 */
export function resolvePerson(gender: Gender, candidates: readonly string[], texts: readonly string[]): string | null {
  const unique = [...new Map(candidates.map((candidate) => [candidate.toLowerCase(), candidate])).values()];
  const genders = unique.map((candidate) => genderOf(candidate, texts));
  const fits = unique.find((_, index) => genders[index] === gender);
  return fits ?? unique.find((_, index) => genders[index] === null) ?? null;
}

/** Replaces the first "he"/"she"-type pronoun outside quoted words with the person's name ("his" → "Lange's"). */
export function withPerson(question: string, person: string): string {
  const quoted: string[] = [];
  const masked = question.replace(QUOTED_SPAN, (span) => `\uE000${quoted.push(span) - 1}\uE000`);
  let replaced = false;
  const rewritten = masked.replace(/\b(he|she|him|her|his|hers)\b/i, (pronoun, _word: string, offset: number) => {
    replaced = true;
    const lower = pronoun.toLowerCase();
    // "her" before a noun is possessive ("her family"), otherwise an object ("what did they tell her").
    const possessive = lower === "his" || lower === "hers" || (lower === "her" && /^\s+[a-z]/.test(masked.slice(offset + pronoun.length)) && !/^\s+(?:to|about|that|and|or|in|on|at|for|with)\b/i.test(masked.slice(offset + pronoun.length)));
    return possessive ? `${person}'s` : person;
  });
  const restored = rewritten.replace(/\uE000(\d+)\uE000/g, (_match, index: string) => quoted[Number(index)]!);
  return replaced ? restored : question;
}

/**
 * People a text names, in order: runs of capitalised words off a sentence's start, without a leading
 * abbreviation ("DL Larry Ogunjobi" → "Larry Ogunjobi"), leaving out what the articles write after "the"
 * (a team, "the Wild"; an institution).
 */
export function peopleIn(text: string, articleTexts: readonly string[]): string[] {
  const people: string[] = [];
  for (const match of text.matchAll(/(?<![.?!—]\s|^)\b\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}[\p{Ll}'’-]+)*/gu)) {
    const name = match[0].replace(/['’]s$/, "");
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const all = articleTexts.reduce((n, article) => n + (article.match(new RegExp(`\\b${escaped}\\b`, "g"))?.length ?? 0), 0);
    // "The Wild" opening a sentence is the team as much as "the Wild" inside one.
    const afterThe = articleTexts.reduce((n, article) => n + (article.match(new RegExp(`\\b[Tt]he\\s+${escaped}\\b`, "g"))?.length ?? 0), 0);
    if (afterThe > 0 && afterThe >= all / 2) continue;
    // A single word is a person's name when the articles also give it after a first name or a title ("Webb" of
    // "Kevin Webb"), not only after "the" ("the Harbour Kings"); otherwise it is a place or a team ("Pittsburgh", "Wild").
    const fullName = new RegExp(`(?<!\\b[Tt]he\\s+)\\b(?!The\\s)(?:\\p{Lu}\\p{Ll}+|Mr|Mrs|Ms|Dr)\\.?\\s+${escaped}\\b`, "u");
    if (!name.includes(" ") && !articleTexts.some((article) => fullName.test(article))) continue;
    if (!people.includes(name)) people.push(name);
  }
  return people;
}

/** Capitalised names a question uses outside quoted words and off its first word ("and is Trump willing?": Trump). */
export function namesIn(question: string): string[] {
  const text = outsideQuotes(question);
  const names: string[] = [];
  for (const match of text.matchAll(/(?<!^|[.?!]\s)\b\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+)*/gu)) names.push(match[0].replace(/['’]s$/, ""));
  return names.filter((name) => !/^(?:I|I'm|I've|And|But|So|What|Who|How|Why|When|Where)$/.test(name));
}

/**
 * Whether a follow-up clearly leaves the topic: it names someone or something none of the topic's articles
 * mention, so "And what about Ukraine?" after a question on border checks goes to the whole library.
 */
export function leavesTopic(question: string, topicTexts: readonly string[]): boolean {
  const names = namesIn(question);
  if (names.length === 0) return false;
  const haystack = topicTexts.join("\n").toLowerCase();
  return names.some((name) => !haystack.includes(name.toLowerCase()));
}

/** "How did the union react?", "What was Lange's reasoning?": asking for someone's stance, voiced in their own words. */
const STANCE_VERB = /\b(?:how|what)\s+(?:did|does|do|has|have|had|was|were|is|are)\s+(.+?)\s+(?:react|respond|reply|answer|feel|think|explain|justify)\b/i;
const STANCE_NOUN = /\bwhat\s+(?:was|is|were|are)\s+(.+?)['’]s?\s+(?:reasoning|reasons?|reaction|response|view|views|position|stance|explanation|argument|justification|take)\b/i;

/**
 * Whose stance a question asks for: "the union" in "How did the union react?", "Lange" in "What was Lange's
 * reasoning?" (after a pronoun was resolved); null for anything else, and for "it" or "they", which name no one.
 */
export function stanceOf(question: string): string | null {
  const subject = (STANCE_VERB.exec(outsideQuotes(question)) ?? STANCE_NOUN.exec(outsideQuotes(question)))?.[1]?.trim();
  if (!subject || /^(?:it|they|people|this|that|he|she|you|we|i)$/i.test(subject)) return null;
  return subject.replace(/['’]s$/, "");
}

/**
 * People in order of how much of the question the words around their name hold (six either side), in the
 * sentences the answer showed and the story's title, the given order breaking ties: after "Who scored twice?",
 * the player of "Vik scores twice", not the defenceman named beside him; after "Which player wants Rudolph
 * punished?", the one of "Richardson wants Rudolph disciplined", not another named later in that sentence.
 */
export function byAnswering(people: readonly string[], sentences: readonly string[], words: QuestionWords): string[] {
  const tokenized = sentences.map((sentence) => ({ raw: rawWords(sentence).map((w) => w.toLowerCase().replace(/['’]s$/, "")), stems: stemmedWords(sentence) }));
  const best = (person: string): number => {
    const name = surname(person).toLowerCase();
    let score = 0;
    for (const { raw, stems } of tokenized) {
      raw.forEach((word, at) => {
        if (word === name && raw.length === stems.length) score = Math.max(score, coverageOf(stems.slice(Math.max(0, at - 6), at + 7), words));
      });
    }
    return score;
  };
  // "Richardson" and "Sheldon Richardson" are one person, read out by the fuller name.
  const named = new Map<string, string>();
  for (const person of people) {
    const key = surname(person).toLowerCase();
    if ((named.get(key)?.length ?? 0) < person.length) named.set(key, person);
  }
  const unique = [...named.values()];
  return unique.map((person) => ({ person, score: best(person) })).sort((a, b) => b.score - a.score).map((p) => p.person);
}

/**
 * A follow-up's words with the topic's (the previous question's) beside them: the topic's words together count
 * at most TOPIC_WEIGHT of the follow-up's own, so a long first question ("…the man who snatched the Fort Worth
 * girl…") does not outvote the two words the follow-up asks.
 */
export function withTopicWords(own: QuestionWords, topic: QuestionWords): QuestionWords {
  const weights = new Map(own.weights);
  const topicTerms = [...topic.weights].filter(([term]) => !weights.has(term));
  const ownTotal = [...own.weights.values()].reduce((a, b) => a + b, 0);
  const topicTotal = topicTerms.reduce((a, [, weight]) => a + weight, 0);
  const scale = TOPIC_WEIGHT * (topicTotal > 0 && ownTotal > 0 ? Math.min(1, ownTotal / topicTotal) : 1);
  for (const [term, weight] of topicTerms) weights.set(term, scale * weight);
  return { weights, alternatives: new Map([...topic.alternatives, ...own.alternatives]), passage: own.passage.with(topic.passage) };
}
