export interface RateDecision {
  allowed: boolean;
  /** True for the first refusal since this key was last allowed: say so once, then stay quiet. */
  firstRefusal: boolean;
}

/** Requests per key (a user) in a sliding minute, kept where every worker sees them (PostgreSQL). */
export interface RateLimitStore {
  /** Counts a request of this kind ("question", "link") by `key`, unless it already made `perMinute` of them in the last minute. */
  take(kind: string, key: number, perMinute: number): Promise<RateDecision>;
}
