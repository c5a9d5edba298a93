import { Composer } from "grammy";
import { answerQuestion } from "../answering.ts";
import type { BotContext } from "../context.ts";
import { ingestLinks, takeLinks } from "../ingesting.ts";
import { linksIn, looksLikeQuestion, textWithout } from "../messages.ts";

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
