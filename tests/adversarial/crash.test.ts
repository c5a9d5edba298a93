import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
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
    const count = 80;
    const articles = Array.from({ length: count }, (_, n) => article(n));
    const source = join(scratch.path, "articles.jsonl");
    writeFileSync(source, articles.map((a) => JSON.stringify(a)).join("\n"));
    const data = join(scratch.path, "library");
    const env = { DATA_DIR: data, EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_MODEL };
    const byTitle = new Map(articles.map((a) => [a.title, a]));
    const acknowledged = new Set<string>();
    const totalRounds = rounds(3, 20);
    let killedMidway = 0;

    for (let round = 0; round < totalRounds; round++) {
      const ingest = startCli(["ingest", source, "--json"], env);
      let stdout = "";
      ingest.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      const closed = new Promise<void>((resolve) => ingest.on("close", () => resolve()));
      // Random moments: while the model loads, mid-batch, between commits.
      await expect.poll(() => stdout.length > 0 || ingest.exitCode !== null, { timeout: 120_000, interval: 10 }).toBe(true);
      await sleep(Math.random() * 400);
      if (ingest.exitCode === null) killedMidway++;
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
    const rerun = await runCli(["ingest", source, "--json"], env);
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
  });
});
