import type { BotConfig } from "../config.ts";
import type { Ingestor, IngestResult } from "../ingest/pipeline.ts";
import { PostgresLinkQueue } from "../library/postgres/link-queue.ts";
import { createPool } from "../library/postgres/pool.ts";
import { PostgresRateLimits } from "../library/postgres/rate-limits.ts";
import { PostgresUpdateInbox } from "../library/postgres/update-inbox.ts";
import type { Logger } from "../logger.ts";
import type { BotDeps } from "./context.ts";

/** What a worker shares with the others through PostgreSQL, and how to let go of it. */
export interface SharedServices {
  shared: NonNullable<BotDeps["shared"]>;
  /** Webhook updates, recorded before they are acknowledged (see serveWebhook). */
  inbox: PostgresUpdateInbox;
  close(): Promise<void>;
}

/**
 * For a worker among several on one PostgreSQL library: link ingest as pg-boss jobs any worker may run, rate
 * limits counted together, and the webhook update inbox.
 */
export async function openSharedServices(url: string, ingestor: Pick<Ingestor, "ingestUrl">, config: BotConfig, logger: Logger): Promise<SharedServices> {
  const links = await PostgresLinkQueue.start<IngestResult>(url, (link) => ingestor.ingestUrl(link), { concurrency: config.INGEST_CONCURRENCY, log: logger });
  const limitsPool = createPool(url, 4);
  const inbox = PostgresUpdateInbox.open(url);
  return {
    shared: { links, limits: new PostgresRateLimits(limitsPool) },
    inbox,
    close: async () => {
      await links.stop();
      await inbox.close();
      await limitsPool.end();
    },
  };
}
