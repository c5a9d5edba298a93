import { Composer } from "grammy";
import { answerQuestion } from "../answering.ts";
import type { BotContext } from "../context.ts";
import { questionIn } from "../messages.ts";

/** Any other text is a question. */
export const askFeature = new Composer<BotContext>();

askFeature.on("message:text", async (ctx) => {
  if (ctx.message.entities?.[0]?.type === "bot_command" && ctx.message.entities[0].offset === 0) {
    await ctx.reply(ctx.t.unknownCommand);
    return;
  }
  const question = questionIn(ctx);
  if (question === "") {
    await ctx.reply(ctx.t.emptyQuestion);
    return;
  }
  await answerQuestion(ctx, question);
});
