import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, runCli, TINY_MODEL, type CliRun } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { TOKEN } from "../e2e/harness.ts";
import { recordFigures } from "./figures.ts";

const SAMPLES = new URL("../../data/samples/kelvin-bay.jsonl", import.meta.url).pathname;
const MODEL_ENV = { EMBEDDINGS: "auto", EMBEDDING_MODEL: TINY_MODEL };
const RUNS_AS_ROOT = process.getuid?.() === 0;

/**
 * Lets other users pass through every folder above `path` (a checkout in a 0700 temporary folder, as CI makes,
 * would keep the other user from even starting the CLI); returns how to put the folders back as they were.
 */
function letOthersThrough(path: string): () => void {
  const changed: Array<[string, number]> = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if (!(mode & 0o001)) {
      chmodSync(dir, mode | 0o001);
      changed.push([dir, mode]);
    }
    if (dir === dirname(dir)) break;
  }
  return () => {
    for (const [dir, mode] of changed) chmodSync(dir, mode);
  };
}

/** Every file of the library and its hash: what "nothing overwritten" is checked against. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, createHash("sha256").update(readFileSync(join(dir, name))).digest("hex")]));
}

/** `verbatim <args>`, as another user when `uid` is given (root reads every file, so an unreadable folder needs someone else). */
function runAs(args: string[], env: Record<string, string>, uid?: number): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

interface Damage {
  name: string;
  damage(dir: string): void;
  says: RegExp;
  /** Found when the library opens, so the bot stops at startup too (a damaged page is found only when a query reads it). */
  atOpen: boolean;
  uid?: number;
}

const DAMAGES: Damage[] = [
  {
    name: "a library written by a newer version",
    damage: (dir) => {
      const db = new Database(join(dir, "library.db"));
      db.pragma("user_version = 999");
      db.close();
    },
    says: /was written by a newer verbatim \(schema version 999; this one knows up to \d+\): upgrade verbatim/,
    atOpen: true,
  },
  {
    name: "a truncated vector-index file",
    damage: (dir) => truncateSync(join(dir, "vectors.hnsw"), 100),
    says: /the vector index in .* is damaged \(100 bytes where \d+ were written\): delete vectors\.hnsw and vectors\.json/,
    atOpen: true,
  },
  {
    name: "a vector-index manifest that does not parse",
    damage: (dir) => writeFileSync(join(dir, "vectors.json"), '{"model": "tiny'),
    says: /the vector index in .* is damaged \(vectors\.json does not parse\)/,
    atOpen: true,
  },
  {
    name: "a vector-index file overwritten with garbage of the same size",
    damage: (dir) => {
      const path = join(dir, "vectors.hnsw");
      writeFileSync(path, Buffer.alloc(statSync(path).size, 0xa5));
    },
    says: /the vector index in .* is damaged \(Hnswlib Error: .*\): delete vectors\.hnsw and vectors\.json there, and it is rebuilt/,
    atOpen: false,
  },
  {
    name: "damaged database pages",
    damage: (dir) => {
      const path = join(dir, "library.db");
      const bytes = readFileSync(path);
      const pageSize = bytes.readUInt16BE(16);
      // Page 1 stays readable; every other page gets garbage after its header. The schema no longer fits on page 1
      // (two full-text indexes), so the damage is found when the library opens, named by its file.
      for (let page = 1; page * pageSize < bytes.length; page++) bytes.fill(0x5a, page * pageSize + 8, (page + 1) * pageSize);
      writeFileSync(path, bytes);
    },
    says: /library\.db is damaged \(.+\): restore a copy made with `verbatim backup`/,
    atOpen: true,
  },
  {
    name: "a data dir this user may not read",
    damage: (dir) => chmodSync(dir, RUNS_AS_ROOT ? 0o700 : 0o000),
    says: /cannot open the library in .*: check that DATA_DIR names the right folder and that this user may read and write it/,
    atOpen: true,
    ...(RUNS_AS_ROOT ? { uid: 65534 } : {}),
  },
];

describe("bad configuration and bad files", () => {
  const scratch = tempDir("verbatim-bad-files-");
  const pristine = join(scratch.path, "pristine");
  const restore = RUNS_AS_ROOT ? [letOthersThrough(CLI), letOthersThrough(TINY_MODEL)] : [];
  afterAll(() => {
    for (const undo of restore.reverse()) undo();
    scratch.remove();
  });

  beforeAll(async () => {
    const run = await runCli(["ingest", SAMPLES], { DATA_DIR: pristine, ...MODEL_ENV });
    expect(run.stdout).toContain("added 5");
  }, 120_000);

  it.each(DAMAGES)("$name: one line saying what to do, exit code 2, nothing overwritten", { timeout: 120_000 }, async (damage) => {
    const dir = join(scratch.path, damage.name.replace(/\W+/g, "-"));
    cpSync(pristine, dir, { recursive: true });
    damage.damage(dir);
    const readable = statSync(dir).mode & 0o400;
    const before = readable ? snapshot(dir) : null;
    const env = { DATA_DIR: dir, ...MODEL_ENV };

    const commands = [["ask", "What did the harbour master say about the dredging?"], ["stats"]];
    if (damage.atOpen) commands.push(["bot"]);
    for (const args of commands) {
      const run = await runAs(args, { ...env, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:9" }, damage.uid);
      if (args[0] === "stats" && !damage.atOpen) continue; // stats reads neither the graph nor the damaged pages
      expect({ args, code: run.code, stderr: run.stderr.trim().split("\n") }).toEqual({ args, code: 2, stderr: [expect.stringMatching(damage.says)] });
    }
    if (before) expect(snapshot(dir)).toEqual(before);
    chmodSync(dir, 0o755);
    recordFigures("bad configuration and files", { inputs: 1, commands: commands.length });
  });
});
