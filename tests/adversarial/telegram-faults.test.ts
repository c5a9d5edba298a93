import { request } from "node:http";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { htmlRoute, startServer } from "../helpers/http-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { freePort } from "../helpers/free-port.ts";
import type { Fault } from "../e2e/api-proxy.ts";
import { article } from "./articles.ts";
import { postUpdate, startBotProcess, startFakeTelegram, webhookEnv, WEBHOOK_SECRET } from "./bot-process.ts";
import { articlePage, ChatLog, person, questionAbout } from "./chats.ts";
import { recordFigures, rounds } from "./figures.ts";
import { seeded } from "../helpers/seeded.ts";
import { telegramHtmlProblems } from "./telegram-html.ts";

/** Calls whose loss a person would notice: replies, status edits, and (polling) the updates themselves. */
const FAULTED = new Set(["sendMessage", "editMessageText", "getUpdates"]);

/**
 * Random faults from a seed, at rates far above Telegram's worst days; a chat chosen to be unlucky gets four 429s
 * in a row on its first reply; and an outage (every call failing with 502) for a few seconds in the middle.
 */
function faultPlan(seed: number, unluckyChat: number) {
  const random = seeded(seed);
  let unluckyLeft = 4;
  let outageUntil = 0;
  return {
    startOutage: (ms: number) => (outageUntil = Date.now() + ms),
    faultFor: ({ method, chatId }: { method: string; chatId: number | null }): Fault | undefined => {
      if (!FAULTED.has(method)) return undefined;
      if (Date.now() < outageUntil) return { kind: "5xx", status: 502 };
      if (method === "sendMessage" && chatId === unluckyChat && unluckyLeft > 0) {
        unluckyLeft--;
        return { kind: "429", retryAfter: 1 };
      }
      const roll = random();
      if (roll < 0.08) return { kind: "429", retryAfter: 1 };
      if (roll < 0.12) return { kind: "5xx", status: random() < 0.5 ? 500 : 502 };
      if (roll < 0.17) return { kind: "drop" };
      if (roll < 0.22) return { kind: "slow", ms: 1_500 };
      return undefined;
    },
  };
}

/**
 * Telegram delivering to a webhook over a bad network: sometimes the connection drops right after the update is
 * sent, so Telegram never sees the 200 and delivers the same update again until one gets through.
 */
async function deliverFlakily(port: number, body: string, random: () => number): Promise<number> {
  let redeliveries = 0;
  while (random() < 0.3) {
    await new Promise<void>((resolve) => {
      const req = request({ host: "127.0.0.1", port, method: "POST", path: "/", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET } });
      req.on("error", () => resolve());
      req.end(body, () => {
        req.destroy();
        resolve();
      });
    });
    redeliveries++;
  }
  for (;;) {
    if ((await postUpdate(port, body).catch(() => 0)) === 200) return redeliveries;
    redeliveries++;
  }
}

describe("Telegram faults: 429, 5xx, dropped connections, slow answers and an outage", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.each(["polling", "webhook"] as const)("in %s mode every reply arrives exactly once and the bot recovers without a restart", { timeout: 900_000 }, async (mode) => {
    const users = rounds(2, 15);
    const scratch = tempDir("verbatim-faults-");
    cleanups.push(scratch.remove);
    const data = join(scratch.path, "library");
    const source = join(scratch.path, "articles.jsonl");
    writeFileSync(source, Array.from({ length: 12 }, (_, n) => JSON.stringify(article(n))).join("\n"));
    expect((await runCli(["ingest", source], { DATA_DIR: data })).code).toBe(0);
    const pages = await startServer(Object.fromEntries(Array.from({ length: users }, (_, i) => [`/news/${i}`, htmlRoute(articlePage(200 + i))])));
    cleanups.push(pages.close);

    const firstChat = 40_000;
    const plan = faultPlan(mode === "polling" ? 11 : 12, firstChat);
    const telegram = await startFakeTelegram(plan.faultFor);
    cleanups.push(telegram.close);
    const chats = new ChatLog(telegram.emulator);
    const port = await freePort();
    const bot = await startBotProcess({
      DATA_DIR: data,
      EMBEDDINGS: "off",
      ALLOW_PRIVATE_URLS: "true",
      TELEGRAM_API_ROOT: telegram.proxy.url,
      ...(mode === "webhook" ? webhookEnv(port) : {}),
    });
    cleanups.push(bot.kill);

    const delivery = seeded(99);
    let updateId = 1;
    let redeliveries = 0;
    const say = async (userId: number, text: string, entities: unknown[] = []): Promise<void> => {
      if (mode === "polling") {
        await person(telegram.emulator, userId).say(text, { entities });
        return;
      }
      const update = { update_id: updateId++, message: { message_id: updateId, date: 1_776_000_000, chat: { id: userId, type: "private" }, from: { id: userId, is_bot: false, first_name: `U${userId}` }, text, entities } };
      redeliveries += await deliverFlakily(port, JSON.stringify(update), delivery);
    };

    const conversation = async (u: number): Promise<void> => {
      const chatId = firstChat + u;
      await say(chatId, "/help", [{ type: "bot_command", offset: 0, length: 5 }]);
      await chats.arrival(chatId, 1);
      await say(chatId, questionAbout(u, u));
      await chats.arrival(chatId, 2);
      const link = `${pages.url}/news/${u}`;
      await say(chatId, link, [{ type: "url", offset: 0, length: link.length }]);
      await expect.poll(() => chats.texts(chatId)[2] ?? "", { timeout: 120_000 }).toMatch(/^✓ Added/);
    };

    const half = Math.ceil(users / 2);
    await Promise.all(Array.from({ length: half }, (_, u) => conversation(u)));
    // An outage: every reply, edit and poll fails for a few seconds while people keep writing.
    plan.startOutage(rounds(2_500, 5_000));
    await Promise.all(Array.from({ length: users - half }, (_, u) => conversation(half + u)));
    // Nothing late: no retried reply turns up twice.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    for (let u = 0; u < users; u++) {
      const texts = chats.texts(firstChat + u);
      expect(texts, `chat ${firstChat + u}`).toHaveLength(3);
      expect(texts[0]).toMatch(/I answer questions about the news/);
      expect(texts[1]).not.toMatch(/something went wrong/);
      for (const text of texts) expect(telegramHtmlProblems(text)).toEqual([]);
    }
    const faults = Object.fromEntries(telegram.proxy.faults);
    const figures = { mode, users, replies: users * 3, faults, webhookRedeliveries: redeliveries };
    process.stdout.write(`telegram faults: ${JSON.stringify(figures)}\n`);
    recordFigures("telegram faults", figures);
    expect(telegram.proxy.faults.get("429")).toBeGreaterThan(0);
    expect(await bot.stop()).toBe(0);
  });
});
