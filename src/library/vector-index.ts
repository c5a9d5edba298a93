import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import type * as Hnswlib from "hnswlib-node";
import { LibraryUnusable } from "../errors.ts";

// The native addon is loaded on first use, not on import: commands that never search (stats, ingest without a
// model) start without it.
const require = createRequire(import.meta.url);
let addon: typeof Hnswlib | undefined;
function newGraph(dimensions: number): Hnswlib.HierarchicalNSW {
  addon ??= require("hnswlib-node") as typeof Hnswlib;
  return new addon.HierarchicalNSW("ip", dimensions);
}

/** What the saved index was built from; a mismatch (another model) means starting over. */
interface IndexManifest {
  model: string;
  dimensions: number;
  /** Highest `vectors.seq` contained in the saved file: everything above it is replayed from SQLite on open. */
  seq: number;
  /** Points in the saved graph, so `stats` can tell without loading it. */
  count: number;
  /** Size of the graph file as written, so a truncated or replaced file is caught before hnswlib reads it (absent in older manifests). */
  bytes?: number;
}

export interface VectorHit {
  label: number;
  /** Inner product of unit vectors: cosine similarity in [-1, 1]. */
  score: number;
}

export const VECTOR_INDEX_FILE = "vectors.hnsw";
const MANIFEST_FILE = "vectors.json";
/**
 * Graph degree and build breadth, chosen with bench/hnsw-sweep.ts on vectors duplicated as in a 100k library
 * (each article 20 times, copies differing only by noise), recall@10 against exact search: M 16 gave 0.867 /
 * 0.971 at ef 128 / 256, M 32 0.968 / 0.997 for an 8% larger graph; efConstruction 400 or M 48 added almost
 * nothing. A saved graph keeps the M it was built with.
 */
const M = 32;
const EF_CONSTRUCTION = 200;
/**
 * Search breadth. 512 reached 1.000 in that sweep at about 1.3 ms more per query than 256 (0.997); the margin is
 * for the full 100k library, ten times the sweep's size, where M 16 at ef 256 measured only 0.81.
 */
export const DEFAULT_EF = 512;

/**
 * An approximate nearest-neighbour index over chunk vectors (hnswlib). It is derived data: SQLite holds every
 * vector, this file is a cache of the graph, written whole by atomic rename only when asked (`save`), and
 * brought up to date on open by replaying the vectors added since.
 */
export class VectorIndex {
  private dirty = false;

  private constructor(
    private readonly dir: string,
    private readonly index: Hnswlib.HierarchicalNSW,
    readonly model: string,
    readonly dimensions: number,
    private savedSeq: number,
    private seqSeen: number,
  ) {}

  /** Loads the saved index for `model`, or starts an empty one when there is none or it was built by another model. */
  static open(dir: string, model: string, dimensions: number): VectorIndex {
    const saved = savedIndexFor(dir, model, dimensions);
    if (!saved) return VectorIndex.empty(dir, model, dimensions);
    const index = newGraph(dimensions);
    try {
      index.readIndexSync(saved.path, true);
    } catch (error) {
      throw damaged(dir, error instanceof Error ? error.message : String(error), error);
    }
    index.setEf(DEFAULT_EF);
    return new VectorIndex(dir, index, model, dimensions, saved.seq, saved.seq);
  }

  /**
   * As `open`, but the file is read by hnswlib-node's AsyncWorker on a libuv pool thread, so the event loop keeps
   * running meanwhile. That worker swaps the graph pointer inside the hnswlib object from its own thread, so the
   * object must not be used until the read has finished: it stays local here and is handed out only afterwards.
   */
  static async load(dir: string, model: string, dimensions: number): Promise<VectorIndex> {
    const saved = savedIndexFor(dir, model, dimensions);
    if (!saved) return VectorIndex.empty(dir, model, dimensions);
    const index = newGraph(dimensions);
    try {
      await index.readIndex(saved.path, true);
    } catch (error) {
      throw damaged(dir, error instanceof Error ? error.message : String(error), error);
    }
    index.setEf(DEFAULT_EF);
    return new VectorIndex(dir, index, model, dimensions, saved.seq, saved.seq);
  }

  private static empty(dir: string, model: string, dimensions: number): VectorIndex {
    const index = newGraph(dimensions);
    index.initIndex({ maxElements: 1024, m: M, efConstruction: EF_CONSTRUCTION, allowReplaceDeleted: true });
    index.setEf(DEFAULT_EF);
    return new VectorIndex(dir, index, model, dimensions, 0, 0);
  }

  /** The highest vector sequence number the index holds; the library replays anything newer. */
  get seq(): number {
    return this.seqSeen;
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  add(items: ReadonlyArray<{ label: number; vector: Float32Array; seq: number }>): void {
    // The library's catch-up may already have inserted these rows. Adding a label again makes hnswlib re-link
    // it in place (updatePoint), which cost about six times a fresh insert and doubled every insert's work.
    const fresh = items.filter((item) => item.seq > this.seqSeen);
    if (fresh.length === 0) return;
    const needed = this.index.getCurrentCount() + fresh.length;
    if (needed > this.index.getMaxElements()) this.index.resizeIndex(Math.max(needed, this.index.getMaxElements() * 2));
    for (const { label, vector, seq } of fresh) {
      this.index.addPoint(Array.from(vector), label, true);
      if (seq > this.seqSeen) this.seqSeen = seq;
    }
    this.dirty = true;
  }

  remove(labels: readonly number[]): void {
    // hnswlib lists deleted labels too, and cannot be asked whether one is deleted: a chunk id that was removed,
    // reused by a chunk whose vector never reached the graph, and removed again is already deleted here.
    const present = new Set(this.index.getIdsList());
    for (const label of labels) {
      if (!present.has(label)) continue;
      try {
        this.index.markDelete(label);
      } catch (error) {
        if (!(error instanceof Error && error.message.includes("already deleted"))) throw error;
      }
    }
    this.dirty = true;
  }

  search(vector: Float32Array, k: number): VectorHit[] {
    const count = this.index.getCurrentCount();
    if (count === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), Math.min(k, count));
    // hnswlib's "ip" distance is 1 - dot product.
    return neighbors.map((label, i) => ({ label, score: 1 - (distances[i] ?? 1) }));
  }

  setEf(ef: number): void {
    this.index.setEf(ef);
  }

  /**
   * Writes the graph and its manifest, each to a temporary file, then renames the graph and then the manifest into
   * place. A crash before the graph's rename leaves the previous complete pair; a crash between the two renames
   * leaves the new graph beside the old manifest, and the new manifest waiting in its temporary file, which readers
   * then take (see readManifest): every state a kill can leave opens without repair.
   */
  save(): void {
    if (!this.dirty && this.savedSeq === this.seqSeen) return;
    const indexPath = join(this.dir, VECTOR_INDEX_FILE);
    const manifestPath = join(this.dir, MANIFEST_FILE);
    // A save cut off between its renames left the graph's manifest waiting in the temporary file this save is about
    // to overwrite: it goes in place first, else a kill before this save's own renames would leave a graph that
    // neither manifest describes, and a library that refuses to open.
    if (waitingManifest(this.dir)) renameSync(`${manifestPath}.tmp`, manifestPath);
    this.index.writeIndexSync(`${indexPath}.tmp`);
    const manifest: IndexManifest = {
      model: this.model,
      dimensions: this.dimensions,
      seq: this.seqSeen,
      count: this.index.getCurrentCount(),
      bytes: statSync(`${indexPath}.tmp`).size,
    };
    writeFileSync(`${manifestPath}.tmp`, JSON.stringify(manifest));
    renameSync(`${indexPath}.tmp`, indexPath);
    renameSync(`${manifestPath}.tmp`, manifestPath);
    this.savedSeq = this.seqSeen;
    this.dirty = false;
  }
}

/** How many vectors the saved index file holds (0 when none is saved), without loading it. */
export function savedIndexSize(dir: string): number {
  return readManifest(dir)?.count ?? 0;
}

/**
 * Throws LibraryUnusable when the saved index is visibly damaged (a manifest that does not parse, a graph file of
 * another size than was written), so that a program stops at open, before anything is overwritten. A file damaged
 * without changing size is caught when hnswlib reads it.
 */
export function checkSavedIndex(dir: string): void {
  const manifest = readManifest(dir);
  const path = join(dir, VECTOR_INDEX_FILE);
  if (!manifest?.bytes || !existsSync(path)) return;
  const size = statSync(path).size;
  if (size !== manifest.bytes) throw damaged(dir, `${size} bytes where ${manifest.bytes} were written`);
}

/** The saved graph's file and the vector sequence it holds, when one was saved for this model and size. */
function savedIndexFor(dir: string, model: string, dimensions: number): { path: string; seq: number } | null {
  const manifest = readManifest(dir);
  const path = join(dir, VECTOR_INDEX_FILE);
  if (!manifest || manifest.model !== model || manifest.dimensions !== dimensions || !existsSync(path)) return null;
  checkSavedIndex(dir);
  return { path, seq: manifest.seq };
}

/** The manifest describing the saved graph: the one waiting in its temporary file after a cut-off save, else the one in place. Read only. */
function readManifest(dir: string): IndexManifest | null {
  return waitingManifest(dir) ?? parseManifest(join(dir, MANIFEST_FILE));
}

/**
 * When the graph is not the size the manifest says but is the size the manifest waiting in its temporary file says,
 * a save was cut off between its two renames: that manifest is the graph's. Null in every other state.
 */
function waitingManifest(dir: string): IndexManifest | null {
  const manifest = parseManifest(join(dir, MANIFEST_FILE));
  const graph = join(dir, VECTOR_INDEX_FILE);
  if (!manifest?.bytes || !existsSync(graph) || statSync(graph).size === manifest.bytes) return null;
  const pending = join(dir, `${MANIFEST_FILE}.tmp`);
  try {
    const next = existsSync(pending) ? parseManifest(pending) : null;
    return next?.bytes === statSync(graph).size ? next : null;
  } catch {
    return null;
  }
}

function parseManifest(path: string): IndexManifest | null {
  if (!existsSync(path)) return null;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw damaged(dirname(path), `${basename(path)} does not parse`, error);
  }
  if (typeof manifest !== "object" || manifest === null || !("model" in manifest) || !("seq" in manifest)) {
    throw damaged(dirname(path), `${basename(path)} lacks its fields`);
  }
  return manifest as IndexManifest;
}

/** The index is derived data: deleting its two files is always safe, and the next start rebuilds them from SQLite. */
function damaged(dir: string, detail: string, cause?: unknown): LibraryUnusable {
  return new LibraryUnusable(
    `the vector index in ${dir} is damaged (${detail}): delete ${VECTOR_INDEX_FILE} and ${MANIFEST_FILE} there, and it is rebuilt from the database on the next start.`,
    { cause },
  );
}
