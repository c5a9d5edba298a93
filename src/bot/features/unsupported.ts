import { Composer } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../context.ts";
import type { BotMessages } from "../i18n/messages.ts";

/** A short useful reply for each kind of message the bot cannot use; service messages get none. */
export function unsupportedReply(message: Message, t: BotMessages): string | null {
  if (message.document) return message.document.mime_type === "application/pdf" ? t.unsupported.pdf : t.unsupported.file;
  if (message.photo || message.video || message.animation || message.video_note) return t.unsupported.media;
  if (message.voice || message.audio) return t.unsupported.audio;
  if (message.sticker || message.dice) return t.unsupported.sticker;
  if (message.location || message.venue || message.contact || message.poll || message.game || message.story) return t.unsupported.other;
  return null;
}

export const unsupportedFeature = new Composer<BotContext>();

unsupportedFeature.on("message", async (ctx) => {
  const reply = unsupportedReply(ctx.message, ctx.t);
  ctx.log.info({ replied: reply !== null }, "message not usable");
  if (reply) await ctx.reply(reply);
});
