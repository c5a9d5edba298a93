import type { ArticleSummary, Library, StoredChunk } from "../library/library.ts";
import { containsPhrase, jaccard, rawWords, shingles, stem } from "../text/words.ts";
import { answerPositions, askedWords } from "./answer-type.ts";
import { alternativeTerms, coverageOf, DEFAULT_EXPANSION, expandQuestion, type ExpansionTuning, type QuestionWords } from "./expand.ts";
import { PassageWords } from "./passage-words.ts";

/** Expansion for candidate search and ranking: the answer stage's, without other forms of the question's verbs. */
const SEARCH_EXPANSION: ExpansionTuning = { ...DEFAULT_EXPANSION, inflection: 0 };
import { isNameType, type ParsedQuery } from "./query.ts";
import { answerProximity, articleDays, dateWindow, DEFAULT_TUNING, proximity, rankCandidates, type CandidateFeatures, type CandidateSet, type SearchTuning } from "./ranking.ts";

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
  /** The passage's cosine similarity to the question, when an embedding model ranked it (absent without one). */
  dense?: number;
}

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

/**
 * Hybrid passage search: BM25 candidates (and dense neighbours when a model is loaded) re-ranked by how much
 * of the question a passage covers, phrase and name matches, term proximity and a publish-date prior around
 * `now`; then copies of one story are collapsed. Dense and lexical rankings are fused by reciprocal rank.
 */
export class Searcher {
  constructor(
    private readonly library: Library,
    private readonly embedder: QueryEmbedder | null,
    private readonly tuning: SearchTuning = DEFAULT_TUNING,
  ) {}

  async search(query: ParsedQuery, options: SearchOptions): Promise<SearchHit[]> {
    // The passages and articles read for ranking are read once: collapsing needs most of them again.
    const read: ReadPassages = { chunks: new Map(), articles: new Map() };
    // The question is embedded (in the model's own threads) while the lexical candidates are found.
    const [candidates, dense] = await Promise.all([this.candidateFeatures(query, options.now, read), this.denseRanking(query)]);
    const lexical = rankCandidates(candidates, this.tuning);
    if (dense.length === 0) return this.collapse(lexical, options, read);
    const hits = await this.collapse(fuse(lexical, dense), options, read);
    const similarity = new Map(dense.map((hit) => [hit.chunkId, hit.score]));
    for (const hit of hits) {
      const cosine = similarity.get(hit.chunk.id);
      if (cosine !== undefined) hit.dense = cosine;
    }
    return hits;
  }

  /**
   * The lexical candidates of a question with what re-ranking weighs about each: BM25 candidates from the whole
   * library and from the question's date window. Kept apart from the weights so that tuning can re-rank
   * without searching again.
   */
  async candidateFeatures(query: ParsedQuery, now: Date, read: ReadPassages = { chunks: new Map(), articles: new Map() }): Promise<CandidateSet> {
    const t = this.tuning;
    const window = dateWindow(query, now, t.defaultWindowDays);
    const empty: CandidateSet = { explicitDates: window.explicit, latest: query.dates.latest, termWeights: new Map(), candidates: [] };
    // Other forms of the question's verbs ("won" → "win") stay out of search: on the news-quiz dev set they cost
    // answer-recall@5 and MRR (the quiz's questions use the articles' own forms); the answer stage uses them.
    const words = await this.questionWords(query, SEARCH_EXPANSION);
    // Another script's spellings of the question's names are looked for too; they count as the name.
    const match = { terms: [...(await this.selectiveTerms(query.terms)), ...alternativeTerms(words), ...words.passage.variants.keys()], phrases: query.phrases };
    if (match.terms.length === 0 && !match.phrases.some((p) => p.includes(" "))) return empty;
    const bm25 = new Map<number, number>();
    const add = (hits: Array<{ chunkId: number; score: number }>): void => {
      for (const hit of hits) if (!bm25.has(hit.chunkId)) bm25.set(hit.chunkId, hit.score);
    };
    // The best passages of the days in question, which a corpus-wide top list may crowd out. Both lists are asked
    // at once: where an index that stops early answers them (LanceDB), its two searches run side by side in its
    // threads instead of one after the other (at 100k articles, p50 0.74–0.85× of asking them in turn).
    const lists = await Promise.all([
      this.library.searchLexical(match, { limit: t.candidates, weights: [3, 1] }),
      this.library.searchLexical(match, { limit: t.candidates, weights: [3, 1], dates: { from: window.from, to: window.to } }),
    ]);
    for (const list of lists) add(list);
    if (bm25.size === 0) return empty;

    const { chunks, articles } = await this.read([...bm25.keys()], read);
    const termWeights = words.weights;
    const totalWeight = [...termWeights.values()].reduce((a, b) => a + b, 0) || 1;
    const phrases = query.phrases.map((p) => p.split(" ").map(stem)).filter((p) => p.length > 0);
    const maxBm25 = Math.max(...bm25.values(), 1e-9);
    // Names are told only by capitalisation, which nearly every news passage has somewhere: no evidence for ranking.
    const answerType = query.answerType && !isNameType(query.answerType) ? query.answerType : null;
    const asked = askedWords(query.text);

    const standsFor = alternativeKeys(words);
    // Several candidates often come from one article: its title is read once.
    const titles = new Map<number, string[]>();
    const candidates: CandidateFeatures[] = [];
    for (const [chunkId, score] of bm25) {
      const chunk = chunks.get(chunkId);
      const article = chunk ? articles.get(chunk.articleId) : undefined;
      if (!chunk || !article) continue;
      const written = rawWords(chunk.text);
      const bodyTokens = words.passage.tokens(written, article.language);
      let titleTokens = titles.get(article.id);
      if (!titleTokens) {
        titleTokens = words.passage.tokensOf(article.title, article.language);
        titles.set(article.id, titleTokens);
      }
      const allTokens = [...bodyTokens, ...titleTokens];
      const present = new Set(allTokens);
      const phraseHits = phrases.filter((p) => containsPhrase(bodyTokens, p) || containsPhrase(titleTokens, p)).length;
      candidates.push({
        chunkId,
        articleId: article.id,
        bm25: score / maxBm25,
        coverage: coverageOf(allTokens, words, present),
        phrase: phrases.length > 0 ? phraseHits / phrases.length : 0,
        proximity: proximity(canonical(bodyTokens, words, standsFor), termWeights, totalWeight),
        answerType: answerType ? answerProximity(bodyTokens, answerPositions(written, answerType, asked), termWeights, totalWeight) : 0,
        days: articleDays(article.publishedAt, window, now),
        present,
      });
    }
    return { explicitDates: window.explicit, latest: query.dates.latest, termWeights, candidates };
  }

  private async denseRanking(query: ParsedQuery): Promise<Array<{ chunkId: number; score: number }>> {
    if (!this.embedder) return [];
    const model = await this.library.embeddingModel();
    if (model !== this.embedder.modelName) return [];
    const embedded = this.embedder.embedQuery ? await this.embedder.embedQuery(query.text) : (await this.embedder.embedDocuments([query.text]))[0];
    if (!embedded) return [];
    const vector = Float32Array.from(embedded);
    return this.library.searchDense(vector, model, 100);
  }

  /** The question's stemmed terms with their IDF, and the words an article may use instead of each. */
  async questionWords(query: Pick<ParsedQuery, "terms" | "names" | "text" | "quoted">, expansion: ExpansionTuning = DEFAULT_EXPANSION): Promise<QuestionWords> {
    return { weights: await this.termWeights(query.terms), alternatives: expandQuestion(query, expansion), passage: PassageWords.of(query) };
  }

  /** IDF of each stemmed query term, from the library's document counts. */
  async termWeights(terms: readonly string[]): Promise<Map<string, number>> {
    const chunkCount = Math.max(await this.library.passageCount(), 1);
    const frequencies = await this.library.documentFrequencies(terms);
    const weights = new Map<string, number>();
    for (const term of terms) {
      const df = frequencies.get(term) ?? 0;
      const key = stem(term);
      weights.set(key, Math.max(weights.get(key) ?? 0, Math.log(1 + (chunkCount - df + 0.5) / (df + 0.5))));
    }
    return weights;
  }

  /**
   * The terms worth giving lexical search: a word in more than MAX_MATCH_SHARE of all passages adds little to
   * BM25 but makes it score a large part of the library, which is what makes a query slow at 100k articles. Such
   * words still count when candidates are re-ranked. The rarest two terms are always kept.
   */
  private async selectiveTerms(terms: readonly string[]): Promise<string[]> {
    const chunks = await this.library.passageCount();
    if (chunks < MIN_CHUNKS_FOR_SELECTIVE_MATCH) return [...terms];
    const limit = MAX_MATCH_SHARE * chunks;
    const frequencies = await this.library.documentFrequencies(terms);
    const byRarity = [...terms].sort((a, b) => frequencies.get(a)! - frequencies.get(b)!);
    return byRarity.filter((term, rank) => rank < 2 || frequencies.get(term)! <= limit);
  }

  /** The chunks of `chunkIds` and their articles, reading from the library only those not in `read` (and adding them there). */
  private async read(chunkIds: readonly number[], read: ReadPassages): Promise<ReadPassages> {
    const missing = chunkIds.filter((id) => !read.chunks.has(id));
    if (missing.length > 0) for (const [id, chunk] of await this.library.getChunks(missing)) read.chunks.set(id, chunk);
    const articleIds = new Set<number>();
    for (const id of chunkIds) {
      const chunk = read.chunks.get(id);
      if (chunk && !read.articles.has(chunk.articleId)) articleIds.add(chunk.articleId);
    }
    if (articleIds.size > 0) for (const [id, article] of await this.library.getSummaries([...articleIds])) read.articles.set(id, article);
    return read;
  }

  /** Hits in rank order, copies of one story merged into the first, at most `perArticle` passages per article. */
  async collapse(ranked: Array<{ chunkId: number; score: number }>, options: SearchOptions, read: ReadPassages = { chunks: new Map(), articles: new Map() }): Promise<SearchHit[]> {
    const hits: SearchHit[] = [];
    const kept: Array<{ hit: SearchHit; shingles: Set<string>; title: string }> = [];
    const perArticle = new Map<number, number>();
    const duplicateOf = new Map<number, SearchHit>();
    // Only a window of the ranking is looked at: beyond it nothing would be shown.
    const window = ranked.slice(0, Math.max(options.limit * 6, 60));
    const { chunks, articles } = await this.read(window.map((r) => r.chunkId), read);
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

/** Passages and articles already read during one search, by id. */
interface ReadPassages {
  chunks: Map<number, StoredChunk>;
  articles: Map<number, ArticleSummary>;
}

function normalizeTitle(title: string): string {
  // Outlets append their name to the same headline ("… | Reuters", "… - CNN").
  return title.toLowerCase().replace(/\s[|–—-]\s[^|–—-]*$/, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** Reciprocal-rank fusion of two rankings (k = 60, the usual constant). */
function fuse(a: Array<{ chunkId: number }>, b: Array<{ chunkId: number }>): Array<{ chunkId: number; score: number }> {
  const scores = new Map<number, number>();
  for (const ranking of [a, b]) ranking.forEach(({ chunkId }, rank) => scores.set(chunkId, (scores.get(chunkId) ?? 0) + 1 / (60 + rank + 1)));
  return [...scores].map(([chunkId, score]) => ({ chunkId, score })).sort((x, y) => y.score - x.score);
}

/** Each one-word alternative of the question's terms → the term it stands for. */
function alternativeKeys(words: QuestionWords): Map<string, string> {
  const standsFor = new Map<string, string>();
  for (const [term, list] of words.alternatives) for (const alternative of list) if (alternative.words.length === 1 && !standsFor.has(alternative.words[0]!)) standsFor.set(alternative.words[0]!, term);
  return standsFor;
}

/** Tokens with each one-word alternative replaced by the question's term it stands for, so proximity sees it. */
function canonical(tokens: readonly string[], words: QuestionWords, standsFor: ReadonlyMap<string, string>): readonly string[] {
  if (standsFor.size === 0) return tokens;
  return tokens.map((token) => (words.weights.has(token) ? token : (standsFor.get(token) ?? token)));
}
