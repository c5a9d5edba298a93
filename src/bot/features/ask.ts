import { Composer } from "grammy";
import { answerQuestion } from "../answering.ts";
import type { BotContext } from "../context.ts";
import { questionIn } from "../messages.ts";

/** Any other text is a question. */
export const askFeature = new Composer<BotContext>();

askFeature.on("message:text", async (ctx) => {
  if (ctx.message.entities?.[0]?.type === "bot_command" && ctx.message.entities[0].offset === 0) {
    await ctx.reply("I don't know that command. /help lists what I can do.");
    return;
  }
  const question = questionIn(ctx);
  if (question === "") {
    await ctx.reply("Yes? Ask me a question about the news, for example: <i>What did the minister say about the budget?</i>");
    return;
  }
  await answerQuestion(ctx, question);
});
