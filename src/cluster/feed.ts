import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Caller, FeedMessage } from '../cloudsync/types';
import { GatewayError } from '../errors';
import type { FeedLease, FeedProvider } from '../feed/hub';
import { isNewer, oldestFirst } from '../feed/ids';
import {
  type FeedListener,
  type FeedSource,
  isRefusal,
  MIN_POLL_INTERVAL_MS,
  queueRecreated,
  retryDelay,
} from '../feed/reader';
import { ReaderLeases } from '../feed/reader-leases';
import type { Reply, Store } from './redis';
import { ACQUIRE, FEED_APPEND, FEED_RENEW, FEED_RESET, INTEREST, RELEASE } from './scripts';

export interface ClusterFeedOptions {
  replicaId: string;
  pollTimeoutMs: number;
  /** FEED_HEAD_CHECK_MS: the leader re-reads the upstream head when its cursor stalled this long. */
  headCheckMs: number;
  idleMs: number;
  /** FEED_LEASE_MS: the leader's lease; crash failover takes about this plus one check. */
  leaseMs: number;
  streamMaxLen: number;
  streamTtlMs: number;
  /** REDIS_OUTAGE_GRACE_MS: open subscriptions outlive a Redis outage this long, then end. */
  outageGraceMs: number;
  onLeadership?: (change: 1 | -1) => void;
  onLeaseLost?: (kind: string) => void;
  onGapCatchUp?: () => void;
}

/** Candidates look for a vacant lead this often. */
const ELECTION_MS = 1_000;
const INTEREST_TTL_MS = 15_000;
const INTEREST_REFRESH_MS = 5_000;
const FATAL_TTL_MS = 10_000;
const BLOCK_MS = 5_000;
const MAX_GAP_PAGES = 1_000;
/** Why the leader's held poll was cut short: a head check is due. */
const RECHECK = new Error('head check');

/** What ends the feed's subscribers after a Redis outage longer than the grace. */
export const storeOutage = (): GatewayError =>
  new GatewayError(
    'UPSTREAM_UNAVAILABLE',
    "The gateway cluster's coordination store (Redis) cannot be reached: the message feed ended; subscribe again with `after` set to the last id received",
  );

const stoppedError = () =>
  new GatewayError('UPSTREAM_UNAVAILABLE', 'The message feed reader was stopped');

interface Registration {
  listener: FeedListener;
  last: string;
  /** Live messages held back while older entries are replayed to this listener. */
  held?: FeedMessage[];
}

type EntryHandler = (entries: [id: string, p: string, m: string][]) => Promise<void> | void;

/**
 * Every stream this replica tails, read by one blocking XREAD on one connection; adding a stream
 * cuts the read short so it is read from its start position at once.
 */
class StreamTail {
  readonly #store: Store;
  readonly #streams = new Map<string, { last: string; handle: EntryHandler }>();
  #running = false;
  #abort = new AbortController();

  constructor(store: Store) {
    this.#store = store;
  }

  add(key: string, after: string, handle: EntryHandler): void {
    this.#streams.set(key, { last: after, handle });
    if (!this.#running) void this.#loop();
    else void this.#store.unblock();
  }

  remove(key: string): void {
    this.#streams.delete(key);
  }

  stop(): void {
    this.#streams.clear();
    this.#abort.abort(new Error('stopped'));
  }

  async #loop(): Promise<void> {
    this.#running = true;
    let failures = 0;
    try {
      while (this.#streams.size > 0 && !this.#abort.signal.aborted) {
        const keys = [...this.#streams.keys()];
        const ids = keys.map((key) => `${this.#streams.get(key)?.last ?? '0'}-0`);
        let reply: Reply;
        try {
          reply = await this.#store.blocking(
            ['XREAD', 'COUNT', 500, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...ids],
            this.#abort.signal,
          );
          failures = 0;
        } catch {
          if (this.#abort.signal.aborted) return;
          failures++;
          await sleep(Math.min(1_000, 50 * 2 ** failures)).catch(() => {});
          continue;
        }
        // RESP2 answers an array of [key, entries]; RESP3 a map of key to entries.
        const streams: unknown[] = Array.isArray(reply)
          ? reply
          : reply !== null && typeof reply === 'object'
            ? Object.entries(reply as Record<string, unknown>)
            : [];
        for (const stream of streams) {
          if (!Array.isArray(stream)) continue;
          const [key, rawEntries] = stream as [string, Reply[]];
          const entry = this.#streams.get(key);
          if (!entry) continue;
          const entries: [string, string, string][] = [];
          for (const raw of rawEntries) {
            const [streamId, fields] = raw as [string, string[]];
            const id = streamId.slice(0, streamId.indexOf('-'));
            let p = '0';
            let m = '';
            for (let i = 0; i + 1 < fields.length; i += 2) {
              if (fields[i] === 'p') p = fields[i + 1] as string;
              else if (fields[i] === 'm') m = fields[i + 1] as string;
            }
            entries.push([id, p, m]);
          }
          const newest = entries.at(-1);
          if (newest) entry.last = newest[0];
          try {
            await entry.handle(entries);
          } catch {
            // A reader's fault is its own.
          }
        }
      }
    } finally {
      this.#running = false;
      if (this.#streams.size > 0 && !this.#abort.signal.aborted) void this.#loop();
    }
  }
}

/**
 * One (token, account) on this replica: a candidate for the cluster-wide upstream poller while it
 * has local users, and a tailer of the shared stream that fans messages out to its listeners.
 */
class ClusterFeedReader {
  readonly #store: Store;
  readonly #tail: StreamTail;
  readonly #source: FeedSource;
  readonly #caller: Caller;
  readonly #accountId: string | null;
  readonly #options: ClusterFeedOptions;
  readonly #keys: {
    int: string;
    lead: string;
    cur: string;
    /** The upstream queue's generation: it goes up when the queue is recreated (ids restart). */
    gen: string;
    /** Set by a replica whose listing gave up: the leader re-reads the head. */
    chk: string;
    fatal: string;
    fence: string;
  };
  readonly #base: (suffix: string) => string;
  readonly #listeners = new Set<Registration>();
  readonly #abort = new AbortController();
  readonly #onStop: () => void;
  #stopped = false;
  #fatal: GatewayError | null = null;
  /** The newest id delivered here (the tail position); null until the tail starts. */
  #last: string | null = null;
  /** The generation this replica tails; null until the tail starts. */
  #gen: string | null = null;
  #starting: Promise<string> | null = null;
  #started = false;
  #timers: NodeJS.Timeout[] = [];
  #healing = false;
  /** This replica's lead lease value while it leads. */
  #lead: string | null = null;
  #leadAbort: AbortController | null = null;
  /** While this replica leads: asks its loop for a head check at once. */
  #recheckHere: (() => void) | null = null;

  constructor(
    store: Store,
    tail: StreamTail,
    source: FeedSource,
    caller: Caller,
    accountId: string | null,
    options: ClusterFeedOptions,
    onStop: () => void,
  ) {
    this.#store = store;
    this.#tail = tail;
    this.#source = source;
    this.#caller = { authorization: caller.authorization, key: caller.key, upstreamCalls: 0 };
    this.#accountId = accountId;
    this.#options = options;
    this.#onStop = onStop;
    const base = (suffix: string) => store.key(`{${caller.key}}`, 'f', accountId ?? '-', suffix);
    this.#base = base;
    this.#keys = {
      int: base('int'),
      lead: base('lead'),
      cur: base('cur'),
      gen: base('gen'),
      chk: base('chk'),
      fatal: base('fatal'),
      fence: store.key(`{${caller.key}}`, 'fence'),
    };
    void this.#interest();
    this.#timers.push(setInterval(() => void this.#interest(), INTEREST_REFRESH_MS));
    this.#timers.push(setInterval(() => void this.#elect(), ELECTION_MS));
    this.#timers.push(setInterval(() => void this.#healFromCursor(), ELECTION_MS));
    for (const timer of this.#timers) timer.unref();
    void this.#elect();
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  get leading(): boolean {
    return this.#lead !== null;
  }

  /** The shared cursor: the last id appended to the stream (waits for a leader's first head). */
  cursor(): Promise<string> {
    if (this.#stopped) return Promise.reject(this.#fatal ?? stoppedError());
    if (this.#started) return this.#current();
    // Whoever waited for the start gets the position the tail starts from (a single process's
    // reader gives its waiters the head it read): the cursor may have moved on meanwhile.
    this.#starting ??= this.#start().then((start) => {
      this.#started = true;
      return start;
    });
    this.#starting.catch(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  /** The stream of one generation of the upstream queue. */
  #log(gen: string): string {
    return this.#base(`log:${gen}`);
  }

  /** The shared cursor and its generation; a newer generation re-bases this replica's tail first. */
  async #current(): Promise<string> {
    for (let i = 0; ; i++) {
      if (this.#stopped) throw this.#fatal ?? stoppedError();
      const [cur, fatal, gen] = (await this.#store.command([
        'MGET',
        this.#keys.cur,
        this.#keys.fatal,
        this.#keys.gen,
      ])) as (string | null)[];
      if (fatal) throw this.#refused(fatal);
      if (cur) {
        const generation = gen ?? '0';
        // Only the tail's first start goes back to the first head; a running tail's cursor is
        // where the feed is now (an older one could hand a listing an answer from before its call).
        const first = i > 0 && this.#gen === null;
        const start = first ? await this.#headSince(generation, cur) : cur;
        this.#follow(generation, start);
        return start;
      }
      if (i === 0) void this.#elect();
      // No leader has read the head yet: one is being elected (perhaps this replica).
      if (i > (this.#options.leaseMs + 2 * ELECTION_MS) / 50) {
        throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The message feed could not be read');
      }
      await sleep(50, undefined, { signal: this.#abort.signal }).catch(() => {});
    }
  }

  /**
   * The cursor appeared while this replica waited for a leader's first head: every entry in the
   * stream came after that head, so the start is the oldest entry's previous id (its `p`), as a
   * single process's subscribers start from the head its reader read, not from wherever the feed
   * got to by the time they looked.
   */
  async #headSince(gen: string, cur: string): Promise<string> {
    const [oldest] = (await this.#store.command([
      'XRANGE',
      this.#log(gen),
      '-',
      '+',
      'COUNT',
      1,
    ])) as [string, string[]][];
    const fields = oldest?.[1] ?? [];
    const p = fields[fields.indexOf('p') + 1];
    return p !== undefined && fields.includes('p') && isNewer(cur, p) ? p : cur;
  }

  /** Starts tailing from the shared cursor. */
  #start(): Promise<string> {
    return this.#current();
  }

  /**
   * Starts the tail at the shared cursor of generation `gen`, or moves it to another generation's
   * stream: a re-base when the shared cursor went below this tail (the upstream queue was
   * recreated); otherwise Redis lost its keys and a new leader started over from the upstream
   * head, and the tail goes on from where it is (the `p` check fills what it missed).
   */
  #follow(gen: string, cursor: string): void {
    if (this.#gen === gen) return;
    const last = this.#last;
    if (this.#gen === null || last === null) {
      this.#gen = gen;
      this.#last = cursor;
      this.#tail.add(this.#log(gen), cursor, (entries) => this.#deliver(gen, entries));
    } else if (isNewer(last, cursor)) {
      this.#rebase(gen);
    } else {
      this.#tail.remove(this.#log(this.#gen));
      this.#gen = gen;
      this.#tail.add(this.#log(gen), last, (entries) => this.#deliver(gen, entries));
    }
  }

  /**
   * The upstream queue was recreated and the leader started a new generation: this replica tails
   * its stream from the start, and every listener is re-based the way the single-process reader
   * does it (FeedListener.reset): listings go on with the new ids, a feed subscriber that resumes
   * by id ends itself.
   */
  #rebase(gen: string): void {
    if (this.#gen !== null) this.#tail.remove(this.#log(this.#gen));
    this.#gen = gen;
    this.#last = '0';
    const error = queueRecreated();
    for (const registration of [...this.#listeners]) {
      registration.last = '0';
      registration.held = undefined;
      try {
        registration.listener.reset?.(error);
      } catch {
        // A listener's fault is its own.
      }
    }
    this.#tail.add(this.#log(gen), '0', (entries) => this.#deliver(gen, entries));
  }

  listen(listener: FeedListener, after: string): () => void {
    const fatal = this.#fatal;
    if (fatal) {
      queueMicrotask(() => listener.fatal(fatal));
      return () => {};
    }
    const registration: Registration = { listener, last: after };
    this.#listeners.add(registration);
    // Older than this tail's position (a listing joining another replica's call): the entries in
    // between are replayed from the stream first, live ones held back meanwhile.
    if (this.#gen !== null && this.#last !== null && isNewer(this.#last, after))
      void this.#replay(registration, this.#gen, this.#last);
    return () => {
      this.#listeners.delete(registration);
    };
  }

  async #replay(registration: Registration, gen: string, upTo: string): Promise<void> {
    registration.held = [];
    try {
      const entries = (await this.#store.command([
        'XRANGE',
        this.#log(gen),
        `(${registration.last}-0`,
        `${upTo}-0`,
        'COUNT',
        10_000,
      ])) as [string, string[]][];
      for (const [, fields] of entries) {
        // Re-based meanwhile (the queue was recreated): these ids are void.
        if (this.#gen !== gen) return;
        const m = fields[fields.indexOf('m') + 1];
        if (!m) continue;
        try {
          this.#give(registration, JSON.parse(m) as FeedMessage);
        } catch {
          // not a message
        }
      }
    } catch {
      // Redis unreachable: the live entries still come.
    } finally {
      const held = registration.held ?? [];
      registration.held = undefined;
      for (const message of held) this.#give(registration, message);
    }
  }

  #give(registration: Registration, message: FeedMessage): void {
    if (!this.#listeners.has(registration) || !isNewer(message.id, registration.last)) return;
    registration.last = message.id;
    try {
      registration.listener.message(message);
    } catch {
      // A listener's fault is its own.
    }
  }

  async page(last: string, signal: AbortSignal): Promise<FeedMessage[]> {
    const messages = await this.#source.messages(this.#caller, this.#accountId, last, {
      signal,
      deadlineMs: this.#options.pollTimeoutMs,
    });
    return oldestFirst(messages);
  }

  /**
   * A listing here gave up waiting: the leader, wherever it runs, re-reads the upstream head (it
   * takes the request with its next lease renewal, or at once when it is this replica).
   */
  checkHead(): void {
    if (this.#stopped) return;
    if (this.#recheckHere) {
      this.#recheckHere();
      return;
    }
    void this.#store
      .command(['SET', this.#keys.chk, '1', 'PX', this.#options.leaseMs * 2])
      .catch(() => {});
  }

  stop(reason?: GatewayError): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#fatal = reason ?? null;
    this.#abort.abort(new Error('stopped'));
    for (const timer of this.#timers) clearInterval(timer);
    if (this.#gen !== null) this.#tail.remove(this.#log(this.#gen));
    void this.#stepDown();
    void this.#store.run(INTEREST, [this.#keys.int], [this.#options.replicaId, 0]).catch(() => {});
    this.#onStop();
    if (reason) {
      const listeners = [...this.#listeners];
      this.#listeners.clear();
      for (const { listener } of listeners) listener.fatal(reason);
    }
  }

  /** Delivers a batch of stream entries in order; a gap (`p` past the tail) is read from upstream. */
  async #deliver(gen: string, entries: [string, string, string][]): Promise<void> {
    for (const [id, p, m] of entries) {
      if (this.#stopped || this.#gen !== gen) return;
      const last = this.#last ?? '0';
      if (!isNewer(id, last)) continue;
      if (isNewer(p, last)) await this.#fillGap(gen, last, p);
      if (this.#gen !== gen) return;
      let message: FeedMessage;
      try {
        message = JSON.parse(m) as FeedMessage;
      } catch {
        continue;
      }
      this.#emit(message);
    }
  }

  /**
   * A shared cursor past this tail with no entry to come (Redis lost its data and a new leader
   * started from the upstream head): the ids in between are read from the upstream. Each source
   * delivers in order from its own start and #emit skips what was given, so nothing repeats.
   */
  async #healFromCursor(): Promise<void> {
    const last = this.#last;
    const gen = this.#gen;
    if (this.#stopped || last === null || gen === null || this.#healing) return;
    this.#healing = true;
    try {
      const [cur, shared] = (await this.#store.command([
        'MGET',
        this.#keys.cur,
        this.#keys.gen,
      ])) as (string | null)[];
      if (cur && this.#gen === gen && (shared ?? '0') !== gen) {
        this.#follow(shared ?? '0', cur);
      } else if (cur && this.#last === last && isNewer(cur, last)) {
        // Entries for these ids may still be on their way: give the tail one more turn.
        await sleep(ELECTION_MS, undefined, { signal: this.#abort.signal });
        if (this.#last === last) await this.#fillGap(gen, last, cur);
      }
    } catch {
      // Redis unreachable, or stopped: the next turn tries again.
    } finally {
      this.#healing = false;
    }
  }

  async #fillGap(gen: string, from: string, to: string): Promise<void> {
    this.#options.onGapCatchUp?.();
    let last = from;
    for (let page = 0; page < MAX_GAP_PAGES && isNewer(to, last); page++) {
      let messages: FeedMessage[];
      try {
        messages = await this.page(last, this.#abort.signal);
      } catch {
        return;
      }
      if (this.#gen !== gen) return;
      const before = last;
      for (const message of messages) {
        if (isNewer(message.id, to)) break;
        this.#emit(message);
        if (isNewer(message.id, last)) last = message.id;
      }
      if (last === before) return;
    }
  }

  #emit(message: FeedMessage): void {
    if (this.#last !== null && !isNewer(message.id, this.#last)) return;
    this.#last = message.id;
    for (const registration of [...this.#listeners]) {
      if (registration.held) registration.held.push(message);
      else this.#give(registration, message);
    }
  }

  #refused(code: string): GatewayError {
    return new GatewayError(
      (code || 'UNAUTHENTICATED') as GatewayError['code'],
      'Cloud Sync refused this token for the message feed',
    );
  }

  async #interest(): Promise<void> {
    if (this.#stopped) return;
    await this.#store
      .run(INTEREST, [this.#keys.int], [this.#options.replicaId, INTEREST_TTL_MS])
      .catch(() => {});
  }

  /** Runs for the lead when it is vacant; checks for a refusal another leader recorded. */
  async #elect(): Promise<void> {
    if (this.#stopped || this.#lead !== null) return;
    try {
      const fatal = await this.#store.command(['GET', this.#keys.fatal]);
      if (typeof fatal === 'string' && fatal) {
        this.stop(this.#refused(fatal));
        return;
      }
      const won = (await this.#store.run(
        ACQUIRE,
        [this.#keys.lead, this.#keys.fence],
        [this.#options.replicaId, randomBytes(6).toString('hex'), this.#options.leaseMs],
      )) as Reply[];
      if (Number(won[0]) !== 1 || this.#stopped || this.#lead !== null) {
        if (Number(won[0]) === 1) {
          await this.#store.run(RELEASE, [this.#keys.lead], [String(won[1])]).catch(() => {});
        }
        return;
      }
      this.#lead = String(won[1]);
    } catch {
      return;
    }
    this.#options.onLeadership?.(1);
    void this.#leadLoop(this.#lead);
  }

  async #stepDown(): Promise<void> {
    const value = this.#lead;
    if (value === null) return;
    this.#lead = null;
    this.#leadAbort?.abort(new Error('stepping down'));
    this.#options.onLeadership?.(-1);
    // The poll is aborted first: then the lead is released for another replica.
    await this.#store.run(RELEASE, [this.#keys.lead], [value]).catch(() => {});
  }

  /**
   * The cluster's one upstream poller for this (token, account), while this replica leads. It
   * paces itself as the single-process reader does: progress is "the cursor advanced"; when the
   * cursor stalled for `headCheckMs`, or a listing on any replica gave up (`chk`), the head is read
   * again, and a head below the cursor (the queue was recreated) starts a new generation.
   */
  async #leadLoop(value: string): Promise<void> {
    const abort = new AbortController();
    this.#leadAbort = abort;
    const ttl = this.#options.streamTtlMs;
    let gen = '0';
    let recheck = false;
    let poll: AbortController | null = null;
    const requestCheck = () => {
      recheck = true;
      poll?.abort(RECHECK);
    };
    this.#recheckHere = requestCheck;
    let renewed = performance.now();
    const renew = setInterval(
      () => {
        void this.#store
          .run(
            FEED_RENEW,
            [this.#keys.lead, this.#keys.cur, this.#log(gen), this.#keys.gen, this.#keys.chk],
            [value, this.#options.leaseMs, ttl],
          )
          .then((reply) => {
            const [ok, asked] = reply as number[];
            if (Number(ok) !== 1) return this.#lost();
            renewed = performance.now();
            if (Number(asked) === 1) requestCheck();
          })
          .catch(() => {
            // Redis unreachable: stop polling before another replica may lead.
            if (performance.now() - renewed > this.#options.leaseMs - ELECTION_MS) this.#lost();
          });
      },
      Math.max(100, Math.floor(this.#options.leaseMs / 3)),
    );
    renew.unref();
    const head = async (): Promise<string> => {
      const [init] = await this.#source.messages(this.#caller, this.#accountId, null, {
        signal: abort.signal,
      });
      if (!init) throw new GatewayError('UPSTREAM_UNAVAILABLE', 'No message feed head');
      return init.id;
    };
    try {
      const [shared, sharedGen] = (await this.#store.command([
        'MGET',
        this.#keys.cur,
        this.#keys.gen,
      ])) as (string | null)[];
      gen = sharedGen ?? '0';
      let cursor = shared;
      if (!cursor) {
        try {
          cursor = await head();
        } catch (error) {
          // A refusal of the head read ends the feed for every replica's users, as one of a poll.
          if (await this.#refusal(error)) return;
          throw error;
        }
        await this.#store.command(['SET', this.#keys.cur, cursor, 'PX', ttl, 'NX']);
        cursor = ((await this.#store.command(['GET', this.#keys.cur])) as string | null) ?? cursor;
      }
      let checked = performance.now();
      let failures = 0;
      while (!abort.signal.aborted && this.#lead === value) {
        const started = performance.now();
        let messages: FeedMessage[];
        try {
          if (recheck || started - checked >= this.#options.headCheckMs) {
            recheck = false;
            const now = await head();
            checked = performance.now();
            if (isNewer(cursor, now)) {
              const next = await this.#store.run(
                FEED_RESET,
                [this.#keys.lead, this.#keys.cur, this.#keys.gen],
                [value, ttl],
              );
              if (Number(next) === -1) return this.#lost();
              gen = String(next);
              cursor = '0';
              continue;
            }
          }
          poll = new AbortController();
          const stop = () => poll?.abort(abort.signal.reason);
          abort.signal.addEventListener('abort', stop, { once: true });
          try {
            messages = oldestFirst(
              await this.#source.messages(this.#caller, this.#accountId, cursor, {
                signal: poll.signal,
                deadlineMs: this.#options.pollTimeoutMs,
              }),
            );
          } finally {
            abort.signal.removeEventListener('abort', stop);
            poll = null;
          }
          failures = 0;
        } catch (error) {
          if (abort.signal.aborted) return;
          if (error === RECHECK) continue;
          if (await this.#refusal(error)) return;
          failures++;
          // As one process's reader: doubling, and never sooner than the upstream's Retry-After.
          await sleep(retryDelay(error, failures), undefined, {
            signal: abort.signal,
          }).catch(() => {});
          continue;
        }
        const fresh = messages.filter((message) => isNewer(message.id, cursor as string));
        if (fresh.length > 0) {
          const args: (string | number)[] = [value, ttl, this.#options.streamMaxLen];
          for (const message of fresh) args.push(message.id, JSON.stringify(message));
          const appended = await this.#store.run(
            FEED_APPEND,
            [this.#keys.lead, this.#log(gen), this.#keys.cur, this.#keys.gen],
            args,
          );
          if (Number(appended) === -1) return this.#lost();
          cursor = String(appended);
          checked = performance.now();
          continue;
        }
        const early = MIN_POLL_INTERVAL_MS - (performance.now() - started);
        if (early > 0) await sleep(early, undefined, { signal: abort.signal }).catch(() => {});
      }
    } catch {
      // Redis or the init call failed: give the lead up; a candidate (perhaps this one) retries.
      if (this.#lead === value) await this.#stepDown();
    } finally {
      clearInterval(renew);
      if (this.#recheckHere === requestCheck) this.#recheckHere = null;
    }
  }

  /**
   * An upstream refusal (not a transient fault) of this token's feed: recorded for the other
   * replicas' candidates and waiters, and this reader ends with it. False for any other error.
   */
  async #refusal(error: unknown): Promise<boolean> {
    if (!isRefusal(error)) return false;
    await this.#store
      .command(['SET', this.#keys.fatal, error.code, 'PX', FATAL_TTL_MS])
      .catch(() => {});
    this.stop(error);
    return true;
  }

  #lost(): void {
    if (this.#lead === null) return;
    this.#options.onLeaseLost?.('feed');
    void this.#stepDown();
  }
}

/**
 * The cluster's feed readers: per (token, account), one upstream poller over all replicas (a leader
 * by lease among the replicas that serve a user with that token), a Redis Stream of its messages,
 * and one tail per replica fanning them out to local listeners.
 */
export class ClusterFeedHub implements FeedProvider {
  readonly #store: Store;
  readonly #source: FeedSource;
  readonly #options: ClusterFeedOptions;
  readonly #tail: StreamTail;
  readonly #leases: ReaderLeases<ClusterFeedReader>;

  readonly #unwatch: () => void;
  #outage: NodeJS.Timeout | undefined;

  constructor(store: Store, source: FeedSource, options: ClusterFeedOptions) {
    this.#store = store;
    this.#source = source;
    this.#options = options;
    this.#tail = new StreamTail(store);
    this.#leases = new ReaderLeases(options.idleMs);
    // Open subscriptions ride out a short outage (their tail resumes where it was); past the grace
    // every reader ends, telling its subscribers to resume with `after`.
    this.#unwatch = store.onHealth((up) => {
      clearTimeout(this.#outage);
      this.#outage = undefined;
      if (up) return;
      this.#outage = setTimeout(() => {
        this.#outage = undefined;
        for (const reader of this.#leases.readers()) reader.stop(storeOutage());
      }, options.outageGraceMs);
      this.#outage.unref();
    });
  }

  /** Upstream pollers on this replica (leaderships). */
  get activeReaders(): number {
    return this.#leases.readers().filter((reader) => reader.leading).length;
  }

  /** Tails (token, account) on this replica. */
  get tails(): number {
    return this.#leases.size;
  }

  acquire(caller: Caller, accountId: string | null): FeedLease {
    return this.#leases.acquire(
      `${caller.key}|${accountId ?? ''}`,
      (onStop) =>
        new ClusterFeedReader(
          this.#store,
          this.#tail,
          this.#source,
          caller,
          accountId,
          this.#options,
          onStop,
        ),
    );
  }

  stopAll(): void {
    this.#unwatch();
    clearTimeout(this.#outage);
    this.#leases.stopAll();
    this.#tail.stop();
  }
}
