import type { MiddlewareFn } from "grammy";
import type { Logger } from "../logger.ts";
import type { BotContext } from "./context.ts";

/*
 * Telegram's updates follow the Bot API's schema, and the handlers trust it (`entities` is an array, `text` a
 * string, a text_mention has its user). An update that breaks it was forged or garbled on the way, and would
 * throw inside a handler and draw an apology for something nobody sent. Only the fields the handlers read are
 * checked, and only their types and the length Telegram caps a text at: odd values of the right type (offsets past
 * the end, strange text) are the handlers' business.
 */

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);
const isId = (value: unknown): boolean => Number.isSafeInteger(value);
const optional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);
const isString = (value: unknown): boolean => typeof value === "string";

/**
 * Telegram takes at most 4,096 characters in a message's text or caption (a caption 1,024, or 4,096 from a Premium
 * sender). However it counts them, that is at most 8,192 UTF-16 units, the unit of a string's length here. A longer
 * text (a forged post of 170,000 characters) is dropped before a handler copies and tidies it only to refuse it.
 */
const MAX_TEXT_UNITS = 2 * 4_096;
const isText = (value: unknown): boolean => typeof value === "string" && value.length <= MAX_TEXT_UNITS;

function userProblem(user: unknown): string | null {
  if (!isObject(user) || !isId(user.id)) return "";
  for (const field of ["first_name", "username", "language_code"]) if (!optional(user[field], isString)) return `.${field}`;
  return null;
}

function chatProblem(chat: unknown): string | null {
  if (!isObject(chat) || !isId(chat.id) || !isString(chat.type)) return "";
  return null;
}

function entitiesProblem(entities: unknown): string | null {
  if (!Array.isArray(entities)) return "";
  for (const [index, entity] of entities.entries()) {
    if (!isObject(entity) || !isString(entity.type) || !isId(entity.offset) || !isId(entity.length)) return `[${index}]`;
    if (entity.type === "text_link" && !isString(entity.url)) return `[${index}].url`;
    if (entity.type === "text_mention" && userProblem(entity.user) !== null) return `[${index}].user`;
  }
  return null;
}

function originProblem(origin: unknown): string | null {
  if (!isObject(origin) || !isString(origin.type) || !isId(origin.date)) return "";
  if (origin.type === "channel" && (chatProblem(origin.chat) !== null || !isId(origin.message_id))) return ".chat";
  if (origin.type === "chat" && chatProblem(origin.sender_chat) !== null) return ".sender_chat";
  if (origin.type === "user" && userProblem(origin.sender_user) !== null) return ".sender_user";
  return null;
}

function messageProblem(message: unknown): string | null {
  if (!isObject(message) || !isId(message.message_id)) return "";
  const checks: Array<[string, (value: unknown) => string | null]> = [
    ["chat", chatProblem],
    ["from", (from) => (from === undefined ? null : userProblem(from))],
    ["text", (text) => (optional(text, isText) ? null : "")],
    ["caption", (caption) => (optional(caption, isText) ? null : "")],
    ["entities", (entities) => (entities === undefined ? null : entitiesProblem(entities))],
    ["caption_entities", (entities) => (entities === undefined ? null : entitiesProblem(entities))],
    ["forward_origin", (origin) => (origin === undefined ? null : originProblem(origin))],
    ["reply_to_message", (reply) => (reply === undefined || (isObject(reply) && optional(reply.from, (from) => userProblem(from) === null)) ? null : "")],
  ];
  for (const [field, check] of checks) {
    const problem = check(message[field]);
    if (problem !== null) return `.${field}${problem}`;
  }
  return null;
}

function callbackProblem(query: unknown): string | null {
  if (!isObject(query) || !isString(query.id)) return "";
  const from = userProblem(query.from);
  if (from !== null) return `.from${from}`;
  if (!optional(query.data, isString)) return ".data";
  if (query.message === undefined) return null;
  if (!isObject(query.message) || !isId(query.message.message_id) || chatProblem(query.message.chat) !== null) return ".message";
  return null;
}

/**
 * Where `update` breaks the Bot API's schema in a field the bot reads (`message.entities[2].user`), or null when
 * it does not. Only messages and callback queries are looked at: the bot acts on nothing else.
 */
export function malformedField(update: Fields): string | null {
  if ("message" in update) {
    const problem = messageProblem(update.message);
    if (problem !== null) return `message${problem}`;
  }
  if ("callback_query" in update) {
    const problem = callbackProblem(update.callback_query);
    if (problem !== null) return `callback_query${problem}`;
  }
  return null;
}

/** First in the chain: an update Telegram could not have sent is logged (where, never what) and dropped. */
export function ignoreMalformed(logger: Logger): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const field = malformedField(ctx.update as unknown as Fields);
    if (field === null) {
      await next();
      return;
    }
    logger.warn({ updateId: ctx.update.update_id, field }, "update with a field Telegram never sends like this; ignored");
  };
}
