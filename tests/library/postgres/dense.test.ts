import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkText } from "../../../src/ingest/chunk.ts";
import type { NewArticle } from "../../../src/library/library.ts";
import { PostgresLibrary } from "../../../src/library/postgres/postgres-library.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/temp-dir.ts";

const paragraphs = [
  "The lighthouse on Gull Point was relit on Thursday after eleven years of darkness, its keeper said.",
  "Volunteers spent two summers replacing the lantern glass and the clockwork that turns the lens.",
  "The coastguard said the light will be listed on charts again from next spring.",
];

/** A unit vector pointing mostly along one axis, a little along the next, so neighbours are unambiguous. */
function direction(dimensions: number, axis: number): Float32Array {
  const v = new Float32Array(dimensions);
  v[axis % dimensions] = 0.96;
  v[(axis + 1) % dimensions] = 0.28;
  return v;
}

function lighthouse(n: number, dimensions: number, model = "test-model"): NewArticle {
  const text = paragraphs.map((p) => `${p} (Report ${n}.)`).join("\n\n");
  const chunks = chunkText(text);
  return {
    draft: { url: `https://coast.example/lighthouse-${n}`, canonicalUrl: null, title: `Lighthouse report ${n}`, text, outlet: "Coast Weekly", authors: [], publishedAt: "2026-06-01", language: "en" },
    chunks,
    quotes: [],
    vectors: chunks.map((_, i) => direction(dimensions, n * 3 + i)),
    vectorModel: model,
    source: "url",
  };
}

describe.skipIf(!TEST_DATABASE_URL)("PostgresLibrary without pgvector: each worker's replica of the vectors", () => {
  let database: TestDatabase;
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const libraries: PostgresLibrary[] = [];
  const worker = async (dir = tempDir()): Promise<PostgresLibrary> => {
    if (!dirs.includes(dir)) dirs.push(dir);
    const library = await PostgresLibrary.open(database.url, { dataDir: dir.path, connections: 2 });
    libraries.push(library);
    return library;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(libraries.splice(0).map((l) => l.close().catch(() => undefined)));
    await database.drop();
    for (const dir of dirs.splice(0)) dir.remove();
  });

  it("finds vectors another worker stored, and not those of an article another worker removed", async () => {
    const a = await worker();
    const b = await worker();
    expect(a.denseSearch).toBe("replica");
    const first = await a.addArticle(lighthouse(1, 16));
    const second = await a.addArticle(lighthouse(2, 16));
    const [hit] = await b.searchDense(direction(16, 6), "test-model", 1);
    expect((await b.getChunks([hit!.chunkId])).get(hit!.chunkId)?.articleId).toBe(second.articleId);
    expect(hit!.score).toBeCloseTo(1, 5);

    await a.removeArticle(second.articleId);
    const after = await b.searchDense(direction(16, 6), "test-model", 10);
    expect(after.length).toBeGreaterThan(0);
    const articles = new Set([...(await b.getChunks(after.map((h) => h.chunkId))).values()].map((c) => c.articleId));
    expect([...articles]).toEqual([first.articleId]);
  });

  it("starts from its saved replica and catches up with what was stored while it was away", async () => {
    const dir = tempDir();
    const a = await worker(dir);
    await a.addArticle(lighthouse(1, 16));
    await a.searchDense(direction(16, 3), "test-model", 1);
    await a.close();
    libraries.splice(libraries.indexOf(a), 1);

    const other = await worker();
    const added = await other.addArticle(lighthouse(4, 16));
    const again = await worker(dir);
    const ready = await again.loadVectorIndexInBackground();
    expect(ready?.vectors).toBe(2 * chunkText(lighthouse(1, 16).draft.text).length);
    const [hit] = await again.searchDense(direction(16, 12), "test-model", 1);
    expect((await again.getChunks([hit!.chunkId])).get(hit!.chunkId)?.articleId).toBe(added.articleId);
  });
});

describe("PostgresLibrary with pgvector (PGlite's vector extension over the wire protocol)", () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  let url: string;
  let dir: ReturnType<typeof tempDir>;

  beforeEach(async () => {
    db = await PGlite.create({ extensions: { vector } });
    server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1" });
    await server.start();
    url = `postgres://postgres@${server.getServerConn()}/postgres`;
    dir = tempDir();
  });
  afterEach(async () => {
    await server.stop();
    await db.close();
    dir.remove();
  });

  it("searches with pgvector's HNSW index, and sizes it anew when another model takes over", async () => {
    // PGlite is one backend: one connection, so no two transactions interleave on it.
    const library = await PostgresLibrary.open(url, { dataDir: dir.path, connections: 1 });
    try {
      expect(library.denseSearch).toBe("pgvector");
      await library.addArticle(lighthouse(1, 16));
      const wanted = await library.addArticle(lighthouse(2, 16));
      const hits = await library.searchDense(direction(16, 6), "test-model", 60);
      const stored = (await library.stats()).embeddedChunks;
      expect(stored).toBeGreaterThan(1);
      expect(hits).toHaveLength(stored);
      const best = (await library.getChunks([hits[0]!.chunkId])).get(hits[0]!.chunkId);
      expect(best?.articleId).toBe(wanted.articleId);
      expect(hits[0]!.score).toBeCloseTo(1, 5);
      expect(await library.searchDense(direction(16, 6), "other-model", 5)).toEqual([]);
      expect((await library.stats()).indexedVectors).toBe(stored);

      await library.clearVectors();
      const pending = await library.pendingChunks(100);
      await library.storeVectors("wider-model", pending.map((chunk, i) => ({ chunkId: chunk.id, vector: direction(32, i) })));
      const last = pending.length - 1;
      const [hit] = await library.searchDense(direction(32, last), "wider-model", 1);
      expect(hit?.chunkId).toBe(pending[last]!.id);
    } finally {
      await library.close();
    }
  });
});
