import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { TelegramServer, type StoredBotUpdate } from "telegram-test-api/lib/telegramServer.js";
import type { TelegramClient } from "telegram-test-api/lib/modules/telegramClient.js";
import { parseBotConfig } from "../../src/config.ts";
import { startBot, type RunningBot } from "../../src/bot/run.ts";
import { htmlRoute, startServer, type TestServer } from "../helpers/http-server.ts";
import { freePort } from "../helpers/free-port.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { startApiProxy, type ApiProxy } from "./api-proxy.ts";

export const TOKEN = "123456:TEST-verbatim";
/** What telegram-test-api's getMe answers. */
export const BOT = { id: 666, username: "TestNameBot" };

function page(name: string): string {
  return readFileSync(new URL(`./pages/${name}.html`, import.meta.url), "utf8");
}

export interface BotMessage {
  messageId: number;
  text: string;
  replyMarkup: unknown;
  /** The raw sendMessage parameters the emulator stored (parse_mode, link_preview_options…). */
  raw: Record<string, unknown>;
}

export interface World {
  emulator: TelegramServer;
  proxy: ApiProxy;
  pages: TestServer;
  running: RunningBot;
  /** Every log line the bot wrote, as JSON text. */
  logs: string[];
  person(options: { userId: number; chatId?: number; type?: "private" | "group" | "supergroup"; firstName?: string }): Person;
  close(): Promise<void>;
}

/**
 * The bot as `verbatim bot` runs it (startBot: library, ingest, engine, createBot, the grammY runner), talking
 * real HTTP to telegram-test-api through a proxy that adds long polling and 429s, and fetching articles from
 * a local server with pages we wrote.
 */
export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  const emulator = new TelegramServer({ port: await freePort(), host: "127.0.0.1", storeTimeout: 3600 });
  await emulator.start();
  const proxy = await startApiProxy(emulator.config.apiURL);
  const html = (name: string) => htmlRoute(page(name));
  const pages = await startServer({
    "/lighthouse": html("lighthouse"),
    "/ferry-strike": html("ferry-strike"),
    "/crane-inquiry": html("crane-inquiry"),
    "/crane-diary": html("crane-diary"),
    "/kremlin-truce": html("kremlin-truce"),
    // Slow on purpose, so that two people sending it at once overlap.
    "/tram-line": (request, response) => void setTimeout(() => html("tram-line")(request, response), 300),
  });
  const data = tempDir("verbatim-bot-e2e-");
  const logs: string[] = [];
  const logger = pino({ level: "debug", base: undefined }, { write: (line: string) => void logs.push(line) });
  const config = parseBotConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: proxy.url,
    DATA_DIR: data.path,
    EMBEDDINGS: "off",
    ALLOW_PRIVATE_URLS: "true",
    FETCH_TIMEOUT_MS: "5000",
    ...env,
  });
  const running = await startBot(config, logger);
  return {
    emulator,
    proxy,
    pages,
    running,
    logs,
    person: (personOptions) => new Person(emulator, personOptions),
    close: async () => {
      await running.stop();
      await proxy.close();
      await emulator.stop();
      await pages.close();
      data.remove();
    },
  };
}


/** A Telegram user in one chat, talking to the bot through the emulator's client API. */
export class Person {
  readonly client: TelegramClient;
  readonly chatId: number;
  readonly userId: number;

  constructor(
    private readonly emulator: TelegramServer,
    options: { userId: number; chatId?: number; type?: "private" | "group" | "supergroup"; firstName?: string },
  ) {
    this.userId = options.userId;
    this.chatId = options.chatId ?? options.userId;
    this.client = emulator.getClient(TOKEN, {
      userId: options.userId,
      chatId: this.chatId,
      type: options.type ?? "private",
      firstName: options.firstName ?? `User${options.userId}`,
      chatTitle: options.type && options.type !== "private" ? "Newsroom" : undefined,
    });
  }

  async say(text: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.client.sendMessage(this.client.makeMessage(text, extra));
  }

  /** A text with `url` entities for each of the links in it, as Telegram would mark them. */
  async sayWithLinks(text: string, extra: Record<string, unknown> = {}): Promise<void> {
    const entities = [...text.matchAll(/https?:\/\/\S+/g)].map((match) => ({ type: "url", offset: match.index, length: match[0].length }));
    await this.say(text, { entities, ...extra });
  }

  async press(data: string, messageId: number): Promise<void> {
    await this.client.sendCallback(this.client.makeCallbackQuery(data, { message: { message_id: messageId } }));
  }

  /** Everything the bot has sent to this chat, edits applied. */
  messages(): BotMessage[] {
    return this.emulator.storage.botMessages
      .filter((update: StoredBotUpdate) => String(update.message.chat_id) === String(this.chatId))
      .map((update: StoredBotUpdate) => ({
        messageId: update.messageId,
        text: String(update.message.text),
        replyMarkup: update.message.reply_markup,
        raw: update.message as unknown as Record<string, unknown>,
      }));
  }

  /** Waits until the bot has sent at least `count` messages to this chat in all, and the last one matches. */
  async waitForMessage(count: number, matches: (message: BotMessage) => boolean = () => true, timeoutMs = 15_000): Promise<BotMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const messages = this.messages();
      const last = messages.at(-1);
      if (messages.length >= count && last && matches(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for bot message #${count}; have: ${JSON.stringify(messages.map((m) => m.text))}`);
      await sleep(25);
    }
  }
}
