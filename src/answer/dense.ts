import type { QueryEmbedder, SearchHit } from "../retrieval/search.ts";

/**
 * How much the embeddings' preference among a question's candidate sentences counts beside the lexical score
 * (whose main part, the question's words covered, runs from 0 to 1). Not measured: no real model can be loaded
 * where this was built (README, "Questions in plain words").
 */
export const DENSE_SENTENCE_WEIGHT = 0.3;
/**
 * Candidate sentences embedded per question, the lexically best: the five quoted are nearly always among them, and
 * each costs a model pass (`npm run bench -- --only model` prints what they cost together).
 */
export const DENSE_SENTENCES = 8;
/** Sentence vectors kept between questions ("more", a follow-up and a rephrased question read the same passages). */
const CACHED_SENTENCES = 4096;
const CACHED_QUESTIONS = 64;

/** The passage the embeddings rank first among the hits: null without a model, or when none of them was ranked densely. */
export function denseFirst(hits: readonly SearchHit[]): SearchHit | null {
  let first: SearchHit | null = null;
  for (const hit of hits) if (hit.dense !== undefined && (first === null || hit.dense > first.dense!)) first = hit;
  return first;
}

/**
 * The hits to answer from, or null when the question must be refused. The lexically best passage must hold
 * `required` of the question; failing that, the passage the embeddings rank first is answered from (moved to the
 * front) if it holds `floor`: a two-word question then needs only one of its words in the passage the model finds
 * closest, as the article may say the other in its own words ("scrapped" for "cancel").
 */
export function answerableHits(hits: SearchHit[], holds: (hit: SearchHit) => number, required: number, floor: number): SearchHit[] | null {
  const best = hits[0];
  if (!best) return null;
  if (holds(best) >= required) return hits;
  const dense = denseFirst(hits);
  if (!dense || holds(dense) < floor) return null;
  return [dense, ...hits.filter((hit) => hit !== dense)];
}

/** A sentence to compare with the question: `key` names it for the cache (its article and offsets). */
export interface SentenceRef {
  key: string;
  text: string;
}

/**
 * Cosine similarity of a question to candidate sentences, by the loaded embedding model: the sentences of one
 * question are embedded in one call (the model batches them), and their vectors kept for the next questions.
 */
export class SentenceSimilarity {
  private readonly sentences = new Map<string, Float32Array>();
  private readonly questions = new Map<string, Float32Array>();

  constructor(private readonly embedder: QueryEmbedder) {}

  async of(question: string, sentences: readonly SentenceRef[]): Promise<number[]> {
    if (sentences.length === 0) return [];
    const asked = await this.questionVector(question);
    const missing = [...new Map(sentences.filter((s) => !this.sentences.has(s.key)).map((s) => [s.key, s.text]))];
    if (missing.length > 0) {
      const vectors = await this.embedder.embedDocuments(missing.map(([, text]) => text));
      missing.forEach(([key], index) => remember(this.sentences, key, Float32Array.from(vectors[index]!), CACHED_SENTENCES));
    }
    return sentences.map((s) => cosine(asked, recall(this.sentences, s.key)!));
  }

  private async questionVector(question: string): Promise<Float32Array> {
    const cached = recall(this.questions, question);
    if (cached) return cached;
    const embedded = this.embedder.embedQuery ? await this.embedder.embedQuery(question) : (await this.embedder.embedDocuments([question]))[0]!;
    const vector = Float32Array.from(embedded);
    remember(this.questions, question, vector, CACHED_QUESTIONS);
    return vector;
  }
}

/**
 * Each sentence's similarity rescaled over the candidates, the least similar 0 and the most similar 1: what counts
 * is which sentence the model prefers, not its raw cosines, whose range differs from model to model.
 */
export function relativeSimilarity(similarities: readonly number[]): number[] {
  const low = Math.min(...similarities);
  const spread = Math.max(...similarities) - low;
  return similarities.map((s) => (spread > 0 ? (s - low) / spread : 0));
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** A map read as a least-recently-used cache: a value read moves to the back, the front is dropped first. */
function recall<T>(cache: Map<string, T>, key: string): T | undefined {
  const value = cache.get(key);
  if (value !== undefined) {
    cache.delete(key);
    cache.set(key, value);
  }
  return value;
}

function remember<T>(cache: Map<string, T>, key: string, value: T, capacity: number): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > capacity) cache.delete(cache.keys().next().value!);
}
