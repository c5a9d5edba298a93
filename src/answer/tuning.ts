/**
 * The answer engine's thresholds, beside the search's weights (retrieval/ranking.ts): how much it quotes and
 * when it says it does not know. Measured on the news-quiz dev set (see README).
 */

/** Quotes per answer: a reply is a few sentences, not a page; five give the answer more chances from other articles. */
export const QUOTES_PER_ANSWER = 5;
/** Passages read for answer sentences; the rest wait for "more". */
export const PASSAGES_READ = 5;
export const MORE_PASSAGES = 3;
/** Below this share of the question's (IDF-weighted) words in the best passage, the library does not know. */
export const MIN_COVERAGE = 0.25;
/**
 * A question of two content words ("the Titan submersible") says nothing else, so a passage missing one of them
 * is about something else (Saturn's moon Titan): the best passage must then hold both, unless the one it misses
 * is a common word (under 30% of the weight). From three words on, a missing word is as often a synonym
 * ("decide" for "approve").
 */
const MIN_COVERAGE_TWO_WORDS = 0.7;

export function minCoverage(terms: number): number {
  return terms <= 2 ? MIN_COVERAGE_TWO_WORDS : MIN_COVERAGE;
}

/**
 * Passages holding less than this share of what the best one holds of the question are not quoted from: in a
 * small library they are often the only other articles sharing a single word ("decide"). On the news-quiz dev
 * set 0.6 cost one answer of 331 and 0.7 three. The same share keeps a speaker's off-topic remarks out of
 * "what did X say about Y?".
 */
export const RELATIVE_COVERAGE = 0.6;
/** How much the topic's words in the paragraph leading up to a quote count, beside its own paragraph's. */
export const LEAD_PARAGRAPH = 0.8;
/** How much the topic's words (the previous question's) count beside a follow-up's own, in the topic's articles: all of them together, at most this share of the own words' weight. */
export const TOPIC_WEIGHT = 0.3;
/** A plain question stays in the story in hand when the story's best passage holds this share of what the library's best hold of it. */
export const STORY_SHARE = 0.8;
/** How much a sentence the previous answer already showed loses when a follow-up is answered. */
export const SHOWN_PENALTY = 0.1;
/** Quotes shorter than this are a phrase picked out ("playing with fire"), shown only when the speaker has nothing longer. */
export const MIN_QUOTE_WORDS = 4;
