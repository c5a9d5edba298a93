import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

/** Refused people remembered; beyond this the earliest are forgotten (and would be told once more). */
const REMEMBER_REFUSED = 10_000;

/** With ALLOWED_USER_IDS set, only those people (and admins) get through; anyone else is refused politely, once. */
export const accessFeature = new Composer<BotContext>();

accessFeature.use(async (ctx, next) => {
  const { config, refusedUsers } = ctx.services;
  const allowed = config.ALLOWED_USER_IDS;
  const userId = ctx.from?.id;
  if (!allowed || (userId !== undefined && (allowed.includes(userId) || (config.ADMIN_USER_IDS ?? []).includes(userId)))) {
    await next();
    return;
  }
  ctx.log.info("refused a user who is not on the allow-list");
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text: ctx.t.privateBot, show_alert: true });
    return;
  }
  if (userId === undefined || refusedUsers.has(userId)) return;
  if (refusedUsers.size >= REMEMBER_REFUSED) refusedUsers.delete(refusedUsers.values().next().value as number);
  refusedUsers.add(userId);
  await ctx.reply(ctx.t.privateBot);
});
