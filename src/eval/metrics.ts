/** The news-quiz metrics, as the dataset README defines them. */

/** Whether `text` contains `answer` case-insensitively, whitespace normalised, not inside a longer word. */
export function containsAnswer(text: string, answer: string): boolean {
  const needle = answer.trim().replace(/\s+/g, " ");
  if (!needle) return false;
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(text.replace(/\s+/g, " "));
}

export interface QuestionOutcome {
  /** 1-based rank of the first passage holding the answer, or null when none of the passages does. */
  firstRank: number | null;
  answerInReply: boolean;
  quotes: number;
  faithfulQuotes: number;
  ms: number;
}

export interface Metrics {
  questions: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  mrrAt10: number;
  answerInReply: number;
  quoteFidelity: number;
  msPerQuestion: number;
}

export function firstRank(passages: readonly string[], answer: string): number | null {
  const index = passages.findIndex((passage) => containsAnswer(passage, answer));
  return index < 0 ? null : index + 1;
}

export function summarize(outcomes: readonly QuestionOutcome[]): Metrics {
  const n = outcomes.length || 1;
  const share = (test: (o: QuestionOutcome) => boolean): number => outcomes.filter(test).length / n;
  const quotes = outcomes.reduce((sum, o) => sum + o.quotes, 0);
  const faithful = outcomes.reduce((sum, o) => sum + o.faithfulQuotes, 0);
  return {
    questions: outcomes.length,
    recallAt1: share((o) => o.firstRank !== null && o.firstRank <= 1),
    recallAt5: share((o) => o.firstRank !== null && o.firstRank <= 5),
    recallAt10: share((o) => o.firstRank !== null && o.firstRank <= 10),
    mrrAt10: outcomes.reduce((sum, o) => sum + (o.firstRank !== null && o.firstRank <= 10 ? 1 / o.firstRank : 0), 0) / n,
    answerInReply: share((o) => o.answerInReply),
    quoteFidelity: quotes === 0 ? 1 : faithful / quotes,
    msPerQuestion: outcomes.reduce((sum, o) => sum + o.ms, 0) / n,
  };
}
