/**
 * `npm run bench [-- --quick] [-- --scale large] [-- --only model,ingest,memory,latency,scale,peers,cli,postgres,workers,rum]`
 * (postgres, workers and rum need a server: `scripts/with-test-postgres.sh npm run bench -- --only postgres,workers,rum`;
 * rum also Debian's postgresql-15-rum)
 *
 * Prints markdown tables and writes bench/results.json with every figure and what it depends on. Each
 * measurement runs in its own child process (worker.ts); figures that compare two things are measured in
 * alternating runs and reported as ratios, because the machine is shared.
 */
import { fork } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DENSE_SENTENCES } from "../src/answer/dense.ts";
import { DEFAULT_EF } from "../src/library/vector-index.ts";
import { measureCliStartup, type CliStartupResult } from "./cli-startup.ts";
import type { CeilingResult } from "./compute.ts";
import { corpusSlice } from "./corpus.ts";
import { graphParameters, type FillManifest } from "./fill.ts";
import type { IngestRun } from "./ingest.ts";
import type { LatencyResult } from "./latency.ts";
import type { CopyResult } from "./postgres.ts";
import { BENCH_DIR, ensureModel, MODEL_DIR } from "./model.ts";
import type { PeerResult, PeerSystem } from "./peers.ts";
import type { AddOneResult, RecallResult, StartupResult } from "./scale.ts";
import type { RankingTiming, RumResult } from "./rum.ts";
import type { WorkersRun } from "./workers.ts";
import { median } from "./stats.ts";
import { DIMENSIONS, NOISE, RANK, SYNTHETIC_MODEL } from "./synthetic.ts";
import type { Task } from "./worker.ts";

const PARTS = ["model", "ingest", "memory", "latency", "scale", "peers", "cli", "postgres", "workers", "rum"] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: { quick: { type: "boolean", default: false }, scale: { type: "string", default: "default" }, only: { type: "string" } },
});
if (values.scale !== "default" && values.scale !== "large") throw new Error(`--scale is "default" or "large", not "${values.scale}"`);
const only = new Set((values.only ?? PARTS.join(",")).split(",") as Part[]);
for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only takes ${PARTS.join(", ")}; got "${part}"`);

const quick = values.quick;
const large = values.scale === "large";
const BIG = large ? 100_000 : 10_000;
const plan = {
  mode: `${quick ? "quick" : "full"}${large ? ", large scale" : ""}`,
  ceiling: quick ? { chunks: 16, rounds: 2, batches: [1, 4] } : { chunks: 32, rounds: 3, batches: [1, 4, 8] },
  ingest: quick ? { articles: 16, rounds: 3 } : { articles: 60, rounds: 3 },
  dtype: "q8" as const,
  batchSize: 1,
  concurrency: 4,
  memoryArticles: 1000,
  latencySizes: [1_000, 10_000, ...(large ? [100_000] : [])],
  latencyQuestions: quick ? 100 : 331,
  addOne: { small: 1_000, large: BIG, count: quick ? 15 : 40 },
  scaleSize: BIG,
  recall: { queries: quick ? 50 : 100, efs: [...new Set([64, 128, 256, DEFAULT_EF])].sort((a, b) => a - b) },
  // Orama and LangChain's BM25Retriever take seconds a question at 10k (the latter scores every passage anew), so they get fewer.
  peers: [
    ...(["verbatim", "fts5-bm25", "orama", "langchain-bm25"] as const).map((system) => ({
      system,
      articles: 10_000,
      questions: system === "orama" || system === "langchain-bm25" ? (quick ? 20 : 50) : quick ? 100 : 331,
    })),
    // Orama held 1.5 GB at 10k: 100k would not fit beside everything else on a shared 24 GB machine.
    ...(large ? (["verbatim", "fts5-bm25"] as const).map((system) => ({ system, articles: 100_000, questions: quick ? 100 : 331 })) : []),
  ] satisfies Array<{ system: PeerSystem; articles: number; questions: number }>,
  cli: { articles: 10_000, runs: quick ? 10 : 30 },
  // Readers asking at once, each waiting for its answer: enough to keep three workers busy.
  workers: { counts: [1, 2, 3], chats: 12, questions: quick ? 60 : 150, rounds: quick ? 1 : 2 },
};

const POSTGRES_ARTICLES = 10_000;
const databaseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function inChild<T>(task: Task): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(join(BENCH_DIR, "worker.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let settled = false;
    child.once("message", (message) => {
      settled = true;
      const reply = message as { ok: true; result: T } | { ok: false; error: string };
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`${task.task} failed in its worker:\n${reply.error}`));
    });
    child.once("exit", (code, signal) => {
      if (!settled) reject(new Error(`${task.task} worker exited (${code ?? signal}) without a result`));
    });
    child.send(task);
  });
}

const mb = (bytes: number): string => `${Math.round(bytes / 1_048_576)} MB`;
const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const mark = (met: boolean): string => (met ? "met" : "**not met**");
const table = (header: string[], rows: string[][]): string =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");

const started = Date.now();
const seconds: Record<string, number> = {};
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  log(`· ${name}…`);
  const result = await work();
  seconds[name] = Math.round((performance.now() - t) / 1000);
  return result;
}

ensureModel(log);
const modelBytes = { fp32: statSync(join(MODEL_DIR, "onnx", "model.onnx")).size, q8: statSync(join(MODEL_DIR, "onnx", "model_quantized.onnx")).size };

let ceiling: CeilingResult | null = null;
if (only.has("model")) ceiling = await timed("model ceiling", () => inChild<CeilingResult>({ task: "ceiling", ...plan.ceiling }));

interface IngestRound {
  raw: { chunks: number; chunksPerSecond: number };
  ours: IngestRun;
  stock: IngestRun;
}
const rounds: IngestRound[] = [];
if (only.has("ingest")) {
  const jsonl = await corpusSlice(plan.ingest.articles);
  const options = { jsonl, dtype: plan.dtype, batchSize: plan.batchSize, concurrency: plan.concurrency };
  await timed("ingest, ours vs stock", async () => {
    for (let round = 0; round < plan.ingest.rounds; round++) {
      // The order rotates so no pipeline always runs first (or always right after the other).
      const order = [["raw", "ours", "stock"], ["stock", "raw", "ours"], ["ours", "stock", "raw"]][round % 3]!;
      const got: Partial<IngestRound> = {};
      for (const which of order) {
        const result =
          which === "raw"
            ? (got.raw = await inChild<IngestRound["raw"]>({ task: "raw", jsonl, dtype: plan.dtype }))
            : which === "ours"
              ? (got.ours = await inChild<IngestRun>({ task: "ours", ...options }))
              : (got.stock = await inChild<IngestRun>({ task: "stock", ...options }));
        const rate = result.chunksPerSecond;
        log(`  round ${round + 1}: ${which} ${fixed(rate)} chunks/s`);
      }
      rounds.push(got as IngestRound);
    }
  });
}

let memory: IngestRun | null = null;
// A 1,000-article ingest embeds some 10,000 chunks: far past a few minutes, so --quick leaves it out.
if (only.has("memory") && (!quick || values.only !== undefined)) {
  const jsonl = await corpusSlice(plan.memoryArticles);
  memory = await timed(`memory, ${plan.memoryArticles}-article ingest`, () =>
    inChild<IngestRun>({ task: "ours", jsonl, dtype: plan.dtype, batchSize: plan.batchSize, concurrency: plan.concurrency }),
  );
}

const libraries: FillManifest[] = [];
if (["latency", "scale", "peers", "cli", "postgres", "workers", "rum"].some((part) => only.has(part as Part))) {
  const sizes = [
    ...new Set([
      ...(only.has("latency") ? plan.latencySizes : []),
      ...(only.has("scale") ? [plan.addOne.small, plan.scaleSize] : []),
      ...(only.has("cli") ? [plan.cli.articles] : []),
      ...(["postgres", "workers", "rum"].some((part) => only.has(part as Part)) ? [POSTGRES_ARTICLES] : []),
    ]),
  ];
  for (const articles of sizes.sort((a, b) => a - b)) libraries.push(await timed(`library of ${articles} articles`, () => inChild<FillManifest>({ task: "fill", articles })));
  // The peers search text alone: their libraries are filled without vectors (the same passages, in minutes).
  if (only.has("peers")) {
    for (const articles of [...new Set(plan.peers.map((peer) => peer.articles))].sort((a, b) => a - b)) {
      libraries.push(await timed(`library of ${articles} articles without vectors`, () => inChild<FillManifest>({ task: "fill", articles, vectors: false })));
    }
  }
}

const latency: LatencyResult[] = [];
if (only.has("latency")) {
  for (const articles of plan.latencySizes) latency.push(await timed(`answer latency at ${articles}`, () => inChild<LatencyResult>({ task: "latency", articles, questions: plan.latencyQuestions })));
}

let copied: Promise<CopyResult> | null = null;
/** The 10k library copied to PostgreSQL once a run, for the parts measuring it there. */
const copiedToPostgres = (url: string): Promise<CopyResult> =>
  (copied ??= timed("copy to PostgreSQL", () => inChild<CopyResult>({ task: "copyToPostgres", articles: POSTGRES_ARTICLES, databaseUrl: url })));

/** The same 10k library on SQLite and on PostgreSQL (copied there), answer latency measured one after the other. */
const postgres: { copy: CopyResult; sqlite: LatencyResult; postgres: LatencyResult } | null = await (async () => {
  if (!only.has("postgres")) return null;
  if (!databaseUrl) {
    log("postgres: skipped (no BENCH_DATABASE_URL or TEST_DATABASE_URL; run under scripts/with-test-postgres.sh)");
    return null;
  }
  const copy = await copiedToPostgres(databaseUrl);
  const sqlite = await timed("answer latency on SQLite", () => inChild<LatencyResult>({ task: "latency", articles: POSTGRES_ARTICLES, questions: plan.latencyQuestions }));
  const pg = await timed("answer latency on PostgreSQL", () => inChild<LatencyResult>({ task: "latency", articles: POSTGRES_ARTICLES, questions: plan.latencyQuestions, databaseUrl }));
  return { copy, sqlite, postgres: pg };
})();

/**
 * Questions per second with 1, 2 and 3 bot worker processes on that PostgreSQL library, one count after another
 * (reversed in the second round, so no count always runs first); each figure the median of its rounds.
 */
const workers: { runs: WorkersRun[]; byCount: Array<{ workers: number; questionsPerSecond: number; p50Ms: number; p95Ms: number }> } | null = await (async () => {
  if (!only.has("workers")) return null;
  if (!databaseUrl) {
    log("workers: skipped (no BENCH_DATABASE_URL or TEST_DATABASE_URL; run under scripts/with-test-postgres.sh)");
    return null;
  }
  await copiedToPostgres(databaseUrl);
  const runs: WorkersRun[] = [];
  const base = Date.now() * 1000;
  await timed("questions per second with 1, 2 and 3 workers", async () => {
    for (let round = 0; round < plan.workers.rounds; round++) {
      const counts = round % 2 === 0 ? plan.workers.counts : [...plan.workers.counts].reverse();
      for (const count of counts) {
        // Chats and update ids of their own per run: no conversation or recorded update carries over.
        const offset = runs.length * 100_000;
        const run = await inChild<WorkersRun>({ task: "workers", databaseUrl, workers: count, chats: plan.workers.chats, questions: plan.workers.questions, firstChat: base + offset, firstUpdate: base + offset });
        log(`  round ${round + 1}: ${count} worker${count === 1 ? "" : "s"} ${fixed(run.questionsPerSecond, 2)} questions/s`);
        runs.push(run);
      }
    }
  });
  const byCount = plan.workers.counts.map((count) => {
    const of = runs.filter((run) => run.workers === count);
    return { workers: count, questionsPerSecond: median(of.map((run) => run.questionsPerSecond)), p50Ms: median(of.map((run) => run.p50Ms)), p95Ms: median(of.map((run) => run.p95Ms)) };
  });
  return { runs, byCount };
})();

const rum: RumResult | null = await (async () => {
  if (!only.has("rum")) return null;
  if (!databaseUrl) {
    log("rum: skipped (no BENCH_DATABASE_URL or TEST_DATABASE_URL; run under scripts/with-test-postgres.sh)");
    return null;
  }
  await copiedToPostgres(databaseUrl);
  return timed("RUM vs GIN ranking", () => inChild<RumResult>({ task: "rum", articles: POSTGRES_ARTICLES, databaseUrl, questions: plan.latencyQuestions }));
})();

let startup: StartupResult | null = null;
let addOne: AddOneResult | null = null;
let recall: RecallResult | null = null;
if (only.has("scale")) {
  startup = await timed("startup", () => inChild<StartupResult>({ task: "startup", articles: plan.scaleSize }));
  addOne = await timed("add one article", () => inChild<AddOneResult>({ task: "addOne", ...plan.addOne }));
  recall = await timed("HNSW recall", () => inChild<RecallResult>({ task: "recall", articles: plan.scaleSize, ...plan.recall }));
}

const peers: PeerResult[] = [];
if (only.has("peers")) {
  for (const peer of plan.peers) peers.push(await timed(`${peer.system} at ${peer.articles}`, () => inChild<PeerResult>({ task: "peer", ...peer })));
}

let cliStartup: CliStartupResult | null = null;
if (only.has("cli")) cliStartup = await timed("command-line startup", () => Promise.resolve(measureCliStartup(plan.cli.articles, plan.cli.runs)));

// ---- report ----
const out: string[] = [];
const cpu = cpus()[0]?.model ?? "unknown CPU";
out.push(`verbatim bench (${plan.mode}), ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${availableParallelism()} cores (${cpu}), ${mb(totalmem())} RAM`);
out.push(`model: MiniLM-L6-v2-shaped, random weights (${MODEL_DIR}); q8 ${mb(modelBytes.q8)}, fp32 ${mb(modelBytes.fp32)}; ingest dtype ${plan.dtype}, batch ${plan.batchSize}`);

if (ceiling) {
  out.push("", `Model compute ceiling: forward passes alone on ${ceiling.chunks} real chunks (mean ${Math.round(ceiling.meanChars)} chars, ${Math.round(ceiling.meanTokens)} tokens, each cut at the model's configured ${ceiling.maxTokens}), ${ceiling.threads} threads, median of ${plan.ceiling.rounds} alternating rounds`);
  out.push(table(["dtype", "batch", "chunks/s"], ceiling.rows.map((row) => [row.dtype, String(row.batch), fixed(row.chunksPerSecond)])));
  out.push(`One question (q8, batch 1): ${fixed(ceiling.questionEmbedMs)} ms. Sentence choice with a model: the question and ${DENSE_SENTENCES} candidate sentences, none cached: ${fixed(ceiling.sentencesEmbedMs)} ms.`);
}

let ingestSummary: { ratio: number; ofCeiling: number; articleRatio: number } | null = null;
if (rounds.length > 0) {
  const ratio = median(rounds.map((r) => r.ours.chunksPerSecond / r.stock.chunksPerSecond));
  const articleRatio = median(rounds.map((r) => r.ours.articlesPerSecond / r.stock.articlesPerSecond));
  const ofCeiling = median(rounds.map((r) => r.ours.chunksPerSecond / r.raw.chunksPerSecond));
  ingestSummary = { ratio, ofCeiling, articleRatio };
  const ours = rounds.map((r) => r.ours);
  const stock = rounds.map((r) => r.stock);
  out.push("", `Ingest: ${plan.ingest.articles} real articles end to end, ${rounds.length} alternating rounds (medians); same model files, ${plan.dtype}`);
  out.push(
    table(
      ["pipeline", "articles/s", "chunks/s", "chunks", "peak RSS"],
      [
        ["verbatim (Ingestor)", fixed(median(ours.map((r) => r.articlesPerSecond)), 2), fixed(median(ours.map((r) => r.chunksPerSecond))), String(ours[0]!.chunks), mb(Math.max(...ours.map((r) => r.peakRss)))],
        ["stock LangChain", fixed(median(stock.map((r) => r.articlesPerSecond)), 2), fixed(median(stock.map((r) => r.chunksPerSecond))), String(stock[0]!.chunks), mb(Math.max(...stock.map((r) => r.peakRss)))],
        ["forward passes alone, our chunks", "", fixed(median(rounds.map((r) => r.raw.chunksPerSecond))), String(rounds[0]!.raw.chunks), ""],
      ],
    ),
  );
  out.push(`ours / stock: ${fixed(ratio, 2)}× chunks/s, ${fixed(articleRatio, 2)}× articles/s; ours / forward passes alone: ${fixed(ofCeiling * 100, 0)}%`);
  out.push(`stock settings: ${stock[0]!.settings.embeddings}; ${stock[0]!.settings.chunker}; ${stock[0]!.settings.store}`);
}
if (memory) out.push("", `Peak RSS during a ${memory.articles}-article ingest (${memory.chunks} chunks, ${fixed(memory.chunksPerSecond)} chunks/s): ${mb(memory.peakRss)} (after model load: ${mb(memory.rssAfterLoad)})`);

if (libraries.length > 0) {
  out.push("", `Libraries for latency, scale and peers: real article text (the corpus's ${Math.max(...libraries.map((l) => l.distinctArticles))} distinct articles, repeated beyond that with a line appended and a changed address so they are not duplicates), synthetic vectors in all but the peers' (${SYNTHETIC_MODEL}: idf-weighted hashed words, rank ${RANK} in ${DIMENSIONS} dims, noise ${NOISE}; not model embeddings; questions mapped the same way). Graph ${graphParameters()}, ef ${DEFAULT_EF}.`);
}
if (postgres) {
  out.push(
    "",
    `SQLite vs PostgreSQL 15 (loopback, no pgvector: each worker's hnswlib replica), the same ${POSTGRES_ARTICLES}-article library (copied with \`verbatim copy\` in ${fixed(postgres.copy.seconds)} s), ${postgres.sqlite.questions} questions each`,
    "",
    table(
      ["library", "p50", "p95", "max", "first answer"],
      [
        ["SQLite", `${fixed(postgres.sqlite.p50Ms)} ms`, `${fixed(postgres.sqlite.p95Ms)} ms`, `${fixed(postgres.sqlite.maxMs)} ms`, `${fixed(postgres.sqlite.firstMs)} ms`],
        ["PostgreSQL", `${fixed(postgres.postgres.p50Ms)} ms`, `${fixed(postgres.postgres.p95Ms)} ms`, `${fixed(postgres.postgres.maxMs)} ms`, `${fixed(postgres.postgres.firstMs)} ms`],
      ],
    ),
  );
}
if (workers) {
  const one = workers.byCount[0]!.questionsPerSecond;
  out.push(
    "",
    `Bot workers on one PostgreSQL 15 (the ${POSTGRES_ARTICLES}-article library; \`verbatim bot\` processes in webhook mode, lexical answers, updates posted round robin as a balancer would, answers to telegram-test-api): ${plan.workers.chats} readers asking at once, each waiting for its answer, ${workers.runs[0]!.questions} questions a run, median of ${plan.workers.rounds} round${plan.workers.rounds === 1 ? "" : "s"}; ${availableParallelism()} cores, shared with other work`,
    "",
    table(
      ["workers", "questions/s", "vs 1 worker", "p50 (post → answer)", "p95"],
      workers.byCount.map((row) => [String(row.workers), fixed(row.questionsPerSecond, 2), `${fixed(row.questionsPerSecond / one, 2)}×`, `${fixed(row.p50Ms)} ms`, `${fixed(row.p95Ms)} ms`]),
    ),
  );
}
if (rum) {
  if (!rum.available) out.push("", `RUM vs GIN: not measured: ${rum.reason}`);
  else {
    const row = (name: string, t: RankingTiming) => [name, `${fixed(t.p50Ms)} ms`, `${fixed(t.p95Ms)} ms`, fixed(t.overlapAt10, 1)];
    out.push(
      "",
      `Ranking in PostgreSQL FTS, GIN vs RUM: the words of ${rum.questions} dev questions searched in the ${POSTGRES_ARTICLES}-article library (${rum.passages} passages), top ${rum.limit}, one after another; GIN ${mb(rum.gin.bytes)}, RUM ${mb(rum.rum.bytes)} (built in ${fixed(rum.rum.buildSeconds)} s)`,
      "",
      table(
        ["search", "p50", "p95", "of the library's top 10, in its top 10"],
        [row("library: GIN, ts_rank per word × IDF", rum.library), row("GIN, one plain ts_rank", rum.ginRank), row("RUM, ordered in the index (<=>)", rum.rumOrder)],
      ),
    );
  }
}
if (latency.length > 0) {
  out.push("", `Answer latency: question → answer → plain-text rendering, ${latency[0]!.questions + 1} dev questions, each with its quiz date as "now" (the first, which loads indexes, is listed apart); query embedding is synthetic, add the model's ${ceiling ? `${fixed(ceiling.questionEmbedMs)} ms` : "question time"} for a real one`);
  out.push(
    table(
      ["articles", "chunks", "p50", "p95", "max", "first", "answered", "RSS incl. bench's query space"],
      latency.map((l) => [String(l.articles), String(l.chunks), `${fixed(l.p50Ms)} ms`, `${fixed(l.p95Ms)} ms`, `${fixed(l.maxMs)} ms`, `${fixed(l.firstMs)} ms`, `${l.answered}/${l.questions}`, mb(l.rssAfter)]),
    ),
  );
}
if (startup && addOne && recall) {
  out.push("", `Scale at ${startup.articles} articles (${startup.chunks} chunks)`);
  out.push(
    table(
      ["figure", "value"],
      [
        [`add one article (no embedding), median at ${addOne.small.articles} / ${addOne.large.articles}`, `${fixed(addOne.small.medianMs)} ms / ${fixed(addOne.large.medianMs)} ms = ${fixed(addOne.ratio, 2)}×`],
        ["startup to first answer: open + first BM25 query (HNSW graph read in the background)", `${fixed(startup.firstAnswerMs / 1000, 2)} s (${Math.round(startup.openMs)} + ${Math.round(startup.firstLexicalMs)} ms)`],
        ["startup to dense search: HNSW graph read, replayed and in use", `${fixed(startup.indexReadyMs / 1000, 2)} s (first dense query then ${fixed(startup.firstDenseMs)} ms)`],
        ["RSS after startup", mb(startup.rssAfter)],
        ["disk: SQLite + HNSW", `${mb(startup.databaseBytes)} + ${mb(startup.indexBytes)}; ${mb(startup.diskPer100k)} per 100k articles${startup.articles === 100_000 ? "" : " (scaled)"}`],
        ...recall.rows.map((row) => [`HNSW recall@10 vs exact, ef ${row.ef}${row.ef === recall.defaultEf ? " (in use)" : ""}`, `${fixed(row.recallAt10, 3)} (p50 ${fixed(row.p50Ms, 2)} ms, p95 ${fixed(row.p95Ms, 2)} ms)`]),
      ],
    ),
  );
}

if (peers.length > 0) {
  out.push("", "Retrieval alone, side by side: top ten passages per dev question over the same library passages (libraries filled without vectors: every system here searches text alone; verbatim's with the default LEXICAL_INDEX=auto); ratios are to verbatim at the same size");
  const verbatimAt = (articles: number): PeerResult | undefined => peers.find((p) => p.system === "verbatim" && p.articles === articles);
  out.push(
    table(
      ["system", "articles", "passages", "questions", "index build", "p50", "p95", "p95 ÷ verbatim", "RSS", "RSS ÷ verbatim", "answer in top 10", "verbatim, same questions"],
      peers.map((p) => {
        const ours = verbatimAt(p.articles);
        return [
          p.system,
          String(p.articles),
          String(p.passages),
          String(p.questions),
          p.buildSeconds > 0 ? `${fixed(p.buildSeconds)} s` : p.system === "verbatim" ? "(the library's)" : "(FTS5)",
          `${fixed(p.p50Ms)} ms`,
          `${fixed(p.p95Ms)} ms`,
          ours ? `${fixed(p.p95Ms / ours.p95Ms, 2)}×` : "-",
          mb(p.rssBytes),
          ours ? `${fixed(p.rssBytes / ours.rssBytes, 2)}×` : "-",
          fixed(p.recallAt10, 2),
          ours ? fixed(sameQuestionsRecall(ours, p), 2) : "-",
        ];
      }),
    ),
  );
}
if (cliStartup) {
  out.push("", `Command-line startup: whole processes through bin/verbatim.js, ${cliStartup.help.runs} alternating runs each, stats on the ${cliStartup.articles}-article library`);
  out.push(table(["command", "p50", "p95"], [cliStartup.node, cliStartup.help, cliStartup.stats].map((t) => [t.command, `${fixed(t.p50Ms)} ms`, `${fixed(t.p95Ms)} ms`])));
}

const recallInUse = recall?.rows.find((row) => row.ef === recall.defaultEf)?.recallAt10;
const latencyAt = (articles: number): LatencyResult | undefined => latency.find((l) => l.articles === articles);
/** verbatim's recall@10 over the questions `peer` was asked (the first ones; some peers are asked fewer). */
function sameQuestionsRecall(ours: PeerResult, peer: PeerResult): number {
  const asked = ours.found.slice(0, peer.found.length);
  return asked.filter(Boolean).length / asked.length;
}

/** Retrieval targets at one size: p95 at most `share` of plain FTS5's, ahead of every peer, recall@10 no lower than theirs. */
function peerTargets(articles: number, share: number): Array<[string, string, boolean | null]> {
  const at = peers.filter((p) => p.articles === articles);
  const ours = at.find((p) => p.system === "verbatim");
  const fts5 = at.find((p) => p.system === "fts5-bm25");
  const others = at.filter((p) => p.system !== "verbatim");
  if (!ours || !fts5) return [];
  return [
    [`retrieval p95 ≤ ${share}× plain FTS5 bm25() at ${articles}`, `${fixed(ours.p95Ms / fts5.p95Ms, 2)}× (${fixed(ours.p95Ms)} vs ${fixed(fts5.p95Ms)} ms)`, ours.p95Ms <= share * fts5.p95Ms],
    [`retrieval p95 ahead of every peer at ${articles}`, others.map((p) => `${p.system} ${fixed(p.p95Ms)} ms`).join(", "), others.every((p) => ours.p95Ms < p.p95Ms)],
    [
      `answer in top 10 no lower than any peer at ${articles} (on the questions each was asked)`,
      others.map((p) => `${fixed(sameQuestionsRecall(ours, p), 2)} vs ${p.system} ${fixed(p.recallAt10, 2)}`).join(", "),
      others.every((p) => sameQuestionsRecall(ours, p) >= p.recallAt10),
    ],
  ];
}

const targets: Array<[string, string, boolean | null]> = [
  ["ingest ≥ 1.5× stock chunks/s", ingestSummary ? `${fixed(ingestSummary.ratio, 2)}×` : "-", ingestSummary ? ingestSummary.ratio >= 1.5 : null],
  ["ingest ≥ 90% of forward passes alone", ingestSummary ? `${fixed(ingestSummary.ofCeiling * 100, 0)}%` : "-", ingestSummary ? ingestSummary.ofCeiling >= 0.9 : null],
  [
    "peak RSS ≤ 1 GB, 1,000-article ingest",
    memory ? mb(memory.peakRss) : rounds.length > 0 ? `${mb(Math.max(...rounds.map((r) => r.ours.peakRss)))} at ${plan.ingest.articles} articles (1,000: full mode)` : "-",
    memory ? memory.peakRss <= 1024 ** 3 : null,
  ],
  ["answer p95 ≤ 50 ms at 10k", latencyAt(10_000) ? `${fixed(latencyAt(10_000)!.p95Ms)} ms` : "-", latencyAt(10_000) ? latencyAt(10_000)!.p95Ms <= 50 : null],
  ["answer p95 ≤ 100 ms at 100k", latencyAt(100_000) ? `${fixed(latencyAt(100_000)!.p95Ms)} ms` : "-", latencyAt(100_000) ? latencyAt(100_000)!.p95Ms <= 100 : null],
  ...peerTargets(10_000, 0.5),
  ...peerTargets(100_000, 0.25),
  ["`verbatim --help` ≤ 0.3 s (p50)", cliStartup ? `${fixed(cliStartup.help.p50Ms / 1000, 2)} s` : "-", cliStartup ? cliStartup.help.p50Ms <= 300 : null],
  [`\`verbatim stats\` at ${plan.cli.articles} ≤ 0.5 s (p50)`, cliStartup ? `${fixed(cliStartup.stats.p50Ms / 1000, 2)} s` : "-", cliStartup ? cliStartup.stats.p50Ms <= 500 : null],
  [`add-one ratio ≤ 1.5 (${plan.addOne.small} vs ${plan.addOne.large})`, addOne ? `${fixed(addOne.ratio, 2)}×` : "-", addOne ? addOne.ratio <= 1.5 : null],
  [
    `startup ≤ 3 s at ${plan.scaleSize} (to first answer)`,
    startup ? `${fixed(startup.firstAnswerMs / 1000, 2)} s (dense index ready at ${fixed(startup.indexReadyMs / 1000, 2)} s)` : "-",
    startup ? startup.firstAnswerMs <= 3000 : null,
  ],
  [`RSS ≤ 3 GB at ${plan.scaleSize}`, startup ? mb(startup.rssAfter) : "-", startup ? startup.rssAfter <= 3 * 1024 ** 3 : null],
  [`HNSW recall@10 ≥ 0.95 at ef ${DEFAULT_EF}`, recallInUse !== undefined ? fixed(recallInUse, 3) : "-", recallInUse !== undefined ? recallInUse >= 0.95 : null],
];
out.push("", "Targets", table(["target", "measured", ""], targets.map(([name, value, met]) => [name, value, met === null ? "not measured" : mark(met)])));
out.push("", `Took ${Math.round((Date.now() - started) / 1000)} s: ${Object.entries(seconds).map(([name, s]) => `${name} ${s} s`).join(", ")}.`);
process.stdout.write(`${out.join("\n")}\n`);

writeFileSync(
  join(BENCH_DIR, "results.json"),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      mode: plan.mode,
      plan,
      machine: { cores: availableParallelism(), cpu, totalMemory: totalmem(), node: process.version, platform: process.platform },
      model: { dir: MODEL_DIR, shape: "BERT 6 layers, hidden 384, 12 heads, intermediate 1536, vocab 30522, random weights", bytes: modelBytes },
      synthetic: { model: SYNTHETIC_MODEL, rank: RANK, dimensions: DIMENSIONS, noise: NOISE, graph: graphParameters(), ef: DEFAULT_EF },
      ceiling,
      ingest: { rounds, summary: ingestSummary },
      memory,
      libraries,
      latency,
      postgres,
      workers,
      rum,
      startup,
      addOne,
      recall,
      peers,
      cliStartup,
      targets: targets.map(([target, measured, met]) => ({ target, measured, met })),
      seconds,
    },
    null,
    2,
  ),
);
log(`wrote ${join(BENCH_DIR, "results.json")}`);
