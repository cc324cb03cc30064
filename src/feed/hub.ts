import type { Caller } from '../cloudsync/types';
import { GatewayError } from '../errors';
import { FeedReader, type FeedSource } from './reader';

export interface FeedHubOptions {
  pollTimeoutMs: number;
  /** A reader re-reads the feed head when its cursor has not advanced for this long. */
  headCheckMs: number;
  /** How long an unused reader lives on, so that a quick next listing reuses its cursor. */
  idleMs: number;
}

interface Entry {
  reader: FeedReader;
  users: number;
  idle: NodeJS.Timeout | null;
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
  readonly #entries = new Map<string, Entry>();
  #closed = false;

  constructor(client: FeedSource, options: FeedHubOptions) {
    this.#client = client;
    this.#options = options;
  }

  /** Readers running now. */
  get activeReaders(): number {
    return this.#entries.size;
  }

  acquire(caller: Caller, accountId: string | null): FeedLease {
    if (this.#closed) throw shuttingDown();
    const key = `${caller.key}|${accountId ?? ''}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      const created: Entry = {
        users: 0,
        idle: null,
        reader: new FeedReader(this.#client, caller, accountId, {
          pollTimeoutMs: this.#options.pollTimeoutMs,
          headCheckMs: this.#options.headCheckMs,
          onStop: () => {
            if (created.idle) clearTimeout(created.idle);
            if (this.#entries.get(key) === created) this.#entries.delete(key);
          },
        }),
      };
      entry = created;
      this.#entries.set(key, entry);
    }
    const current = entry;
    current.users++;
    if (current.idle) {
      clearTimeout(current.idle);
      current.idle = null;
    }
    let released = false;
    return {
      reader: current.reader,
      release: () => {
        if (released) return;
        released = true;
        if (--current.users > 0 || current.reader.stopped) return;
        if (this.#options.idleMs === 0) return current.reader.stop();
        current.idle = setTimeout(() => current.reader.stop(), this.#options.idleMs);
        current.idle.unref();
      },
    };
  }

  /** Shutdown: every reader stops and tells its listeners; no reader starts any more. */
  stopAll(): void {
    this.#closed = true;
    for (const entry of [...this.#entries.values()]) entry.reader.stop(shuttingDown());
  }
}

const shuttingDown = () => new GatewayError('UPSTREAM_UNAVAILABLE', 'The gateway is shutting down');
