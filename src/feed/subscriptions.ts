import { GatewayError } from '../errors';

/**
 * Open subscriptions, counted per caller (token hash) to cap them, and kept so that a shutdown
 * can end every stream cleanly instead of cutting it.
 */
export class SubscriptionRegistry {
  readonly #maxPerToken: number;
  readonly #perToken = new Map<string, number>();
  readonly #open = new Set<() => void>();

  constructor(maxPerToken: number) {
    this.#maxPerToken = maxPerToken;
  }

  get active(): number {
    return this.#open.size;
  }

  /** Throws RATE_LIMITED when the caller has no room for one more subscription. */
  assertRoom(callerKey: string): void {
    if ((this.#perToken.get(callerKey) ?? 0) >= this.#maxPerToken) {
      throw new GatewayError(
        'RATE_LIMITED',
        `Too many open subscriptions for this caller (at most ${this.#maxPerToken})`,
      );
    }
  }

  /** Registers a running subscription; `end` stops it. Returns the function that unregisters it. */
  open(callerKey: string, end: () => void): () => void {
    this.assertRoom(callerKey);
    this.#perToken.set(callerKey, (this.#perToken.get(callerKey) ?? 0) + 1);
    this.#open.add(end);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.#open.delete(end);
      const left = (this.#perToken.get(callerKey) ?? 1) - 1;
      if (left > 0) this.#perToken.set(callerKey, left);
      else this.#perToken.delete(callerKey);
    };
  }

  /** Ends every open subscription (its stream completes). */
  endAll(): void {
    for (const end of [...this.#open]) end();
  }
}
