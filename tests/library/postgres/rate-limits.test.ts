import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type pg from "pg";
import { createPool } from "../../../src/library/postgres/pool.ts";
import { PostgresRateLimits } from "../../../src/library/postgres/rate-limits.ts";
import { migrate } from "../../../src/library/postgres/schema.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";

describe.skipIf(!TEST_DATABASE_URL)("PostgresRateLimits: one limit across workers", () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    await database.drop();
  });

  it("lets through at most the limit per minute however the requests are spread, tells once, and frees up as the minute slides", async () => {
    let now = 1_000_000;
    const worker = (): PostgresRateLimits => {
      const pool = createPool(database.url, 3);
      pools.push(pool);
      return new PostgresRateLimits(pool, () => now);
    };
    const workers = [worker(), worker(), worker()];
    await migrate(pools[0]!);
    const decisions = await Promise.all(Array.from({ length: 12 }, (_, i) => workers[i % 3]!.take("question", 77, 5)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.filter((d) => d.firstRefusal)).toHaveLength(1);
    expect((await workers[0]!.take("link", 77, 5)).allowed).toBe(true);
    expect((await workers[1]!.take("question", 78, 5)).allowed).toBe(true);
    now += 61_000;
    expect(await workers[2]!.take("question", 77, 5)).toEqual({ allowed: true, firstRefusal: false });
  });
});
