import type { Pool } from "pg";
import type { RateDecision, RateLimitStore } from "../rate-limits.ts";
import { inTransaction } from "./pool.ts";

const WINDOW_MS = 60_000;

/**
 * Sliding one-minute windows in PostgreSQL: a user's requests count against one limit whichever worker serves
 * them. One row per user and kind, locked while it is read and written, so two workers cannot both let
 * the last allowed request through.
 */
export class PostgresRateLimits implements RateLimitStore {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
  ) {}

  take(kind: string, key: number, perMinute: number): Promise<RateDecision> {
    const now = this.now();
    return inTransaction(this.pool, async (client) => {
      await client.query("INSERT INTO rate_limits (kind, key, hits) VALUES ($1, $2, '{}') ON CONFLICT (kind, key) DO NOTHING", [kind, key]);
      const { rows } = await client.query<{ hits: string[]; told: boolean }>("SELECT hits, told FROM rate_limits WHERE kind = $1 AND key = $2 FOR UPDATE", [kind, key]);
      const recent = rows[0]!.hits.map(Number).filter((time) => now - time < WINDOW_MS);
      if (recent.length >= perMinute) {
        await client.query("UPDATE rate_limits SET hits = $3, told = TRUE WHERE kind = $1 AND key = $2", [kind, key, recent]);
        return { allowed: false, firstRefusal: !rows[0]!.told };
      }
      await client.query("UPDATE rate_limits SET hits = $3, told = FALSE WHERE kind = $1 AND key = $2", [kind, key, [...recent, now]]);
      return { allowed: true, firstRefusal: false };
    });
  }
}
