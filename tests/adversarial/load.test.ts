import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { percentile } from "../../bench/stats.ts";
import { runCli } from "../helpers/cli.ts";
import { htmlRoute } from "../helpers/http-server.ts";
import { article } from "./articles.ts";
import { botRig } from "./bot-rig.ts";
import { articlePage, ChatLog, person, questionAbout } from "./chats.ts";
import { recordFigures, rounds } from "./figures.ts";
import { telegramHtmlProblems } from "./telegram-html.ts";

const LIBRARY_ARTICLES = 24;
const LINK_ARTICLES = 12;

describe("load: many people asking at once while others send links", () => {
  const rig = botRig("verbatim-load-");

  it("answers every question exactly once, adds every link, and holds each person to QUESTIONS_PER_MINUTE", { timeout: 900_000 }, async () => {
    const users = rounds(8, 50);
    const questions = rounds(5, 20);
    const linkSenders = rounds(3, 10);
    const data = join(rig.scratch.path, "library");
    const source = join(rig.scratch.path, "articles.jsonl");
    writeFileSync(source, Array.from({ length: LIBRARY_ARTICLES }, (_, n) => JSON.stringify(article(n))).join("\n"));
    expect((await runCli(["ingest", source], { DATA_DIR: data })).code).toBe(0);
    const pages = await rig.site(Object.fromEntries(Array.from({ length: LINK_ARTICLES }, (_, i) => [`/news/${i}`, htmlRoute(articlePage(100 + i))])));

    const telegram = await rig.telegram();
    const chats = new ChatLog(telegram.emulator);
    const bot = await rig.bot({ DATA_DIR: data, EMBEDDINGS: "off", TELEGRAM_API_ROOT: telegram.proxy.url, ALLOW_PRIVATE_URLS: "true", QUESTIONS_PER_MINUTE: String(questions), LINKS_PER_MINUTE: "10" });
    const emulator = telegram.emulator;

    const latencies: number[] = [];
    const askers = Array.from({ length: users }, async (_, u) => {
      const asker = person(emulator, 10_000 + u);
      for (let q = 0; q < questions; q++) {
        const sentAt = performance.now();
        await asker.say(questionAbout((u * questions + q) % LIBRARY_ARTICLES, q + u));
        latencies.push((await chats.arrival(asker.chatId, q + 1)) - sentAt);
      }
    });
    // Each sends a few links in one forwarded message, overlapping with the others' (the same link twice is fetched once).
    const senders = Array.from({ length: linkSenders }, async (_, s) => {
      const sender = person(emulator, 20_000 + s);
      const links = [0, 1, 2].map((k) => `${pages.url}/news/${(s * 2 + k) % LINK_ARTICLES}`);
      await sender.sayWithLinks(links.join("\n"), { forward_origin: { type: "user", sender_user: { id: 5, is_bot: false, first_name: "Friend" }, date: 1_776_000_000 } });
    });
    // One person asks more than the limit at once: the limit's worth answered, one polite refusal, the rest ignored.
    const greedy = person(emulator, 30_000);
    const greedyAsks = (async () => {
      for (let q = 0; q < questions + 5; q++) await greedy.say(questionAbout(q % LIBRARY_ARTICLES, q));
    })();
    await Promise.all([...askers, ...senders, greedyAsks]);

    for (let s = 0; s < linkSenders; s++) {
      await expect.poll(() => chats.texts(20_000 + s)[0] ?? "", { timeout: 60_000 }).toMatch(/^(✓ [^\n]*\n){2}✓ [^\n]*$/);
    }
    await expect.poll(() => chats.count(greedy.chatId), { timeout: 120_000 }).toBe(questions + 1);
    // Settle, then nothing more may arrive: no late duplicate of any answer.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const asked = Array.from({ length: users }, (_, u) => 10_000 + u);
    for (const chatId of asked) {
      const texts = chats.texts(chatId);
      expect(texts, `chat ${chatId}`).toHaveLength(questions);
      for (const text of texts) expect(text).not.toMatch(/something went wrong|faster than I can/);
    }
    const greedyTexts = chats.texts(greedy.chatId);
    expect(greedyTexts.filter((text) => /asking faster than I can keep up/.test(text))).toHaveLength(1);
    expect(greedyTexts.at(-1)).toMatch(/asking faster than I can keep up/);
    const everything = emulator.storage.botMessages.map((update) => String(update.message.text));
    expect(everything.filter((text) => telegramHtmlProblems(text).length > 0)).toEqual([]);
    const distinctLinks = new Set(Array.from({ length: linkSenders }, (_, s) => [0, 1, 2].map((k) => (s * 2 + k) % LINK_ARTICLES)).flat());
    expect(Math.max(...[...pages.hits.values()])).toBe(1);
    expect(pages.hits.size).toBe(distinctLinks.size);

    const sorted = [...latencies].sort((a, b) => a - b);
    const errors = bot.logs.filter((line) => Number(line.level) >= 50);
    const figures = {
      users,
      questionsEach: questions,
      questionsAnswered: latencies.length + questions,
      linksAdded: distinctLinks.size,
      p50Ms: Math.round(percentile(sorted, 50)),
      p95Ms: Math.round(percentile(sorted, 95)),
      maxMs: Math.round(sorted.at(-1) ?? 0),
      errors: errors.length,
      rateLimited: questions + 5 - questions,
    };
    process.stdout.write(`load: ${JSON.stringify(figures)}\n`);
    recordFigures("load", figures);
    expect(errors).toEqual([]);
    expect(await bot.stop()).toBe(0);
  });
});
