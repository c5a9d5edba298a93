import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkText } from "../../src/ingest/chunk.ts";
import type { Library, NewArticle } from "../../src/library/library.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
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

async function add(library: Library, n: number): Promise<{ articleId: number; chunkIds: number[] }> {
  const outcome = await library.addArticle(story(n));
  if (outcome.status !== "added") throw new Error(`story ${n} was not added`);
  return { articleId: outcome.articleId, chunkIds: (await library.chunksOf(outcome.articleId)).map((chunk) => chunk.id) };
}

/** The chunk dense search puts first for story `n`'s vector when it finds that story exactly, else null. */
async function exactHit(library: Library, n: number): Promise<number | null> {
  const [hit] = await library.searchDense(unit(n), MODEL, 1);
  return hit && hit.score > 0.99 ? hit.chunkId : null;
}

describe("SqliteLibrary.loadVectorIndexInBackground", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;

  /** A library of stories 0..count-1 whose index was saved by close(), opened again with nothing loaded. */
  async function savedLibrary(count: number): Promise<Array<{ articleId: number; chunkIds: number[] }>> {
    const first = SqliteLibrary.open(dir.path);
    const stories = [];
    for (let n = 0; n < count; n++) stories.push(await add(first, n));
    await first.close();
    library = SqliteLibrary.open(dir.path);
    return stories;
  }

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await library.close();
    dir.remove();
  });

  it("answers lexical searches while the graph is read, and dense ones from the saved graph once it is ready", async () => {
    const [arden] = await savedLibrary(2);
    const ready = library.loadVectorIndexInBackground();

    // Only promises the library has already settled are awaited below: the read (on a pool thread, resolved
    // through the event loop) cannot finish before the event loop turns.
    expect(await library.searchLexical({ terms: ["lighthouse"], phrases: [] }, { limit: 10 })).toHaveLength(2);
    expect(await library.searchDense(unit(0), MODEL, 1)).toEqual([]);
    expect(library.loadVectorIndexInBackground()).toBe(ready);

    expect(await ready).toMatchObject({ vectors: 2 });
    expect(await exactHit(library, 0)).toBe(arden!.chunkIds[0]);
  });

  it("replays an article added during the load and drops the ones removed during it", async () => {
    const [arden, bexley, corran] = await savedLibrary(3);
    const ready = library.loadVectorIndexInBackground();

    await library.removeArticle(bexley!.articleId);
    await library.removeArticle(corran!.articleId);
    const dunmore = await add(library, 3);
    expect(await library.searchDense(unit(3), MODEL, 1)).toEqual([]);

    await ready;
    expect(await exactHit(library, 0)).toBe(arden!.chunkIds[0]);
    expect(await exactHit(library, 1)).toBeNull();
    expect(await exactHit(library, 2)).toBeNull();
    expect(await exactHit(library, 3)).toBe(dunmore.chunkIds[0]);
  });

  it("drops an article both added and removed during the load, beside one the saved graph holds as deleted", async () => {
    const first = SqliteLibrary.open(dir.path);
    const arden = await add(first, 0);
    const bexley = await add(first, 1);
    await first.removeArticle(bexley.articleId);
    await first.close();
    library = SqliteLibrary.open(dir.path);
    const ready = library.loadVectorIndexInBackground();

    const corran = await add(library, 2);
    expect(corran.chunkIds).not.toEqual(bexley.chunkIds);
    await library.removeArticle(corran.articleId);

    await expect(ready).resolves.toMatchObject({ vectors: 2 });
    expect(await exactHit(library, 0)).toBe(arden.chunkIds[0]);
    expect(await exactHit(library, 1)).toBeNull();
    expect(await exactHit(library, 2)).toBeNull();
  });

  it("leaves the saved index as it was when closed during the load, and the next open replays what was added", async () => {
    const [arden] = await savedLibrary(2);
    const savedGraph = readFileSync(join(dir.path, VECTOR_INDEX_FILE));
    const savedManifest = readFileSync(join(dir.path, "vectors.json"), "utf8");
    const ready = library.loadVectorIndexInBackground();
    const corran = await add(library, 2);
    await library.saveIndex();
    await library.close();

    expect(await ready).toBeNull();
    expect(readFileSync(join(dir.path, VECTOR_INDEX_FILE)).equals(savedGraph)).toBe(true);
    expect(readFileSync(join(dir.path, "vectors.json"), "utf8")).toBe(savedManifest);

    library = SqliteLibrary.open(dir.path);
    expect(await exactHit(library, 0)).toBe(arden!.chunkIds[0]);
    expect(await exactHit(library, 2)).toBe(corran.chunkIds[0]);
  });

  it("has nothing to load when the library holds no vectors", async () => {
    library = SqliteLibrary.open(dir.path);
    expect(await library.loadVectorIndexInBackground()).toBeNull();
  });
});
