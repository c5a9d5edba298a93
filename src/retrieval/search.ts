import { daysBefore, isoDay } from "./dates.ts";
import type { ArticleSummary, Library, StoredChunk } from "./library.ts";
import { ftsQuery, isStopWord, type ParsedQuery } from "./query.ts";
import { containsPhrase, jaccard, shingles, stem, stemmedWords } from "./text-match.ts";

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
  /** The window assumed when the question names no time: the days before `now`. */
  defaultWindowDays: number;
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
  candidates: 150,
  bm25: 1,
  coverage: 1,
  phrase: 0.5,
  proximity: 1,
  dateExplicit: 1,
  dateDefault: 0.5,
  dateFade: 7,
  defaultWindowDays: 10,
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

interface Candidate {
  chunkId: number;
  bm25: number;
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
    const match = ftsQuery({ terms: this.selectiveTerms(query.terms), phrases: query.phrases });
    if (!match) return [];
    const t = this.tuning;
    const window = dateWindow(query, now, t.defaultWindowDays);
    const candidates = new Map<number, Candidate>();
    const add = (hits: Array<{ chunkId: number; score: number }>): void => {
      for (const hit of hits) if (!candidates.has(hit.chunkId)) candidates.set(hit.chunkId, { chunkId: hit.chunkId, bm25: hit.score });
    };
    add(this.library.searchLexical(match, { limit: t.candidates, weights: [3, 1] }));
    // The best passages of the days in question, which a corpus-wide top list may crowd out.
    add(this.library.searchLexical(match, { limit: t.candidates, weights: [3, 1], dates: { from: window.from, to: window.to } }));
    if (candidates.size === 0) return [];

    const chunks = this.library.getChunks([...candidates.keys()]);
    const articles = this.library.getSummaries([...new Set([...chunks.values()].map((c) => c.articleId))]);
    const termWeights = this.termWeights(query.terms);
    const totalWeight = [...termWeights.values()].reduce((a, b) => a + b, 0) || 1;
    const phrases = query.phrases.map((p) => p.split(" ").map(stem)).filter((p) => p.length > 0);
    const maxBm25 = Math.max(...[...candidates.values()].map((c) => c.bm25), 1e-9);
    const dateWeight = window.explicit ? t.dateExplicit : t.dateDefault;

    const scored: Array<{ chunkId: number; articleId: number; score: number; present: Set<string> }> = [];
    for (const candidate of candidates.values()) {
      const chunk = chunks.get(candidate.chunkId);
      const article = chunk ? articles.get(chunk.articleId) : undefined;
      if (!chunk || !article) continue;
      const bodyTokens = stemmedWords(chunk.text);
      const titleTokens = stemmedWords(article.title);
      const present = new Set([...bodyTokens, ...titleTokens]);
      let covered = 0;
      for (const [term, weight] of termWeights) if (present.has(term)) covered += weight;
      const phraseHits = phrases.filter((p) => containsPhrase(bodyTokens, p) || containsPhrase(titleTokens, p)).length;
      const score =
        t.bm25 * (candidate.bm25 / maxBm25) +
        t.coverage * (covered / totalWeight) +
        t.phrase * (phrases.length > 0 ? phraseHits / phrases.length : 0) +
        t.proximity * proximity(bodyTokens, termWeights, totalWeight) +
        dateWeight * datePrior(article.publishedAt, window, now, t.dateFade, query.dates.latest);
      scored.push({ chunkId: candidate.chunkId, articleId: article.id, score, present });
    }
    scored.sort((a, b) => b.score - a.score);
    if (t.feedback > 0) {
      feedback(scored, termWeights, t.feedbackDocs, t.feedback);
      scored.sort((a, b) => b.score - a.score);
    }
    return scored.map(({ chunkId, score }) => ({ chunkId, score }));
  }

  private async denseRanking(query: ParsedQuery): Promise<Array<{ chunkId: number; score: number }>> {
    const model = this.library.embeddingModel;
    if (!this.embedder || model !== this.embedder.modelName) return [];
    const embedded = this.embedder.embedQuery ? await this.embedder.embedQuery(query.text) : (await this.embedder.embedDocuments([query.text]))[0];
    if (!embedded) return [];
    const vector = Float32Array.from(embedded);
    return this.library.searchDense(vector, model, 100).map((hit) => ({ chunkId: hit.label, score: hit.score }));
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
  private collapse(ranked: Array<{ chunkId: number; score: number }>, options: SearchOptions): SearchHit[] {
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

/**
 * 1 inside the window, fading with distance outside it; articles dated after `now` fade twice as fast (they
 * cannot be what a person asking at `now` read). Undated articles get a neutral half.
 */
function datePrior(publishedAt: string | null, window: Window, now: Date, fade: number, latest: boolean): number {
  if (!publishedAt) return 0.5;
  const day = publishedAt.slice(0, 10);
  const age = daysBefore(day, now);
  let distance = 0;
  if (day < window.from) distance = daysBefore(day, new Date(`${window.from}T00:00:00Z`));
  else if (day > window.to) distance = 2 * -daysBefore(day, new Date(`${window.to}T00:00:00Z`));
  const inWindow = Math.exp(-distance / fade);
  // "latest": among passages in the window, newer ones still win.
  return latest && age >= 0 ? inWindow * (1 - Math.min(age, 30) / 60) : inWindow;
}

/**
 * Pseudo-relevance feedback within the candidates (RM3-like, without a second query): words that most of the
 * best passages share but the question did not use ("Nordvik" for "which ferry company") are weighted by how
 * rare they are among the candidates, and each candidate gains the share of that weight it holds.
 */
function feedback(scored: Array<{ articleId: number; score: number; present: Set<string> }>, question: ReadonlyMap<string, number>, docs: number, weight: number): void {
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

/** Reciprocal-rank fusion of two rankings (k = 60, the usual constant). */
function fuse(a: Array<{ chunkId: number }>, b: Array<{ chunkId: number }>): Array<{ chunkId: number; score: number }> {
  const scores = new Map<number, number>();
  for (const ranking of [a, b]) ranking.forEach(({ chunkId }, rank) => scores.set(chunkId, (scores.get(chunkId) ?? 0) + 1 / (60 + rank + 1)));
  return [...scores].map(([chunkId, score]) => ({ chunkId, score })).sort((x, y) => y.score - x.score);
}
