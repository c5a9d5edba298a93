import { Composer } from "grammy";
import type { Message } from "grammy/types";
import type { BotContext } from "../context.ts";

/** A short useful reply for each kind of message the bot cannot use; service messages get none. */
export function unsupportedReply(message: Message): string | null {
  if (message.document) {
    return message.document.mime_type === "application/pdf"
      ? "I can't read PDFs yet. Send me a link to the article's web page instead."
      : "I can't read files. Send me a link to the article, or type your question.";
  }
  if (message.photo || message.video || message.animation || message.video_note) {
    return "I can only read text. Send me a link to the article, or type your question.";
  }
  if (message.voice || message.audio) return "I can't listen to audio. Please type your question.";
  if (message.sticker || message.dice) return "I answer questions about the news I've been given. Try asking one, or see /help.";
  if (message.location || message.venue || message.contact || message.poll || message.game || message.story) {
    return "I only understand text questions and links to articles. See /help.";
  }
  return null;
}

export const unsupportedFeature = new Composer<BotContext>();

unsupportedFeature.on("message", async (ctx) => {
  const reply = unsupportedReply(ctx.message);
  ctx.log.info({ replied: reply !== null }, "message not usable");
  if (reply) await ctx.reply(reply);
});
