import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteLibrary } from "../../src/library/sqlite/sqlite-library.ts";
import { jsonLines, runCli, startCli, TINY_MODEL } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article } from "./articles.ts";
import { recordFigures, rounds } from "./figures.ts";

interface IngestLine {
  status: string;
  title: string | null;
}

describe("crash consistency: kill -9 at random moments during a bulk ingest from the command line", () => {
  const scratch = tempDir("verbatim-crash-");
  afterAll(scratch.remove);

  it("after each kill the library opens without repair, holds every acknowledged article whole, and the vectors agree; re-running adds exactly the missing ones", { timeout: 600_000 }, async () => {
    // Each round ingests articles of its own, so that there is always an ingest to kill: with one file for every
    // round, a quick machine had stored it all within the first rounds, and the rest killed a finished process.
    const perRound = 80;
    const totalRounds = rounds(3, 20);
    const count = perRound * totalRounds;
    const articles = Array.from({ length: count }, (_, n) => article(n));
    const sources = Array.from({ length: totalRounds }, (_, round) => {
      const source = join(scratch.path, `articles-${round}.jsonl`);
      writeFileSync(source, articles.slice(round * perRound, (round + 1) * perRound).map((a) => JSON.stringify(a)).join("\n"));
      return source;
    });
    const data = join(scratch.path, "library");
    const env = { DATA_DIR: data, EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_MODEL };
    const byTitle = new Map(articles.map((a) => [a.title, a]));
    const acknowledged = new Set<string>();
    let killedMidway = 0;

    for (let round = 0; round < totalRounds; round++) {
      const ingest = startCli(["ingest", sources[round]!, "--json"], env);
      let stdout = "";
      const closed = new Promise<void>((resolve) => ingest.on("close", () => resolve()));
      // A random moment of the ingest: once a random number of its articles are acknowledged (none: while the
      // model loads; at most half, so that the rest outlast the wait), and a few milliseconds more, so that it
      // lands mid-batch as well as between commits.
      const after = Math.floor(Math.random() * (perRound / 2));
      const killed = new Promise<void>((resolve) => {
        const kill = (): void => {
          setTimeout(() => {
            if (ingest.exitCode === null) killedMidway++;
            ingest.kill("SIGKILL");
            resolve();
          }, Math.random() * 20);
        };
        if (after === 0) setTimeout(kill, Math.random() * 300);
        ingest.stdout?.on("data", (chunk: Buffer) => {
          const before = stdout.split("\n").length - 1;
          stdout += chunk.toString();
          if (after > 0 && before < after && stdout.split("\n").length - 1 >= after) kill();
        });
        ingest.on("close", () => resolve());
      });
      await killed;
      ingest.kill("SIGKILL");
      await closed;
      for (const line of jsonLines<IngestLine>(stdout.slice(0, stdout.lastIndexOf("\n") + 1))) if (line.status === "added" && line.title) acknowledged.add(line.title);

      // Opens with no repair step; then every acknowledged article is present and whole, none half-written.
      const library = SqliteLibrary.open(data);
      await library.close();
      const db = new Database(join(data, "library.db"), { readonly: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const rows = db.prepare("SELECT title, text FROM articles").all() as Array<{ title: string; text: string }>;
      const stored = new Set(rows.map((row) => row.title));
      for (const title of acknowledged) expect(stored.has(title)).toBe(true);
      for (const row of rows) expect(row.text).toBe(byTitle.get(row.title)?.text);
      expect(db.prepare("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.article_id = a.id)").pluck().get()).toBe(0);
      // Each article is stored with its vectors in one transaction: no passage without its vector, none left over.
      expect(db.prepare("SELECT count(*) FROM chunks c LEFT JOIN vectors v ON v.chunk_id = c.id WHERE v.chunk_id IS NULL").pluck().get()).toBe(0);
      db.close();
    }

    const before = new Database(join(data, "library.db"), { readonly: true });
    const present = before.prepare("SELECT count(*) FROM articles").pluck().get() as number;
    before.close();
    const rerun = await runCli(["ingest", ...sources, "--json"], env);
    const results = jsonLines<IngestLine>(rerun.stdout);
    expect(results.filter((line) => line.status === "added")).toHaveLength(count - present);
    expect(results.filter((line) => line.status === "duplicate")).toHaveLength(present);

    // The vector index agrees with the database: a search finds the last article by its own words.
    const answer = await runCli(["ask", "How long will the repairs to the night buses in Brackenridge last?", "--json"], env);
    expect(answer.code).toBe(0);
    const stats = await runCli(["stats", "--json"], env);
    const figures = JSON.parse(stats.stdout) as { articles: number; chunks: number; embeddedChunks: number; indexedVectors: number };
    expect(figures.articles).toBe(count);
    expect(figures.embeddedChunks).toBe(figures.chunks);
    expect(figures.indexedVectors).toBe(figures.chunks);
    recordFigures("crash consistency", { rounds: totalRounds, killedMidway, acknowledgedBeforeKills: acknowledged.size, addedOnRerun: count - present });
    // The premise of the test: the kills landed while an ingest ran (a round whose ingest ended first tests nothing).
    expect(killedMidway).toBe(totalRounds);
  });
});
