import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";
import { escapeHtml, link, shortDate } from "../render-html.ts";
import { primaryLanguage } from "../../text/language.ts";

const PAGE_SIZE = 10;
const PAGE_CALLBACK = /^sources:(\d+)$/;

/** One page of the latest articles, newest first, with buttons to page through. */
export async function sourcesPage(ctx: BotContext, offset: number): Promise<{ text: string; keyboard: InlineKeyboard }> {
  const { library } = ctx.services;
  const total = await library.countArticles();
  const keyboard = new InlineKeyboard();
  if (total === 0) return { text: ctx.t.sourcesEmpty, keyboard };
  const start = Math.min(offset, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE);
  const articles = await library.latestArticles(PAGE_SIZE, start);
  const lines = articles.map((article) => {
    const details = [article.outlet, shortDate(article.publishedAt), primaryLanguage(article.language)].filter((part): part is string => Boolean(part));
    return `#${article.id} ${link(article.url, escapeHtml(article.title))}${details.length > 0 ? ` — ${escapeHtml(details.join(", "))}` : ""}`;
  });
  if (start > 0) keyboard.text(ctx.t.newer, `sources:${Math.max(0, start - PAGE_SIZE)}`);
  if (start + PAGE_SIZE < total) keyboard.text(ctx.t.older, `sources:${start + PAGE_SIZE}`);
  return { text: `${ctx.t.sourcesTitle(start + 1, start + articles.length, total)}\n${lines.join("\n")}`, keyboard };
}

export const sourcesFeature = new Composer<BotContext>();

sourcesFeature.command("sources", async (ctx) => {
  const page = await sourcesPage(ctx, 0);
  await ctx.reply(page.text, { reply_markup: page.keyboard });
});

sourcesFeature.callbackQuery(PAGE_CALLBACK, async (ctx) => {
  // The bot sends no inline messages, so a press without the message it came from has nothing to page.
  if (!ctx.callbackQuery.message) {
    await ctx.answerCallbackQuery();
    return;
  }
  const page = await sourcesPage(ctx, Number(ctx.match[1]));
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(page.text, { reply_markup: page.keyboard });
});
