import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { ingestLinks, takeLinks } from "../ingesting.ts";
import { conversationIdOf, linksIn } from "../messages.ts";

export const HELP = [
  "I answer questions about the news I have been given, in the articles' own words: short quotes with who said them, and numbered links to the articles.",
  "",
  "<b>Ask</b> anything, for example:",
  "<i>What did the mayor say about the harbour dredging?</i>",
  "Then follow up (<i>and the ferries?</i>), reply to one of my answers to continue it, or tap <b>More</b> for further passages.",
  "",
  "<b>Add articles</b> by sending or forwarding links, or by forwarding a channel's post.",
  "",
  "/sources the latest articles · /stats what I hold · /forget start afresh · /add &lt;link&gt;",
].join("\n");

export const commandsFeature = new Composer<BotContext>();

commandsFeature.command("start", async (ctx) => {
  const articles = await ctx.services.library.countArticles();
  const stock = articles === 0 ? "My library is empty so far: send me a link to a news article to begin." : `I hold ${articles} article${articles === 1 ? "" : "s"} so far.`;
  await ctx.reply(`Hello! ${HELP}\n\n${stock}`);
});

commandsFeature.command("help", async (ctx) => {
  await ctx.reply(HELP);
});

commandsFeature.command("stats", async (ctx) => {
  const stats = await ctx.services.library.stats();
  const coverage = stats.oldestPublished ? `${stats.oldestPublished.slice(0, 10)} to ${stats.newestPublished?.slice(0, 10) ?? "?"}` : "no dated articles";
  await ctx.reply(
    [
      "<b>Library</b>",
      `Articles: ${stats.articles}`,
      `Passages: ${stats.chunks} (${stats.pendingChunks} not yet embedded)`,
      `Quotes: ${stats.quotes}`,
      `Coverage: ${coverage}`,
      ...(stats.languages.length > 0 ? [`Languages: ${stats.languages.map((l) => `${l.language} ${l.articles}`).join(", ")}`] : []),
      `Search: ${stats.model ? "meaning and words" : "words only"}`,
    ].join("\n"),
  );
});

commandsFeature.command("forget", async (ctx) => {
  const conversationId = conversationIdOf(ctx);
  // The conversation's answer messages go with its turns (bot_messages cascades), so replies to them start afresh too.
  if (conversationId) await ctx.services.engine.forget(conversationId);
  ctx.log.info("conversation forgotten");
  await ctx.reply("Done: I have forgotten our conversation. The next question starts afresh.");
});

commandsFeature.command("add", async (ctx) => {
  const links = linksIn(ctx.msg);
  if (links.length === 0) {
    await ctx.reply(
      ctx.match.trim() === ""
        ? "Send /add followed by a link, for example: /add https://example.com/news/story"
        : "That doesn't look like a web link. Send /add followed by the article's address, like https://example.com/news/story (http:// or just example.com/news/story work too).",
    );
    return;
  }
  const allowed = await takeLinks(ctx, links);
  if (allowed.length > 0) await ingestLinks(ctx, allowed);
});
