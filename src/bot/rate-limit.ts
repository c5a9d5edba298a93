import type { RateDecision, RateLimitStore } from "../library/rate-limits.ts";

export type { RateDecision };

/** Counts a user's requests of one kind; in memory for one worker, in the shared library for several. */
export interface Limiter {
  /** `at` is when the request arrived (ms since the epoch); the shared limiter counts by its database's clock instead. */
  take(key: number, at?: number): RateDecision | Promise<RateDecision>;
}

/** A limit every worker enforces together, its state in the shared library. */
export function sharedLimiter(store: RateLimitStore, kind: string, perMinute: number): Limiter {
  return { take: (key) => store.take(kind, key, perMinute) };
}

/** Keys remembered before idle ones are forgotten: every stranger who writes once would otherwise stay for good. */
const PRUNE_ABOVE = 10_000;

/** A sliding one-minute window per key (a user id), kept in memory. */
export class RateLimiter implements Limiter {
  private readonly hits = new Map<number, number[]>();
  private readonly told = new Set<number>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: number, at?: number): RateDecision {
    const now = at ?? this.now();
    const recent = (this.hits.get(key) ?? []).filter((time) => now - time < 60_000);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      const firstRefusal = !this.told.has(key);
      this.told.add(key);
      return { allowed: false, firstRefusal };
    }
    recent.push(now);
    this.hits.set(key, recent);
    this.told.delete(key);
    if (this.hits.size > PRUNE_ABOVE) this.prune(now);
    return { allowed: true, firstRefusal: false };
  }

  /** Keys held in memory (for tests and diagnostics). */
  get size(): number {
    return this.hits.size;
  }

  /** Forgets keys idle for a minute, and that they were told: a refusal is then said again, which is harmless. */
  private prune(now: number): void {
    for (const [key, times] of this.hits) {
      if (times.every((time) => now - time >= 60_000)) {
        this.hits.delete(key);
        this.told.delete(key);
      }
    }
  }
}
