import { timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { UpdateInbox } from "../library/update-inbox.ts";
import type { Logger } from "../logger.ts";
import type { BotContext } from "./context.ts";
import { errorInfo } from "./errors.ts";

const MAX_BODY_BYTES = 1_000_000;
const KEEP_ALIVE_MS = 60_000;
/**
 * How long an idle connection stays open past the `Keep-Alive: timeout=60` the server advertises (and the second
 * Node adds to it). A client that honours the header may reuse the connection up to that moment, by a clock that
 * starts once it has read the response and that, on a busy client, fires late; closed then, the server races it,
 * and the request sent on the closing connection is reset: 4 of 10,000 fuzzed posts, each on a connection the
 * server's own keep-alive timer closed (nodejs/node#52649).
 */
const KEEP_ALIVE_GRACE_MS = 5_000;

export interface WebhookOptions {
  host: string;
  port: number;
  /** Compared with the X-Telegram-Bot-Api-Secret-Token header of every request. */
  secret: string;
  logger: Logger;
  /**
   * Shared with the other workers behind the load balancer (PostgreSQL): each update is recorded there before it
   * is acknowledged and handled through it. Without one, this process is the only worker.
   */
  inbox?: UpdateInbox;
  /** How long a recorded update may wait unhandled before this worker takes it over from a dead one. */
  staleMs?: number;
  /** The idle time advertised for keep-alive connections (a minute; shorter in tests). */
  keepAliveMs?: number;
}

/** How often a worker looks for updates a dead worker left, and how old they must be to be taken over. */
const SWEEP_INTERVAL_MS = 5_000;
const DEFAULT_STALE_MS = 30_000;

/**
 * Update ids remembered by a lone worker. Telegram delivers an update again when it did not see the 200 (a
 * connection dropped after the bot read the update, a proxy timing out), and the person would get the answer twice.
 * Redeliveries come within minutes, long before this many newer updates.
 */
const RECENT_UPDATE_IDS = 10_000;

/** A bounded set of ids: the oldest forgotten first. */
class RecentIds {
  private readonly ids = new Set<number>();

  constructor(private readonly limit: number) {}

  /** Whether `id` was seen before; remembers it either way. */
  seen(id: number): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as number);
    return false;
  }
}

/** The chat an update belongs to, so its chat's updates are handled in order; 0 for the few without one. */
function chatOf(update: Update): number {
  return (
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.channel_post?.chat.id ??
    update.my_chat_member?.chat.id ??
    update.callback_query?.from.id ??
    0
  );
}

/**
 * The update in a request body, or null when it is not one: Telegram always sends an object with an integer
 * update_id. Anything else (a forged or garbled post: `null`, an array, a number) would reach the bot's middleware
 * with nothing a handler or a log line can read.
 */
function parseUpdate(body: string): Update | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const updateId = (parsed as { update_id?: unknown }).update_id;
  return Number.isSafeInteger(updateId) ? (parsed as Update) : null;
}

export interface WebhookServer {
  port: number;
  /** Stops taking updates, then waits for the ones being handled. */
  close(): Promise<void>;
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A body over MAX_BODY_BYTES is still read to its end (and thrown away) up to this size, so the sender gets its 413
 * instead of a connection reset: closing a socket with unread data makes TCP send a reset that can destroy the reply
 * before the client reads it. Only a sender holding the secret gets this far, so the reading costs nothing a stranger
 * can ask for.
 */
const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES;

/** Why a body was not read: too large (read to its end and discarded), or so large that reading stopped partway. */
type Oversize = "too large" | "too large to drain";

function readBody(request: IncomingMessage): Promise<string | Oversize> {
  if (Number(request.headers["content-length"]) > MAX_DRAINED_BYTES) return Promise.resolve("too large to drain");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAINED_BYTES) {
        request.pause();
        resolve("too large to drain");
      }
    });
    request.on("end", () => resolve(size > MAX_BODY_BYTES ? "too large" : Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * Receives updates by webhook on a port of its own. Each update is acknowledged at once and handled in the
 * background (an answer can take longer than Telegram waits for a webhook); `close` waits for every update
 * still being handled. Alone, per-chat order comes from the bot's sequentialize middleware; with an inbox,
 * from the inbox, across workers, and an update is acknowledged only once it is recorded there (else Telegram
 * is told to retry it).
 */
export async function serveWebhook(bot: Bot<BotContext>, options: WebhookOptions): Promise<WebhookServer> {
  const { logger, inbox } = options;
  const inFlight = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  // Updates from the inbox were checked by parseUpdate when they came in.
  const handle = (update: unknown): Promise<void> =>
    bot.handleUpdate(update as Update).catch((error: unknown) => logger.error({ err: errorInfo(error), updateId: (update as Update).update_id }, "webhook update failed"));
  const recent = new RecentIds(RECENT_UPDATE_IDS);
  const sweeper = inbox
    ? setInterval(() => {
        track(inbox.sweep(options.staleMs ?? DEFAULT_STALE_MS, handle).then(
          (chats) => {
            if (chats > 0) logger.info({ chats }, "took over updates left unhandled");
          },
          (error: unknown) => logger.error({ err: errorInfo(error) }, "could not look for unhandled updates"),
        ));
      }, SWEEP_INTERVAL_MS).unref()
    : undefined;
  const server: Server = createServer((request, response) => {
    void (async () => {
      if (request.method !== "POST") {
        response.writeHead(405).end();
        return;
      }
      if (!sameSecret(request.headers["x-telegram-bot-api-secret-token"], options.secret)) {
        logger.warn({ remote: request.socket.remoteAddress }, "webhook request without the right secret token");
        response.writeHead(401).end();
        return;
      }
      const body = await readBody(request);
      if (body === "too large" || body === "too large to drain") {
        logger.warn({ bytes: request.headers["content-length"] ?? null }, "webhook request over the size limit");
        // Left unread, the rest of the body cannot be skipped to reach a next request: the connection must close.
        response.writeHead(413, body === "too large to drain" ? { connection: "close" } : {}).end();
        return;
      }
      const update = parseUpdate(body);
      if (update === null) {
        logger.warn({ bytes: body.length }, "webhook request that is not a Telegram update");
        response.writeHead(400).end();
        return;
      }
      if (!inbox) {
        response.writeHead(200).end();
        if (recent.seen(update.update_id)) {
          logger.info({ updateId: update.update_id }, "update delivered again; handled already");
          return;
        }
        track(handle(update));
        return;
      }
      const chatId = chatOf(update);
      // A failure to record throws: the request fails with 500 and Telegram delivers the update again.
      const fresh = await inbox.record(update.update_id, chatId, update);
      response.writeHead(200).end();
      if (!fresh) return;
      track(inbox.drain(chatId, handle).catch((error: unknown) => logger.error({ err: errorInfo(error), updateId: update.update_id }, "could not handle the chat's updates")));
    })().catch((error: unknown) => {
      logger.error({ err: errorInfo(error) }, "webhook request failed");
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Node closes a keep-alive connection idle for keepAliveTimeout (5 s by default), and while the event loop is busy
  // answering, that timer fires before a request already sent on the connection is read: the sender gets a reset
  // instead of a status (123 of 10,000 fuzzed posts on a loaded machine; nodejs/node#43456). A minute leaves busy
  // moments far inside it; headersTimeout must stay above it.
  const keepAliveMs = options.keepAliveMs ?? KEEP_ALIVE_MS;
  server.keepAliveTimeout = keepAliveMs;
  server.headersTimeout = keepAliveMs + KEEP_ALIVE_GRACE_MS + 1_000;
  // With a listener here Node leaves an idle connection open when its keep-alive time is up: it gets the grace
  // period once (a request on it starts the count again), then it is closed.
  const inGrace = new WeakSet<Socket>();
  server.on("request", (request: IncomingMessage) => inGrace.delete(request.socket));
  server.on("timeout", (socket: Socket) => {
    if (inGrace.has(socket)) {
      socket.destroy();
      return;
    }
    inGrace.add(socket);
    socket.setTimeout(KEEP_ALIVE_GRACE_MS);
  });
  server.listen(options.port, options.host);
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      clearInterval(sweeper);
      const closed = once(server, "close");
      server.close();
      server.closeIdleConnections();
      await closed;
      await Promise.allSettled([...inFlight]);
    },
  };
}
