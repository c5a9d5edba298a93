import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { freePort } from "../helpers/free-port.ts";
import { article } from "./articles.ts";
import { logged, postUpdate, settled, webhookEnv, type BotProcess } from "./bot-process.ts";
import { botRig } from "./bot-rig.ts";
import { FULL, recordFigures, rounds } from "./figures.ts";
import { UpdateFuzzer } from "./fuzz-updates.ts";
import { telegramHtmlProblems } from "./telegram-html.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Posts in flight at once, as Telegram delivers to a webhook (its default max_connections is 40). */
const CONCURRENCY = 16;

/**
 * Resident memory once the bot is idle: the median of a few samples a second apart, so that one sample taken while
 * a last collection is returning memory does not stand for the whole thousand.
 */
async function idleRss(bot: BotProcess, samples = 5): Promise<number> {
  const taken: number[] = [];
  for (let i = 0; i < samples; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    taken.push(bot.rss());
  }
  return taken.sort((a, b) => a - b)[Math.floor(samples / 2)] ?? Number.NaN;
}

describe("fuzzed updates through the real bot", () => {
  const rig = botRig("verbatim-fuzz-");

  it("takes generated and malformed updates by webhook without crashing, with every reply valid Telegram HTML and memory flat", { timeout: 3_600_000 }, async () => {
    const data = join(rig.scratch.path, "library");
    const source = join(rig.scratch.path, "articles.jsonl");
    writeFileSync(source, Array.from({ length: 12 }, (_, n) => JSON.stringify(article(n))).join("\n"));
    expect((await runCli(["ingest", source], { DATA_DIR: data })).code).toBe(0);

    const telegram = await rig.telegram();
    const port = await freePort();
    const running = await rig.bot({ DATA_DIR: data, EMBEDDINGS: "off", TELEGRAM_API_ROOT: telegram.proxy.url, ...webhookEnv(port) });
    const calls = telegram.proxy.calls;

    const batches = rounds(3, 10);
    const perBatch = rounds(200, 1_000);
    const fuzzer = new UpdateFuzzer(SEED);
    const statuses = new Map<number, number>();
    /** Posts that got no status the first time (and were posted again), by what the client saw and the kind posted. */
    const cut = new Map<string, number>();
    const rss: number[] = [];
    for (let batch = 0; batch < batches; batch++) {
      const updates = Array.from({ length: perBatch }, () => fuzzer.next());
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < updates.length) {
            const update = updates[next++];
            const body = update?.body ?? "";
            // A reset on a reused keep-alive connection can still happen at the edge of its idle time (a race every
            // HTTP/1.1 client must handle): like Telegram, which delivers again whatever got no 200, post it once more.
            const status = await postUpdate(port, body).catch((error: unknown) => {
              const cause = (error as { cause?: { code?: string; message?: string } }).cause;
              const why = `${cause?.code ?? cause?.message ?? String(error)} (${update?.kind})`;
              cut.set(why, (cut.get(why) ?? 0) + 1);
              return postUpdate(port, body).catch(() => -1);
            });
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }),
      );
      await settled(() => calls.length);
      expect(running.child.exitCode, `the bot exited during batch ${batch}: ${running.otherStderr.join("\n")}`).toBeNull();
      rss.push(await idleRss(running));
      process.stdout.write(`fuzzed updates: batch ${batch + 1}/${batches}, ${perBatch} updates, RSS ${Math.round((rss.at(-1) ?? 0) / 2 ** 20)} MiB\n`);
    }

    // Still answering: a plain /help from someone new after all that.
    expect(await postUpdate(port, JSON.stringify({ update_id: 1e9, message: { message_id: 1, date: 0, chat: { id: 77, type: "private" }, from: { id: 77, is_bot: false, first_name: "A" }, text: "/help", entities: [{ type: "bot_command", offset: 0, length: 5 }] } }))).toBe(200);
    await expect.poll(() => telegram.sent(77).length, { timeout: 30_000 }).toBe(1);

    const sent = telegram.emulator.storage.botMessages.map((update) => String(update.message.text));
    const invalid = sent.map((text) => ({ text: text.slice(0, 200), problems: telegramHtmlProblems(text) })).filter((reply) => reply.problems.length > 0);
    expect(invalid).toEqual([]);
    // The figures first, so that a run that fails below still says what it saw.
    const [first, last] = [rss[0] ?? 0, rss.at(-1) ?? 0];
    const growth = last / first - 1;
    const figures = {
      updates: batches * perBatch,
      byKind: Object.fromEntries(fuzzer.counts),
      replies: sent.length,
      webhookStatuses: Object.fromEntries(statuses),
      connectionsCut: Object.fromEntries(cut),
      handlerErrors: logged(running, "unexpected error handling an update").length + logged(running, "webhook update failed").length,
      rssMiB: rss.map((bytes) => Math.round(bytes / 2 ** 20)),
      rssGrowthPercent: Math.round(growth * 1000) / 10,
      seed: SEED,
    };
    process.stdout.write(`fuzzed updates: ${JSON.stringify(figures)}\n`);
    recordFigures("fuzzed updates", figures);
    // Only bodies that are not updates are refused (400) and bodies over 1 MB (413); everything that parses is
    // acknowledged, so Telegram never redelivers it forever. Every post gets a status by its second try at the latest.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200]));
    expect(statuses.get(500) ?? 0).toBe(0);
    expect(statuses.get(-1) ?? 0).toBe(0);
    expect(running.otherStderr.filter((line) => /unhandled|uncaught|ERROR/i.test(line))).toEqual([]);
    expect(logged(running, "webhook request failed")).toEqual([]);

    expect(await running.stop()).toBe(0);
    // The quick run's first batch is too small for the heap to have reached its working size; the full run holds it to 10%.
    if (FULL) expect(growth).toBeLessThanOrEqual(0.1);
  });
});
