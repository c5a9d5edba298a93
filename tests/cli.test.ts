import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestResult } from "../src/ingest/pipeline.ts";
import { jsonLines, runCli, TINY_MODEL } from "./helpers/cli.ts";
import { htmlRoute, startServer, type TestServer } from "./helpers/http-server.ts";
import { tempDir } from "./helpers/temp-dir.ts";

const harbour = readFileSync(new URL("./fixtures/site/harbour-dredging.html", import.meta.url), "utf8");

describe("the verbatim command line", () => {
  let server: TestServer;
  let dir: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    dir = tempDir();
    server = await startServer({
      "/harbour": htmlRoute(harbour),
    });
  });
  afterAll(async () => {
    await server.close();
    dir.remove();
  });

  it("ingests a served page, then calls it a duplicate, and stats shows it", async () => {
    const env = { ALLOW_PRIVATE_URLS: "true", DATA_DIR: dir.path };
    const first = await runCli(["ingest", `${server.url}/harbour`], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("✓ added Harbour dredging plan approved after two-year dispute (Kelvin Bay Courier, 2026-03-02)");
    expect(first.stderr).toBe("");

    const second = await runCli(["ingest", `${server.url}/harbour`, "--json"], env);
    const [result] = jsonLines<IngestResult>(second.stdout);
    expect(result).toMatchObject({ source: `${server.url}/harbour`, status: "duplicate", title: "Harbour dredging plan approved after two-year dispute" });

    const stats = await runCli(["stats", "--json", "--data-dir", dir.path]);
    expect(JSON.parse(stats.stdout)).toMatchObject({ articles: 1, embeddedChunks: 0, model: null, oldestPublished: "2026-03-02T09:30:00Z", languages: [{ language: "en", articles: 1 }] });
  });

  it("chat answers questions piped to it, follow-ups included, and ends with the input", async () => {
    const run = await runCli(["chat", "--data-dir", dir.path], {}, "Who is the harbour master?\nWhat did she say?\n");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Ask about the article in the library.");
    expect(run.stdout.match(/Harbour dredging plan approved after two-year dispute/g)).toHaveLength(2);
    expect(run.stdout).toContain("Nobody gets everything they wanted");
  });

  it("refuses a loopback link by default and reports it as a failure", async () => {
    const run = await runCli(["ingest", `${server.url}/harbour`, "--json", "--data-dir", `${dir.path}/strict`]);
    expect(run.code).toBe(1);
    const [result] = jsonLines<IngestResult>(run.stdout);
    expect(result?.status).toBe("failed");
    expect(result?.reason).toMatch(/port|private|local/i);
  });

  it("reports sources it cannot read and sums them up", async () => {
    const run = await runCli(["ingest", "no-such-file.html", "notes.pdf", `${dir.path}/missing`], { DATA_DIR: `${dir.path}/other` });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ no-such-file.html: no such file");
    expect(run.stdout).toContain("added 0, duplicates 0, failed 3");
  });

  it("stops with one line naming a bad setting", async () => {
    const run = await runCli(["stats"], { FETCH_TIMEOUT_MS: "soon" });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("FETCH_TIMEOUT_MS");
  });

  it("says once that it runs without embeddings when no model can be loaded", async () => {
    const run = await runCli(["ingest", `${server.url}/harbour`, "--data-dir", `${dir.path}/offline`], {
      ALLOW_PRIVATE_URLS: "true",
      EMBEDDINGS: "auto",
      EMBEDDING_MODEL: `${dir.path}/no-model-here`,
    });
    expect(run.code).toBe(0);
    expect(run.stderr.match(/running without embeddings/g)).toHaveLength(1);
    expect(run.stdout).toContain("✓ added");
  });

  it("embeds the backlog with reindex once a model is available", async () => {
    const dataDir = `${dir.path}/backlog`;
    await runCli(["ingest", `${server.url}/harbour`], { ALLOW_PRIVATE_URLS: "true", DATA_DIR: dataDir });
    const pending = JSON.parse((await runCli(["stats", "--json", "--data-dir", dataDir])).stdout) as { pendingChunks: number };
    expect(pending.pendingChunks).toBeGreaterThan(0);

    const reindex = await runCli(["reindex", "--json", "--data-dir", dataDir], { EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_MODEL });
    expect(reindex.code).toBe(0);
    expect(JSON.parse(reindex.stdout)).toMatchObject({ embedded: pending.pendingChunks, model: "tiny-bert" });
    const after = JSON.parse((await runCli(["stats", "--json", "--data-dir", dataDir])).stdout) as Record<string, unknown>;
    expect(after).toMatchObject({ pendingChunks: 0, embeddedChunks: pending.pendingChunks, model: "tiny-bert", indexedVectors: pending.pendingChunks });
    expect(after.indexFileBytes).toBeGreaterThan(0);

    const without = await runCli(["reindex", "--data-dir", dataDir], { EMBEDDINGS: "auto", EMBEDDING_MODEL: `${dir.path}/no-model-here` });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("nothing was changed");
  });

  it("lists its subcommands with what each does, without loading them", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["ingest", "extract", "stats", "reindex", "ask", "chat", "eval", "bot"]) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    expect(run.stdout).toContain("what the library holds: articles, passages");
  });

  it("shows a subcommand's own options, however its help is asked for", async () => {
    for (const args of [["help", "ask"], ["ask", "--help"]]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("answer a question from the library");
      expect(run.stdout).toContain("--now <date>");
    }
  });

  it("names an unknown subcommand and lists the real ones", async () => {
    const run = await runCli(["stat"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown command 'stat'");
  });
});
