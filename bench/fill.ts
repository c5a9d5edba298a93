import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ArticleDraft, ChunkSpan, QuoteSpan } from "../src/library/article.ts";
import { chunkText } from "../src/ingest/chunk.ts";
import { extractQuotes } from "../src/ingest/quotes/index.ts";
import { urlKey } from "../src/library/canonical-url.ts";
import { jsonlItem } from "../src/ingest/sources.ts";
import type { NewArticle } from "../src/library/library.ts";
import { contentHash } from "../src/library/content-hash.ts";
import { SqliteLibrary } from "../src/library/sqlite/sqlite-library.ts";
import { corpusLines } from "./corpus.ts";
import { CACHE_DIR, REPO_DIR } from "./model.ts";
import { DIMENSIONS, SYNTHETIC_MODEL, SyntheticSpace } from "./synthetic.ts";

/** Bump when the way libraries are filled changes, so cached ones are rebuilt. */
const FILL_VERSION = 1;
/** Articles per outer transaction: one commit per article would measure fsync, not the library. */
const COMMIT_EVERY = 500;
/** Commits between saves of the graph, so an interrupted build keeps most of its work. */
const SAVE_EVERY = 10;

export interface FillManifest {
  fillVersion: number;
  articles: number;
  /** False for a library filled without vectors (`libraryDir(n, false)`), to time lexical search at sizes whose graph takes hours. */
  vectors?: boolean;
  chunks: number;
  distinctArticles: number;
  model: string;
  /** See graphParameters: another M or efConstruction means the cached graph must be rebuilt. */
  graph: string;
  buildSeconds: number;
  indexRebuildSeconds: number | null;
}

/** One corpus article prepared once (chunked, quotes found, chunk directions computed) and stored many times. */
export interface Template {
  draft: ArticleDraft;
  chunks: ChunkSpan[];
  quotes: QuoteSpan[];
}

export function libraryDir(articles: number, vectors = true): string {
  return join(CACHE_DIR, `library-${articles}${vectors ? "" : "-lexical"}`);
}

/** The graph parameters the index code builds with, e.g. "M=16 EF_CONSTRUCTION=200". */
export function graphParameters(): string {
  const source = readFileSync(join(REPO_DIR, "src", "library", "vector-index.ts"), "utf8");
  return ["M", "EF_CONSTRUCTION"].map((name) => `${name}=${new RegExp(`const ${name} = (\\d+)`).exec(source)?.[1] ?? "?"}`).join(" ");
}

function readManifest(dir: string): FillManifest | null {
  const path = join(dir, "bench-fill.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as FillManifest) : null;
}

/**
 * The corpus as material for synthetic libraries: each distinct article is chunked and its quotes found once,
 * on first use, then stored as many copies as a library size needs.
 */
export class Templates {
  private readonly prepared = new Map<number, Template>();
  /** Each template's chunks placed in the synthetic space, computed only for libraries with vectors. */
  private readonly directions = new Map<number, Float32Array[]>();

  private constructor(
    readonly space: SyntheticSpace,
    private readonly drafts: ArticleDraft[],
  ) {}

  static async load(): Promise<Templates> {
    const lines = await corpusLines();
    // The corpus holds a few articles twice (same address or same text); the library would refuse the second.
    const seen = new Set<string>();
    const drafts = lines.flatMap((line, i) => {
      const item = jsonlItem(`corpus:${i + 1}`, line);
      if (item.kind !== "draft") return [];
      const keys = [contentHash(item.draft.text), item.draft.url ? urlKey(item.draft.url) : null].filter((key): key is string => key !== null);
      if (keys.some((key) => seen.has(key))) return [];
      for (const key of keys) seen.add(key);
      return [item.draft];
    });
    return new Templates(new SyntheticSpace(drafts.map((draft) => draft.text)), drafts);
  }

  get distinct(): number {
    return this.drafts.length;
  }

  template(index: number): Template {
    let template = this.prepared.get(index);
    if (!template) {
      const draft = this.drafts[index]!;
      const chunks = chunkText(draft.text);
      template = { draft, chunks, quotes: extractQuotes(draft.text) };
      this.prepared.set(index, template);
    }
    return template;
  }

  /** Where template `index`'s chunks lie in the synthetic space (their vectors before each copy's perturbation). */
  directionsOf(index: number): Float32Array[] {
    let directions = this.directions.get(index);
    if (!directions) {
      directions = this.template(index).chunks.map((chunk) => this.space.embed(chunk.text));
      this.directions.set(index, directions);
    }
    return directions;
  }

  /**
   * Article `n` of a filled library: the corpus repeated, copy k ≥ 1 with a line appended (so its content hash
   * differs) and its own address, chunked as the original (the appended line is left out of every chunk).
   * Without `vectors` it carries none, and none is computed.
   */
  article(n: number, vectors = true): NewArticle {
    const template = this.template(n % this.drafts.length);
    const copy = Math.floor(n / this.drafts.length);
    const { draft } = template;
    let url = draft.url;
    if (copy > 0 && url) {
      const address = new URL(url);
      address.pathname = `${address.pathname.replace(/\/$/, "")}/bench-copy-${copy}`;
      url = address.toString();
    }
    return {
      draft: copy === 0 ? draft : { ...draft, url, text: `${draft.text}\n\n(Bench copy ${copy}.)` },
      chunks: template.chunks,
      quotes: template.quotes,
      vectors: vectors ? this.directionsOf(n % this.drafts.length).map((direction, seq) => this.space.perturb(direction, (copy * 1_000_003 + n * 131 + seq) >>> 0)) : null,
      vectorModel: SYNTHETIC_MODEL,
      source: "jsonl",
    };
  }
}

/**
 * A library of `articles` real article texts with synthetic vectors, built once into bench/cache and reused.
 * When only the vector index code changed, the graph is rebuilt from the vectors SQLite already holds.
 * Without vectors (`vectors: false`, its own folder) it fills in minutes where the graph of 100k articles takes
 * hours on two cores: enough to time the lexical side, which is where an answer's time goes at that size.
 */
export async function ensureFilledLibrary(articles: number, log: (line: string) => void, { vectors = true } = {}): Promise<FillManifest> {
  const dir = libraryDir(articles, vectors);
  const existing = readManifest(dir);
  const graph = graphParameters();
  if (existing && existing.fillVersion === FILL_VERSION) {
    if (existing.graph === graph || !vectors) return existing;
    log(`graph parameters changed (${existing.graph} → ${graph}): rebuilding the HNSW graph of the ${articles}-article library from its stored vectors…`);
    rmSync(join(dir, "vectors.hnsw"), { force: true });
    rmSync(join(dir, "vectors.json"), { force: true });
    const started = performance.now();
    const library = SqliteLibrary.open(dir);
    await library.searchDense(new Float32Array(DIMENSIONS), SYNTHETIC_MODEL, 1);
    await library.close();
    const manifest = { ...existing, graph, indexRebuildSeconds: (performance.now() - started) / 1000 };
    writeFileSync(join(dir, "bench-fill.json"), JSON.stringify(manifest, null, 2));
    return manifest;
  }

  // A build interrupted part-way (they take long at 100k) resumes where its last commit ended.
  const partialPath = join(dir, "bench-fill-partial.json");
  const resumable = existsSync(partialPath) && (JSON.parse(readFileSync(partialPath, "utf8")) as { fillVersion: number }).fillVersion === FILL_VERSION;
  if (!resumable) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(partialPath, JSON.stringify({ fillVersion: FILL_VERSION }));
  }
  const started = performance.now();
  const templates = await Templates.load();
  const library = SqliteLibrary.open(dir);
  const first = await library.countArticles();
  log(`${first > 0 ? "resuming" : "building"} a ${articles}-article library ${vectors ? "with synthetic vectors" : "without vectors"} in ${dir} at article ${first}…`);
  // Loads the graph saved so far (and replays what the interruption left unsaved).
  if (vectors) await library.searchDense(new Float32Array(DIMENSIONS), SYNTHETIC_MODEL, 1);
  for (let from = first; from < articles; from += COMMIT_EVERY) {
    for (let n = from; n < Math.min(articles, from + COMMIT_EVERY); n++) {
      const outcome = await library.addArticle(templates.article(n, vectors));
      if (outcome.status !== "added") throw new Error(`article ${n} was taken for a duplicate of ${outcome.articleId}`);
    }
    if ((from / COMMIT_EVERY) % SAVE_EVERY === SAVE_EVERY - 1) {
      await library.saveIndex();
      log(`  ${from + COMMIT_EVERY} articles, ${Math.round((performance.now() - started) / 1000)} s`);
    }
  }
  const chunks = (await library.stats()).chunks;
  await library.close();
  const manifest: FillManifest = {
    fillVersion: FILL_VERSION,
    articles,
    vectors,
    chunks,
    distinctArticles: Math.min(articles, templates.distinct),
    model: SYNTHETIC_MODEL,
    graph,
    buildSeconds: (performance.now() - started) / 1000,
    indexRebuildSeconds: null,
  };
  writeFileSync(join(dir, "bench-fill.json"), JSON.stringify(manifest, null, 2));
  rmSync(partialPath);
  return manifest;
}
