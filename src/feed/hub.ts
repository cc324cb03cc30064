import type { Caller } from '../cloudsync/types';
import { FeedReader, type FeedSource } from './reader';
import { ReaderLeases } from './reader-leases';

export interface FeedHubOptions {
  pollTimeoutMs: number;
  /** A reader re-reads the feed head when its cursor has not advanced for this long. */
  headCheckMs: number;
  /** How long an unused reader lives on, so that a quick next listing reuses its cursor. */
  idleMs: number;
}

/** What a lease holder may do with a reader (FeedReader, or the cluster's stream tailer). */
export type FeedReaderSurface = Pick<
  FeedReader,
  'cursor' | 'listen' | 'page' | 'checkHead' | 'stopped'
>;

/** A lease on a caller's reader; give it back with `release()` (once). */
export interface FeedLease {
  readonly reader: FeedReaderSurface;
  release(): void;
}

/**
 * The gateway's feed readers: this process's (`FeedHub`), or the cluster's (src/cluster/feed.ts:
 * one upstream poller per token and account over all replicas). Seam of cluster mode.
 */
export interface FeedProvider {
  /** Upstream pollers running in this process. */
  readonly activeReaders: number;
  acquire(caller: Caller, accountId: string | null): FeedLease;
  /** Shutdown: every reader stops and tells its listeners. */
  stopAll(): void;
}

/**
 * The registry of feed readers: one per (exact token, account), started by its first user and
 * stopped `idleMs` after its last user left.
 */
export class FeedHub implements FeedProvider {
  readonly #client: FeedSource;
  readonly #options: FeedHubOptions;
  readonly #leases: ReaderLeases<FeedReader>;

  constructor(client: FeedSource, options: FeedHubOptions) {
    this.#client = client;
    this.#options = options;
    this.#leases = new ReaderLeases(options.idleMs);
  }

  /** Readers running now. */
  get activeReaders(): number {
    return this.#leases.size;
  }

  acquire(caller: Caller, accountId: string | null): FeedLease {
    return this.#leases.acquire(
      `${caller.key}|${accountId ?? ''}`,
      (onStop) =>
        new FeedReader(this.#client, caller, accountId, {
          pollTimeoutMs: this.#options.pollTimeoutMs,
          headCheckMs: this.#options.headCheckMs,
          onStop,
        }),
    );
  }

  /** Shutdown: every reader stops and tells its listeners; no reader starts any more. */
  stopAll(): void {
    this.#leases.stopAll();
  }
}
