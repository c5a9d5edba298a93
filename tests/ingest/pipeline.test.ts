import type { Library } from "../../src/library/library.ts";
import { readFileSync } from "node:fs";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Ingestor } from "../../src/ingest/pipeline.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { loadEmbeddings, type LocalEmbeddings } from "../../src/retrieval/embeddings.ts";
import { TINY_MODEL } from "../helpers/cli.ts";
import { htmlRoute, startServer, type TestServer } from "../helpers/http-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const page = (name: string): string => readFileSync(new URL(`../fixtures/site/${name}`, import.meta.url), "utf8");

describe("Ingestor", () => {
  let server: TestServer;
  let embeddings: LocalEmbeddings;
  let dir: ReturnType<typeof tempDir>;
  let library: Library;
  let ingestor: Ingestor;

  beforeAll(async () => {
    server = await startServer({
      "/harbour": htmlRoute(page("harbour-dredging.html")),
      "/ferry": htmlRoute(page("ferry-timetable.html")),
      "/old-link": (_request, response) => {
        response.writeHead(301, { location: "/ferry" });
        response.end();
      },
      "/gone": htmlRoute("<h1>Not found</h1>", 404),
      "/empty": htmlRoute("<html><body><p>Nothing to see.</p></body></html>"),
    });
    const loaded = await loadEmbeddings({ model: TINY_MODEL, cacheDir: TINY_MODEL, allowRemote: false });
    if (!loaded.embeddings) throw new Error(loaded.reason);
    embeddings = loaded.embeddings;
  });
  afterAll(() => server.close());

  beforeEach(() => {
    dir = tempDir();
    library = SqliteLibrary.open(dir.path);
    ingestor = new Ingestor({ library, embedder: embeddings, logger: pino({ level: "silent" }), fetch: { allowPrivate: true, timeoutMs: 5000, maxBytes: 1_000_000 } });
  });
  afterEach(async () => {
    await library.close();
    dir.remove();
  });

  it("fetches, extracts, chunks, finds quotes, embeds and stores a page", async () => {
    const result = await ingestor.ingestUrl(`${server.url}/harbour`);
    expect(result).toMatchObject({ status: "added", title: "Harbour dredging plan approved after two-year dispute", outlet: "Kelvin Bay Courier", reason: null });
    expect(result.publishedAt?.startsWith("2026-03-02")).toBe(true);
    const articleId = result.articleId!;
    const article = (await library.getArticle(articleId))!;
    expect(article.text).toContain("“We have listened to every objection, and this plan answers them,” said harbour master Ines Albright.");
    expect(article.text).not.toMatch(/Privacy|Sport/);
    expect((await library.quotesOf(articleId)).some((quote) => quote.speaker?.includes("Albright"))).toBe(true);
    expect(await library.stats()).toMatchObject({ articles: 1, pendingChunks: 0, chunks: result.chunks, model: embeddings.modelName });
  });

  it("answers a second send of the same link as a duplicate without fetching it again", async () => {
    await ingestor.ingestUrl(`${server.url}/harbour`);
    const hits = server.hits.get("/harbour");
    const again = await ingestor.ingestUrl(`${server.url}/harbour?utm_source=telegram#top`);
    expect(again).toMatchObject({ status: "duplicate", reason: "already in the library" });
    expect(server.hits.get("/harbour")).toBe(hits);
  });

  it("fetches a link sent twice at the same time only once", async () => {
    const before = server.hits.get("/harbour") ?? 0;
    const [first, second] = await Promise.all([ingestor.ingestUrl(`${server.url}/harbour`), ingestor.ingestUrl(`${server.url}/harbour`)]);
    expect(first).toEqual(second);
    expect(server.hits.get("/harbour")).toBe(before + 1);
    expect(await library.countArticles()).toBe(1);
  });

  it("remembers the link as sent when the site redirects", async () => {
    const result = await ingestor.ingestUrl(`${server.url}/old-link`);
    expect(result.status).toBe("added");
    expect(await library.findByUrl(`${server.url}/old-link`)).toBe(result.articleId);
    expect(await library.findByUrl(`${server.url}/ferry`)).toBe(result.articleId);
  });

  it("reports pages it cannot use with a short reason and stores nothing", async () => {
    const gone = await ingestor.ingestUrl(`${server.url}/gone`);
    expect(gone).toMatchObject({ status: "failed", articleId: null });
    expect(gone.reason).toMatch(/404/);
    const empty = await ingestor.ingestUrl(`${server.url}/empty`);
    expect(empty.status).toBe("failed");
    expect(empty.reason).toMatch(/text/);
    expect((await ingestor.ingestUrl("mailto:editor@example.com")).status).toBe("failed");
    expect(await library.countArticles()).toBe(0);
  });

  it("refuses loopback links unless private addresses are allowed", async () => {
    const strict = new Ingestor({ library, embedder: null, logger: pino({ level: "silent" }), fetch: { allowPrivate: false, timeoutMs: 5000, maxBytes: 1_000_000 } });
    const result = await strict.ingestUrl(`${server.url}/harbour`);
    expect(result.status).toBe("failed");
    expect(await library.countArticles()).toBe(0);
  });

  it("stores chunks as pending when there is no embedding model", async () => {
    const lexical = new Ingestor({ library, embedder: null, logger: pino({ level: "silent" }), fetch: { allowPrivate: true, timeoutMs: 5000, maxBytes: 1_000_000 } });
    const result = await lexical.ingestUrl(`${server.url}/ferry`);
    expect(result.status).toBe("added");
    expect(await library.stats()).toMatchObject({ embeddedChunks: 0, pendingChunks: result.chunks });
    expect((await library.searchLexical({ terms: ["ferry"], phrases: [] }, { limit: 5 })).length).toBeGreaterThan(0);
  });
});
