import { timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.ts";
import type { BotContext } from "./context.ts";
import { errorInfo } from "./errors.ts";

const MAX_BODY_BYTES = 1_000_000;

export interface WebhookOptions {
  host: string;
  port: number;
  /** Compared with the X-Telegram-Bot-Api-Secret-Token header of every request. */
  secret: string;
  logger: Logger;
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

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Receives updates by webhook on a port of its own. Each update is acknowledged at once and handled in the
 * background (an answer can take longer than Telegram waits for a webhook); per-chat order comes from the
 * bot's sequentialize middleware, and `close` waits for every update still being handled.
 */
export async function serveWebhook(bot: Bot<BotContext>, options: WebhookOptions): Promise<WebhookServer> {
  const { logger } = options;
  const inFlight = new Set<Promise<void>>();
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
      let update: Update;
      try {
        if (body === null) throw new Error("body too large");
        update = JSON.parse(body) as Update;
      } catch {
        response.writeHead(400).end();
        return;
      }
      response.writeHead(200).end();
      const work = bot.handleUpdate(update).catch((error: unknown) => logger.error({ err: errorInfo(error), updateId: update.update_id }, "webhook update failed"));
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    })().catch((error: unknown) => {
      logger.error({ err: errorInfo(error) }, "webhook request failed");
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.listen(options.port, options.host);
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      const closed = once(server, "close");
      server.close();
      server.closeIdleConnections();
      await closed;
      await Promise.allSettled([...inFlight]);
    },
  };
}
