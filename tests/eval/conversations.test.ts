import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { answerText, isRefusal, scoreTurn, summariseConversations, type ConversationMetrics, type DatasetConversation } from "../../src/eval/conversations.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";

const reply = [
  "(Understood as: What did the harbour pilot say about the lamp?)",
  "Jonas Weber: “Modern ships do not need it to find their way” [1]",
  "",
  "Sources:",
  "[1] Old lighthouse on Gull Point to shine again — Harbourside Herald",
].join("\n");

describe("conversation scoring", () => {
  it("judges only the answer text: not the echoed question, not the sources", () => {
    expect(answerText(reply)).toBe("Jonas Weber: “Modern ships do not need it to find their way” [1]");
    const turn = { q: "and the harbour pilot?", kind: "follow-up", expect_any: ["ships do not need it"], expect_speaker: "Weber" };
    expect(scoreTurn(turn, reply, { conversation: 1, turn: 2 })).toMatchObject({ hit: true, speakerOk: true, refusal: false, understoodAs: "What did the harbour pilot say about the lamp?" });
    expect(scoreTurn({ ...turn, expect_any: ["harbour pilot say"] }, reply, { conversation: 1, turn: 2 }).hit).toBe(false);
    expect(scoreTurn({ ...turn, expect_speaker: "Gull" }, reply, { conversation: 1, turn: 2 }).speakerOk).toBe(false);
  });

  it("counts a canned refusal, but not one inside a cited quote", () => {
    expect(isRefusal("I couldn't find an answer to that in the 3 articles I have.")).toBe(true);
    expect(isRefusal("Weber: “We couldn't find the light in the fog” [1]")).toBe(false);
  });

  it("summarises per kind and per conversation", () => {
    const rows = [
      scoreTurn({ q: "a", kind: "paraphrase", expect_any: ["ships"] }, reply, { conversation: 1, turn: 1 }),
      scoreTurn({ q: "b", kind: "who-said", expect_any: ["fog"], expect_speaker: "Weber" }, reply, { conversation: 1, turn: 2 }),
      scoreTurn({ q: "c", kind: "paraphrase", expect_any: ["ships"] }, reply, { conversation: 2, turn: 1 }),
    ];
    const metrics = summariseConversations(rows);
    expect(metrics.kinds.map((k) => [k.kind, k.turns, k.hits, k.speakerOk, k.speakerChecked])).toEqual([
      ["paraphrase", 2, 2, 0, 0],
      ["who-said", 1, 0, 1, 1],
    ]);
    expect(metrics.overall).toMatchObject({ turns: 3, hits: 2 });
    expect(metrics).toMatchObject({ wholeConversations: 1, conversations: 2 });
  });
});

describe("verbatim eval on a conversation dataset", () => {
  const dir = tempDir("verbatim-convqa-");
  afterAll(() => dir.remove());

  it("ingests the pages from their files, runs each conversation as the chat does, and prints the per-kind table", async () => {
    const pages = join(dir.path, "pages");
    mkdirSync(pages);
    for (const page of ["lighthouse", "ferry-strike"]) {
      writeFileSync(join(pages, `${page}.html.gz`), gzipSync(readFileSync(new URL(`../e2e/pages/${page}.html`, import.meta.url))));
    }
    const conversations: DatasetConversation[] = [
      {
        page: "lighthouse",
        turns: [
          { q: "What did Marta Kowalski say about the lamp?", kind: "what-said", expect_any: ["shine for the people who paid"], expect_speaker: "Kowalski" },
          { q: "and the harbour pilot?", kind: "follow-up", expect_any: ["fishermen still look for it"] },
        ],
      },
      { page: "ferry-strike", turns: [{ q: "Who said 'only for rosters that let people sleep'?", kind: "who-said", expect_any: ["not asking for the moon"], expect_speaker: "Lange" }] },
    ];
    writeFileSync(join(dir.path, "conversations.json"), JSON.stringify(conversations));

    const table = await runCli(["eval", "--dataset", dir.path, "--pages", pages, "--data-dir", join(dir.path, "library")]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stderr).toContain("built a library of 2 articles");
    expect(table.stdout).toMatch(/\| kind \| turns \| hits \| speaker right \| refusals \|/);
    expect(table.stdout).toMatch(/\| what-said \| 1 \| 1 \(1\.00\) \| 1\/1 \| 0 \|/);

    // The library built on the first run is reused, and --json gives the same figures.
    const json = await runCli(["eval", "--dataset", dir.path, "--pages", pages, "--data-dir", join(dir.path, "library"), "--json"]);
    const metrics = JSON.parse(json.stdout) as ConversationMetrics;
    expect(json.stderr).not.toContain("built a library");
    expect(metrics.overall.turns).toBe(3);
    expect(metrics.kinds.map((k) => k.kind)).toEqual(["follow-up", "who-said", "what-said"]);
    expect(metrics.overall.speakerChecked).toBe(2);
  }, 60_000);
});
