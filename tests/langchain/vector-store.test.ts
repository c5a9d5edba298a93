import type { Library } from "../../src/library/library.ts";
import { Document } from "@langchain/core/documents";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ingestor } from "../../src/ingest/pipeline.ts";
import { loadEmbeddings } from "../../src/retrieval/embeddings.ts";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { LibraryVectorStore } from "../../src/langchain/vector-store.ts";
import { TINY_MODEL } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const vineyard = new Document({
  pageContent:
    "Frost hit the vineyards of the Alder valley overnight, and growers lit fires between the rows to save the first buds. “We lost perhaps a fifth of the crop,” said grower Magda Perrin, who has farmed the slopes for thirty years. The regional office will assess the damage next week.",
  metadata: { title: "Late frost hits Alder valley vineyards", url: "https://valley-post.example/frost", outlet: "Valley Post", publishedAt: "2026-04-14" },
});
const library_ = new Document({
  pageContent:
    "The town library will open on Sundays from May, after the council found money for two more librarians. Readers had collected four thousand signatures asking for weekend hours. The reading room will also stay open until nine on Thursdays.",
  metadata: { title: "Library to open on Sundays", url: "https://valley-post.example/library", outlet: "Valley Post", publishedAt: "2026-04-15" },
});

describe("LibraryVectorStore", () => {
  let dir: ReturnType<typeof tempDir>;
  let library: Library;
  let store: LibraryVectorStore;

  beforeAll(async () => {
    dir = tempDir();
    library = SqliteLibrary.open(dir.path);
    const { embeddings, reason } = await loadEmbeddings({ model: TINY_MODEL, cacheDir: TINY_MODEL, allowRemote: false });
    if (!embeddings) throw new Error(reason);
    const ingestor = new Ingestor({ library, embedder: embeddings, logger: pino({ level: "silent" }), fetch: { allowPrivate: false, timeoutMs: 1000, maxBytes: 1000 } });
    store = new LibraryVectorStore(embeddings, { library, ingestor });
  });
  afterAll(async () => {
    await library.close();
    dir.remove();
  });

  it("stores LangChain documents as articles, with their quotes, and finds them again", async () => {
    const ids = await store.addDocuments([vineyard, library_]);
    expect(ids).toHaveLength(2);
    expect((await library.quotesOf(Number(ids[0]))).map((quote) => quote.speaker)).toContain("Magda Perrin");

    const [[document, score]] = (await store.similaritySearchWithScore(vineyard.pageContent, 1)) as [[Document, number]];
    expect(document.pageContent).toBe(vineyard.pageContent);
    expect(document.metadata).toMatchObject({ articleId: Number(ids[0]), title: "Late frost hits Alder valley vineyards", outlet: "Valley Post", start: 0 });
    expect(score).toBeCloseTo(1, 4);
  });

  it("works as a LangChain retriever", async () => {
    const documents = await store.asRetriever({ k: 2 }).invoke(library_.pageContent);
    expect(documents[0]?.metadata.title).toBe("Library to open on Sundays");
  });

  it("accepts precomputed vectors, one passage per document", async () => {
    const vector = await store.embeddings.embedQuery("ferry timetable");
    const [id] = await store.addVectors([vector], [new Document({ pageContent: "The winter ferry timetable keeps every crossing of the summer, the operator said on Sunday.", metadata: { title: "Ferry timetable" } })]);
    const [[document]] = (await store.similaritySearchVectorWithScore(vector, 1)) as [[Document, number]];
    expect(document.metadata.articleId).toBe(Number(id));
  });
});
