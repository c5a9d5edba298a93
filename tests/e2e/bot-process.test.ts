import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { runCli, startCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { startApiProxy } from "./api-proxy.ts";
import { freePort, TOKEN } from "./harness.ts";

describe("verbatim bot (the process)", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** The Bot API emulator behind the proxy that adds the long polling it lacks (so the runner does not spin), and a data dir; all removed after the test. */
  async function emulatorBehindProxy() {
    const emulator = new TelegramServer({ port: await freePort(), host: "127.0.0.1" });
    await emulator.start();
    cleanups.push(() => emulator.stop().then(() => undefined));
    const proxy = await startApiProxy(emulator.config.apiURL);
    cleanups.push(proxy.close);
    const data = tempDir("verbatim-bot-process-");
    cleanups.push(data.remove);
    return { emulator, proxy, data };
  }

  it("without a token, says so in one line, points to `verbatim chat`, and exits 2", async () => {
    const run = await runCli(["bot"]);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/TELEGRAM_BOT_TOKEN is not set.*@BotFather.*verbatim chat/);
  });

  it("with a token Telegram refuses, says so in one line and exits 2", async () => {
    const { proxy, data } = await emulatorBehindProxy();
    proxy.failNext("getMe", 401, "Unauthorized");
    const run = await runCli(["bot"], { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, DATA_DIR: data.path });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^verbatim: TELEGRAM_BOT_TOKEN was refused by Telegram \(Unauthorized\)/)]);
  });

  it("polls the API, answers, and on SIGTERM stops cleanly with exit code 0", async () => {
    const { emulator, proxy, data } = await emulatorBehindProxy();

    const child = startCli(["bot"], { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, DATA_DIR: data.path, LOG_LEVEL: "info" });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    cleanups.push(() => void child.kill("SIGKILL"));
    const client = emulator.getClient(TOKEN, { userId: 201, chatId: 201, timeout: 20_000 });
    await client.sendMessage(client.makeMessage("/start", { entities: [{ type: "bot_command", offset: 0, length: 6 }] }));
    const replies = await client.getUpdates();
    expect(JSON.stringify(replies.result)).toContain("My library is empty");

    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
    expect(stderr).toContain('"msg":"bot started"');
    expect(stderr).toContain('"msg":"bot stopped"');
  });
});
