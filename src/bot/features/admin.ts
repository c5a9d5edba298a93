import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { escapeHtml } from "../render-html.ts";
import { linksIn } from "../messages.ts";

/** /remove <article id or link>: admins only (ADMIN_USER_IDS); takes the article and its passages out of the library. */
export const adminFeature = new Composer<BotContext>();

adminFeature.command("remove", async (ctx) => {
  const { config, library } = ctx.services;
  if (!ctx.from || !(config.ADMIN_USER_IDS ?? []).includes(ctx.from.id)) {
    await ctx.reply(ctx.t.removeAdminsOnly);
    return;
  }
  const argument = ctx.match.trim().replace(/^#/, "");
  const link = linksIn(ctx.msg)[0];
  const articleId = /^\d+$/.test(argument) ? Number(argument) : link ? await library.findByUrl(link) : null;
  if (articleId === null) {
    await ctx.reply(ctx.t.removeUsage);
    return;
  }
  const title = (await library.getSummaries([articleId])).get(articleId)?.title;
  if (!(await library.removeArticle(articleId))) {
    await ctx.reply(ctx.t.removeNoSuchArticle(articleId));
    return;
  }
  ctx.log.info({ articleId }, "article removed");
  await ctx.reply(ctx.t.removed(articleId, title ? escapeHtml(title) : null));
});
