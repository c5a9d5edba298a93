import { Composer } from "grammy";
import { answerQuestion } from "../answering.ts";
import type { BotContext } from "../context.ts";
import { ingestLinks } from "../ingesting.ts";
import { linksIn, looksLikeQuestion, textWithout } from "../messages.ts";

/** The links this person may still send this minute; says so once when some are held back. */
export async function takeLinks(ctx: BotContext, links: readonly string[]): Promise<string[]> {
  const userId = ctx.from?.id;
  if (userId === undefined) return [...links];
  const allowed: string[] = [];
  let told = false;
  for (const link of links) {
    const decision = ctx.services.linkLimit.take(userId);
    if (decision.allowed) allowed.push(link);
    else told ||= decision.firstRefusal;
  }
  if (allowed.length < links.length) {
    ctx.log.info({ skipped: links.length - allowed.length }, "links rate-limited");
    if (told) await ctx.reply("You are sending links faster than I can read them. Please send the rest again in a minute.");
  }
  return allowed;
}

/**
 * Any message with links, pasted or forwarded, adds those articles. A pasted question with a link in it is
 * answered once the link is in.
 */
export const linksFeature = new Composer<BotContext>();

linksFeature.on("message", async (ctx, next) => {
  const links = linksIn(ctx.message);
  if (links.length === 0) {
    await next();
    return;
  }
  const allowed = await takeLinks(ctx, links);
  if (allowed.length > 0) await ingestLinks(ctx, allowed);
  if (ctx.message.forward_origin || ctx.message.text === undefined) return;
  const rest = textWithout(ctx.message, ctx.me.username, ["url"]);
  if (looksLikeQuestion(rest)) await answerQuestion(ctx, rest);
});
