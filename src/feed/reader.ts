import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudSyncClient } from '../cloudsync/client';
import type { Caller, FeedMessage } from '../cloudsync/types';
import { GatewayError } from '../errors';
import { isNewer } from './ids';

export interface FeedListener {
  /** Called once per message newer than the listener's start, oldest first. */
  message(message: FeedMessage): void;
  /** The reader cannot go on for this caller (the token was refused): nothing more will come. */
  fatal(error: GatewayError): void;
}

interface Registration {
  listener: FeedListener;
  /** The newest id this listener has been given (or starts after). */
  last: string;
}

export interface FeedReaderOptions {
  pollTimeoutMs: number;
  onStop?: () => void;
}

/** Failures worth another try; any other answer (401, 403, 400, 404) ends the reader. */
const TRANSIENT = new Set(['UPSTREAM_UNAVAILABLE', 'RATE_LIMITED']);
const MIN_POLL_INTERVAL_MS = 500;
const MAX_RETRY_AFTER_MS = 60_000;
/** Backoff after a failed poll: doubling from the first to the second bound. */
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;

/**
 * One caller's message feed: at most one long poll of `messages/client?last=<cursor>` at a time,
 * shared by every listener of that caller. The cursor is taken from the init call, only moves
 * forward, and survives transient faults, so no message is lost or given twice.
 */
export class FeedReader {
  readonly #client: CloudSyncClient;
  readonly #caller: Caller;
  readonly #accountId: string | null;
  readonly #options: FeedReaderOptions;
  readonly #listeners = new Set<Registration>();
  readonly #abort = new AbortController();
  #cursor: string | null = null;
  #ready: Promise<string> | null = null;
  #stopped = false;
  /** Why the reader cannot go on (a refused token, a shutdown): told to whoever comes later too. */
  #fatal: GatewayError | null = null;

  constructor(
    client: CloudSyncClient,
    caller: Caller,
    accountId: string | null,
    options: FeedReaderOptions,
  ) {
    this.#client = client;
    // A reader outlives the request that started it: it gets its own copy of the credentials.
    this.#caller = { authorization: caller.authorization, key: caller.key, upstreamCalls: 0 };
    this.#accountId = accountId;
    this.#options = options;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * The current cursor once the reader knows it (starting the reader on first use). A listener
   * added with this cursor sees every message that arrives on the queue after this moment.
   */
  cursor(): Promise<string> {
    if (this.#stopped) return Promise.reject(this.#fatal ?? this.#stopError());
    if (this.#cursor !== null) return Promise.resolve(this.#cursor);
    this.#ready ??= this.#start();
    return this.#ready;
  }

  /** Adds a listener given every message with an id greater than `after`. */
  listen(listener: FeedListener, after: string): () => void {
    const fatal = this.#fatal;
    if (fatal) {
      queueMicrotask(() => listener.fatal(fatal));
      return () => {};
    }
    const registration: Registration = { listener, last: after };
    this.#listeners.add(registration);
    return () => {
      this.#listeners.delete(registration);
    };
  }

  /** Stops polling at once; with a reason, every listener is told it (and any that comes later). */
  stop(reason?: GatewayError): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#fatal = reason ?? null;
    this.#abort.abort(new Error('feed reader stopped'));
    this.#options.onStop?.();
    if (reason) {
      const listeners = [...this.#listeners];
      this.#listeners.clear();
      for (const { listener } of listeners) listener.fatal(reason);
    }
  }

  async #start(): Promise<string> {
    let failures = 0;
    for (;;) {
      try {
        const [init] = await this.#client.messages(this.#caller, this.#accountId, null, {
          signal: this.#abort.signal,
        });
        if (!init) throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The feed sent no head message');
        this.#cursor = init.id;
        void this.#loop();
        return init.id;
      } catch (error) {
        await this.#recover(error, ++failures);
      }
    }
  }

  async #loop(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      try {
        const started = performance.now();
        const messages = await this.#client.messages(this.#caller, this.#accountId, this.#cursor, {
          signal: this.#abort.signal,
          deadlineMs: this.#options.pollTimeoutMs,
        });
        failures = 0;
        this.#deliver(messages);
        // An upstream that answers `[]` at once instead of holding the poll is not polled in a spin.
        const early = MIN_POLL_INTERVAL_MS - (performance.now() - started);
        if (messages.length === 0 && early > 0) {
          await sleep(early, undefined, { signal: this.#abort.signal }).catch(() => {});
        }
      } catch (error) {
        try {
          await this.#recover(error, ++failures);
        } catch {
          return;
        }
      }
    }
  }

  #deliver(messages: FeedMessage[]): void {
    const ordered = messages.length > 1 ? [...messages].sort(byId) : messages;
    for (const message of ordered) {
      if (this.#cursor !== null && !isNewer(message.id, this.#cursor)) continue;
      this.#cursor = message.id;
      for (const registration of [...this.#listeners]) {
        if (!this.#listeners.has(registration) || !isNewer(message.id, registration.last)) continue;
        registration.last = message.id;
        try {
          registration.listener.message(message);
        } catch {
          // A listener's fault is its own; the others still get the message.
        }
      }
    }
  }

  /** After a failed call: gives up on a refusal, else waits (abortably) to try again. */
  async #recover(error: unknown, failures: number): Promise<void> {
    if (this.#stopped) throw this.#fatal ?? this.#stopError();
    if (error instanceof GatewayError && !TRANSIENT.has(error.code)) {
      this.stop(error);
      throw error;
    }
    const retryAfter =
      error instanceof GatewayError && typeof error.extensions.retryAfterSeconds === 'number'
        ? Math.min(error.extensions.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS)
        : 0;
    const delay = Math.max(retryAfter, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (failures - 1)));
    try {
      await sleep(delay * (0.75 + Math.random() / 4), undefined, { signal: this.#abort.signal });
    } catch {
      throw this.#stopError();
    }
  }

  #stopError(): GatewayError {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'The message feed reader was stopped');
  }
}

function byId(a: FeedMessage, b: FeedMessage): number {
  return a.id === b.id ? 0 : isNewer(a.id, b.id) ? 1 : -1;
}
