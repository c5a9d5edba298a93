import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotContext, BotDeps, BotServices } from "./context.ts";
import { botErrorHandler, featureErrorHandler } from "./errors.ts";
import { accessFeature } from "./features/access.ts";
import { adminFeature } from "./features/admin.ts";
import { askFeature } from "./features/ask.ts";
import { channelPostFeature } from "./features/channel-post.ts";
import { commandsFeature } from "./features/commands.ts";
import { groupFeature } from "./features/group.ts";
import { linksFeature } from "./features/links.ts";
import { moreFeature } from "./features/more.ts";
import { sourcesFeature } from "./features/sources.ts";
import { unsupportedFeature } from "./features/unsupported.ts";
import { messagesFor } from "./i18n/messages.ts";
import { IngestQueue } from "./ingest-queue.ts";
import { UpdatesInProgress } from "./in-progress.ts";
import { RateLimiter, sharedLimiter } from "./rate-limit.ts";
import { wellFormed } from "./render-html.ts";
import { ignoreMalformed } from "./update-shape.ts";

/** The only updates the bot acts on; polling asks Telegram for just these. */
export const ALLOWED_UPDATES: Array<"message" | "callback_query"> = ["message", "callback_query"];

export interface CreateBotOptions {
  /** Skips getMe (tests, or a caller that already knows the bot). */
  botInfo?: UserFromGetMe;
}

/**
 * Every message the bot sends is HTML with link previews off: texts are built escaped, and a preview of the
 * first cited article would crowd out the quotes. Every text sent is made well-formed UTF-16 (see wellFormed).
 */
const htmlWithoutPreviews: Transformer = (prev, method, payload, signal) => {
  const text = "text" in payload && typeof payload.text === "string" ? { text: wellFormed(payload.text) } : {};
  if (method === "sendMessage" || method === "editMessageText") {
    return prev(method, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...payload, ...text }, signal);
  }
  return prev(method, { ...payload, ...text }, signal);
};

/** Builds the bot; starts nothing (src/main.ts polls or serves webhooks, and closes what it opened). */
export function createBot(token: string, deps: BotDeps, options: CreateBotOptions = {}): { bot: Bot<BotContext>; services: BotServices } {
  const { config, logger } = deps;
  const bot = new Bot<BotContext>(token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(config.TELEGRAM_API_ROOT ? { client: { apiRoot: config.TELEGRAM_API_ROOT } } : {}),
  });
  // 429s wait out retry_after; 5xx back off 3, 6, 12… s. Six tries ride out a few minutes of Telegram trouble (three
  // lost a reply to four 429s in a row); still bounded, so an optional call cannot hang forever. Network errors are
  // retried until the call's signal aborts.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 60 }));
  bot.api.config.use(htmlWithoutPreviews);

  const services: BotServices = {
    ...deps,
    inProgress: new UpdatesInProgress(),
    ingestQueue: new IngestQueue(config.INGEST_CONCURRENCY),
    questionLimit: deps.shared ? sharedLimiter(deps.shared.limits, "question", config.QUESTIONS_PER_MINUTE) : new RateLimiter(config.QUESTIONS_PER_MINUTE),
    linkLimit: deps.shared ? sharedLimiter(deps.shared.limits, "link", config.LINKS_PER_MINUTE) : new RateLimiter(config.LINKS_PER_MINUTE),
    refusedUsers: new Set(),
  };

  bot.use(services.inProgress.middleware);
  bot.use(ignoreMalformed(logger));
  // Stamped before the chat's queue: the per-minute limits count requests by when they were sent, not by when their
  // turn came. Counted at their turn, a flood queued behind slow answers (a loaded machine) was answered in full.
  bot.use(async (ctx, next) => {
    ctx.receivedAt = Date.now();
    await next();
  });
  // Updates of one chat in order (follow-ups see earlier answers and added links); chats in parallel.
  bot.use(sequentialize((ctx: BotContext) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  bot.use(async (ctx, next) => {
    ctx.services = services;
    ctx.log = logger.child({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, userId: ctx.from?.id });
    ctx.t = messagesFor(ctx.from?.language_code);
    await next();
  });

  const handled = bot.on(ALLOWED_UPDATES);
  handled.use(groupFeature, accessFeature);
  handled
    .errorBoundary(featureErrorHandler(logger))
    .use(commandsFeature, sourcesFeature, adminFeature, moreFeature, linksFeature, channelPostFeature, askFeature, unsupportedFeature);

  bot.catch(botErrorHandler(logger));
  return { bot, services };
}
