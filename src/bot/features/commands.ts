import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { ingestLinks, takeLinks } from "../ingesting.ts";
import { conversationIdOf, linksIn } from "../messages.ts";

export const commandsFeature = new Composer<BotContext>();

commandsFeature.command("start", async (ctx) => {
  await ctx.reply(ctx.t.start(await ctx.services.library.countArticles()));
});

commandsFeature.command("help", async (ctx) => {
  await ctx.reply(ctx.t.help);
});

commandsFeature.command("stats", async (ctx) => {
  const stats = await ctx.services.library.stats();
  const span = stats.oldestPublished ? { from: stats.oldestPublished.slice(0, 10), to: stats.newestPublished?.slice(0, 10) ?? "?" } : null;
  await ctx.reply(ctx.t.stats({ articles: stats.articles, chunks: stats.chunks, pendingChunks: stats.pendingChunks, quotes: stats.quotes, span, languages: stats.languages, semantic: Boolean(stats.model) }));
});

commandsFeature.command("forget", async (ctx) => {
  const conversationId = conversationIdOf(ctx);
  // The conversation's answer messages go with its turns (bot_messages cascades), so replies to them start afresh too.
  if (conversationId) await ctx.services.engine.forget(conversationId);
  ctx.log.info("conversation forgotten");
  await ctx.reply(ctx.t.forgotten);
});

commandsFeature.command("add", async (ctx) => {
  const links = linksIn(ctx.msg);
  if (links.length === 0) {
    await ctx.reply(ctx.match.trim() === "" ? ctx.t.addUsage : ctx.t.addNotALink);
    return;
  }
  const allowed = await takeLinks(ctx, links);
  if (allowed.length > 0) await ingestLinks(ctx, allowed);
});
