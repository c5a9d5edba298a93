import { Composer } from "grammy";
import type { Thread } from "../../library/library.ts";
import { MORE_CALLBACK, sendAnswer } from "../answering.ts";
import type { BotContext } from "../context.ts";
import { conversationIdOf } from "../messages.ts";
import { bestEffort, withTyping } from "../optional.ts";

/**
 * The "More" button under an answer: the next passages of that answer's turn, as a new message. The thread is
 * the one remembered for the message; for an answer sent before the library remembered answer messages, the
 * turn id in the button in the presser's own conversation.
 */
export const moreFeature = new Composer<BotContext>();

moreFeature.callbackQuery(MORE_CALLBACK, async (ctx) => {
  const message = ctx.callbackQuery.message;
  const remembered = message ? await ctx.services.threads.find(message.chat.id, message.message_id) : undefined;
  const turnId = ctx.match[1];
  const conversationId = conversationIdOf(ctx);
  const thread: Thread | undefined = remembered ?? (turnId && conversationId ? { conversationId, turnId } : undefined);
  if (!message || !thread) {
    await ctx.answerCallbackQuery({ text: ctx.t.moreForgotten });
    return;
  }
  await bestEffort(ctx, "answerCallbackQuery", () => ctx.answerCallbackQuery());
  // One press, one page: the button goes from the message it was on.
  void bestEffort(ctx, "editMessageReplyMarkup", () => ctx.api.editMessageReplyMarkup(message.chat.id, message.message_id));
  const started = performance.now();
  const answer = await withTyping(ctx, () => ctx.services.engine.more(thread.conversationId, thread.turnId));
  ctx.log.info({ turnId: answer.turnId, passages: answer.passages.length, ms: Math.round(performance.now() - started) }, "more passages");
  await sendAnswer(ctx, answer, thread.conversationId);
});
