import { Composer } from "grammy";
import type { Message, MessageOrigin } from "grammy/types";
import type { ArticleDraft } from "../../library/article.ts";
import type { BotContext } from "../context.ts";
import { ingestPost } from "../ingesting.ts";

const TITLE_CHARS = 120;

/** The article a forwarded channel (or group) post makes: its text, the channel as outlet, the post's date and t.me link. */
export function draftFromPost(text: string, origin: Extract<MessageOrigin, { type: "channel" | "chat" }>): { draft: ArticleDraft; source: string } {
  const chat = origin.type === "channel" ? origin.chat : origin.sender_chat;
  const username = "username" in chat ? chat.username : undefined;
  const postId = origin.type === "channel" ? origin.message_id : undefined;
  const url = username && postId !== undefined ? `https://t.me/${username}/${postId}` : null;
  const paragraphs = text.split(/\n\s*\n|\n/).map((line) => line.trim()).filter(Boolean);
  const firstLine = paragraphs[0] ?? "";
  const title = firstLine.length > TITLE_CHARS ? `${firstLine.slice(0, TITLE_CHARS - 1).trimEnd()}…` : firstLine;
  const outlet = "title" in chat && chat.title ? chat.title : null;
  const authors = origin.author_signature ? [origin.author_signature] : [];
  // A date past what Date can hold (only a forged update has one) would throw in toISOString: no date instead.
  const date = new Date(origin.date * 1000);
  return {
    draft: { url, canonicalUrl: null, title, text: paragraphs.join("\n\n"), outlet, authors, publishedAt: Number.isNaN(date.getTime()) ? null : date.toISOString(), language: null },
    source: url ?? `telegram:${chat.id}/${postId ?? origin.date}`,
  };
}

function postText(message: Message): string {
  return (message.text ?? message.caption ?? "").trim();
}

/**
 * Forwards without links. From a channel (or a group speaking as itself): the post is stored as an article.
 * From a person: not stored, since it has no outlet or source to cite.
 */
export const channelPostFeature = new Composer<BotContext>();

channelPostFeature.on("message:forward_origin", async (ctx) => {
  const origin = ctx.message.forward_origin;
  if (origin.type !== "channel" && origin.type !== "chat") {
    await ctx.reply(ctx.t.channelPostInfo);
    return;
  }
  const text = postText(ctx.message);
  if (text === "") {
    await ctx.reply(ctx.t.channelPostEmpty);
    return;
  }
  const { draft, source } = draftFromPost(text, origin);
  await ingestPost(ctx, draft, source);
});
