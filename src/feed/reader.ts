import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudSyncClient } from '../cloudsync/client';
import type { Caller, FeedMessage } from '../cloudsync/types';
import { GatewayError } from '../errors';
import { exponentialBackoff } from '../util/backoff';
import { isNewer, oldestFirst } from './ids';

export interface FeedListener {
  /** Called once per message newer than the listener's start, oldest first. */
  message(message: FeedMessage): void;
  /** The reader cannot go on for this caller (the token was refused): nothing more will come. */
  fatal(error: GatewayError): void;
  /**
   * The upstream queue was recreated (its head went below the cursor, ids restart lower). The
   * listener is re-based with the reader and goes on with every message of the new queue; one that
   * cannot follow ids that went down (a subscriber that resumes by id) ends itself here.
   */
  reset?(error: GatewayError): void;
}

interface Registration {
  listener: FeedListener;
  /** The newest id this listener has been given (or starts after). */
  last: string;
}

/** Where the reader reads from: the Cloud Sync client, or a fake in unit tests. */
export type FeedSource = Pick<CloudSyncClient, 'messages'>;

export interface FeedReaderOptions {
  pollTimeoutMs: number;
  /** Re-reads the head (the init call) when the cursor has not advanced for this long. */
  headCheckMs: number;
  onStop?: () => void;
  /** Abortable wait (rejects when the signal fires); injected by unit tests. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Milliseconds, monotonic; injected by unit tests. */
  now?: () => number;
}

/** Failures worth another try; any other answer (401, 403, 400, 404) ends the reader. */
const TRANSIENT = new Set(['UPSTREAM_UNAVAILABLE', 'RATE_LIMITED']);
/** An answer that ends a feed poller (a refused token, a bad request), not a fault to retry. */
export const isRefusal = (error: unknown): error is GatewayError =>
  error instanceof GatewayError && !TRANSIENT.has(error.code);
/** A poll that did not advance the cursor is followed by the next one no sooner than this. */
export const MIN_POLL_INTERVAL_MS = 500;
const MAX_RETRY_AFTER_MS = 60_000;
/** Backoff after a failed poll: doubling from the first to the second bound. */
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5_000;
/** Why a held poll was cut short by checkHead(). */
const RECHECK = new Error('head check');

/** The error a listener that cannot follow a recreated queue is ended with. */
export const queueRecreated = (): GatewayError =>
  new GatewayError(
    'UPSTREAM_UNAVAILABLE',
    'The Cloud Sync message queue was recreated and its message ids restarted lower: ids from before ' +
      'are void. Subscribe again without `after` (or with `after: "0"` to read the new queue from its start)',
    { feedReset: true },
  );

const badHead = () =>
  new GatewayError(
    'UPSTREAM_UNAVAILABLE',
    'Cloud Sync sent a message feed head that is not a message id',
  );

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const defaultWait = (ms: number, signal: AbortSignal): Promise<void> =>
  sleep(ms, undefined, { signal });

/**
 * One caller's message feed: at most one long poll of `messages/client?last=<cursor>` at a time,
 * shared by every listener of that caller. The cursor is taken from the init call and survives
 * transient faults, so no message is lost or given twice.
 *
 * Progress is "the cursor advanced", not "a page came back": a poll that did not advance it is
 * followed by the next one only after a pause, and when the cursor has not advanced for
 * `headCheckMs` (or a listing gave up waiting: `checkHead()`), the head is read again. A head below
 * the cursor means the upstream queue was recreated: the reader re-reads the new queue from its
 * start, and its listeners are re-based (or end themselves, see FeedListener.reset).
 */
export class FeedReader {
  readonly #source: FeedSource;
  readonly #caller: Caller;
  readonly #accountId: string | null;
  readonly #options: FeedReaderOptions;
  readonly #wait: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #listeners = new Set<Registration>();
  readonly #abort = new AbortController();
  #cursor: string | null = null;
  #ready: Promise<string> | null = null;
  #stopped = false;
  /** Why the reader cannot go on (a refused token, a shutdown): told to whoever comes later too. */
  #fatal: GatewayError | null = null;
  /** The last poll failed (and is being retried): the feed cannot be read right now. */
  #failure: GatewayError | null = null;
  /** When the cursor last advanced or the head was last read. */
  #checked = 0;
  #recheck = false;
  /** The poll held now, cut short by checkHead(). */
  #poll: AbortController | null = null;

  constructor(
    source: FeedSource,
    caller: Caller,
    accountId: string | null,
    options: FeedReaderOptions,
  ) {
    this.#source = source;
    // A reader outlives the request that started it: it gets its own copy of the credentials.
    this.#caller = { authorization: caller.authorization, key: caller.key, upstreamCalls: 0 };
    this.#accountId = accountId;
    this.#options = options;
    this.#wait = options.wait ?? defaultWait;
    this.#now = options.now ?? (() => performance.now());
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  /**
   * The current cursor once the reader knows it (starting the reader on first use). A listener
   * added with this cursor sees every message that arrives on the queue after this moment. Fails at
   * once when the feed cannot be read now (its head cannot be read, or its polls are failing).
   */
  cursor(): Promise<string> {
    if (this.#stopped) return Promise.reject(this.#fatal ?? this.#stopError());
    if (this.#failure) return Promise.reject(this.#failure);
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

  /**
   * One page of messages after `last`, oldest first, for a listener catching up from an older id:
   * a long poll like the reader's own (held while nothing is newer).
   */
  async page(last: string, signal: AbortSignal): Promise<FeedMessage[]> {
    const messages = await this.#source.messages(this.#caller, this.#accountId, last, {
      signal,
      deadlineMs: this.#options.pollTimeoutMs,
    });
    return oldestFirst(messages);
  }

  /** Reads the head again before the next poll, cutting the poll held now short (a listing gave up). */
  checkHead(): void {
    if (this.#stopped || this.#cursor === null) return;
    this.#recheck = true;
    this.#poll?.abort(RECHECK);
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

  /**
   * The first head read, tried once (the HTTP layer already retried what is safe to retry): when it
   * fails, whoever waits is told at once and the reader ends, so a later request starts afresh
   * rather than this one retrying in the background something that may never succeed.
   */
  async #start(): Promise<string> {
    try {
      const head = await this.#head();
      if (head === null) throw badHead();
      this.#cursor = head;
      this.#checked = this.#now();
      void this.#loop();
      return head;
    } catch (error) {
      if (this.#stopped) throw this.#fatal ?? this.#stopError();
      const reason =
        error instanceof GatewayError
          ? error
          : new GatewayError('UPSTREAM_UNAVAILABLE', 'The message feed could not be read');
      this.stop(reason);
      throw reason;
    }
  }

  /**
   * The queue head: the id of the init message (the call without `last`); null when the answer
   * holds none (messages whose id is not a decimal number are dropped when parsed).
   */
  async #head(): Promise<string | null> {
    const [init] = await this.#source.messages(this.#caller, this.#accountId, null, {
      signal: this.#abort.signal,
    });
    return init?.id ?? null;
  }

  async #loop(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      try {
        if (this.#recheck || this.#now() - this.#checked >= this.#options.headCheckMs) {
          this.#recheck = false;
          await this.#checkHead();
        }
        const started = this.#now();
        const before = this.#cursor;
        const messages = await this.#pollOnce();
        failures = 0;
        this.#failure = null;
        this.#deliver(messages);
        if (this.#cursor !== before) {
          this.#checked = this.#now();
          // What the messages settled (a listing's answer, its response) runs first; the next
          // poll goes out on the next turn of the event loop, from the cursor just taken.
          await yieldTurn();
          continue;
        }
        // Nothing new (an empty page, or only old messages): never polled in a spin.
        const early = MIN_POLL_INTERVAL_MS - (this.#now() - started);
        if (early > 0) await this.#wait(early, this.#abort.signal).catch(() => {});
      } catch (error) {
        if (this.#stopped) return;
        if (error === RECHECK) continue;
        failures++;
        this.#failure =
          error instanceof GatewayError
            ? error
            : new GatewayError('UPSTREAM_UNAVAILABLE', 'The message feed could not be read');
        try {
          await this.#recover(error, failures);
        } catch {
          return;
        }
      }
    }
  }

  /** One long poll from the cursor, cut short by stop() or checkHead(). */
  async #pollOnce(): Promise<FeedMessage[]> {
    const poll = new AbortController();
    const onStop = () => poll.abort(this.#abort.signal.reason);
    this.#abort.signal.addEventListener('abort', onStop, { once: true });
    this.#poll = poll;
    try {
      return await this.#source.messages(this.#caller, this.#accountId, this.#cursor, {
        signal: poll.signal,
        deadlineMs: this.#options.pollTimeoutMs,
      });
    } finally {
      this.#poll = null;
      this.#abort.signal.removeEventListener('abort', onStop);
    }
  }

  async #checkHead(): Promise<void> {
    const head = await this.#head();
    if (head === null) {
      // A head that is not an id will not become one: the reader ends rather than retry forever.
      const error = badHead();
      this.stop(error);
      throw error;
    }
    this.#checked = this.#now();
    if (this.#cursor !== null && isNewer(this.#cursor, head)) this.#rebase();
  }

  /**
   * The queue was recreated: every message now on it came after that, so the reader reads it from
   * its start ("0"), and every listener goes on from there (or ends itself, see FeedListener.reset).
   */
  #rebase(): void {
    this.#cursor = '0';
    const error = queueRecreated();
    for (const registration of [...this.#listeners]) {
      registration.last = '0';
      try {
        registration.listener.reset?.(error);
      } catch {
        // A listener's fault is its own.
      }
    }
  }

  #deliver(messages: FeedMessage[]): void {
    for (const message of oldestFirst(messages)) {
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
    if (isRefusal(error)) {
      this.stop(error);
      throw error;
    }
    const delay = retryDelay(error, failures);
    try {
      await this.#wait(delay, this.#abort.signal);
    } catch {
      throw this.#stopError();
    }
  }

  #stopError(): GatewayError {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'The message feed reader was stopped');
  }
}

/**
 * How long a feed poller waits after its `failures`-th failure in a row: doubling with jitter, and
 * never less than the upstream's Retry-After.
 */
export function retryDelay(error: unknown, failures: number): number {
  const retryAfter =
    error instanceof GatewayError && typeof error.extensions.retryAfterSeconds === 'number'
      ? Math.min(error.extensions.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS)
      : 0;
  return exponentialBackoff(failures, {
    firstMs: RETRY_MIN_MS,
    maxMs: RETRY_MAX_MS,
    floorMs: retryAfter,
    jitter: 0.25,
  });
}
