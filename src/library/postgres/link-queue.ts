import { setTimeout as sleep } from "node:timers/promises";
import type { Pool } from "pg";
import PgBoss from "pg-boss";
import type { Logger } from "../../logger.ts";
import { urlKey } from "../canonical-url.ts";
import type { LinkQueue } from "../link-queue.ts";
import { createPool } from "./pool.ts";

const QUEUE = "ingest-link";
/** Advisory lock class of the per-link locks (the other half is a hash of the link's key). */
const LINK_LOCK_CLASS = 7432;
/** Advisory lock class under which a worker creates the queue. */
const QUEUE_SETUP_LOCK_CLASS = 7433;
/** A fetch is bounded by FETCH_TIMEOUT_MS (15 s by default); a job running far longer belongs to a dead worker. */
const EXPIRE_SECONDS = 120;
const RETRIES = 2;
const POLL_MS = 200;

interface LinkJob {
  url: string;
}

export class LinkJobFailed extends Error {
  override name = "LinkJobFailed";
}

/**
 * Link ingest as jobs in PostgreSQL with pg-boss, shared by every worker: any worker may fetch a link any other
 * was sent, and a job whose worker died is retried by another once it expires. The same link sent to two
 * workers at once is fetched once: jobs for one link take that link's advisory lock, so the second runs after
 * the first has stored the article and finds it stored.
 */
export class PostgresLinkQueue<T extends object> implements LinkQueue<T> {
  private constructor(
    private readonly boss: PgBoss,
    private readonly locks: Pool,
  ) {}

  /** Starts pg-boss (creating its schema on first use) and this worker's share of the jobs, `concurrency` at a time. */
  static async start<T extends object>(
    url: string,
    run: (url: string) => Promise<T>,
    options: { concurrency: number; log: Pick<Logger, "error"> },
  ): Promise<PostgresLinkQueue<T>> {
    const { concurrency, log } = options;
    const boss = new PgBoss({ connectionString: url, max: 4, schema: "pgboss" });
    // pg-boss reports what goes wrong in its background work (polling, maintenance) here, and carries on.
    boss.on("error", (error) => log.error({ err: error }, "link queue error"));
    await boss.start();
    const locks = createPool(url, concurrency);
    // pg-boss's createQueue deadlocks with itself when workers start together on a new database: one at a time.
    const setup = await locks.connect();
    try {
      await setup.query("SELECT pg_advisory_lock($1, 0)", [QUEUE_SETUP_LOCK_CLASS]);
      try {
        await boss.createQueue(QUEUE, { name: QUEUE, policy: "standard", retryLimit: RETRIES, expireInSeconds: EXPIRE_SECONDS });
      } finally {
        await setup.query("SELECT pg_advisory_unlock($1, 0)", [QUEUE_SETUP_LOCK_CLASS]);
      }
    } finally {
      setup.release();
    }
    const queue = new PostgresLinkQueue<T>(boss, locks);
    for (let i = 0; i < concurrency; i++) {
      await boss.work<LinkJob>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => queue.exclusively(job!.data.url, () => run(job!.data.url)));
    }
    return queue;
  }

  /** Runs `work` holding the link's lock, on a connection of its own that goes (and frees the lock) with a dead worker. */
  private async exclusively<R>(url: string, work: () => Promise<R>): Promise<R> {
    const key = urlKey(url) ?? url;
    const client = await this.locks.connect();
    try {
      await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [LINK_LOCK_CLASS, key]);
      try {
        return await work();
      } finally {
        await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LINK_LOCK_CLASS, key]);
      }
    } finally {
      client.release();
    }
  }

  async ingest(url: string): Promise<T> {
    const id = await this.boss.send(QUEUE, { url } satisfies LinkJob, { retryLimit: RETRIES, expireInSeconds: EXPIRE_SECONDS });
    if (id === null) throw new LinkJobFailed(`the link queue did not take ${url}`);
    for (;;) {
      const job = await this.boss.getJobById<LinkJob>(QUEUE, id, { includeArchive: true });
      if (job?.state === "completed") return job.output as T;
      if (!job || job.state === "failed" || job.state === "cancelled") {
        throw new LinkJobFailed(`the job fetching ${url} ${job ? job.state : "disappeared"}`, { cause: job?.output });
      }
      await sleep(POLL_MS);
    }
  }

  /** Stops taking jobs, waits for those running, and disconnects. */
  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    await this.locks.end();
  }
}
