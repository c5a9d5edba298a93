/**
 * Links to fetch and store, shared by every bot worker (PostgreSQL). A worker alone keeps its links in memory
 * (the bot's IngestQueue) and needs none of this.
 */
export interface LinkQueue<T> {
  /** Queues the link and resolves with its outcome once some worker has fetched and stored it. */
  ingest(url: string): Promise<T>;
  /** Stops taking links, waits for those running, and disconnects. */
  stop(): Promise<void>;
}
