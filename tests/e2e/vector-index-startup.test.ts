import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Ingestor } from "../../src/ingest/pipeline.ts";
import { loadEmbeddings } from "../../src/retrieval/embeddings.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { TINY_MODEL } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { startWorld, type World } from "./harness.ts";

const stories = [
  "The lighthouse on Gull Point will shine again by the autumn equinox after a two-year restoration paid for by the town.",
  "Ferry crews in Kelvin Bay walked out on Tuesday over rosters, stranding commuters on both sides of the sound for the day.",
];

describe("the bot started on a library with a saved vector index", () => {
  const dir = tempDir("verbatim-index-startup-");
  let world: World | undefined;
  let chunks = 0;

  beforeAll(async () => {
    const { embeddings, reason } = await loadEmbeddings({ model: TINY_MODEL, cacheDir: TINY_MODEL, allowRemote: false });
    if (!embeddings) throw new Error(reason);
    const library = SqliteLibrary.open(dir.path);
    const ingestor = new Ingestor({ library, embedder: embeddings, logger: pino({ level: "silent" }), fetch: { allowPrivate: false, timeoutMs: 1000, maxBytes: 1000 } });
    for (const [i, text] of stories.entries()) {
      const draft = { url: `https://coast-news.example/${i}`, canonicalUrl: null, title: `Story ${i}`, text, outlet: "Coast News", authors: [], publishedAt: "2026-05-04", language: "en" };
      const result = await ingestor.ingestDraft(draft, `story ${i}`, "jsonl");
      if (result.status !== "added" || result.chunks === null) throw new Error(`story ${i} was not added: ${result.reason}`);
      chunks += result.chunks;
    }
    await library.close();
    world = await startWorld({ DATA_DIR: dir.path, EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_MODEL, MODEL_CACHE_DIR: TINY_MODEL });
  });

  afterAll(async () => {
    await world?.close();
    dir.remove();
  });

  it("reads the index in the background and logs once, with its size and time, when dense search uses it", async () => {
    const ready = (): Array<Record<string, unknown>> =>
      world!.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === "vector index ready");
    await vi.waitFor(() => expect(ready()).toHaveLength(1));
    expect(ready()[0]).toMatchObject({ vectors: chunks, ms: expect.any(Number) });
  });
});
