import { answerPositions, askedWords } from "./answer-type.ts";
import { daysBefore, isoDay } from "./dates.ts";
import type { ArticleSummary, Library, StoredChunk } from "../library/sqlite/sqlite-library.ts";
import { alternativeTerms, coverageOf, expandQuestion, type QuestionWords } from "./expand.ts";
import { ftsQuery, isNameType, isStopWord, rawWords, type ParsedQuery } from "./query.ts";
import { containsPhrase, jaccard, shingles, stem, stemmedWords, stemWords } from "../text/words.ts";

/** What search needs from an embedding model: the ingest embedder's interface, with LangChain's `embedQuery` when it has one. */
export interface QueryEmbedder {
  readonly modelName: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery?(text: string): Promise<number[]>;
}

/** A ranked passage with what answering and rendering need. */
export interface SearchHit {
  chunk: StoredChunk;
  article: ArticleSummary;
  score: number;
  /** Other articles carrying the same story (syndicated copies), collapsed into this hit. */
  alsoReportedBy: ArticleSummary[];
}

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

/**
 * Words found in a larger share of passages are left out of the FTS5 query (see `selectiveTerms`), in libraries
 * big enough for their posting lists to cost time; in a small library every word is "common" and all are kept.
 */
const MAX_MATCH_SHARE = 0.15;
const MIN_CHUNKS_FOR_SELECTIVE_MATCH = 20_000;

export interface SearchOptions {
  now: Date;
  limit: number;
  /** Articles to leave out (e.g. "more" already showed them). */
  exclude?: ReadonlySet<number>;
}

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

/**
 * Hybrid passage search: BM25 candidates (and dense neighbours when a model is loaded) re-ranked by how much
 * of the question a passage covers, phrase and name matches, term proximity and a publish-date prior around
 * `now`; then copies of one story are collapsed. Dense and lexical rankings are fused by reciprocal rank.
 */
export class Searcher {
  private readonly documentFrequencies = new Map<string, number>();
  private chunkCount = 0;

  constructor(
    private readonly library: Library,
    private readonly embedder: QueryEmbedder | null,
    private readonly tuning: SearchTuning = DEFAULT_TUNING,
  ) {}

  async search(query: ParsedQuery, options: SearchOptions): Promise<SearchHit[]> {
    const lexical = this.lexicalRanking(query, options.now);
    const dense = await this.denseRanking(query);
    const fused = dense.length > 0 ? fuse(lexical, dense) : lexical;
    return this.collapse(fused, options);
  }

  /** Chunk ids with their re-ranked lexical score, best first. */
  private lexicalRanking(query: ParsedQuery, now: Date): Array<{ chunkId: number; score: number }> {
    return rankCandidates(this.candidateFeatures(query, now), this.tuning);
  }

  /**
   * The lexical candidates of a question with what re-ranking weighs about each: BM25 candidates from the whole
   * library and from the question's date window. Kept apart from the weights so that tuning can re-rank
   * without searching again.
   */
  candidateFeatures(query: ParsedQuery, now: Date): CandidateSet {
    const t = this.tuning;
    const window = dateWindow(query, now, t.defaultWindowDays);
    const empty: CandidateSet = { explicitDates: window.explicit, latest: query.dates.latest, termWeights: new Map(), candidates: [] };
    const words = this.questionWords(query);
    const match = ftsQuery({ terms: [...this.selectiveTerms(query.terms), ...alternativeTerms(words)], phrases: query.phrases });
    if (!match) return empty;
    const bm25 = new Map<number, number>();
    const add = (hits: Array<{ chunkId: number; score: number }>): void => {
      for (const hit of hits) if (!bm25.has(hit.chunkId)) bm25.set(hit.chunkId, hit.score);
    };
    add(this.library.searchLexical(match, { limit: t.candidates, weights: [3, 1] }));
    // The best passages of the days in question, which a corpus-wide top list may crowd out.
    add(this.library.searchLexical(match, { limit: t.candidates, weights: [3, 1], dates: { from: window.from, to: window.to } }));
    if (bm25.size === 0) return empty;

    const chunks = this.library.getChunks([...bm25.keys()]);
    const articles = this.library.getSummaries([...new Set([...chunks.values()].map((c) => c.articleId))]);
    const termWeights = words.weights;
    const totalWeight = [...termWeights.values()].reduce((a, b) => a + b, 0) || 1;
    const phrases = query.phrases.map((p) => p.split(" ").map(stem)).filter((p) => p.length > 0);
    const maxBm25 = Math.max(...bm25.values(), 1e-9);
    // Names are told only by capitalisation, which nearly every news passage has somewhere: no evidence for ranking.
    const answerType = query.answerType && !isNameType(query.answerType) ? query.answerType : null;
    const asked = askedWords(query.text);

    const candidates: CandidateFeatures[] = [];
    for (const [chunkId, score] of bm25) {
      const chunk = chunks.get(chunkId);
      const article = chunk ? articles.get(chunk.articleId) : undefined;
      if (!chunk || !article) continue;
      const written = rawWords(chunk.text);
      const bodyTokens = stemWords(written);
      const titleTokens = stemmedWords(article.title);
      const present = new Set([...bodyTokens, ...titleTokens]);
      const phraseHits = phrases.filter((p) => containsPhrase(bodyTokens, p) || containsPhrase(titleTokens, p)).length;
      candidates.push({
        chunkId,
        articleId: article.id,
        bm25: score / maxBm25,
        coverage: coverageOf([...bodyTokens, ...titleTokens], words),
        phrase: phrases.length > 0 ? phraseHits / phrases.length : 0,
        proximity: proximity(canonical(bodyTokens, words), termWeights, totalWeight),
        answerType: answerType ? answerProximity(bodyTokens, answerPositions(written, answerType, asked), termWeights, totalWeight) : 0,
        days: articleDays(article.publishedAt, window, now),
        present,
      });
    }
    return { explicitDates: window.explicit, latest: query.dates.latest, termWeights, candidates };
  }

  private async denseRanking(query: ParsedQuery): Promise<Array<{ chunkId: number; score: number }>> {
    const model = this.library.embeddingModel;
    if (!this.embedder || model !== this.embedder.modelName) return [];
    const embedded = this.embedder.embedQuery ? await this.embedder.embedQuery(query.text) : (await this.embedder.embedDocuments([query.text]))[0];
    if (!embedded) return [];
    const vector = Float32Array.from(embedded);
    return this.library.searchDense(vector, model, 100).map((hit) => ({ chunkId: hit.label, score: hit.score }));
  }

  /** The question's stemmed terms with their IDF, and the words an article may use instead of each. */
  questionWords(query: Pick<ParsedQuery, "terms" | "names" | "text" | "quoted">): QuestionWords {
    return { weights: this.termWeights(query.terms), alternatives: expandQuestion(query) };
  }

  /** IDF of each stemmed query term, from FTS5 document counts. */
  termWeights(terms: readonly string[]): Map<string, number> {
    const chunkCount = this.libraryChunks();
    const weights = new Map<string, number>();
    for (const term of terms) {
      const df = this.documentFrequency(term);
      const key = stem(term);
      weights.set(key, Math.max(weights.get(key) ?? 0, Math.log(1 + (chunkCount - df + 0.5) / (df + 0.5))));
    }
    return weights;
  }

  /**
   * The terms worth giving FTS5: a word in more than MAX_MATCH_SHARE of all passages adds little to BM25 but
   * makes it score a large part of the library, which is what makes a query slow at 100k articles. Such words
   * still count when candidates are re-ranked. The rarest two terms are always kept.
   */
  private selectiveTerms(terms: readonly string[]): string[] {
    const chunks = this.libraryChunks();
    if (chunks < MIN_CHUNKS_FOR_SELECTIVE_MATCH) return [...terms];
    const limit = MAX_MATCH_SHARE * chunks;
    const frequencies = new Map(terms.map((term) => [term, this.documentFrequency(term)]));
    const byRarity = [...terms].sort((a, b) => frequencies.get(a)! - frequencies.get(b)!);
    return byRarity.filter((term, rank) => rank < 2 || frequencies.get(term)! <= limit);
  }

  /** Passages containing a term, cached: document frequencies drift slowly as the library grows. Callers refresh the cache through `libraryChunks()` first. */
  private documentFrequency(term: string): number {
    let df = this.documentFrequencies.get(term);
    if (df === undefined) {
      df = this.library.db.prepare("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH ?").pluck().get(`"${term.replace(/"/g, '""')}"`) as number;
      this.documentFrequencies.set(term, df);
    }
    return df;
  }

  /** About how many passages the library holds (the highest chunk id: cheap, and exact enough for IDF); the frequency cache is dropped once it grows by a tenth. */
  private libraryChunks(): number {
    const count = (this.library.db.prepare("SELECT MAX(id) FROM chunks").pluck().get() as number | null) ?? 0;
    if (count > this.chunkCount * 1.1 || count < this.chunkCount) {
      this.documentFrequencies.clear();
      this.chunkCount = count;
    }
    return Math.max(this.chunkCount, 1);
  }

  /** Hits in rank order, copies of one story merged into the first, at most `perArticle` passages per article. */
  collapse(ranked: Array<{ chunkId: number; score: number }>, options: SearchOptions): SearchHit[] {
    const hits: SearchHit[] = [];
    const kept: Array<{ hit: SearchHit; shingles: Set<string>; title: string }> = [];
    const perArticle = new Map<number, number>();
    const duplicateOf = new Map<number, SearchHit>();
    // Only a window of the ranking is looked at: beyond it nothing would be shown.
    const window = ranked.slice(0, Math.max(options.limit * 6, 60));
    const chunks = this.library.getChunks(window.map((r) => r.chunkId));
    const articles = this.library.getSummaries([...new Set([...chunks.values()].map((c) => c.articleId))]);
    for (const { chunkId, score } of window) {
      if (hits.length >= options.limit) break;
      const chunk = chunks.get(chunkId);
      const article = chunk ? articles.get(chunk.articleId) : undefined;
      if (!chunk || !article || options.exclude?.has(article.id)) continue;
      if (duplicateOf.has(article.id)) continue;
      const count = perArticle.get(article.id) ?? 0;
      if (count >= this.tuning.perArticle) continue;

      const own = shingles(chunk.text);
      const title = normalizeTitle(article.title);
      const original = kept.find(
        (k) => k.hit.article.id !== article.id && ((title.length > 20 && k.title === title) || jaccard(k.shingles, own) >= this.tuning.duplicateJaccard),
      );
      if (original) {
        duplicateOf.set(article.id, original.hit);
        if (!original.hit.alsoReportedBy.some((a) => a.id === article.id)) original.hit.alsoReportedBy.push(article);
        continue;
      }
      const hit: SearchHit = { chunk, article, score, alsoReportedBy: [] };
      hits.push(hit);
      kept.push({ hit, shingles: own, title });
      perArticle.set(article.id, count + 1);
    }
    return hits;
  }
}

function normalizeTitle(title: string): string {
  // Outlets append their name to the same headline ("… | Reuters", "… - CNN").
  return title.toLowerCase().replace(/\s[|–—-]\s[^|–—-]*$/, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

interface Window {
  from: string;
  to: string;
  explicit: boolean;
}

function dateWindow(query: ParsedQuery, now: Date, defaultDays: number): Window {
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

function articleDays(publishedAt: string | null, window: Window, now: Date): ArticleDays | null {
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

/** Tokens with each one-word alternative replaced by the question's term it stands for, so proximity sees it. */
function canonical(tokens: readonly string[], words: QuestionWords): string[] {
  const standsFor = new Map<string, string>();
  for (const [term, list] of words.alternatives) for (const alternative of list) if (alternative.words.length === 1 && !standsFor.has(alternative.words[0]!)) standsFor.set(alternative.words[0]!, term);
  if (standsFor.size === 0) return [...tokens];
  return tokens.map((token) => (words.weights.has(token) ? token : (standsFor.get(token) ?? token)));
}

/**
 * How tightly the question's terms sit together: the share of term weight inside the best 30-word window.
 */
function proximity(tokens: readonly string[], weights: ReadonlyMap<string, number>, total: number): number {
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
function answerProximity(tokens: readonly string[], positions: readonly number[], weights: ReadonlyMap<string, number>, total: number): number {
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

/** Reciprocal-rank fusion of two rankings (k = 60, the usual constant). */
function fuse(a: Array<{ chunkId: number }>, b: Array<{ chunkId: number }>): Array<{ chunkId: number; score: number }> {
  const scores = new Map<number, number>();
  for (const ranking of [a, b]) ranking.forEach(({ chunkId }, rank) => scores.set(chunkId, (scores.get(chunkId) ?? 0) + 1 / (60 + rank + 1)));
  return [...scores].map(([chunkId, score]) => ({ chunkId, score })).sort((x, y) => y.score - x.score);
}
