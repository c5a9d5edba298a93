import { irregularBases, irregularForms } from "../text/irregular-verbs.ts";
import { wordNet, type RelatedWord } from "../text/wordnet.ts";
import { isStopWord, rawWords, stem } from "../text/words.ts";
import type { PassageWords } from "./passage-words.ts";
import type { ParsedQuery } from "./query.ts";

/**
 * The words an article may use for a question's word: "scrapped" for "cancel", "stepped down" for "resign",
 * "purchase" for "buy". They count below the question's own words, by these factors: a derived form says the
 * same thing in another part of speech (resign → resignation), a synonym of one of the word's senses may be
 * another sense's.
 */
export interface ExpansionTuning {
  synonym: number;
  derived: number;
  /** Another form of the same verb that the stemmer does not reach: "bought" for "buy", "hide" for "hidden". */
  inflection: number;
  /**
   * A country's capital for the country, and the reverse: news writes "Beijing wants" for China's government.
   * 0.4 and 0.7 gave the same figures on both dev sets; 0.7 because, as the one doing something, the capital
   * means the country in full.
   */
  capital: number;
  /** Alternatives kept per question word, in WordNet's order (most frequent senses first). */
  perTerm: number;
}

export const DEFAULT_EXPANSION: ExpansionTuning = { synonym: 0.4, derived: 0.7, inflection: 0.9, capital: 0.7, perTerm: 8 };

/** One way an article may say a question's word: words standing together, and how much finding them counts. */
export interface Alternative {
  /** As WordNet writes them ("step down"), for the full-text index, which stems them itself. */
  lemma: string;
  /** Stemmed, for matching passages' stemmed words. */
  words: string[];
  factor: number;
}

/** The question's stemmed content words with their weights, and for each, the alternatives that count for it. */
export interface QuestionWords {
  weights: ReadonlyMap<string, number>;
  alternatives: ReadonlyMap<string, readonly Alternative[]>;
  /** How a passage's words, in its own language, are keyed like these. */
  passage: PassageWords;
}

/**
 * Alternatives for each of the question's terms, keyed by the term's stem. Pairs of adjacent words are looked
 * up too, so a phrasal verb ("step down", "call off") is related as a whole; its alternatives belong to its
 * content word. Names are not expanded (a name is the word the article uses), except a country and its capital.
 */
export function expandQuestion(query: Pick<ParsedQuery, "terms" | "names" | "text" | "quoted">, tuning: ExpansionTuning = DEFAULT_EXPANSION): Map<string, Alternative[]> {
  const nameWords = new Set(query.names.flatMap((name) => rawWords(name).map((w) => w.toLowerCase())));
  const terms = query.terms.filter((term) => !nameWords.has(term) && !/\d/.test(term));
  const result = new Map<string, Alternative[]>();
  const asked = rawWords(query.quoted ? query.text.replace(query.quoted, " ") : query.text).map((w) => w.toLowerCase());
  for (const term of terms) {
    const related: RelatedWord[] = [];
    const at = asked.indexOf(term);
    const next = at >= 0 ? asked[at + 1] : undefined;
    // "step down": the phrase first, then the word alone.
    if (next && isStopWord(next)) related.push(...wordNet().relatedWords(`${term} ${next}`));
    related.push(...wordNet().relatedWords(term));
    const own = stem(term);
    const seen = new Set<string>([own]);
    const alternatives: Alternative[] = [];
    if (tuning.inflection > 0) {
      for (const form of verbForms(term)) {
        const stemmed = stem(form);
        if (seen.has(stemmed)) continue;
        seen.add(stemmed);
        alternatives.push({ lemma: form, words: [stemmed], factor: tuning.inflection });
      }
    }
    const inflections = alternatives.length;
    for (const word of related) {
      if (word.words.every((w) => isStopWord(w) || w.length < 3)) continue;
      const stemmed = word.words.map((w) => stem(w.replace(/['’]s$/, "")));
      const key = stemmed.join(" ");
      if (seen.has(key)) continue;
      seen.add(key);
      if (tuning[word.relation] <= 0) continue;
      alternatives.push({ lemma: word.words.join(" "), words: stemmed, factor: tuning[word.relation] });
      // "purchase" → "buy", which an article writes "bought".
      if (tuning.inflection > 0 && word.pos === "verb" && word.words.length === 1) {
        for (const form of irregularForms(word.words[0]!)) alternatives.push({ lemma: form, words: [stem(form)], factor: tuning[word.relation] });
      }
      if (alternatives.length - inflections >= tuning.perTerm) break;
    }
    if (alternatives.length > 0) result.set(own, alternatives);
  }
  if (tuning.capital > 0) {
    for (const name of query.names.filter((n) => !n.includes(" "))) {
      const alternatives = wordNet()
        .capitalOrCountry(name)
        .map((lemma) => ({ lemma, words: rawWords(lemma).map((w) => stem(w.toLowerCase())), factor: tuning.capital }));
      if (alternatives.length > 0) result.set(stem(name.toLowerCase()), alternatives);
    }
  }
  return result;
}

/**
 * The forms of the verb a word is that the stemmer parts from it: irregular ones ("hidden" → hide, hid, hidden;
 * "buys" → buy, bought) and regular ones it cuts differently ("die" → died as "di", dying as "dy").
 */
function verbForms(word: string): string[] {
  const irregular = irregularBases(word);
  const bases = irregular.length > 0 ? irregular : wordNet().lemmas(word, "verb").filter((lemma) => !lemma.includes(" "));
  return bases.flatMap((base) => {
    const forms = irregularForms(base);
    return [base, ...(forms.length > 0 ? forms : regularForms(base))];
  });
}

/** A regular verb's -s, -ed and -ing forms as English spells them: "die" → dies, died, dying; "stop" → stops, stopped, stopping. */
function regularForms(base: string): string[] {
  if (!/^[a-z]{2,}$/.test(base)) return [];
  if (base.endsWith("ie")) return [`${base}s`, `${base}d`, `${base.slice(0, -2)}ying`];
  if (base.endsWith("ee")) return [`${base}s`, `${base}d`, `${base}ing`];
  if (base.endsWith("e")) return [`${base}s`, `${base}d`, `${base.slice(0, -1)}ing`];
  if (/[^aeiou]y$/.test(base)) return [`${base.slice(0, -1)}ies`, `${base.slice(0, -1)}ied`, `${base}ing`];
  // One vowel before one final consonant doubles it ("stopped"); longer verbs are left alone ("visited").
  const root = /^[^aeiou]*[aeiou][b-df-hj-np-tvz]$/.test(base) ? `${base}${base.at(-1)}` : base;
  return [/(s|x|z|ch|sh)$/.test(base) ? `${base}es` : `${base}s`, `${root}ed`, `${root}ing`];
}

/** Whether `phrase` occurs as consecutive tokens. */
function holds(tokens: readonly string[], present: ReadonlySet<string>, phrase: readonly string[]): boolean {
  if (phrase.length === 1) return present.has(phrase[0]!);
  if (!phrase.every((w) => present.has(w))) return false;
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * How much of a term's weight a text's stemmed tokens hold: all of it when the term is there, else its best
 * alternative's factor, else nothing.
 */
export function termMatch(term: string, tokens: readonly string[], present: ReadonlySet<string>, words: QuestionWords): number {
  if (present.has(term)) return 1;
  let best = 0;
  for (const alternative of words.alternatives.get(term) ?? []) {
    if (alternative.factor > best && holds(tokens, present, alternative.words)) best = alternative.factor;
  }
  return best;
}

/** Share of the question's weight that stemmed tokens hold, alternatives counting at their factors (`present`: the same tokens as a set, when the caller has one). */
export function coverageOf(tokens: readonly string[], words: QuestionWords, present: ReadonlySet<string> = new Set(tokens)): number {
  const total = [...words.weights.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let covered = 0;
  for (const [term, weight] of words.weights) covered += weight * termMatch(term, tokens, present, words);
  return covered / total;
}

/** The alternatives as FTS5 terms and phrases, so candidate search finds passages that use them. */
export function alternativeTerms(words: QuestionWords): string[] {
  return [...words.alternatives.values()].flatMap((list) => list.map((alternative) => alternative.lemma));
}
