export interface BackoffOptions {
  /** The wait after the first failure. */
  firstMs: number;
  /** The longest wait before jitter (default: no bound). */
  maxMs?: number;
  /** The shortest wait before jitter, e.g. a server's Retry-After (default 0). */
  floorMs?: number;
  /** The share of the wait taken off at random: 0.5 waits from half to all of it. */
  jitter: number;
}

/**
 * The wait before retry number `attempt` (1 for the first retry): doubling from `firstMs`, bounded
 * by `maxMs` and `floorMs`, then shortened by up to `jitter` of itself so that many clients that
 * failed together do not come back together.
 */
export function exponentialBackoff(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const doubled = options.firstMs * 2 ** (attempt - 1);
  const bounded = Math.max(options.floorMs ?? 0, Math.min(options.maxMs ?? Infinity, doubled));
  return bounded * (1 - options.jitter + random() * options.jitter);
}
