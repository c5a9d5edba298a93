import { setImmediate as nextTurn } from "node:timers/promises";
import type { Database } from "better-sqlite3";
import type { DenseHit, VectorIndexReady } from "../library.ts";
import { savedIndexSize, VectorIndex } from "../vector-index.ts";

/** A background load of the vector index that has not finished yet. */
interface PendingIndex {
  /** Chunks removed while it loads, to be marked deleted in the graph before it is used. */
  removed: Set<number>;
  done: Promise<VectorIndexReady | null>;
}

/**
 * Vectors replayed into the index per turn of the event loop during a background load. An insert into a graph
 * of 1M points took about 1.6 ms here, so a question waits at most some 50 ms for a slice.
 */
const REPLAY_SLICE = 32;

export function toVectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function fromVectorBlob(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/**
 * Chunk vectors: SQLite's `vectors` table holds every one (its `seq` only grows), and the HNSW graph is derived
 * from it, caught up on use with whatever was stored after the graph was last saved.
 */
export class SqliteVectors {
  private index: VectorIndex | null = null;
  /** Set while the index is read in the background: until then dense search finds nothing and vectors wait in SQLite. */
  private pending: PendingIndex | null = null;

  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
  ) {}

  get model(): string | null {
    return (this.db.prepare("SELECT value FROM meta WHERE key = 'embedding_model'").pluck().get() as string | undefined) ?? null;
  }

  /** Records the model of the first stored vector; refuses vectors of another model. Call inside the write's transaction. */
  requireModel(model: string | undefined, dimensions: number): string {
    if (!model) throw new Error("vectors need the name of the model that made them");
    const current = this.model;
    if (current === null) {
      const upsert = this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
      upsert.run("embedding_model", model);
      upsert.run("embedding_dimensions", String(dimensions));
    } else if (current !== model) {
      throw new Error(`the library holds vectors from ${current}, not ${model}: run \`verbatim reindex\` to switch models`);
    }
    return model;
  }

  /** Stores vectors (inside the caller's transaction when there is one) and returns what the graph must add. */
  insert(items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Array<{ label: number; vector: Float32Array; seq: number }> {
    const insert = this.db.prepare("INSERT OR REPLACE INTO vectors (chunk_id, vector) VALUES (?, ?)");
    return items.map(({ chunkId, vector }) => ({ label: chunkId, vector, seq: Number(insert.run(chunkId, toVectorBlob(vector)).lastInsertRowid) }));
  }

  /** Adds committed vectors to the graph, if it is in memory (otherwise the next use replays them). */
  added(model: string, items: Array<{ label: number; vector: Float32Array; seq: number }>): void {
    if (items.length > 0) this.graph(model)?.add(items);
  }

  removed(chunkIds: readonly number[]): void {
    if (chunkIds.length === 0) return;
    if (this.pending) for (const id of chunkIds) this.pending.removed.add(id);
    else this.index?.remove(chunkIds);
  }

  store(model: string, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): void {
    if (items.length === 0) return;
    const added = this.db.transaction(() => {
      this.requireModel(model, items[0]!.vector.length);
      return this.insert(items);
    })();
    this.added(model, added);
  }

  clear(): void {
    this.db.transaction(() => {
      this.db.exec("DELETE FROM vectors; DELETE FROM meta WHERE key IN ('embedding_model', 'embedding_dimensions')");
    })();
    this.index = null;
    this.pending = null;
  }

  search(vector: Float32Array, model: string, limit: number): DenseHit[] {
    return (this.graph(model)?.search(vector, limit) ?? []).map((hit) => ({ chunkId: hit.label, score: hit.score }));
  }

  save(): void {
    this.index?.save();
  }

  /** A background load still running is abandoned: nothing is saved then, and the next start replays from SQLite. */
  close(save: boolean): void {
    this.pending = null;
    if (save) this.save();
  }

  stored(afterChunkId: number, limit: number): Array<{ chunkId: number; vector: Float32Array }> {
    const rows = this.db.prepare("SELECT chunk_id, vector FROM vectors WHERE chunk_id > ? ORDER BY chunk_id LIMIT ?").all(afterChunkId, limit) as Array<{
      chunk_id: number;
      vector: Buffer;
    }>;
    return rows.map((row) => ({ chunkId: row.chunk_id, vector: fromVectorBlob(row.vector) }));
  }

  /** Vectors in the graph: the loaded one, else the saved file's. */
  get size(): number {
    return this.index?.size ?? savedIndexSize(this.dataDir);
  }

  /**
   * Reads the saved HNSW graph off the main thread. Once read, the graph has the chunks removed meanwhile marked
   * deleted and the vectors stored meanwhile replayed, in slices between other work, before dense search uses it.
   * Rejects when the file cannot be read, leaving things as if no load had been started.
   */
  loadInBackground(): Promise<VectorIndexReady | null> {
    if (this.pending) return this.pending.done;
    const model = this.model;
    if (model === null) return Promise.resolve(null);
    if (this.index?.model === model) return Promise.resolve({ vectors: this.index.size, ms: 0 });
    const removed = new Set<number>();
    const done = this.loadAndReplay(model, removed);
    this.pending = { removed, done };
    return done;
  }

  private async loadAndReplay(model: string, removed: Set<number>): Promise<VectorIndexReady | null> {
    const started = performance.now();
    // close() and clear() drop the pending load; what it read is then thrown away.
    const wanted = (): boolean => this.pending?.removed === removed && this.db.open;
    try {
      const index = await VectorIndex.load(this.dataDir, model, this.dimensions());
      for (;;) {
        if (!wanted()) return null;
        if (removed.size > 0) {
          index.remove([...removed]);
          removed.clear();
        }
        if (this.replay(index, REPLAY_SLICE) === 0) break;
        await nextTurn();
      }
      this.index = index;
      this.pending = null;
      return { vectors: index.size, ms: performance.now() - started };
    } catch (error) {
      if (wanted()) this.pending = null;
      throw error;
    }
  }

  /** The graph for the library's model, read on first use and caught up with the vectors stored since it was saved. None while a background load runs. */
  private graph(model: string): VectorIndex | null {
    if (this.model !== model || this.pending) return null;
    if (!this.index || this.index.model !== model) this.index = VectorIndex.open(this.dataDir, model, this.dimensions());
    while (this.replay(this.index, 2000) > 0);
    return this.index;
  }

  private dimensions(): number {
    return Number(this.db.prepare("SELECT value FROM meta WHERE key = 'embedding_dimensions'").pluck().get());
  }

  /** Adds up to `limit` of the vectors stored after the newest one the index holds; returns how many. */
  private replay(index: VectorIndex, limit: number): number {
    const rows = this.db.prepare("SELECT seq, chunk_id, vector FROM vectors WHERE seq > ? ORDER BY seq LIMIT ?").all(index.seq, limit) as Array<{
      seq: number;
      chunk_id: number;
      vector: Buffer;
    }>;
    index.add(rows.map((row) => ({ label: row.chunk_id, vector: fromVectorBlob(row.vector), seq: row.seq })));
    return rows.length;
  }
}
