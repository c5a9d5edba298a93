/**
 * A synthetic vector space for filling large libraries without running the model (embedding 700k chunks would
 * take days on two cores). A text's vector is a hashed, idf-weighted bag of its words in a low-rank space (RANK dimensions),
 * lifted into DIMENSIONS by a fixed random projection, plus per-copy noise so repeated articles do not collapse
 * onto identical points. Questions map into the same space with the same function, so dense search over these
 * vectors does real work with real neighbourhoods; the vectors are not model embeddings.
 */
import { seeded } from "../tests/helpers/seeded.ts";

export const DIMENSIONS = 384;
export const RANK = 48;
/** Norm of the isotropic noise added to each unit chunk vector before renormalising. */
export const NOISE = 0.35;
export const SYNTHETIC_MODEL = `synthetic-bow-r${RANK}-d${DIMENSIONS}`;

function gaussians(seed: number, count: number): Float32Array {
  const next = seeded(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(next() + 1e-12));
    const angle = 2 * Math.PI * next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
  return vector;
}

const WORD = /[\p{L}\p{N}]{3,}/gu;

function wordsOf(text: string): string[] {
  return Array.from(text.toLowerCase().matchAll(WORD), (match) => match[0]);
}

export class SyntheticSpace {
  private readonly words = new Map<string, Float32Array>();
  /** RANK × DIMENSIONS, row-major. */
  private readonly projection = gaussians(7, RANK * DIMENSIONS);
  /** Inverse document frequency over the corpus: without it every text would point along "the" and "said". */
  private readonly idf = new Map<string, number>();
  private readonly unseenIdf: number;

  constructor(documents: readonly string[]) {
    const counts = new Map<string, number>();
    for (const document of documents) {
      for (const word of new Set(wordsOf(document))) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    for (const [word, count] of counts) this.idf.set(word, Math.log((documents.length + 1) / count));
    this.unseenIdf = Math.log(documents.length + 1);
  }

  /** The noise-free unit vector of a text: the direction queries and every copy of a chunk share. */
  embed(text: string): Float32Array {
    const low = new Float32Array(RANK);
    for (const word of wordsOf(text)) {
      const vector = this.word(word);
      const weight = this.idf.get(word) ?? this.unseenIdf;
      for (let i = 0; i < RANK; i++) low[i]! += weight * vector[i]!;
    }
    const out = new Float32Array(DIMENSIONS);
    for (let r = 0; r < RANK; r++) {
      const weight = low[r]!;
      const row = r * DIMENSIONS;
      for (let d = 0; d < DIMENSIONS; d++) out[d]! += weight * this.projection[row + d]!;
    }
    return normalize(out);
  }

  /** A stored chunk's vector: its text's direction plus noise seeded by `seed` (copy and chunk). */
  perturb(base: Float32Array, seed: number): Float32Array {
    const noise = gaussians(seed, DIMENSIONS);
    const scale = NOISE / Math.sqrt(DIMENSIONS);
    const out = new Float32Array(DIMENSIONS);
    for (let d = 0; d < DIMENSIONS; d++) out[d] = base[d]! + scale * noise[d]!;
    return normalize(out);
  }

  private word(word: string): Float32Array {
    let vector = this.words.get(word);
    if (!vector) {
      vector = gaussians(fnv1a(word), RANK);
      this.words.set(word, vector);
    }
    return vector;
  }
}
