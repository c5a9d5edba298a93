export class QueueFull extends Error {
  override name = "QueueFull";
}

/**
 * Runs ingest jobs at most `concurrency` at a time, shared by all chats, with at most `maxWaiting` queued:
 * a flood of forwarded links waits its turn instead of opening hundreds of connections, and beyond the
 * bound people are told to try later rather than the queue growing without limit.
 */
export class IngestQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting = 200,
  ) {}

  get size(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new QueueFull(`ingest queue full (${this.maxWaiting} waiting)`);
      // The finishing job hands its slot over, so `running` never drops while jobs wait.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.running--;
        if (this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      }
    }
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
