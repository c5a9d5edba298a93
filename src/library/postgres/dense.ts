import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Pool, PoolClient } from "pg";
import type { DenseHit, VectorIndexReady } from "../library.ts";
import { inTransaction } from "./pool.ts";
import { VECTOR_INDEX_FILE, VectorIndex, savedIndexSize } from "../vector-index.ts";

/** A vector as stored: its row's seq orders the vectors table, which replicas follow. */
export interface StoredVector {
  label: number;
  vector: Float32Array;
  seq: number;
}

/**
 * Nearest-neighbour search over the vectors table, one of two ways: pgvector's HNSW index inside PostgreSQL where
 * the extension is installed, or else an hnswlib replica in each worker, caught up from the table.
 */
export interface DenseSearch {
  readonly kind: "pgvector" | "replica";
  /** The library's model was just set (inside the transaction storing its first vectors). */
  modelSet(client: PoolClient, dimensions: number): Promise<void>;
  /** Extra columns for inserted rows: the pgvector column, or none. */
  insertVectors(client: PoolClient, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Promise<StoredVector[]>;
  /** After the inserting transaction committed. */
  added(model: string, vectors: readonly StoredVector[]): void;
  removed(chunkIds: readonly number[]): void;
  /** Inside the transaction forgetting every vector. */
  cleared(client: PoolClient): Promise<void>;
  search(vector: Float32Array, model: string, dimensions: number, limit: number): Promise<DenseHit[]>;
  loadInBackground(model: string | null, dimensions: number): Promise<VectorIndexReady | null>;
  save(): void;
  /** Points in the index and the bytes it takes. */
  size(): Promise<{ vectors: number; bytes: number }>;
}

export function toVectorBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function fromVectorBytes(bytes: Buffer): Float32Array {
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** pgvector's text form, which its input function parses. */
function vectorLiteral(vector: Float32Array): string {
  return `[${Array.from(vector).join(",")}]`;
}

async function insertRows(client: PoolClient, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>, withEmbedding: boolean): Promise<StoredVector[]> {
  const ids = items.map((item) => item.chunkId);
  const { rows } = withEmbedding
    ? await client.query<{ seq: number; chunk_id: number }>(
        "INSERT INTO vectors (chunk_id, vector, embedding) SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::vector[]) RETURNING seq, chunk_id",
        [ids, items.map((item) => toVectorBytes(item.vector)), items.map((item) => vectorLiteral(item.vector))],
      )
    : await client.query<{ seq: number; chunk_id: number }>("INSERT INTO vectors (chunk_id, vector) SELECT * FROM unnest($1::bigint[], $2::bytea[]) RETURNING seq, chunk_id", [
        ids,
        items.map((item) => toVectorBytes(item.vector)),
      ]);
  const vectors = new Map(items.map((item) => [item.chunkId, item.vector]));
  return rows.map((row) => ({ label: row.chunk_id, vector: vectors.get(row.chunk_id)!, seq: row.seq }));
}

/**
 * Dense search by pgvector: the vectors table gets an `embedding vector(d)` column, sized by the library's
 * model, with an HNSW index on inner product (vectors are unit length, so it ranks as cosine does). The bytes
 * column stays the source of truth that copies and replicas read, so both columns are written.
 */
export class PgvectorSearch implements DenseSearch {
  readonly kind = "pgvector";

  constructor(private readonly pool: Pool) {}

  /** Adds the column and index when the library has a model but no column (pgvector installed after vectors were stored). */
  static async ensureColumn(pool: Pool, dimensions: number): Promise<void> {
    const { rows } = await pool.query("SELECT 1 FROM information_schema.columns WHERE table_name = 'vectors' AND column_name = 'embedding'");
    if (rows.length > 0) return;
    await inTransaction(pool, async (client) => {
      await PgvectorSearch.addColumn(client, dimensions);
      // Fill it from the bytes in batches, in this transaction, so other workers never see it half filled.
      for (let after = 0; ; ) {
        const batch = await client.query<{ seq: number; vector: Buffer }>("SELECT seq, vector FROM vectors WHERE seq > $1 ORDER BY seq LIMIT 1000", [after]);
        const last = batch.rows.at(-1);
        if (!last) break;
        await client.query("UPDATE vectors SET embedding = v.e FROM unnest($1::bigint[], $2::vector[]) AS v(seq, e) WHERE vectors.seq = v.seq", [
          batch.rows.map((row) => row.seq),
          batch.rows.map((row) => vectorLiteral(fromVectorBytes(row.vector))),
        ]);
        after = last.seq;
      }
    });
  }

  private static async addColumn(client: PoolClient, dimensions: number): Promise<void> {
    await client.query(`ALTER TABLE vectors ADD COLUMN IF NOT EXISTS embedding vector(${Math.trunc(dimensions)})`);
    await client.query("CREATE INDEX IF NOT EXISTS vectors_embedding ON vectors USING hnsw (embedding vector_ip_ops)");
  }

  modelSet(client: PoolClient, dimensions: number): Promise<void> {
    return PgvectorSearch.addColumn(client, dimensions);
  }

  insertVectors(client: PoolClient, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Promise<StoredVector[]> {
    return insertRows(client, items, true);
  }

  added(): void {}

  removed(): void {}

  async cleared(client: PoolClient): Promise<void> {
    // The next model may have another size; the column (and its index) is made again for it.
    await client.query("ALTER TABLE vectors DROP COLUMN IF EXISTS embedding");
  }

  async search(vector: Float32Array, _model: string, _dimensions: number, limit: number): Promise<DenseHit[]> {
    return inTransaction(this.pool, async (client) => {
      // An HNSW scan returns at most ef_search rows, 40 by default: fewer than a caller may ask for.
      await client.query(`SET LOCAL hnsw.ef_search = ${Math.max(40, Math.min(1000, Math.trunc(limit)))}`);
      const { rows } = await client.query<DenseHit>(
        `SELECT chunk_id AS "chunkId", -(embedding <#> $1::vector) AS score FROM vectors WHERE embedding IS NOT NULL ORDER BY embedding <#> $1::vector LIMIT $2`,
        [vectorLiteral(vector), limit],
      );
      return rows;
    });
  }

  loadInBackground(): Promise<VectorIndexReady | null> {
    return Promise.resolve(null);
  }

  save(): void {}

  async size(): Promise<{ vectors: number; bytes: number }> {
    const { rows } = await this.pool.query<{ vectors: number; bytes: number }>(
      `SELECT (SELECT COUNT(embedding) FROM vectors) AS vectors,
              COALESCE((SELECT pg_relation_size(to_regclass('vectors_embedding'))), 0) AS bytes`,
    );
    return rows[0]!;
  }
}

/**
 * Vectors replayed into a replica per turn of the event loop while it loads in the background, as the SQLite
 * library does: answers wait at most a slice.
 */
const REPLAY_SLICE = 32;

/**
 * Dense search without pgvector: this worker's own hnswlib graph of the vectors table, saved in its data
 * directory and caught up before each search with the rows stored since (seq > the newest it holds; seqs are
 * handed out in commit order). Chunks other workers removed stay in the graph until it is rebuilt, so hits are
 * checked against the chunks table before they are returned.
 */
export class ReplicaSearch implements DenseSearch {
  readonly kind = "replica";
  private index: VectorIndex | null = null;
  /** The background load under way; replaced or dropped (clearVectors) to abandon it. */
  private loading: { done: Promise<VectorIndexReady | null> } | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly dir: string,
  ) {}

  modelSet(): Promise<void> {
    return Promise.resolve();
  }

  insertVectors(client: PoolClient, items: ReadonlyArray<{ chunkId: number; vector: Float32Array }>): Promise<StoredVector[]> {
    return insertRows(client, items, false);
  }

  added(model: string, vectors: readonly StoredVector[]): void {
    if (this.index?.model === model && !this.loading) this.index.add(vectors);
  }

  removed(chunkIds: readonly number[]): void {
    if (!this.loading) this.index?.remove(chunkIds);
  }

  cleared(): Promise<void> {
    this.index = null;
    this.loading = null;
    return Promise.resolve();
  }

  async search(vector: Float32Array, model: string, dimensions: number, limit: number): Promise<DenseHit[]> {
    if (this.loading) return [];
    if (!this.index || this.index.model !== model || this.index.dimensions !== dimensions) this.index = VectorIndex.open(this.dir, model, dimensions);
    const index = this.index;
    while ((await this.replay(index, 2000)) > 0);
    const hits = index.search(vector, limit);
    if (hits.length === 0) return [];
    const { rows } = await this.pool.query<{ id: number }>("SELECT id FROM chunks WHERE id = ANY($1::bigint[])", [hits.map((hit) => hit.label)]);
    const present = new Set(rows.map((row) => row.id));
    return hits.filter((hit) => present.has(hit.label)).map((hit) => ({ chunkId: hit.label, score: hit.score }));
  }

  /** Adds up to `limit` of the vectors stored after the newest one the index holds; returns how many. */
  private async replay(index: VectorIndex, limit: number): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number; chunk_id: number; vector: Buffer }>(
      "SELECT seq, chunk_id, vector FROM vectors WHERE seq > $1 ORDER BY seq LIMIT $2",
      [index.seq, limit],
    );
    index.add(rows.map((row) => ({ label: row.chunk_id, vector: fromVectorBytes(row.vector), seq: row.seq })));
    return rows.length;
  }

  loadInBackground(model: string | null, dimensions: number): Promise<VectorIndexReady | null> {
    if (this.loading) return this.loading.done;
    if (model === null) return Promise.resolve(null);
    if (this.index?.model === model) return Promise.resolve({ vectors: this.index.size, ms: 0 });
    const mine = { done: Promise.resolve<VectorIndexReady | null>(null) };
    this.loading = mine;
    mine.done = this.loadAndReplay(model, dimensions, mine);
    return mine.done;
  }

  private async loadAndReplay(model: string, dimensions: number, mine: NonNullable<ReplicaSearch["loading"]>): Promise<VectorIndexReady | null> {
    const started = performance.now();
    try {
      const index = await VectorIndex.load(this.dir, model, dimensions);
      while (this.loading === mine && (await this.replay(index, REPLAY_SLICE)) > 0) await nextTurn();
      if (this.loading !== mine) return null;
      this.index = index;
      return { vectors: index.size, ms: performance.now() - started };
    } finally {
      if (this.loading === mine) this.loading = null;
    }
  }

  save(): void {
    if (!this.loading) this.index?.save();
  }

  size(): Promise<{ vectors: number; bytes: number }> {
    let bytes: number;
    try {
      bytes = statSync(join(this.dir, VECTOR_INDEX_FILE)).size;
    } catch {
      bytes = 0;
    }
    return Promise.resolve({ vectors: this.index?.size ?? savedIndexSize(this.dir), bytes });
  }
}

/** pgvector where the server has it (installed here when this role may), else this worker's replica. */
export async function chooseDenseSearch(pool: Pool, dataDir: string): Promise<DenseSearch> {
  return (await enablePgvector(pool)) ? new PgvectorSearch(pool) : new ReplicaSearch(pool, await replicaDir(pool, dataDir));
}

/** Installs pgvector where the server has it and this role may; true when dense search can use it. */
async function enablePgvector(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ installed: boolean; available: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS installed,
            EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available`,
  );
  if (rows[0]!.installed) return true;
  if (!rows[0]!.available) return false;
  try {
    await pool.query("CREATE EXTENSION IF NOT EXISTS vector");
    return true;
  } catch {
    // Not allowed to (a role without the right): workers keep replicas instead.
    return false;
  }
}

/** The replica's folder: per library (each database has its own id), so two databases never share a saved graph. */
async function replicaDir(pool: Pool, dataDir: string): Promise<string> {
  const { rows } = await pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'library_id'");
  const dir = join(dataDir, `postgres-replica-${rows[0]!.value}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
