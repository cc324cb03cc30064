import { GatewayError } from '../errors';
import { KeyedCounter } from '../util/keyed-counter';

/**
 * Open subscriptions, counted per caller (token hash) to cap them, and kept so that a shutdown
 * can end every stream cleanly instead of cutting it.
 */
export class SubscriptionRegistry {
  readonly #maxPerToken: number;
  readonly #perToken = new KeyedCounter();
  readonly #open = new Set<() => void>();

  constructor(maxPerToken: number) {
    this.#maxPerToken = maxPerToken;
  }

  get active(): number {
    return this.#open.size;
  }

  /** Throws RATE_LIMITED when the caller has no room for one more subscription. */
  assertRoom(callerKey: string): void {
    if (this.#perToken.get(callerKey) >= this.#maxPerToken) {
      throw new GatewayError(
        'RATE_LIMITED',
        `Too many open subscriptions for this caller (at most ${this.#maxPerToken})`,
      );
    }
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
