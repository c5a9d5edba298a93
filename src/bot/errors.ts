import { GrammyError, HttpError, type BotError } from "grammy";
import type { Logger } from "../logger.ts";
import type { BotContext } from "./context.ts";
import { messagesFor } from "./i18n/messages.ts";

/**
 * What a log may say about an error. GrammyError carries the request payload (message text), so only its
 * method, code and description are kept.
 */
export function errorInfo(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) {
    return { kind: "telegram", method: error.method, code: error.error_code, description: error.description };
  }
  if (error instanceof HttpError) {
    const cause = error.error instanceof Error ? error.error.message : String(error.error);
    return { kind: "network", message: error.message, cause };
  }
  if (error instanceof Error) return { kind: "internal", name: error.name, message: error.message, stack: error.stack };
  return { kind: "internal", value: String(error) };
}

function logBotError(logger: Logger, error: BotError<BotContext>): void {
  const updateId = error.ctx.update.update_id;
  const cause = error.error;
  if (cause instanceof GrammyError) logger.error({ updateId, err: errorInfo(cause) }, "Telegram refused a request");
  else if (cause instanceof HttpError) logger.error({ updateId, err: errorInfo(cause) }, "could not reach Telegram");
  else logger.error({ updateId, err: errorInfo(cause) }, "unexpected error handling an update");
}

/** Around the features: log, then tell the person something failed (unless it was Telegram itself that failed). */
export function featureErrorHandler(logger: Logger): (error: BotError<BotContext>) => Promise<void> {
  return async (error) => {
    logBotError(logger, error);
    if (error.error instanceof HttpError) return;
    const { ctx } = error;
    const sorry = messagesFor(ctx.from?.language_code).sorry;
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: sorry });
      else if (ctx.chat) await ctx.reply(sorry);
    } catch (replyError) {
      logger.warn({ updateId: ctx.update.update_id, err: errorInfo(replyError) }, "could not send the apology either");
    }
  };
}

/** `bot.catch`: whatever escapes the boundary (the middleware before the features). */
export function botErrorHandler(logger: Logger): (error: BotError<BotContext>) => void {
  return (error) => logBotError(logger, error);
}
