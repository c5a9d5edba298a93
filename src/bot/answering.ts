import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Answer } from "../answer/model.ts";
import type { Thread } from "../library/library.ts";
import { renderAnswerHtml } from "./render-html.ts";
import type { BotContext } from "./context.ts";
import { conversationIdOf, MAX_QUESTION_CHARS } from "./messages.ts";
import { withTyping } from "./optional.ts";
import { errorInfo } from "./errors.ts";
import { LibraryNotWritable } from "../errors.ts";

/** Callback data of the "More" button: `more:<turnId>`, or just `more` when the id would not fit in Telegram's 64 bytes. */
export const MORE_CALLBACK = /^more(?::(.+))?$/;

function moreKeyboard(turnId: string, label: string): InlineKeyboard {
  const data = `more:${turnId}`;
  return new InlineKeyboard().text(label, Buffer.byteLength(data) <= 64 ? data : "more");
}

/** The turn id in a "More" button of an answer's keyboard, if it has one. */
function moreTurnIn(markup: InlineKeyboardMarkup | undefined): string | undefined {
  for (const button of markup?.inline_keyboard.flat() ?? []) {
    const turnId = "callback_data" in button ? MORE_CALLBACK.exec(button.callback_data)?.[1] : undefined;
    if (turnId) return turnId;
  }
  return undefined;
}

/**
 * The thread of the bot answer this message replies to, as remembered when it was sent; for an answer sent
 * before the library remembered answer messages, from its "More" button, continued in the replier's own conversation.
 */
export async function repliedThread(ctx: BotContext): Promise<Thread | undefined> {
  const reply = ctx.message?.reply_to_message;
  if (!reply || reply.from?.id !== ctx.me.id || !ctx.chat) return undefined;
  const remembered = await ctx.services.threads.find(ctx.chat.id, reply.message_id);
  if (remembered) return remembered;
  const turnId = moreTurnIn(reply.reply_markup);
  const conversationId = conversationIdOf(ctx);
  return turnId && conversationId ? { conversationId, turnId } : undefined;
}

/** Answers a question in the asker's conversation (or in the thread of the answer it replies to). */
export async function answerQuestion(ctx: BotContext, question: string): Promise<void> {
  const { services } = ctx;
  if (question.length > MAX_QUESTION_CHARS) {
    await ctx.reply(ctx.t.questionTooLong);
    return;
  }
  if (ctx.from) {
    const decision = await services.questionLimit.take(ctx.from.id, ctx.receivedAt);
    if (!decision.allowed) {
      if (decision.firstRefusal) await ctx.reply(ctx.t.askingTooFast);
      ctx.log.info("question rate-limited");
      return;
    }
  }
  const thread = await repliedThread(ctx);
  const conversationId = thread?.conversationId ?? conversationIdOf(ctx) ?? undefined;
  const started = performance.now();
  const answer = await withTyping(ctx, () =>
    services.engine.ask(question, { ...(conversationId ? { conversationId } : {}), ...(thread ? { replyToTurnId: thread.turnId } : {}) }),
  );
  ctx.log.info(
    { turnId: answer.turnId, kind: answer.kind, quotes: answer.quotes.length, sources: answer.sources.length, ms: Math.round(performance.now() - started) },
    "answered",
  );
  await sendAnswer(ctx, answer, conversationId ?? null);
}

/**
 * Sends an answer as one or more HTML messages, in reply to the question in groups, with "More" on the last
 * part when there is more; remembers every part as belonging to the answer's turn.
 */
export async function sendAnswer(ctx: BotContext, answer: Answer, conversationId: string | null): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const parts = renderAnswerHtml(answer, undefined, ctx.t);
  const replyTo = ctx.message && ctx.chat?.type !== "private" ? { message_id: ctx.message.message_id, allow_sending_without_reply: true } : undefined;
  for (const [index, html] of parts.entries()) {
    const last = index === parts.length - 1;
    const sent = await ctx.api.sendMessage(chatId, html, {
      ...(index === 0 && replyTo ? { reply_parameters: replyTo } : {}),
      ...(last && answer.hasMore && conversationId ? { reply_markup: moreKeyboard(answer.turnId, ctx.t.moreButton) } : {}),
    });
    if (conversationId) await rememberMessage(ctx, chatId, sent.message_id, { conversationId, turnId: answer.turnId });
  }
}

/** Which turn a sent message shows; on a full or read-only library the answer is out already, so only replies to it lose their thread. */
async function rememberMessage(ctx: BotContext, chatId: number, messageId: number, thread: Thread): Promise<void> {
  try {
    await ctx.services.threads.remember(chatId, messageId, thread);
  } catch (error) {
    if (!(error instanceof LibraryNotWritable)) throw error;
    ctx.log.warn({ err: errorInfo(error) }, "could not remember the answer message");
  }
}
