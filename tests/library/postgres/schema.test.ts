import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPool } from "../../../src/library/postgres/pool.ts";
import { migrate, SCHEMA_VERSION, SchemaTooNew } from "../../../src/library/postgres/schema.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";

describe.skipIf(!TEST_DATABASE_URL)("PostgreSQL schema migrations", () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const pool = (): pg.Pool => {
    const created = createPool(database.url, 2);
    pools.push(created);
    return created;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.end()));
    await database.drop();
  });

  it("creates the schema once when several workers start together, and does nothing the second time", async () => {
    const outcomes = await Promise.all([migrate(pool()), migrate(pool()), migrate(pool())]);
    expect(outcomes.filter((o) => o.from === 0)).toHaveLength(1);
    expect(outcomes.every((o) => o.to === SCHEMA_VERSION)).toBe(true);
    const tables = await pool().query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(["articles", "chunks", "quotes", "vectors", "conversation_turns", "bot_messages"]));
    expect(await migrate(pool())).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  });

  it("refuses a database a newer verbatim has migrated", async () => {
    const p = pool();
    await migrate(p);
    await p.query("UPDATE verbatim_schema SET version = version + 1");
    await expect(migrate(p)).rejects.toBeInstanceOf(SchemaTooNew);
  });
});
