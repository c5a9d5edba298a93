import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { TelegramServer, type StoredBotUpdate } from "telegram-test-api/lib/telegramServer.js";
import { startCli } from "../helpers/cli.ts";
import { startApiProxy, type ApiProxy, type Fault } from "../e2e/api-proxy.ts";
import { TOKEN } from "../e2e/harness.ts";
import { freePort } from "../helpers/free-port.ts";

export { TOKEN };
export const WEBHOOK_SECRET = "adversarial-webhook-secret";

/** telegram-test-api behind the proxy that adds long polling and injects faults. */
export interface FakeTelegram {
  emulator: TelegramServer;
  proxy: ApiProxy;
  /** What the bot has sent to `chatId` (edits applied), in order. */
  sent(chatId: number): StoredBotUpdate[];
  close(): Promise<void>;
}

export async function startFakeTelegram(faultFor?: (call: { method: string; chatId: number | null }) => Fault | undefined): Promise<FakeTelegram> {
  const emulator = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 3600 });
  await emulator.start();
  const proxy = await startApiProxy(emulator.config.apiURL, 300, faultFor);
  return {
    emulator,
    proxy,
    sent: (chatId) => emulator.storage.botMessages.filter((update) => Number(update.message.chat_id) === chatId),
    close: async () => {
      await proxy.close();
      await emulator.stop();
    },
  };
}

/** `verbatim bot` in a child process, as a user runs it, with its log lines as parsed JSON. */
export interface BotProcess {
  child: ChildProcess;
  pid: number;
  logs: Array<Record<string, unknown>>;
  /** Everything the process wrote to stderr that was not a JSON log line (stack traces, Node's warnings). */
  otherStderr: string[];
  exited: Promise<number | null>;
  /** Resident memory now, in bytes (Linux /proc). */
  rss(): number;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, once it is gone. */
  kill(): Promise<void>;
}

/** Starts the bot and waits until it logs "bot started". */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 240_000): Promise<BotProcess> {
  const child = startCli(["bot"], { TELEGRAM_BOT_TOKEN: TOKEN, LOG_LEVEL: "info", ...env });
  const logs: Array<Record<string, unknown>> = [];
  const otherStderr: string[] = [];
  let pending = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.trim() === "") continue;
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        otherStderr.push(line);
      }
    }
  });
  child.stdout?.resume();
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const started = await Promise.race([
    new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (logs.some((line) => line.msg === "bot started")) {
          clearInterval(timer);
          resolve(true);
        }
      }, 20);
      void exited.then(() => clearInterval(timer));
      setTimeout(() => clearInterval(timer), timeoutMs).unref();
    }),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
  ]);
  if (!started) {
    child.kill("SIGKILL");
    throw new Error(`the bot did not start: ${JSON.stringify(logs.slice(-5))} ${otherStderr.join("\n")}`);
  }
  const pid = child.pid ?? 0;
  return {
    child,
    pid,
    logs,
    otherStderr,
    exited,
    rss: () => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "latin1"))?.[1] ?? Number.NaN) * 1024,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Log lines with this message. */
export function logged(bot: BotProcess, msg: string): Array<Record<string, unknown>> {
  return bot.logs.filter((line) => line.msg === msg);
}

/** Posts one update to the bot's webhook as Telegram does (with the secret); the HTTP status. */
export async function postUpdate(port: number, body: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
  });
  await response.arrayBuffer();
  return response.status;
}

/** Webhook settings for a bot that serves on `port` (the URL given to Telegram does not matter to the emulator). */
export function webhookEnv(port: number): Record<string, string> {
  return { WEBHOOK_URL: `http://127.0.0.1:${port}/`, WEBHOOK_SECRET, WEBHOOK_PORT: String(port), WEBHOOK_HOST: "127.0.0.1" };
}

/** Resolves once `count()` has not changed for `quietMs` (the bot has stopped calling the API), or throws after `timeoutMs`. */
export async function settled(count: () => number, quietMs = 1_500, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = count();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error("the bot never went quiet");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}
