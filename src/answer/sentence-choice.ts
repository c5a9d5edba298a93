import type { Library } from "../library/library.ts";
import { amountOfMoney, answerPositions, askedWords, countedNoun, countsNoun, hasClockTime, locatesPlace, reasonIn } from "../retrieval/answer-type.ts";
import type { ParsedQuery, QuestionKind } from "../retrieval/query.ts";
import type { SearchHit } from "../retrieval/search.ts";
import { coverageOf, type QuestionWords } from "../retrieval/expand.ts";
import { MONTHS, WEEKDAYS } from "../text/word-lists.ts";
import { containsPhrase, rawWords, stem, stemmedWords } from "../text/words.ts";
import { pickDiverse, quoteCandidate, sentencesOf, wordsKey, type QuoteCandidate } from "./candidates.ts";
import { DENSE_SENTENCE_WEIGHT, DENSE_SENTENCES, relativeSimilarity, type SentenceRef, type SentenceSimilarity } from "./dense.ts";

/**
 * The sentences of the given passages that answer best: covering the question's `words`, shaped
 * like its answer, bringing something the question does not already say. `known`: words the conversation
 * already said (a follow-up's earlier question), no news either. With `similarity` (an embedding model is
 * loaded), the lexically best few are also weighed by how close the model finds each to the question.
 */
export async function chooseSentences(
  library: Library,
  parsed: ParsedQuery,
  hits: SearchHit[],
  words: QuestionWords,
  count: number,
  shapeWeight = 0.25,
  known = "",
  similarity: SentenceSimilarity | null = null,
): Promise<QuoteCandidate[]> {
  const phrases = parsed.phrases.map((p) => p.split(" ").map(stem));
  // What the conversation already said (a follow-up's earlier question) is no news either.
  const asked = new Set(stemmedWords(`${parsed.text} ${known}`));
  const askedRaw = askedWords(`${parsed.text} ${known}`);
  const candidates: Array<QuoteCandidate & { key: string; sentence: SentenceRef }> = [];
  for (const [rank, hit] of hits.entries()) {
    const quotes = await library.quotesOf(hit.article.id);
    for (const sentence of sentencesOf(hit.chunk)) {
      const text = sentence.text;
      if (text.length < 25 || text.length > 600) continue;
      const tokens = words.passage.tokensOf(text, hit.article.language);
      const phraseHits = phrases.filter((p) => containsPhrase(tokens, p)).length;
      const covered = coverageOf(tokens, words);
      const shape = answerShape(parsed, text, askedRaw, words);
      // A place found for "where…?" is what the sentence brings, name or not ("in a flour sack").
      const placed = parsed.answerType === "place" && shape > 0;
      const score =
        covered +
        0.2 * (phrases.length > 0 ? phraseHits / phrases.length : 0) +
        shapeWeight * shape +
        0.15 * (placed ? 1 : news(text, asked)) +
        // New names and numbers count where the question's words are: the answer stands next to them.
        0.5 * covered * (placed ? 1 : novelty(text, asked)) -
        0.06 * rank -
        (text.length > 350 ? 0.1 : 0);
      const quote = quotes.find((q) => q.start < sentence.end && q.end > sentence.start && q.speaker);
      // A sentence that is mostly an attributed quote is shown as the quote with its speaker, without the "…, she said".
      const asQuote = quote && quote.end - quote.start > 0.6 * (sentence.end - sentence.start);
      const candidate = asQuote
        ? { ...quoteCandidate(quote), score }
        : { articleId: hit.article.id, start: sentence.start, end: sentence.end, speaker: quote?.speaker ?? null, score };
      candidates.push({ ...candidate, key: wordsKey(text), sentence: { key: `${hit.article.id}:${sentence.start}:${sentence.end}`, text } });
    }
  }
  // The same sentence reprinted (a cast list, a wire story in two outlets) is quoted once.
  const seen = new Set<string>();
  const unique = candidates.sort((a, b) => b.score - a.score).filter((c) => !seen.has(c.key) && seen.add(c.key));
  if (similarity) await weighDensely(similarity, parsed.text, unique);
  return pickDiverse(unique, count);
}

/** Adds the model's preference among the lexically best candidates to their scores, and sorts them again. */
async function weighDensely(similarity: SentenceSimilarity, question: string, sorted: Array<QuoteCandidate & { sentence: SentenceRef }>): Promise<void> {
  const best = sorted.slice(0, DENSE_SENTENCES);
  if (best.length < 2) return;
  const preference = relativeSimilarity(await similarity.of(question, best.map((c) => c.sentence)));
  best.forEach((candidate, index) => {
    candidate.score += DENSE_SENTENCE_WEIGHT * preference[index]!;
  });
  sorted.sort((a, b) => b.score - a.score);
}

/** A date or time in a sentence: a month, a weekday, a relative day, a year, a clock time or an abbreviated date. */
const DATE_WORDS = new RegExp(
  `\\b(${[...MONTHS, ...WEEKDAYS].join("|")}|yesterday|today|last (week|month|year)|(19|20)\\d\\d|midnight|noon|\\d{1,2}(:\\d\\d)? ?[ap]\\.m\\.|(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.? \\d)`,
  "i",
);

/**
 * How much a sentence looks like the answer: something of the asked type that the question does not name (a
 * country for "which country…") counts three times a looser shape (any name for "who…"); the weight was
 * measured on the news-quiz dev set.
 */
function answerShape(parsed: ParsedQuery, text: string, asked: ReadonlySet<string>, words: QuestionWords): number {
  if (!parsed.answerType) return shapeBonus(parsed.kind, text);
  const tokens = rawWords(text);
  const positions = answerPositions(tokens, parsed.answerType, asked);
  // "Where had he hidden her?": a place needs no name ("in a laundry basket").
  if (parsed.answerType === "place") return positions.length > 0 || locatesPlace(tokens, asked) ? 3 : 0;
  if (positions.length === 0) return 0;
  // "How late did it go on?": "close to 1 a.m." over "more than six hours".
  if (parsed.answerType === "time") return hasClockTime(tokens, positions) ? 3 : 2;
  if (parsed.answerType !== "number") return 3;
  // "How many people…?": a number counting people ("10 million users") over one counting dollars; "how much is
  // it worth?": an amount of money over a count.
  const noun = countedNoun(parsed.text);
  const alternatives = noun ? (words.alternatives.get(stem(noun)) ?? []).map((a) => a.words.join(" ")) : [];
  return (noun && countsNoun(tokens, positions, noun, alternatives)) || amountOfMoney(parsed.text, text, tokens, positions) ? 4 : 3;
}

/** How much a sentence looks like the kind of answer asked for, when no answer type says more: a date for "when", a cause for "why"… */
function shapeBonus(kind: QuestionKind, text: string): number {
  switch (kind) {
    case "when":
      return DATE_WORDS.test(text) ? 1 : 0;
    case "where":
      return /\b(in|at|near|from)\s+\p{Lu}/u.test(text) ? 1 : 0;
    case "who":
    case "who-said":
    case "what-said":
      return /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+/u.test(text.slice(1)) ? 1 : 0;
    case "why":
      return reasonIn(text);
    case "general":
      return 0;
  }
}

/**
 * Whether a sentence brings a name or a number the question does not already hold: a sentence that answers
 * "which company…?" names one, while one that merely restates the question does not.
 */
function news(text: string, asked: ReadonlySet<string>): number {
  for (const match of text.slice(1).matchAll(/\b(\p{Lu}[\p{L}'’-]+|\d[\d.,]*)/gu)) {
    if (!asked.has(stem(match[1]!.toLowerCase().replace(/['’]s$/, "")))) return 1;
  }
  return 0;
}

/** Share (up to two) of the distinct names and numbers of a sentence that the question does not hold: more candidates for the answer. */
function novelty(text: string, asked: ReadonlySet<string>): number {
  const found = new Set<string>();
  for (const match of text.slice(1).matchAll(/\b(\p{Lu}[\p{L}'’-]+|\d[\d.,]*)/gu)) {
    const word = stem(match[1]!.toLowerCase().replace(/['’]s$/, ""));
    if (!asked.has(word)) found.add(word);
  }
  return Math.min(found.size, 2) / 2;
}
