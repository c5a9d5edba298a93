import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Update } from "grammy/types";
import { TelegramServer, type StoredBotUpdate } from "telegram-test-api/lib/telegramServer.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCli } from "../helpers/cli.ts";
import { htmlRoute, startServer, type TestServer } from "../helpers/http-server.ts";
import { startNginx, TEST_NGINX, type Nginx } from "../helpers/nginx.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../helpers/postgres.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { startApiProxy, type ApiProxy } from "./api-proxy.ts";
import { TOKEN } from "./harness.ts";
import { freePort } from "../helpers/free-port.ts";
import { articleHtml, LINK_ARTICLES, QUESTION_ARTICLES, SHARED_ARTICLE, type WorkerArticle } from "./worker-articles.ts";

const SECRET = "workers-behind-nginx";
const CHATS = 20;
/** Items each chat sends before the kill is armed, and before it waits for the kill to have happened. */
const BEFORE_ARMING = 5;
const BEFORE_KILL = 8;

interface Worker {
  child: ChildProcess;
  port: number;
  proxy: ApiProxy;
  stderr: () => string;
}

/** What one chat sends, in order, and what each must be answered with. */
type Item = { kind: "question"; article: number } | { kind: "link"; article: WorkerArticle };

function decodeHtml(text: string): string {
  return text.replaceAll("&#39;", "'").replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

/** A bot message as the item it answers: "q3" quotes the fourth question article, "link" reports a link added. */
function classify(text: string): string {
  const plain = decodeHtml(text);
  if (plain.includes("⏳")) return "link still pending";
  if (plain.startsWith("✓ Added")) return "link";
  const quoted = QUESTION_ARTICLES.flatMap((article, index) => (plain.includes(article.quote) ? [`q${index}`] : []));
  return quoted.length === 1 ? quoted[0]! : `unexpected: ${plain.slice(0, 120)}`;
}

function expected(items: Item[]): string[] {
  return items.map((item) => (item.kind === "link" ? "link" : `q${item.article}`));
}

describe.skipIf(!TEST_DATABASE_URL || !TEST_NGINX)("three bot worker processes in webhook mode behind nginx, on one PostgreSQL", () => {
  let database: TestDatabase;
  let emulator: TelegramServer;
  let pages: TestServer;
  let nginx: Nginx;
  const workers: Worker[] = [];
  const dataDirs: Array<{ remove: () => void }> = [];
  let nextUpdateId = 70_000;
  let nextMessageId = 1;

  /**
   * Telegram's side: one update, posted until it is acknowledged, with the secret token Telegram sends. Not the
   * emulator's own webhook delivery: it sends no secret, never retries, and gives updates sent at the same time
   * the same update_id (it counts up only once the webhook has answered).
   */
  async function deliver(target: string, chatId: number, text: string): Promise<void> {
    const entities = [...text.matchAll(/https?:\/\/\S+/g)].map((match) => ({ type: "url", offset: match.index, length: match[0].length }));
    const from = { id: chatId, is_bot: false, first_name: `Reader${chatId}` };
    const update = {
      update_id: nextUpdateId++,
      message: { message_id: nextMessageId++, date: 1_777_000_000, chat: { id: chatId, type: "private", first_name: from.first_name }, from, text, ...(entities.length > 0 ? { entities } : {}) },
    } as Update;
    for (let attempt = 1; ; attempt++) {
      const status = await fetch(target, {
        method: "POST",
        body: JSON.stringify(update),
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      );
      if (status === 200) return;
      if (attempt === 100) throw new Error(`update ${update.update_id} was never acknowledged (last status ${status})`);
      // Telegram waits before delivering a failed update again; a little is enough here.
      await sleep(200);
    }
  }

  function messagesOf(chatId: number): string[] {
    return emulator.storage.botMessages.filter((stored: StoredBotUpdate) => String(stored.message.chat_id) === String(chatId)).map((stored: StoredBotUpdate) => String(stored.message.text));
  }

  async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}\n${workers.map((worker, i) => `worker ${i}: ${worker.stderr().slice(-3000)}`).join("\n")}`);
      await sleep(50);
    }
  }

  /** `verbatim bot` in webhook mode on `port`, once it says it started. */
  async function startWorker(port: number, proxy: ApiProxy): Promise<Worker> {
    const data = tempDir("verbatim-worker-");
    dataDirs.push(data);
    const child = startCli(["bot"], {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: proxy.url,
      DATA_DIR: data.path,
      DATABASE_URL: database.url,
      WEBHOOK_URL: nginx.url,
      WEBHOOK_SECRET: SECRET,
      WEBHOOK_HOST: "127.0.0.1",
      WEBHOOK_PORT: String(port),
      ALLOW_PRIVATE_URLS: "true",
      LOG_LEVEL: "info",
    });
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('"msg":"bot started"')) resolve();
      });
      child.once("exit", (code) => reject(new Error(`a worker exited (${code}) before starting: ${stderr}`)));
    });
    return { child, port, proxy, stderr: () => stderr };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    emulator = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 3600 });
    await emulator.start();
    const routes = Object.fromEntries([...QUESTION_ARTICLES, ...LINK_ARTICLES].map((article) => [`/${article.slug}`, htmlRoute(articleHtml(article))]));
    // Slow, so that the three workers sent it are all waiting for it at once.
    const shared = htmlRoute(articleHtml(SHARED_ARTICLE));
    pages = await startServer({ ...routes, [`/${SHARED_ARTICLE.slug}`]: (request, response) => void setTimeout(() => shared(request, response), 500) });
    const ports = [await freePort(), await freePort(), await freePort()];
    nginx = await startNginx(await freePort(), ports);
    const proxies = await Promise.all(ports.map(() => startApiProxy(emulator.config.apiURL)));
    // Started together: each migrates the empty database at startup, under the schema's advisory lock.
    workers.push(...(await Promise.all(ports.map((port, i) => startWorker(port, proxies[i]!)))));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      workers.map(async (worker) => {
        if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
        const exited = once(worker.child, "exit");
        worker.child.kill("SIGTERM");
        await exited;
      }),
    );
    await Promise.all(workers.map((worker) => worker.proxy.close()));
    await nginx?.close();
    await pages?.close();
    await emulator?.stop();
    await database?.drop();
    for (const data of dataDirs) data.remove();
  }, 60_000);

  it("answers 20 chats' questions once each and in order while links come in, though a worker is killed; a link sent to all three at once is fetched once", async () => {
    const url = (article: WorkerArticle) => `${pages.url}/${article.slug}`;
    const statusDone = (chatId: number) => messagesOf(chatId).length === 1 && !messagesOf(chatId)[0]!.includes("⏳");

    // The library the questions are about, sent as links by two readers through nginx.
    const halves = [QUESTION_ARTICLES.slice(0, 5), QUESTION_ARTICLES.slice(5)];
    await Promise.all(halves.map((half, i) => deliver(nginx.url, 900 + i, half.map(url).join("\n"))));
    await waitUntil("the question articles are added", () => statusDone(900) && statusDone(901), 60_000);
    for (const chatId of [900, 901]) expect(decodeHtml(messagesOf(chatId)[0]!).split("\n").every((line) => line.startsWith("✓ Added"))).toBe(true);

    // One link sent to each of the three workers at the same moment, bypassing the balancer.
    await Promise.all(workers.map((worker, i) => deliver(`http://127.0.0.1:${worker.port}/telegram`, 910 + i, url(SHARED_ARTICLE))));
    await waitUntil("the shared link is reported in all three chats", () => [910, 911, 912].every(statusDone), 60_000);
    for (const chatId of [910, 911, 912]) expect(messagesOf(chatId)[0]).toMatch(/^✓ /);
    expect(pages.hits.get(`/${SHARED_ARTICLE.slug}`)).toBe(1);

    // 20 chats, each asking about the ten articles in an order of its own; five also forward a new link early on.
    const chats = Array.from({ length: CHATS }, (_, c) => {
      const items: Item[] = Array.from({ length: 10 }, (_, j) => ({ kind: "question", article: (c + j) % 10 }) as const);
      const link = LINK_ARTICLES[c];
      if (link) items.splice(1, 0, { kind: "link", article: link });
      return { chatId: 2000 + c, items };
    });
    const linkChats = chats.filter((chat) => chat.items.some((item) => item.kind === "link"));
    // Not while a link of the run is being read: a killed link job waits for pg-boss to expire it (minutes).
    const linksAdded = waitUntil("the run's links are added", () => linkChats.every((chat) => messagesOf(chat.chatId).some((text) => text.startsWith("✓ Added"))), 60_000);
    const killed = linksAdded.then(async () => {
      const doomed = workers[2]!;
      // From worker 2's next answer on, nothing it sends reaches Telegram; once the answers it had sent are
      // marked handled, it dies with that answer in flight.
      await doomed.proxy.holdFrom("sendMessage");
      await sleep(1000);
      doomed.child.kill("SIGKILL");
      await once(doomed.child, "exit");
    });
    const send = async (chat: (typeof chats)[number], from: number, to: number) => {
      for (const item of chat.items.slice(from, to)) {
        await deliver(nginx.url, chat.chatId, item.kind === "link" ? url(item.article) : `What did ${QUESTION_ARTICLES[item.article]!.speaker} say?`);
        await sleep(100 + ((chat.chatId * 37 + from * 11) % 150));
      }
    };
    await Promise.all(
      chats.map(async (chat) => {
        await send(chat, 0, BEFORE_ARMING);
        await linksAdded;
        await send(chat, BEFORE_ARMING, BEFORE_KILL);
        await killed;
        await send(chat, BEFORE_KILL, chat.items.length);
      }),
    );
    await waitUntil("every chat has its answers", () => chats.every((chat) => messagesOf(chat.chatId).length >= chat.items.length), 90_000);
    // Room for a second answer to arrive, were any update handled twice.
    await sleep(1500);

    for (const chat of chats) expect({ chat: chat.chatId, answers: messagesOf(chat.chatId).map(classify) }).toEqual({ chat: chat.chatId, answers: expected(chat.items) });
    for (const article of [...QUESTION_ARTICLES, ...LINK_ARTICLES, SHARED_ARTICLE]) expect({ article: article.slug, fetched: pages.hits.get(`/${article.slug}`) }).toEqual({ article: article.slug, fetched: 1 });
    // The killed worker had answered before; nginx then found it gone (refused, or reset mid-request) and passed
    // its updates on to the others.
    expect(workers[2]!.proxy.calls.filter((call) => call.method === "sendMessage" && call.status === 200).length).toBeGreaterThan(0);
    expect(nginx.errorLog()).toMatch(new RegExp(`\\((111: Connection refused|104: Connection reset by peer)\\).*upstream: "http://127\\.0\\.0\\.1:${workers[2]!.port}/telegram"`));
    expect(workers.slice(0, 2).every((worker) => worker.child.exitCode === null)).toBe(true);
  }, 240_000);
});
