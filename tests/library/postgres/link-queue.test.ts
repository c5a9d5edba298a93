import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { urlKey } from "../../../src/library/canonical-url.ts";
import { PostgresLinkQueue } from "../../../src/library/postgres/link-queue.ts";
import { createLogger } from "../../../src/logger.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";

describe.skipIf(!TEST_DATABASE_URL)("PostgresLinkQueue: link ingest as pg-boss jobs shared by workers", () => {
  let database: TestDatabase;
  const queues: Array<PostgresLinkQueue<{ url: string; worker: string }>> = [];

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((queue) => queue.stop()));
    await database.drop();
  });

  it("runs one link's jobs one after another and different links side by side, on any worker", async () => {
    const running = new Set<string>();
    const overlaps: string[] = [];
    let parallel = 0;
    const worker = async (name: string) => {
      const queue = await PostgresLinkQueue.start(
        database.url,
        async (url) => {
          const key = urlKey(url)!;
          if (running.has(key)) overlaps.push(key);
          running.add(key);
          parallel = Math.max(parallel, running.size);
          await sleep(300);
          running.delete(key);
          return { url, worker: name };
        },
        { concurrency: 2, log: createLogger("silent") },
      );
      queues.push(queue);
      return queue;
    };
    const [a, b] = [await worker("a"), await worker("b")];
    const results = await Promise.all([
      a.ingest("https://harbour.example/dredging"),
      b.ingest("https://harbour.example/dredging?utm_source=feed"),
      b.ingest("https://lighthouse.example/relit"),
    ]);
    expect(results.map((r) => r.url)).toEqual(["https://harbour.example/dredging", "https://harbour.example/dredging?utm_source=feed", "https://lighthouse.example/relit"]);
    expect(overlaps).toEqual([]);
    expect(parallel).toBe(2);
  });

  it("starts on a new database in several workers at once (pg-boss's queue creation alone deadlocks)", async () => {
    const log = { errors: [] as unknown[], error: (...args: unknown[]) => void log.errors.push(args) };
    const started = await Promise.all(
      ["a", "b", "c", "d"].map((name) => PostgresLinkQueue.start(database.url, async (url) => ({ url, worker: name }), { concurrency: 1, log })),
    );
    queues.push(...started);
    expect((await started[3]!.ingest("https://quay.example/gates")).url).toBe("https://quay.example/gates");
    expect(log.errors).toEqual([]);
  });
});
