import { GatewayError } from '../errors';
import { KeyedCounter } from '../util/keyed-counter';

/**
 * Counts a token's subscriptions over every replica (src/cluster/caps.ts): the seam of cluster
 * mode. Without one, the count of this process is the count.
 */
export interface TokenCounter {
  /** Takes a place under the token; `admitted: false` when it is at its cap (nothing taken). */
  take(callerKey: string): Promise<{ admitted: boolean; release(): void }>;
}

/**
 * Open subscriptions, counted per caller (token hash) to cap them, and kept so that a shutdown
 * can end every stream cleanly instead of cutting it.
 */
export class SubscriptionRegistry {
  readonly #maxPerToken: number;
  readonly #perToken = new KeyedCounter();
  readonly #open = new Set<() => void>();
  readonly #counter: TokenCounter | undefined;

  constructor(maxPerToken: number, counter?: TokenCounter) {
    this.#maxPerToken = maxPerToken;
    this.#counter = counter;
  }

  get active(): number {
    return this.#open.size;
  }

  /** Cluster mode: every subscription must take its place over the cluster (`admit`). */
  get countsOverCluster(): boolean {
    return this.#counter !== undefined;
  }

  /** Throws RATE_LIMITED when the caller has no room for one more subscription. */
  assertRoom(callerKey: string): void {
    if (this.#perToken.get(callerKey) >= this.#maxPerToken) throw this.#full();
  }

  #full(): GatewayError {
    return new GatewayError(
      'RATE_LIMITED',
      `Too many open subscriptions for this caller (at most ${this.#maxPerToken})`,
    );
  }

  /**
   * Cluster mode: takes the subscription's place over the cluster; resolves with its release, or
   * rejects with RATE_LIMITED. null in single-process mode (the local count is the count).
   */
  admit(callerKey: string): Promise<() => void> | null {
    if (!this.#counter) return null;
    return this.#counter.take(callerKey).then(({ admitted, release }) => {
      if (!admitted) throw this.#full();
      return release;
    });
  }

  /** Registers a running subscription; `end` stops it. Returns the function that unregisters it. */
  open(callerKey: string, end: () => void): () => void {
    this.assertRoom(callerKey);
    const countOff = this.#perToken.acquire(callerKey);
    this.#open.add(end);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.#open.delete(end);
      countOff();
    };
  }

  /** Ends every open subscription (its stream completes). */
  endAll(): void {
    for (const end of [...this.#open]) end();
  }
}
