import { Composer } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../context.ts";
import { isGroup } from "../messages.ts";

/** In a group, a message is for the bot when it is a command (for this bot), mentions it, or replies to it. */
export function isAddressedToBot(message: Message, me: { id: number; username: string }): boolean {
  const text = message.text ?? message.caption ?? "";
  const entities = message.entities ?? message.caption_entities ?? [];
  const username = me.username.toLowerCase();
  const first = entities[0];
  if (first?.type === "bot_command" && first.offset === 0) {
    const target = text.slice(0, first.length).split("@")[1];
    return target === undefined || target.toLowerCase() === username;
  }
  const mentioned = entities.some(
    (entity) =>
      (entity.type === "mention" && text.slice(entity.offset, entity.offset + entity.length).toLowerCase() === `@${username}`) ||
      (entity.type === "text_mention" && entity.user.id === me.id),
  );
  return mentioned || message.reply_to_message?.from?.id === me.id;
}

/** Lets through everything outside groups; in groups, only messages addressed to the bot (the rest is chatter). */
export const groupFeature = new Composer<BotContext>();

groupFeature.use(async (ctx, next) => {
  if (!isGroup(ctx) || !ctx.message || isAddressedToBot(ctx.message, ctx.me)) await next();
});
