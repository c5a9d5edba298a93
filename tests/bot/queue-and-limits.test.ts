import { describe, expect, it } from "vitest";
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
