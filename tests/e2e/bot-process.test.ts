import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { runCli, startCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { startApiProxy } from "./api-proxy.ts";
import { BOT, Person, TOKEN } from "./harness.ts";
import { freePort } from "../helpers/free-port.ts";

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

  /**
   * `verbatim bot` as a child process, once it has logged that it started (killed after the test if still running),
   * with what it has logged at warning level or above: an apology in a reply is explained only there.
   */
  async function startedBot(env: Record<string, string>): Promise<{ child: ChildProcess; problems: () => string }> {
    const child = startCli(["bot"], { LOG_LEVEL: "info", ...env });
    cleanups.push(() => void child.kill("SIGKILL"));
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('"msg":"bot started"')) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the bot exited (${code}) before starting: ${stderr}`)));
    });
    const problems = () =>
      stderr
        .split("\n")
        .filter((line) => /"level":(40|50|60)/.test(line))
        .join("\n");
    return { child, problems };
  }

  async function stopped(child: ChildProcess): Promise<number | null> {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    return code;
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

  it("after a restart on the same data dir, a reply to an earlier answer continues that answer's thread", async () => {
    const { emulator, proxy, data } = await emulatorBehindProxy();
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, DATA_DIR: data.path };
    const alice = new Person(emulator, { userId: 202 });
    const forwardedPost = (messageId: number, lines: string[]) =>
      alice.say(lines.join("\n"), {
        forward_origin: { type: "channel", chat: { id: -1001234, type: "channel", title: "Kelvin City Roads", username: "kelvinroads" }, message_id: messageId, date: 1_776_600_000 },
      });

    const first = await startedBot(env);
    await forwardedPost(81, [
      "Swing bridge closed for cable repairs",
      "The swing bridge over the Kelvin river will stay shut for three weeks because its lifting cables have worn thin, the roads department said.",
      "“The bridge will stay closed until every cable has been replaced and tested,” said chief engineer Hana Sato.",
    ]);
    expect((await alice.waitForMessage(1)).text).toMatch(/^✓ Added <b>Swing bridge/);
    await forwardedPost(82, [
      "Night ferry added across the Kelvin",
      "A night ferry will run across the Kelvin from Monday because the late buses were cut in the spring, the transport office said.",
      "“The ferry will carry bicycles free of charge every night,” said transport officer Tom Reyes.",
    ]);
    expect((await alice.waitForMessage(2)).text).toMatch(/^✓ Added <b>Night ferry/);
    await alice.say("What did Hana Sato say about the bridge?");
    const bridge = await alice.waitForMessage(3);
    expect(bridge.text).toContain("The bridge will stay closed");
    // No More button: after the restart, only what the library remembered about this message leads back to its turn.
    expect(bridge.replyMarkup).toBeUndefined();
    await alice.say("What did Tom Reyes say about the ferry?");
    expect((await alice.waitForMessage(4)).text).toContain("The ferry will carry bicycles");
    expect(await stopped(first.child)).toBe(0);

    const second = await startedBot(env);
    await alice.say("why?", { reply_to_message: { message_id: bridge.messageId, from: { id: BOT.id, is_bot: true, first_name: "Bot" }, chat: { id: alice.chatId, type: "private" }, date: 0 } });
    const why = await alice.waitForMessage(5);
    expect(why.text, `the restarted bot logged:\n${second.problems()}`).toMatch(/^<i>Understood as: Why, regarding the bridge\?<\/i>/);
    expect(why.text).toContain("lifting cables have worn thin");
    expect(why.text).not.toContain("late buses");
  });
});
