import type { MiddlewareFn } from "grammy";

/**
 * Counts the updates whose middleware is still running. grammY's runner stops fetching on `stop()` but does not wait
 * for updates it already handed out, so shutdown waits here before closing the library: an answer sent just before
 * the stop still has its message remembered, instead of failing on a closed database and apologising.
 */
export class UpdatesInProgress {
  private count = 0;
  private readonly idleWaiters: Array<() => void> = [];

  readonly middleware: MiddlewareFn = async (_ctx, next) => {
    this.count++;
    try {
      await next();
    } finally {
      this.count--;
      if (this.count === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  };

  /** Resolves once no update is being handled. */
  idle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
