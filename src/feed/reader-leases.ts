import { GatewayError } from '../errors';

/** What the leases need of a reader: whether it stopped, and a way to stop it. */
export interface LeasedReader {
  readonly stopped: boolean;
  stop(reason?: GatewayError): void;
}

interface Entry<R> {
  reader: R;
  users: number;
  idle: NodeJS.Timeout | null;
}

/**
 * Readers by key (token hash and account), each started by its first user and stopped `idleMs`
 * after its last user left, so that a quick next user reuses it. Shared by the process's feed hub
 * and the cluster's.
 */
export class ReaderLeases<R extends LeasedReader> {
  readonly #idleMs: number;
  readonly #entries = new Map<string, Entry<R>>();
  #closed = false;

  constructor(idleMs: number) {
    this.#idleMs = idleMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The readers alive now. */
  readers(): R[] {
    return [...this.#entries.values()].map((entry) => entry.reader);
  }

  /**
   * A lease on the key's reader, created with `create` when there is none; `create` gets the
   * callback its reader calls when it stops (the entry is then forgotten).
   */
  acquire(key: string, create: (onStop: () => void) => R): { reader: R; release(): void } {
    if (this.#closed) throw shuttingDown();
    let entry = this.#entries.get(key);
    if (!entry) {
      const created: Entry<R> = {
        users: 0,
        idle: null,
        reader: create(() => {
          if (created.idle) clearTimeout(created.idle);
          if (this.#entries.get(key) === created) this.#entries.delete(key);
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
        if (this.#idleMs === 0) return current.reader.stop();
        current.idle = setTimeout(() => current.reader.stop(), this.#idleMs);
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

export const shuttingDown = () =>
  new GatewayError('UPSTREAM_UNAVAILABLE', 'The gateway is shutting down');
