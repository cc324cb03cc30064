import type { TokenCounter } from '../feed/subscriptions';
import type { Store } from './redis';
import { CAP_REFRESH, CAP_TAKE } from './scripts';

export interface ClusterCapsOptions {
  replicaId: string;
  /** MAX_SUBSCRIPTIONS_PER_TOKEN, counted over the cluster. */
  maxPerToken: number;
  /** A member not refreshed for this long (its replica died) stops counting. */
  ttlMs: number;
}

/**
 * MAX_SUBSCRIPTIONS_PER_TOKEN over the cluster (design/cluster.md §4): one zset per token hash,
 * a member per open subscription (`<replicaId>:<n>`) scored with its expiry on the Redis clock.
 * Each replica refreshes its own members every third of the TTL, so a dead replica's members stop
 * counting within one TTL, and members lost with Redis's data come back at the next refresh.
 * While Redis cannot be reached the cap is this replica's own (the local count still holds):
 * subscriptions that need no Redis (relationship progress) keep working.
 */
export class ClusterCaps implements TokenCounter {
  readonly #store: Store;
  readonly #options: ClusterCapsOptions;
  /** Live members by token hash. */
  readonly #members = new Map<string, Set<string>>();
  readonly #refresh: NodeJS.Timeout;
  #next = 0;

  constructor(store: Store, options: ClusterCapsOptions) {
    this.#store = store;
    this.#options = options;
    this.#refresh = setInterval(() => void this.refresh(), Math.max(100, options.ttlMs / 3));
    this.#refresh.unref();
  }

  #key(callerKey: string): string {
    return this.#store.key(`{${callerKey}}`, 'cap', 's');
  }

  async take(callerKey: string): Promise<{ admitted: boolean; release(): void }> {
    const member = `${this.#options.replicaId}:${++this.#next}`;
    let admitted = true;
    try {
      admitted =
        Number(
          await this.#store.run(
            CAP_TAKE,
            [this.#key(callerKey)],
            [member, this.#options.maxPerToken, this.#options.ttlMs],
          ),
        ) === 1;
    } catch {
      // Redis unreachable: counted here only; the refresh adds the member once Redis is back.
    }
    if (!admitted) return { admitted, release() {} };
    let members = this.#members.get(callerKey);
    if (!members) {
      members = new Set();
      this.#members.set(callerKey, members);
    }
    members.add(member);
    let released = false;
    return {
      admitted,
      release: () => {
        if (released) return;
        released = true;
        const live = this.#members.get(callerKey);
        live?.delete(member);
        if (live?.size === 0) this.#members.delete(callerKey);
        void this.#store.command(['ZREM', this.#key(callerKey), member]).catch(() => {});
      },
    };
  }

  /** Refreshes every live member of this replica (one script per token). */
  async refresh(): Promise<void> {
    await Promise.allSettled(
      [...this.#members].map(([callerKey, members]) =>
        this.#store.run(CAP_REFRESH, [this.#key(callerKey)], [this.#options.ttlMs, ...members]),
      ),
    );
  }

  /** Shutdown: this replica's members stop counting at once. */
  async stop(): Promise<void> {
    clearInterval(this.#refresh);
    await Promise.allSettled(
      [...this.#members].map(([callerKey, members]) =>
        this.#store.command(['ZREM', this.#key(callerKey), ...members]),
      ),
    );
    this.#members.clear();
  }
}
