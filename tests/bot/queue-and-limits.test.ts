import { describe, expect, it } from "vitest";
import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { UpdatesInProgress } from "../../src/bot/in-progress.ts";
import { IngestQueue, QueueFull } from "../../src/bot/ingest-queue.ts";
import { RateLimiter } from "../../src/bot/rate-limit.ts";

describe("IngestQueue", () => {
  it("never runs more than its concurrency, refuses beyond its bound, and reports idle", async () => {
    const queue = new IngestQueue(2, 3);
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const job = () =>
      queue.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
      });
    const jobs = Array.from({ length: 5 }, job);
    await expect(job()).rejects.toBeInstanceOf(QueueFull);
    const idle = queue.idle();
    while (releases.length > 0 || queue.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      releases.shift()?.();
    }
    await Promise.all(jobs);
    await idle;
    expect(peak).toBe(2);
  });
});

describe("UpdatesInProgress", () => {
  it("reports idle only once every update's middleware has returned, however the update ended", async () => {
    const botInfo = { id: 1, is_bot: true, first_name: "verbatim", username: "verbatim_bot" } as UserFromGetMe;
    const bot = new Bot("1:test", { botInfo });
    const inProgress = new UpdatesInProgress();
    const releases: Array<(failed: boolean) => void> = [];
    bot.use(inProgress.middleware);
    bot.use(() => new Promise<void>((resolve, reject) => releases.push((failed) => (failed ? reject(new Error("handler failed")) : resolve()))));
    bot.catch(() => {});
    const update = (id: number) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: 5, type: "private" as const, first_name: "A" }, from: { id: 5, is_bot: false, first_name: "A" }, text: "hi" } });
    await inProgress.idle();

    const handled = [bot.handleUpdate(update(1)), bot.handleUpdate(update(2))];
    let idle = false;
    void inProgress.idle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    releases.shift()?.(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(idle).toBe(false);
    releases.shift()?.(true);
    await Promise.allSettled(handled);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(idle).toBe(true);
  });
});

describe("RateLimiter", () => {
  it("allows n per sliding minute per key, says no once, and forgets after a minute", () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect([limiter.take(1), limiter.take(1)].every((decision) => decision.allowed)).toBe(true);
    expect(limiter.take(1)).toEqual({ allowed: false, firstRefusal: true });
    expect(limiter.take(1)).toEqual({ allowed: false, firstRefusal: false });
    expect(limiter.take(2).allowed).toBe(true);
    now = 60_000;
    expect(limiter.take(1)).toEqual({ allowed: true, firstRefusal: false });
  });

  it("forgets people idle for a minute once it holds many, including that they were refused", () => {
    let now = 0;
    const limiter = new RateLimiter(1, () => now);
    limiter.take(1);
    expect(limiter.take(1)).toEqual({ allowed: false, firstRefusal: true });
    now = 61_000;
    for (let key = 2; key <= 10_002; key++) limiter.take(key);
    expect(limiter.size).toBeLessThanOrEqual(10_001);
    now = 62_000;
    for (let key = 2; key <= 10_002; key++) limiter.take(key);
    limiter.take(1);
    expect(limiter.take(1)).toEqual({ allowed: false, firstRefusal: true });
  });
});
