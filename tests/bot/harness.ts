import type { Update, UserFromGetMe, Message, MessageEntity, Chat, User } from "grammy/types";
import { parseBotConfig } from "../../src/config.ts";
import { createBot } from "../../src/bot/index.ts";
import type { BotIngestor, BotLibrary, BotThreads } from "../../src/bot/context.ts";
import type { IngestResult } from "../../src/ingest/pipeline.ts";
import { createLogger } from "../../src/logger.ts";
import type { Answer, AnswerEngine, AskOptions } from "../../src/answer/model.ts";
import type { ArticleSummary, LibraryStats, Thread } from "../../src/library/library.ts";

export const BOT_INFO: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: "Verbatim",
  username: "verbatim_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

export function answerFor(question: string, turnId: string, overrides: Partial<Answer> = {}): Answer {
  return {
    kind: "answer",
    question,
    understoodAs: null,
    note: null,
    quotes: [{ text: "We will dredge the harbour by May.", speaker: "Ann Lee", sourceNumber: 1, articleId: 1, start: 0, end: 34 }],
    sources: [{ number: 1, articleId: 1, title: "Harbour <dredging>", outlet: "Port Gazette", publishedAt: "2024-05-02", url: "https://example.com/dredging", alsoReportedBy: [] }],
    passages: [],
    articlesSearched: 1,
    hasMore: false,
    turnId,
    ...overrides,
  };
}

/** An engine that records what it was asked and answers with one fixed quote. */
export class FakeEngine implements AnswerEngine {
  readonly asked: Array<{ question: string; options: AskOptions | undefined }> = [];
  readonly more_: Array<{ conversationId: string; turnId: string | undefined }> = [];
  readonly forgotten: string[] = [];
  hasMore = false;
  fail = false;
  private turns = 0;

  ask(question: string, options?: AskOptions): Promise<Answer> {
    this.asked.push({ question, options });
    if (this.fail) return Promise.reject(new Error("engine exploded"));
    return Promise.resolve(answerFor(question, `turn-${++this.turns}`, { hasMore: this.hasMore }));
  }

  more(conversationId: string, turnId?: string): Promise<Answer> {
    this.more_.push({ conversationId, turnId });
    return Promise.resolve(answerFor("more", turnId ?? "latest", { quotes: [{ text: "Dredging starts on 3 May.", speaker: null, sourceNumber: 1, articleId: 1, start: 0, end: 5 }] }));
  }

  forget(conversationId: string): Promise<void> {
    this.forgotten.push(conversationId);
    return Promise.resolve();
  }
}

export class FakeIngestor implements BotIngestor {
  readonly urls: string[] = [];
  readonly drafts: Array<Parameters<BotIngestor["ingestDraft"]>> = [];
  /** Called as each ingest starts, for ordering checks. */
  onIngest: () => void = () => {};

  ingestUrl(url: string): Promise<IngestResult> {
    this.urls.push(url);
    this.onIngest();
    if (url.includes("broken")) return Promise.resolve(result(url, "failed", { reason: "the server answered 404" }));
    return Promise.resolve(result(url, "added", { title: "Harbour dredging", outlet: "Port Gazette", publishedAt: "2024-05-02", chunks: 4, articleId: 1 }));
  }

  ingestDraft(...args: Parameters<BotIngestor["ingestDraft"]>): Promise<IngestResult> {
    this.drafts.push(args);
    const [draft, source] = args;
    return Promise.resolve(result(source, "added", { title: draft.title, outlet: draft.outlet, publishedAt: draft.publishedAt, chunks: 1, articleId: 2 }));
  }
}

/** Answer messages remembered in a map: the fake engine's turns are not in any library for the real store to check. */
export class FakeThreads implements BotThreads {
  private readonly threads = new Map<string, Thread>();

  remember(chatId: number, messageId: number, thread: Thread): Promise<void> {
    this.threads.set(`${chatId}:${messageId}`, thread);
    return Promise.resolve();
  }

  find(chatId: number, messageId: number): Promise<Thread | undefined> {
    return Promise.resolve(this.threads.get(`${chatId}:${messageId}`));
  }
}

function result(source: string, status: IngestResult["status"], fields: Partial<IngestResult>): IngestResult {
  return { source, status, articleId: null, title: null, outlet: null, publishedAt: null, chunks: null, reason: null, ...fields };
}

export function fakeLibrary(count = 0): BotLibrary & { removed: number[] } {
  const articles: ArticleSummary[] = Array.from({ length: count }, (_, i) => ({
    id: count - i,
    url: `https://example.com/${count - i}`,
    canonicalUrl: null,
    title: `Story <${count - i}>`,
    outlet: "Port Gazette",
    authors: [],
    publishedAt: "2024-05-02",
    language: "en-GB",
    source: "url",
    addedAt: "2024-05-02",
  }));
  const removed: number[] = [];
  return {
    removed,
    latestArticles: (limit, offset = 0) => Promise.resolve(articles.slice(offset, offset + limit)),
    countArticles: () => Promise.resolve(articles.length),
    stats: (): Promise<LibraryStats> => Promise.resolve({
      articles: articles.length,
      chunks: articles.length * 3,
      embeddedChunks: 0,
      pendingChunks: articles.length * 3,
      quotes: 2,
      model: null,
      indexedVectors: 0,
      indexFileBytes: 0,
      databaseBytes: 0,
      oldestPublished: null,
      newestPublished: null,
      languages: [{ language: "en", articles: articles.length }],
    }),
    removeArticle: (id) => {
      removed.push(id);
      return Promise.resolve(articles.some((article) => article.id === id));
    },
    findByUrl: (url) => Promise.resolve(articles.find((article) => article.url === url)?.id ?? null),
    getSummaries: (ids) => Promise.resolve(new Map(articles.filter((article) => ids.includes(article.id)).map((article) => [article.id, article]))),
  };
}

/**
 * The bot in-process, grammY's own test style: known botInfo, a recording API transformer that answers every
 * call itself, and updates fed through handleUpdate.
 */
export function testBot(env: Record<string, string> = {}, options: { library?: BotLibrary; failMethods?: string[] } = {}) {
  const config = parseBotConfig({ TELEGRAM_BOT_TOKEN: "123:test", ...env });
  const engine = new FakeEngine();
  const ingestor = new FakeIngestor();
  const library = options.library ?? fakeLibrary();
  const threads = new FakeThreads();
  const { bot, services } = createBot(config.TELEGRAM_BOT_TOKEN, { config, logger: createLogger("silent"), engine, ingestor, library, threads }, { botInfo: BOT_INFO });
  const calls: ApiCall[] = [];
  let messageId = 1000;
  bot.api.config.use((_prev, method, payload) => {
    const record = { method, payload: payload as Record<string, unknown> };
    calls.push(record);
    if (options.failMethods?.includes(method)) return Promise.reject(new Error(`${method} is down`));
    const result =
      method === "sendMessage"
        ? { message_id: ++messageId, date: 0, chat: { id: record.payload.chat_id, type: "private" }, text: record.payload.text }
        : true;
    // The transformer must return the method's own response type; the test answers every method alike.
    return Promise.resolve({ ok: true as const, result: result as never });
  });
  return { bot, services, engine, ingestor, library, calls, sent: () => calls.filter((call) => call.method === "sendMessage").map((call) => String(call.payload.text)) };
}

let nextUpdateId = 1;
let nextMessageId = 1;

export const ALICE: User = { id: 7, is_bot: false, first_name: "Alice" };
export const BOB: User = { id: 8, is_bot: false, first_name: "Bob" };
export const PRIVATE: Chat.PrivateChat = { id: 7, type: "private", first_name: "Alice" };
export const GROUP: Chat.SupergroupChat = { id: -100123, type: "supergroup", title: "Newsroom" };

export function messageUpdate(fields: Partial<Message> & { text?: string }, from: User = ALICE, chat: Chat = PRIVATE): Update {
  const message = { message_id: nextMessageId++, date: 1_714_600_000, chat, from, ...fields } as Message & Update.NonChannel;
  return { update_id: nextUpdateId++, message };
}

export function entity(text: string, part: string, type: "url" | "mention" | "bot_command"): MessageEntity {
  return { type, offset: text.indexOf(part), length: part.length } as MessageEntity;
}

export function callbackUpdate(data: string, message: { chatId: number; messageId: number }, from: User = ALICE): Update {
  return {
    update_id: nextUpdateId++,
    callback_query: {
      id: String(nextUpdateId),
      from,
      chat_instance: "ci",
      data,
      message: { message_id: message.messageId, date: 0, chat: message.chatId === PRIVATE.id ? PRIVATE : GROUP, text: "…" } as Message & { chat: Chat.PrivateChat | Chat.SupergroupChat },
    },
  };
}
