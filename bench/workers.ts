import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { TelegramServer, type StoredBotUpdate } from "telegram-test-api/lib/telegramServer.js";
import { questions } from "./corpus.ts";
import { REPO_DIR } from "./model.ts";
import { freePort } from "../tests/helpers/free-port.ts";
import { median, percentile } from "./stats.ts";

const TOKEN = "123456:BENCH-workers";
const SECRET = "bench-workers-secret";

export interface WorkersRun {
  workers: number;
  chats: number;
  questions: number;
  seconds: number;
  questionsPerSecond: number;
  /** From posting a question to the bot's answer reaching the Bot API, as each chat waits for its answer before asking again. */
  p50Ms: number;
  p95Ms: number;
}

/** `verbatim bot` in webhook mode on the shared library, once it says it started. */
async function startWorker(databaseUrl: string, apiRoot: string, port: number, dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(REPO_DIR, "bin", "verbatim.js"), "bot"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_HOST: "127.0.0.1",
      WEBHOOK_PORT: String(port),
      // The library's vectors are synthetic (no model makes them): answers are lexical, on PostgreSQL's FTS.
      EMBEDDINGS: "off",
      QUESTIONS_PER_MINUTE: "100000",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('"msg":"bot started"')) resolve();
      // Only the start matters; the rest would grow without bound.
      if (stderr.length > 100_000) stderr = stderr.slice(-10_000);
    });
    child.once("exit", (code) => reject(new Error(`a worker exited (${code}) before starting: ${stderr.slice(-2000)}`)));
  });
  return child;
}

/**
 * Questions per second from `workers` bot worker processes in webhook mode on one PostgreSQL library (the
 * bench's 10k-article one): `chats` readers each ask in turn, waiting for the answer before asking again, their
 * updates posted round robin to the workers as a load balancer would, answers going to telegram-test-api.
 * Each run has chats of its own, so no conversation carries over.
 */
export async function measureWorkers(databaseUrl: string, workers: number, options: { chats: number; questions: number; firstChat: number; firstUpdate: number }): Promise<WorkersRun> {
  const emulator = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 3600 });
  await emulator.start();
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < workers; i++) {
      const dir = mkdtempSync(join(tmpdir(), "verbatim-bench-worker-"));
      dirs.push(dir);
      ports.push(await freePort());
    }
    children.push(...(await Promise.all(ports.map((port, i) => startWorker(databaseUrl, emulator.config.apiURL, port, dirs[i]!)))));

    const asked = questions().map((q) => q.question);
    let nextUpdate = options.firstUpdate;
    let posted = 0;
    // Answers counted per chat as they arrive: scanning every stored message on each look would cost the
    // workers CPU this process shares with them.
    const counts = new Map<number, number>();
    let seen = 0;
    const answersIn = (chatId: number): number => {
      const stored: StoredBotUpdate[] = emulator.storage.botMessages;
      for (; seen < stored.length; seen++) {
        const id = Number(stored[seen]!.message.chat_id);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts.get(chatId) ?? 0;
    };
    const post = async (chatId: number, text: string): Promise<void> => {
      const update = {
        update_id: nextUpdate++,
        message: { message_id: nextUpdate, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Reader" }, from: { id: chatId, is_bot: false, first_name: "Reader" }, text },
      };
      const port = ports[posted++ % ports.length]!;
      const response = await fetch(`http://127.0.0.1:${port}/telegram`, {
        method: "POST",
        body: JSON.stringify(update),
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`worker on port ${port} answered ${response.status}`);
    };
    const times: number[] = [];
    const chat = async (index: number, count: number, measured: boolean): Promise<void> => {
      const chatId = options.firstChat + index;
      for (let n = 0; n < count; n++) {
        const started = performance.now();
        const before = answersIn(chatId);
        await post(chatId, asked[(index * 37 + n) % asked.length]!);
        while (answersIn(chatId) === before) await sleep(5);
        if (measured) times.push(performance.now() - started);
      }
    };
    // One question per chat first: connections opened, statements prepared, PostgreSQL's caches warm.
    await Promise.all(Array.from({ length: options.chats }, (_, i) => chat(i, 1, false)));
    const perChat = Math.ceil(options.questions / options.chats);
    const started = performance.now();
    await Promise.all(Array.from({ length: options.chats }, (_, i) => chat(i, perChat, true)));
    const seconds = (performance.now() - started) / 1000;
    return { workers, chats: options.chats, questions: times.length, seconds, questionsPerSecond: times.length / seconds, p50Ms: median(times), p95Ms: percentile(times, 95) };
  } finally {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }),
    );
    await emulator.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
