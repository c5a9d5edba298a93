import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkText } from "../../src/ingest/chunk.ts";
import { Library, type NewArticle } from "../../src/library/sqlite/sqlite-library.ts";
import { VECTOR_INDEX_FILE } from "../../src/library/vector-index.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const MODEL = "test-model";
const DIMENSIONS = 16;
const TOWNS = ["Arden", "Bexley", "Corran", "Dunmore", "Elgin", "Farrow"];

/** Axis `hot`: orthogonal to every other story's vector, so a dense hit with score 1 can only be that story. */
function unit(hot: number): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  vector[hot] = 1;
  return vector;
}

/** A one-passage article about the lighthouse of town `n`, its passage embedded as axis `n`. */
function story(n: number): NewArticle {
  const town = TOWNS[n]!;
  const text = `The lighthouse at ${town} will be restored this summer, the harbour board of ${town} said on Monday.`;
  const chunks = chunkText(text);
  return {
    draft: { url: `https://coast-news.example/${town.toLowerCase()}`, canonicalUrl: null, title: `${town} lighthouse to be restored`, text, outlet: "Coast News", authors: [], publishedAt: "2026-05-04", language: "en" },
    chunks,
    quotes: [],
    vectors: chunks.map(() => unit(n)),
    vectorModel: MODEL,
    source: "url",
  };
}

function add(library: Library, n: number): { articleId: number; chunkIds: number[] } {
  const outcome = library.addArticle(story(n));
  if (outcome.status !== "added") throw new Error(`story ${n} was not added`);
  return { articleId: outcome.articleId, chunkIds: library.chunksOf(outcome.articleId).map((chunk) => chunk.id) };
}

/** The chunk dense search puts first for story `n`'s vector when it finds that story exactly, else null. */
function exactHit(library: Library, n: number): number | null {
  const [hit] = library.searchDense(unit(n), MODEL, 1);
  return hit && hit.score > 0.99 ? hit.label : null;
}

describe("Library.loadVectorIndexInBackground", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;

  /** A library of stories 0..count-1 whose index was saved by close(), opened again with nothing loaded. */
  function savedLibrary(count: number): Array<{ articleId: number; chunkIds: number[] }> {
    const first = Library.open(dir.path);
    const stories = Array.from({ length: count }, (_, n) => add(first, n));
    first.close();
    library = Library.open(dir.path);
    return stories;
  }

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    library.close();
    dir.remove();
  });

  it("answers lexical searches while the graph is read, and dense ones from the saved graph once it is ready", async () => {
    const [arden] = savedLibrary(2);
    const ready = library.loadVectorIndexInBackground();

    // Nothing below awaits, so the read (on a pool thread, resolved through the event loop) cannot have finished.
    expect(library.searchLexical('"lighthouse"', { limit: 10 })).toHaveLength(2);
    expect(library.searchDense(unit(0), MODEL, 1)).toEqual([]);
    expect(library.loadVectorIndexInBackground()).toBe(ready);

    expect(await ready).toMatchObject({ vectors: 2 });
    expect(exactHit(library, 0)).toBe(arden!.chunkIds[0]);
  });

  it("replays an article added during the load and drops one removed during it, even when the new one reuses its ids", async () => {
    const [arden, bexley, corran] = savedLibrary(3);
    const ready = library.loadVectorIndexInBackground();

    library.removeArticle(bexley!.articleId);
    library.removeArticle(corran!.articleId);
    // With the highest chunk ids gone, SQLite numbers the next chunks from the highest left: Bexley's come back.
    const dunmore = add(library, 3);
    expect(dunmore.chunkIds).toEqual(bexley!.chunkIds);
    expect(library.searchDense(unit(3), MODEL, 1)).toEqual([]);

    await ready;
    expect(exactHit(library, 0)).toBe(arden!.chunkIds[0]);
    expect(exactHit(library, 1)).toBeNull();
    expect(exactHit(library, 2)).toBeNull();
    expect(exactHit(library, 3)).toBe(dunmore.chunkIds[0]);
  });

  it("survives removing, during the load, a new article whose ids the saved graph holds as deleted", async () => {
    const first = Library.open(dir.path);
    const arden = add(first, 0);
    const bexley = add(first, 1);
    first.removeArticle(bexley.articleId);
    first.close();
    library = Library.open(dir.path);
    const ready = library.loadVectorIndexInBackground();

    const corran = add(library, 2);
    expect(corran.chunkIds).toEqual(bexley.chunkIds);
    library.removeArticle(corran.articleId);

    await expect(ready).resolves.toMatchObject({ vectors: 2 });
    expect(exactHit(library, 0)).toBe(arden.chunkIds[0]);
    expect(exactHit(library, 1)).toBeNull();
    expect(exactHit(library, 2)).toBeNull();
  });

  it("leaves the saved index as it was when closed during the load, and the next open replays what was added", async () => {
    const [arden] = savedLibrary(2);
    const savedGraph = readFileSync(join(dir.path, VECTOR_INDEX_FILE));
    const savedManifest = readFileSync(join(dir.path, "vectors.json"), "utf8");
    const ready = library.loadVectorIndexInBackground();
    const corran = add(library, 2);
    library.saveIndex();
    library.close();

    expect(await ready).toBeNull();
    expect(readFileSync(join(dir.path, VECTOR_INDEX_FILE)).equals(savedGraph)).toBe(true);
    expect(readFileSync(join(dir.path, "vectors.json"), "utf8")).toBe(savedManifest);

    library = Library.open(dir.path);
    expect(exactHit(library, 0)).toBe(arden!.chunkIds[0]);
    expect(exactHit(library, 2)).toBe(corran.chunkIds[0]);
  });

  it("has nothing to load when the library holds no vectors", async () => {
    library = Library.open(dir.path);
    expect(await library.loadVectorIndexInBackground()).toBeNull();
  });
});
