/**
 * Tunes the search re-ranking weights on a news-quiz dataset (the layout `verbatim eval` reads) by coordinate
 * ascent on answer-recall@5 + MRR@10, and reports two-fold cross-validated figures so the gain on questions the
 * tuning did not see is known. Needs a library built by `verbatim eval --data-dir DIR` first.
 *
 *   node --import tsx scripts/tune-ranking.ts --dataset ../shared/eval/realtimeqa-dev --data-dir /tmp/rtqa
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { containsAnswer } from "../src/eval/metrics.ts";
import { SqliteLibrary } from "../src/library/sqlite/sqlite-library.ts";
import { parseQuery } from "../src/retrieval/query.ts";
import { DEFAULT_TUNING, rankCandidates, type CandidateSet, type SearchTuning } from "../src/retrieval/ranking.ts";
import { Searcher } from "../src/retrieval/search.ts";

interface Question {
  id: string;
  date: string;
  question: string;
  answer_text: string;
}

/** The weights tried, each over a few values around its default; structural settings (candidates, windows) stay. */
const GRID: Partial<Record<keyof SearchTuning, number[]>> = {
  bm25: [0, 0.5, 1, 1.5, 2],
  coverage: [0.5, 1, 1.5, 2],
  phrase: [0, 0.25, 0.5, 1],
  proximity: [0.5, 1, 1.5, 2],
  answerType: [0, 0.5, 1, 2, 3],
  dateExplicit: [0.5, 1, 1.5, 2],
  dateDefault: [0.25, 0.5, 0.75, 1],
  dateFade: [3, 7, 14],
  dateLongLevel: [0, 0.15, 0.3, 0.5],
  dateLongFade: [60, 120, 365],
  feedback: [0, 0.1, 0.2, 0.4],
  perArticle: [2, 3, 4],
};

const { values } = parseArgs({ options: { dataset: { type: "string" }, "data-dir": { type: "string" }, rounds: { type: "string", default: "2" } } });
if (!values.dataset || !values["data-dir"]) throw new Error("usage: tune-ranking --dataset DIR --data-dir LIBRARY_DIR");

const library = SqliteLibrary.open(values["data-dir"]);
const questions = readFileSync(join(values.dataset, "questions.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Question);

// Features do not depend on the weights: compute them once per question.
const base = new Searcher(library, null, DEFAULT_TUNING);
const prepared: Array<{ question: Question; now: Date; set: CandidateSet }> = [];
for (const q of questions) {
  const now = new Date(`${q.date}T12:00:00Z`);
  prepared.push({ question: q, now, set: await base.candidateFeatures(parseQuery(q.question, now), now) });
}

/** Sum of answer-recall@5 and MRR@10 over the given questions, and both separately. */
async function measure(tuning: SearchTuning, items: typeof prepared): Promise<{ objective: number; recall5: number; mrr: number }> {
  const searcher = new Searcher(library, null, tuning);
  let found = 0;
  let reciprocal = 0;
  for (const item of items) {
    const hits = await searcher.collapse(rankCandidates(item.set, tuning), { now: item.now, limit: 10 });
    const rank = hits.findIndex((hit) => containsAnswer(hit.chunk.text, item.question.answer_text));
    if (rank >= 0 && rank < 5) found++;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  }
  const recall5 = found / items.length;
  const mrr = reciprocal / items.length;
  return { objective: recall5 + mrr, recall5, mrr };
}

async function tune(items: typeof prepared, rounds: number): Promise<SearchTuning> {
  let best = { ...DEFAULT_TUNING };
  let bestScore = (await measure(best, items)).objective;
  for (let round = 0; round < rounds; round++) {
    let improved = false;
    for (const [key, options] of Object.entries(GRID) as Array<[keyof SearchTuning, number[]]>) {
      for (const value of options) {
        if (best[key] === value) continue;
        const trial = { ...best, [key]: value };
        const score = (await measure(trial, items)).objective;
        // Ties keep the current value: a change has to earn its place.
        if (score > bestScore + 1e-9) {
          best = trial;
          bestScore = score;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return best;
}

const format = (m: { recall5: number; mrr: number }): string => `R@5 ${m.recall5.toFixed(3)}  MRR@10 ${m.mrr.toFixed(3)}`;
const rounds = Number(values.rounds);
const folds = [prepared.filter((_, i) => i % 2 === 0), prepared.filter((_, i) => i % 2 === 1)];
console.log(`defaults, all ${prepared.length} questions: ${format(await measure(DEFAULT_TUNING, prepared))}`);
for (const [i, train] of folds.entries()) {
  const test = folds[1 - i]!;
  const tuned = await tune(train, rounds);
  console.log(
    `fold ${i + 1}: tuned on ${train.length}: ${format(await measure(tuned, train))}; held out ${test.length}: defaults ${format(await measure(DEFAULT_TUNING, test))} -> tuned ${format(await measure(tuned, test))}`,
  );
}
const tuned = await tune(prepared, rounds);
console.log(`tuned on all: ${format(await measure(tuned, prepared))}`);
for (const key of Object.keys(GRID) as Array<keyof SearchTuning>) if (tuned[key] !== DEFAULT_TUNING[key]) console.log(`  ${key}: ${String(DEFAULT_TUNING[key])} -> ${String(tuned[key])}`);
await library.close();
