import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPool } from "../../../src/library/postgres/pool.ts";
import { migrate } from "../../../src/library/postgres/schema.ts";
import { PostgresUpdateInbox } from "../../../src/library/postgres/update-inbox.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";

interface FakeUpdate {
  update_id: number;
  chat: number;
}

describe.skipIf(!TEST_DATABASE_URL)("PostgresUpdateInbox: several workers sharing Telegram's updates", () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];
  const inboxes: PostgresUpdateInbox[] = [];
  const worker = (): PostgresUpdateInbox => {
    const inbox = PostgresUpdateInbox.open(database.url, 4);
    inboxes.push(inbox);
    return inbox;
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    const pool = createPool(database.url, 1);
    await migrate(pool);
    await pool.end();
  });
  afterEach(async () => {
    await Promise.all(inboxes.splice(0).map((inbox) => inbox.close()));
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
    await database.drop();
  });

  it("handles an update Telegram delivers twice once", async () => {
    const [a, b] = [worker(), worker()];
    const update: FakeUpdate = { update_id: 10, chat: 5 };
    expect(await a.record(10, 5, update)).toBe(true);
    expect(await b.record(10, 5, update)).toBe(false);
    const handled: number[] = [];
    await Promise.all([a.drain(5, async (u) => void handled.push((u as FakeUpdate).update_id)), b.drain(5, async (u) => void handled.push((u as FakeUpdate).update_id))]);
    expect(handled).toEqual([10]);
  });

  it("handles each chat's updates in order, one at a time, whichever worker received them", async () => {
    const workers = [worker(), worker(), worker()];
    const handled = new Map<number, number[]>();
    let busy = new Set<number>();
    let overlapped = false;
    const handle = async (raw: unknown): Promise<void> => {
      const update = raw as FakeUpdate;
      if (busy.has(update.chat)) overlapped = true;
      busy = new Set([...busy, update.chat]);
      await sleep(update.update_id % 3);
      handled.set(update.chat, [...(handled.get(update.chat) ?? []), update.update_id]);
      busy.delete(update.chat);
    };
    // As the load balancer would: update n of chat c reaches worker n % 3, which records it, then drains its chat.
    const deliveries: Array<Promise<void>> = [];
    for (let id = 1; id <= 60; id++) {
      const update = { update_id: id, chat: 100 + (id % 4) };
      const inbox = workers[id % 3]!;
      await inbox.record(id, update.chat, update);
      deliveries.push(inbox.drain(update.chat, handle));
    }
    await Promise.all(deliveries);
    expect(overlapped).toBe(false);
    for (const [chat, ids] of handled) {
      const expected = Array.from({ length: 60 }, (_, i) => i + 1).filter((id) => 100 + (id % 4) === chat);
      expect(ids).toEqual(expected);
    }
    expect([...handled.values()].flat()).toHaveLength(60);
  });

  it("hands the updates of a worker that died mid-update to another, in order", async () => {
    const a = worker();
    const b = worker();
    await a.record(1, 7, { update_id: 1, chat: 7 });
    await a.record(2, 7, { update_id: 2, chat: 7 });
    let started!: () => void;
    let finish!: () => void;
    const handling = new Promise<void>((resolve) => (started = resolve));
    const stuck = a.drain(7, () => {
      started();
      return new Promise<void>((resolve) => (finish = resolve));
    });
    await handling;
    // While a holds the chat, b cannot take it…
    expect(await b.sweep(0, async () => expect.unreachable())).toBe(1);
    // …until a's process dies: its connections are cut, and PostgreSQL frees the chat's lock with them.
    const admin = createPool(database.url, 1);
    pools.push(admin);
    // Only this test's database: other test files share the server. Termination is asynchronous, so wait until
    // the lock has gone with the connection.
    const held = "FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    await admin.query(`SELECT pg_terminate_backend(pid) ${held}`);
    for (let waited = 0; (await admin.query(`SELECT 1 ${held}`)).rows.length > 0 && waited < 10_000; waited += 50) await sleep(50);
    const handled: number[] = [];
    expect(await b.sweep(0, async (u) => void handled.push((u as FakeUpdate).update_id))).toBe(1);
    expect(handled).toEqual([1, 2]);
    // The dead worker's handler returning late changes nothing: its connection is gone.
    finish();
    await expect(stuck).rejects.toThrow();
  });
});
