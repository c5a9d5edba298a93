import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { jsonLines, runCli, startCli, TINY_MODEL } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article } from "./articles.ts";
import { recordFigures, rounds } from "./figures.ts";

interface IngestLine {
  status: string;
  title: string | null;
}

describe("verbatim backup", () => {
  const scratch = tempDir("verbatim-backup-");
  afterAll(scratch.remove);

  it("taken during a bulk ingest, holds every article acknowledged before it began, each whole, and restores by pointing DATA_DIR at the copy", { timeout: 240_000 }, async () => {
    const count = rounds(60, 400);
    const articles = Array.from({ length: count }, (_, n) => article(n));
    const source = join(scratch.path, "articles.jsonl");
    writeFileSync(source, articles.map((a) => JSON.stringify(a)).join("\n"));
    const data = join(scratch.path, "library");
    const env = { DATA_DIR: data, EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_MODEL };

    const ingest = startCli(["ingest", source, "--json"], env);
    let stdout = "";
    ingest.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const ingestDone = new Promise<number | null>((resolve) => ingest.on("close", resolve));
    // Wait until some articles are in, so the copy is taken with the ingest in full flow.
    await expect.poll(() => stdout.split("\n").length, { timeout: 120_000, interval: 20 }).toBeGreaterThan(Math.floor(count / 4));
    const acknowledgedBefore = jsonLines<IngestLine>(stdout.slice(0, stdout.lastIndexOf("\n") + 1)).filter((line) => line.status === "added");
    const backupFile = join(scratch.path, "copy.db");
    const backup = await runCli(["backup", backupFile], env);
    const stillRunning = ingest.exitCode === null;
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^backed up the library \(.* MB\) to /);
    expect(await ingestDone).toBe(0);
    const acknowledgedAll = new Set(jsonLines<IngestLine>(stdout).filter((line) => line.status === "added").map((line) => line.title));

    const copy = new Database(backupFile, { readonly: true });
    const rows = copy.prepare("SELECT url, title, text FROM articles").all() as Array<{ url: string; title: string; text: string }>;
    const chunkless = copy.prepare("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.article_id = a.id)").pluck().get();
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    copy.close();
    const byUrl = new Map(articles.map((a) => [a.url, a]));
    for (const row of rows) {
      expect(byUrl.get(row.url)?.text).toBe(row.text);
      expect(acknowledgedAll.has(row.title)).toBe(true);
    }
    const inCopy = new Set(rows.map((row) => row.title));
    for (const line of acknowledgedBefore) expect(inCopy.has(line.title ?? "")).toBe(true);
    expect(chunkless).toBe(0);

    // A second backup to the same file is refused: nothing is overwritten.
    const again = await runCli(["backup", backupFile], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists: choose a new file name/);

    // Restore: the copy as library.db in a folder of its own; the vector index is rebuilt on first use.
    const restored = join(scratch.path, "restored");
    mkdirSync(restored);
    copyFileSync(backupFile, join(restored, "library.db"));
    const answer = await runCli(["ask", "How long will the repairs to the tram depot in Kelvin Bay last?", "--json"], { ...env, DATA_DIR: restored });
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.stdout).answer).toMatch(/tram depot would last/);
    expect(existsSync(join(restored, "vectors.hnsw"))).toBe(true);
    recordFigures("backups", { articles: count, acknowledgedBeforeBackup: acknowledgedBefore.length, inBackup: rows.length, ingestStillRunning: stillRunning });
  });
});
