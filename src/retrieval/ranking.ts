import { isStopWord } from "../text/words.ts";
import { daysBefore, isoDay } from "./dates.ts";
import type { ParsedQuery } from "./query.ts";

/** The weights of the re-ranking score; defaults measured on the news-quiz dev set (see README). */
export interface SearchTuning {
  /** Lexical candidates fetched from FTS5, and again within the question's date window. */
  candidates: number;
  bm25: number;
  coverage: number;
  phrase: number;
  proximity: number;
  /** Weight of the publish-date prior when the question names a time ("this week", "in March"). */
  dateExplicit: number;
  /** Weight of the prior towards the days just before `now` when it names none: news questions are about recent news. */
  dateDefault: number;
  /** Days over which the prior fades outside the window. */
  dateFade: number;
  /** Level and days of the prior's slow fade over months, under the quick one. */
  dateLongLevel: number;
  dateLongFade: number;
  /** The window assumed when the question names no time: the days before `now`. */
  defaultWindowDays: number;
  /** Weight of a thing of the answer's type (a country for "which country…") standing among the question's words. */
  answerType: number;
  /** Weight of pseudo-relevance feedback: the words the best passages share, which the question did not use. */
  feedback: number;
  /** Best passages read for feedback words. */
  feedbackDocs: number;
  /** Passages kept per article, so one long article cannot fill every slot. */
  perArticle: number;
  /** Shingle overlap above which two passages are copies of one story. */
  duplicateJaccard: number;
}

export const DEFAULT_TUNING: SearchTuning = {
  candidates: 80,
  bm25: 1,
  coverage: 1,
  phrase: 0.5,
  proximity: 1,
  dateExplicit: 1,
  dateDefault: 0.5,
  dateFade: 7,
  dateLongLevel: 0.3,
  dateLongFade: 120,
  defaultWindowDays: 10,
  answerType: 2,
  feedback: 0.2,
  feedbackDocs: 5,
  perArticle: 3,
  duplicateJaccard: 0.5,
};

/** What re-ranking weighs about one lexical candidate; the scores are shares in [0, 1]. */
export interface CandidateFeatures {
  chunkId: number;
  articleId: number;
  /** BM25 relative to the best candidate's. */
  bm25: number;
  /** Share of the question's IDF weight the passage (with its title) holds. */
  coverage: number;
  /** Share of the question's phrases found as written. */
  phrase: number;
  /** Share of the question's weight inside the passage's best 30-word window. */
  proximity: number;
  /**
   * Share of the question's weight within a few words of something of the answer's type: a number, country,
   * state, day, month or year, which digits and word lists tell reliably (0 when the question names none).
   */
  answerType: number;
  days: ArticleDays | null;
  /** The passage's and title's stemmed words, for feedback. */
  present: Set<string>;
}

export interface CandidateSet {
  explicitDates: boolean;
  latest: boolean;
  termWeights: ReadonlyMap<string, number>;
  candidates: CandidateFeatures[];
}

export interface Window {
  from: string;
  to: string;
  explicit: boolean;
}

export function dateWindow(query: ParsedQuery, now: Date, defaultDays: number): Window {
  if (query.dates.from && query.dates.to) return { from: query.dates.from, to: query.dates.to, explicit: true };
  const days = query.dates.latest ? Math.min(defaultDays, 7) : defaultDays;
  return { from: isoDay(new Date(now.getTime() - days * 86_400_000)), to: isoDay(now), explicit: query.dates.latest };
}

/** Where an article's publish day stands relative to the question's window; null when undated. */
interface ArticleDays {
  /** Days outside the window (0 inside it); days after its end count twice, since a person asking at `now` cannot have read them. */
  outside: number;
  /** Days before `now`. */
  age: number;
}

export function articleDays(publishedAt: string | null, window: Window, now: Date): ArticleDays | null {
  if (!publishedAt) return null;
  const day = publishedAt.slice(0, 10);
  let outside = 0;
  if (day < window.from) outside = daysBefore(day, new Date(`${window.from}T00:00:00Z`));
  else if (day > window.to) outside = 2 * -daysBefore(day, new Date(`${window.to}T00:00:00Z`));
  return { outside, age: daysBefore(day, now) };
}

/**
 * 1 inside the window, fading with distance outside it over two scales: quickly (the news of the days asked
 * about) and, at a lower level, over months (the story's earlier coverage, which still beats years-old pieces).
 * Undated articles get a neutral half.
 */
function datePrior(days: ArticleDays | null, t: SearchTuning, latest: boolean): number {
  if (!days) return 0.5;
  const near = Math.max(Math.exp(-days.outside / t.dateFade), t.dateLongLevel * Math.exp(-days.outside / t.dateLongFade));
  // "latest": among passages in the window, newer ones still win.
  return latest && days.age >= 0 ? near * (1 - Math.min(days.age, 30) / 60) : near;
}

/** Scores candidates with the tuning's weights, best first, with pseudo-relevance feedback applied. */
export function rankCandidates(set: CandidateSet, t: SearchTuning): Array<{ chunkId: number; score: number }> {
  const dateWeight = set.explicitDates ? t.dateExplicit : t.dateDefault;
  const scored = set.candidates.map((c) => ({
    chunkId: c.chunkId,
    articleId: c.articleId,
    present: c.present,
    score:
      t.bm25 * c.bm25 +
      t.coverage * c.coverage +
      t.phrase * c.phrase +
      t.proximity * c.proximity +
      t.answerType * c.answerType +
      dateWeight * datePrior(c.days, t, set.latest),
  }));
  scored.sort((a, b) => b.score - a.score);
  if (t.feedback > 0) {
    feedback(scored, set.termWeights, t.feedbackDocs, t.feedback);
    scored.sort((a, b) => b.score - a.score);
  }
  return scored.map(({ chunkId, score }) => ({ chunkId, score }));
}

/**
 * Pseudo-relevance feedback within the candidates (RM3-like, without a second query): words that most of the
 * best passages share but the question did not use ("Nordvik" for "which ferry company") are weighted by how
 * rare they are among the candidates, and each candidate gains the share of that weight it holds.
 */
function feedback(scored: Array<{ articleId: number; score: number; present: ReadonlySet<string> }>, question: ReadonlyMap<string, number>, docs: number, weight: number): void {
  // The best passage of each of the best articles: one long article would otherwise vote several times.
  const seen = new Set<number>();
  const top = scored.filter((item) => !seen.has(item.articleId) && seen.add(item.articleId)).slice(0, docs);
  if (top.length < 2) return;
  const inTop = new Map<string, number>();
  for (const item of top) for (const word of item.present) if (!question.has(word) && word.length > 2 && !isStopWord(word)) inTop.set(word, (inTop.get(word) ?? 0) + 1);
  const shared = [...inTop].filter(([, n]) => n >= 2);
  if (shared.length === 0) return;
  const inPool = new Map<string, number>(shared.map(([word]) => [word, 0]));
  for (const item of scored) for (const word of inPool.keys()) if (item.present.has(word)) inPool.set(word, inPool.get(word)! + 1);
  const weights = shared
    .map(([word, n]) => [word, (n / top.length) * Math.log(1 + scored.length / inPool.get(word)!)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10);
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  for (const item of scored) {
    let held = 0;
    for (const [word, w] of weights) if (item.present.has(word)) held += w;
    item.score += (weight * held) / total;
  }
}

/**
 * How tightly the question's terms sit together: the share of term weight inside the best 30-word window.
 */
export function proximity(tokens: readonly string[], weights: ReadonlyMap<string, number>, total: number): number {
  const span = 30;
  let best = 0;
  const inWindow = new Map<string, number>();
  let sum = 0;
  for (let i = 0; i < tokens.length; i++) {
    const entering = tokens[i]!;
    if (weights.has(entering)) {
      const n = inWindow.get(entering) ?? 0;
      if (n === 0) sum += weights.get(entering)!;
      inWindow.set(entering, n + 1);
    }
    const leaving = i >= span ? tokens[i - span]! : undefined;
    if (leaving !== undefined && weights.has(leaving)) {
      const n = inWindow.get(leaving)! - 1;
      inWindow.set(leaving, n);
      if (n === 0) sum -= weights.get(leaving)!;
    }
    if (sum > best) best = sum;
  }
  return best / total;
}

/**
 * How much of the question's term weight stands within a few words of a possible answer (see answer-type.ts):
 * the best such neighbourhood, as a share of all the question's weight.
 */
export function answerProximity(tokens: readonly string[], positions: readonly number[], weights: ReadonlyMap<string, number>, total: number): number {
  const reach = 15;
  let best = 0;
  for (const position of positions) {
    const seen = new Set<string>();
    let sum = 0;
    for (let i = Math.max(0, position - reach); i < Math.min(tokens.length, position + reach + 1); i++) {
      const token = tokens[i]!;
      if (weights.has(token) && !seen.has(token)) {
        seen.add(token);
        sum += weights.get(token)!;
      }
    }
    if (sum > best) best = sum;
  }
  return best / total;
}

