/**
 * LanceDB's native full-text index (BM25 over block-max WAND) against plain FTS5 `bm25()`, over the same passages
 * of a filled library and the same dev questions, alternating per question in one process. A measurement for
 * issue 16's "a lexical index that stops early", written before LanceDB became a dependency (0.31.0, used by
 * src/library/sqlite/lance-lexical.ts); it still loads the package by name, so another version can be measured
 * by installing it by hand (see INSTALL). Set LANCE_CPU_THREADS=8 on a 2-core machine (see lance-lexical.ts).
 *
 *   node --import tsx bench/lancedb-fts.ts [--articles 10000] [--library DIR] [--questions 100]
 *
 * `--library` reads another checkout's bench/cache/library-N read-only; the LanceDB table
 * is built once into bench/cache/lancedb-N of this checkout and reused while its manifest matches.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { containsAnswer } from "../src/eval/metrics.ts";
import { rawWords } from "../src/text/words.ts";
import { questions } from "./corpus.ts";
import { libraryDir } from "./fill.ts";
import { CACHE_DIR } from "./model.ts";
import { median, peakRss, percentile } from "./stats.ts";

const INSTALL = "npm install --no-save @lancedb/lancedb apache-arrow@18.1.0";
/** Rows handed to LanceDB per write: the 100k library's million passages do not fit in one array comfortably. */
const WRITE_BATCH = 50_000;

/** The few parts of @lancedb/lancedb used here, typed by hand, so that another installed version fits too. */
interface LanceModule {
  connect(uri: string): Promise<LanceConnection>;
  Index: { fts(options: Record<string, unknown>): unknown };
  MatchQuery: new (query: string, column: string) => unknown;
}
interface LanceConnection {
  createTable(name: string, rows: Array<{ id: number; text: string }>): Promise<LanceTable>;
  openTable(name: string): Promise<LanceTable>;
}
interface LanceTable {
  add(rows: Array<{ id: number; text: string }>): Promise<unknown>;
  optimize(): Promise<unknown>;
  delete(predicate: string): Promise<unknown>;
  createIndex(column: string, options: { config: unknown }): Promise<void>;
  countRows(): Promise<number>;
  query(): { fullTextSearch(query: unknown): { select(columns: string[]): { limit(k: number): { toArray(): Promise<Array<{ id: number }>> } } } };
}

async function loadLance(): Promise<LanceModule> {
  // A specifier in a variable: whichever version is installed is loaded as it is.
  const name = "@lancedb/lancedb";
  try {
    return (await import(name)) as LanceModule;
  } catch (error) {
    console.error(`@lancedb/lancedb (with its peer apache-arrow) is not installed:\n  ${INSTALL}`);
    console.error(`(${(error as Error).message.split("\n")[0]})`);
    process.exit(1);
  }
}

interface BuildManifest {
  library: string;
  passages: number;
  writeSeconds: number;
  indexSeconds: number;
  /** The build process's peak after writing the rows, before indexing them. */
  writePeakRssBytes: number;
  peakRssBytes: number;
  /** The table and its index on disk right after the build (before the add-one-article probe's new versions). */
  diskBytes: number;
  indexBytes: number;
  addArticle: { passages: number; addMs: number; pendingP50Ms: number; optimizeMs: number };
}

function openLibrary(dir: string): Database.Database {
  // Read only: another checkout's library is read, never written.
  return new Database(join(dir, "library.db"), { readonly: true, fileMustExist: true });
}

/** Passage text as the peers bench judges it: the article's text cut at the chunk's offsets. */
function passageReader(db: Database.Database): (id: number) => string {
  const statement = db.prepare("SELECT a.text, c.start, c.end FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.id = ?");
  return (id) => {
    const row = statement.get(id) as { text: string; start: number; end: number } | undefined;
    return row ? row.text.slice(row.start, row.end) : "";
  };
}

/** Title and passage text in one column, as FTS5 sees both (LanceDB searches one indexed column per query). */
function* passageRows(db: Database.Database): Generator<Array<{ id: number; text: string }>> {
  const chunks = db.prepare("SELECT id, article_id, start, end FROM chunks ORDER BY article_id, seq").iterate() as Iterable<{ id: number; article_id: number; start: number; end: number }>;
  const articleOf = db.prepare("SELECT title, text FROM articles WHERE id = ?");
  let article = { id: -1, title: "", text: "" };
  let batch: Array<{ id: number; text: string }> = [];
  for (const chunk of chunks) {
    // Each article's text is read once, not once per passage.
    if (chunk.article_id !== article.id) article = { id: chunk.article_id, ...(articleOf.get(chunk.article_id) as { title: string; text: string }) };
    batch.push({ id: chunk.id, text: `${article.title}\n${article.text.slice(chunk.start, chunk.end)}` });
    if (batch.length === WRITE_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function directoryBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + directoryBytes(join(path, entry)), 0);
}

/**
 * Writes the passages to a LanceDB table and builds its FTS index with FTS5's tokenizing as near as LanceDB offers
 * (lower case, Porter-family stemming, diacritics folded, no stop words removed; positions kept, since verbatim
 * needs phrases). Runs in its own process (`--build`), so its peak RSS is the build's own.
 */
async function build(libraryPath: string, lanceDir: string): Promise<void> {
  const lance = await loadLance();
  const db = openLibrary(libraryPath);
  rmSync(lanceDir, { recursive: true, force: true });
  const connection = await lance.connect(lanceDir);
  let table: LanceTable | null = null;
  let passages = 0;
  // Only the time inside LanceDB counts as writing; reading the passages out of SQLite is not its cost.
  let writeMs = 0;
  for (const batch of passageRows(db)) {
    passages += batch.length;
    const t = performance.now();
    if (table === null) table = await connection.createTable("passages", batch);
    else await table.add(batch);
    writeMs += performance.now() - t;
  }
  if (table === null) throw new Error(`no passages in ${libraryPath}`);
  const writePeakRssBytes = peakRss();
  const indexing = performance.now();
  await table.createIndex("text", {
    config: lance.Index.fts({ withPosition: true, baseTokenizer: "simple", lowercase: true, stem: true, language: "English", removeStopWords: false, asciiFolding: true }),
  });
  const indexSeconds = (performance.now() - indexing) / 1000;
  const diskBytes = directoryBytes(lanceDir);
  const indexBytes = directoryBytes(join(lanceDir, "passages.lance", "_indices"));

  // Adding one article: its passages written, then folded into the index by optimize(), as derived data kept up
  // to date would be. They are copies of the last article's passages under new ids, deleted again afterwards.
  const last = (db.prepare("SELECT article_id FROM chunks ORDER BY id DESC LIMIT 1").pluck().get() as number);
  const maxId = db.prepare("SELECT MAX(id) FROM chunks").pluck().get() as number;
  const added = (db.prepare("SELECT a.title, a.text, c.start, c.end FROM chunks c JOIN articles a ON a.id = c.article_id WHERE c.article_id = ? ORDER BY c.seq").all(last) as Array<{ title: string; text: string; start: number; end: number }>).map(
    (row, i) => ({ id: maxId + 1 + i, text: `${row.title}\n${row.text.slice(row.start, row.end)}` }),
  );
  let t = performance.now();
  await table.add(added);
  const addMs = performance.now() - t;
  // Until optimize() runs, LanceDB searches the new rows without their index, beside the indexed ones.
  const pendingTimes: number[] = [];
  for (const question of questions().slice(1, 21)) {
    t = performance.now();
    await table.query().fullTextSearch(new lance.MatchQuery(wordsOf(question.question).join(" "), "text")).select(["id", "_score"]).limit(10).toArray();
    pendingTimes.push(performance.now() - t);
  }
  t = performance.now();
  await table.optimize();
  const optimizeMs = performance.now() - t;
  await table.delete(`id > ${maxId}`);
  await table.optimize();

  const manifest: BuildManifest = {
    library: libraryPath,
    passages,
    writeSeconds: writeMs / 1000,
    indexSeconds,
    writePeakRssBytes,
    peakRssBytes: peakRss(),
    diskBytes,
    indexBytes,
    addArticle: { passages: added.length, addMs, pendingP50Ms: median(pendingTimes), optimizeMs },
  };
  writeFileSync(join(lanceDir, "bench-build.json"), JSON.stringify(manifest, null, 2));
  db.close();
}

function cachedBuild(libraryPath: string, lanceDir: string, passages: number): BuildManifest | null {
  const path = join(lanceDir, "bench-build.json");
  if (!existsSync(path)) return null;
  const manifest = JSON.parse(readFileSync(path, "utf8")) as BuildManifest;
  return manifest.library === libraryPath && manifest.passages === passages ? manifest : null;
}

/** Both systems get the same words: every word of the question, lower-cased, once, OR'ed (LanceDB's default). */
function wordsOf(question: string): string[] {
  return [...new Set(rawWords(question).map((word) => word.toLowerCase()))];
}

const MB = 1024 * 1024;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: "string", default: "10000" },
      library: { type: "string" },
      questions: { type: "string", default: "100" },
      build: { type: "boolean", default: false },
    },
  });
  const articles = Number(values.articles);
  const libraryPath = values.library ?? libraryDir(articles);
  const lanceDir = join(CACHE_DIR, `lancedb-${articles}`);
  if (values.build) return build(libraryPath, lanceDir);

  if (!existsSync(join(libraryPath, "bench-fill.json"))) throw new Error(`${libraryPath} holds no finished library (no bench-fill.json); fill one with npm run bench first`);
  const lance = await loadLance();
  const db = openLibrary(libraryPath);
  const passages = (db.prepare("SELECT COUNT(*) FROM chunks").pluck().get() as number);

  let built = cachedBuild(libraryPath, lanceDir, passages);
  if (built === null) {
    console.log(`building the LanceDB table and FTS index for ${passages} passages in ${lanceDir}…`);
    const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, "--build", "--articles", String(articles), "--library", libraryPath], { stdio: "inherit" });
    if (child.status !== 0) throw new Error(`the LanceDB build exited with ${child.status}`);
    built = cachedBuild(libraryPath, lanceDir, passages);
    if (built === null) throw new Error("the LanceDB build wrote no manifest");
  }

  const passageText = passageReader(db);
  const fts5 = db.prepare("SELECT rowid AS id FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT 10");
  const ftsBytes = (db.prepare("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'chunks_fts%'").pluck().get() as number | null) ?? 0;
  const rssBefore = process.memoryUsage().rss;
  const connection = await lance.connect(lanceDir);
  const table = await connection.openTable("passages");
  if ((await table.countRows()) !== passages) throw new Error(`${lanceDir} holds another number of passages than the library`);

  const systems = {
    "fts5-bm25": (words: string[]): Promise<number[]> =>
      Promise.resolve((fts5.all(words.map((word) => `"${word.replaceAll('"', '""')}"`).join(" OR ")) as Array<{ id: number }>).map((row) => row.id)),
    lancedb: async (words: string[]): Promise<number[]> =>
      (await table.query().fullTextSearch(new lance.MatchQuery(words.join(" "), "text")).select(["id", "_score"]).limit(10).toArray()).map((row) => Number(row.id)),
  };
  type System = keyof typeof systems;
  const names = Object.keys(systems) as System[];

  const asked = questions()
    .filter((question) => wordsOf(question.question).length > 0)
    .slice(0, Number(values.questions) + 1);
  // The first question warms both and is left out, as in the peers bench.
  for (const name of names) await systems[name](wordsOf(asked[0]!.question));
  const times = { "fts5-bm25": [] as number[], lancedb: [] as number[] };
  const found = { "fts5-bm25": 0, lancedb: 0 };
  let overlap = 0;
  for (const [i, question] of asked.slice(1).entries()) {
    const words = wordsOf(question.question);
    const hits = {} as Record<System, number[]>;
    // Alternating which goes first, so neither always finds the other's pages in the cache.
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      const t = performance.now();
      hits[name] = await systems[name](words);
      times[name].push(performance.now() - t);
    }
    for (const name of names) if (hits[name].some((id) => containsAnswer(passageText(id), question.answer_text))) found[name]++;
    overlap += hits.lancedb.filter((id) => hits["fts5-bm25"].includes(id)).length / 10;
  }
  const rssAfter = process.memoryUsage().rss;
  const n = asked.length - 1;
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

  const f = times["fts5-bm25"];
  const l = times.lancedb;
  console.log(`\n${articles} articles, ${passages} passages, ${n} questions, load ${load}, Node ${process.version}`);
  console.log(`| system | p50 | p95 | answer in top 10 |`);
  console.log(`|---|---|---|---|`);
  console.log(`| fts5-bm25 | ${ms(median(f))} | ${ms(percentile(f, 95))} | ${(found["fts5-bm25"] / n).toFixed(2)} |`);
  console.log(`| lancedb FTS | ${ms(median(l))} | ${ms(percentile(l, 95))} | ${(found.lancedb / n).toFixed(2)} |`);
  console.log(`| lancedb ÷ fts5 | ${(median(l) / median(f)).toFixed(2)}× | ${(percentile(l, 95) / percentile(f, 95)).toFixed(2)}× | |`);
  console.log(`top-10 overlap (share of LanceDB's ten also in FTS5's): ${(overlap / n).toFixed(2)}`);
  console.log(`LanceDB build: write ${built.writeSeconds.toFixed(1)} s + FTS index ${built.indexSeconds.toFixed(1)} s, build process peak RSS ${(built.writePeakRssBytes / MB).toFixed(0)} MB after writing, ${(built.peakRssBytes / MB).toFixed(0)} MB after indexing`);
  console.log(`add one article (${built.addArticle.passages} passages): write ${ms(built.addArticle.addMs)}, then search p50 ${ms(built.addArticle.pendingP50Ms)} (20 questions, new rows not yet indexed), optimize() to index them ${ms(built.addArticle.optimizeMs)}`);
  console.log(`disk: LanceDB table + index ${(built.diskBytes / MB).toFixed(0)} MB (FTS index ${(built.indexBytes / MB).toFixed(0)} MB); FTS5 chunks_fts ${(ftsBytes / MB).toFixed(0)} MB`);
  console.log(`RSS: ${(rssBefore / MB).toFixed(0)} MB before opening LanceDB (SQLite open), ${(rssAfter / MB).toFixed(0)} MB after every question on both (+${((rssAfter - rssBefore) / MB).toFixed(0)} MB)`);
}

await main();
