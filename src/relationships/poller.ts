import type { RelationshipStatus, UpstreamRelationship } from '../cloudsync/relationship-types';
import { TERMINAL_STATUSES } from '../cloudsync/relationship-types';
import type { Caller } from '../cloudsync/types';
import { GatewayError } from '../errors';
import { EventQueue } from '../util/event-queue';
import type { RelationshipListSource } from './changes';
import type { PollerClock, TimerHandle } from './clock';
import { systemClock } from './clock';
import type { ListConsumer, ListMembership } from './lists';
import { RelationshipLists } from './lists';

/**
 * One shared adaptive poller per (token hash, account, relationship): however many subscribers watch
 * a relationship with the same token, one GET per interval serves them all. Events are sent on change
 * only (a digest of the activity); the interval adapts to the run (design §1.6); a terminal status
 * ends every subscriber that has seen its run; faults end or back off as the feed reader does.
 * When one (token, account) watches coalesceMin (3) or more relationships, or has a relationshipChanges
 * subscriber, its pollers stop polling by themselves and one list GET per interval feeds them (lists.ts).
 */

/** The upstream calls a poller makes: the GET of one relationship, and the list when it coalesces. */
export interface RelationshipSource {
  getRelationship(
    caller: Caller,
    accountId: string,
    id: string,
    options: { signal?: AbortSignal },
  ): Promise<UpstreamRelationship>;
  /** Without it, the pollers never coalesce. */
  listRelationships?: RelationshipListSource['listRelationships'];
}

export interface PollerSettings {
  /** A subscriber waits for the run it requested (startedAfter). Default 1000. */
  waitingMs: number;
  /** PENDING. Default 5000. */
  pendingMs: number;
  /** RUNNING and changed within the last 3 polls (RELATIONSHIP_POLL_RUNNING_MS). Default 2000. */
  runningMs: number;
  /** RUNNING and unchanged: doubles per unchanged poll up to this. Default 15000. */
  runningMaxMs: number;
  /** continuousSync, or a non-terminal status the gateway does not know. Default 30000. */
  slowMs: number;
  /** Never two polls closer than this. Default 1000. */
  minIntervalMs: number;
  /** Kept this long after the last subscriber leaves or the final event (FEED_IDLE_MS). Default 1000. */
  idleMs: number;
  /** Distinct relationships one token may watch at once (MAX_WATCHED_RELATIONSHIPS_PER_TOKEN). Default 50. */
  maxWatchedPerToken: number;
  /** 5xx/reset/timeout in a row before the subscribers end with UPSTREAM_UNAVAILABLE. Default 5. */
  maxFailures: number;
  /** Backoff after failures: 2 s, 4 s, … up to this. Default 30000. */
  failureBackoffMaxMs: number;
  /** Retry-After of a 429 is honoured up to this. Default 60000. */
  retryAfterMaxMs: number;
  /** Clock skew allowed when judging whether a run started after startedAfter. Default 5000. */
  startSkewMs: number;
  /** Relationships one (token, account) watches from which one list GET feeds them all. Default 3. */
  coalesceMin: number;
}

export const DEFAULT_POLLER_SETTINGS: PollerSettings = {
  waitingMs: 1_000,
  pendingMs: 5_000,
  runningMs: 2_000,
  runningMaxMs: 15_000,
  slowMs: 30_000,
  minIntervalMs: 1_000,
  idleMs: 1_000,
  maxWatchedPerToken: 50,
  maxFailures: 5,
  failureBackoffMaxMs: 30_000,
  retryAfterMaxMs: 60_000,
  startSkewMs: 5_000,
  coalesceMin: 3,
};

export interface ProgressEvent {
  relationship: UpstreamRelationship;
  /** The run ended (DONE, FAILED, ABORTED): the stream completes after this event. */
  final: boolean;
  observedAt: Date;
}

export interface WatchOptions {
  caller: Pick<Caller, 'authorization' | 'key'>;
  accountId: string;
  id: string;
  /** Epoch ms: snapshots of a run that ended before (startedAfter − skew) are not this run. */
  startedAfter?: number | null;
  /** How long to wait for the requested run to show (with startedAfter). Default 60. */
  waitSeconds?: number;
  /** Ends the watch (the client left). */
  signal?: AbortSignal;
}

/**
 * What a poller watches, and how it reads it: the same rules (sharing, emit on change, adaptive
 * interval, startedAfter, faults, caps) serve relationships and reports.
 */
export interface PollKind<T, E extends { final: boolean }> {
  fetch(
    caller: Caller,
    accountId: string,
    id: string,
    options: { signal?: AbortSignal },
  ): Promise<T>;
  status(value: T): RelationshipStatus;
  startTime(value: T): Date | null;
  /** Never terminal on its own (continuousSync): polled at the slow interval. */
  continuous(value: T): boolean;
  /** What decides "changed". */
  digest(value: T): string;
  event(value: T, final: boolean, observedAt: Date): E;
  /** The message of the NOT_FOUND that ends the watchers when it is gone. */
  notFoundMessage: string;
  /** Names the watched things in the RATE_LIMITED message ("relationships"). */
  plural: string;
  /**
   * Coalescing (relationships only): the account's list, and the watched id's row in one list answer
   * (undefined: gone). Without it, every poller polls by id.
   */
  list?: {
    source: RelationshipListSource;
    pick(rows: UpstreamRelationship[], id: string): T | undefined;
  };
}

export type PollOutcome = 'ok' | 'unchanged' | 'error' | 'rate_limited' | 'refused' | 'not_found';

export interface PollerMetrics {
  pollerStarted?(): void;
  pollerStopped?(): void;
  poll?(outcome: PollOutcome): void;
}

/** One subscriber: a queue of events read by an async iterator; a final event ends it. */
class Subscriber<E extends { final: boolean }> extends EventQueue<E> {
  accepted: boolean;
  seenDigest: string | null = null;

  constructor(
    readonly startedAfter: number | null,
    readonly deadline: number,
    private readonly onLeave: (subscriber: Subscriber<E>) => void,
  ) {
    super();
    this.accepted = startedAfter === null;
  }

  push(event: E): void {
    this.enqueue(event);
    if (event.final) this.end();
  }

  protected override left(): void {
    this.onLeave(this);
  }
}

/** What decides "changed": the whole parsed activity (status, progress, counters, times, errors). */
export const activityDigest = (rel: UpstreamRelationship): string => JSON.stringify(rel.activity);

class Poller<T, E extends { final: boolean }> implements ListConsumer {
  readonly kind = 'relationship';
  readonly subscribers = new Set<Subscriber<E>>();
  /** Its place in the account's list poller while it has subscribers (null when the kind has no list). */
  private membership: ListMembership | null = null;
  /** The list feeds it: it does not poll by itself. */
  private fed = false;
  private snapshot: T | null = null;
  private digest: string | null = null;
  private unchangedPolls = 0;
  private failures = 0;
  private timer: TimerHandle | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private inFlight: AbortController | null = null;
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private idleTimer: TimerHandle | null = null;
  stopped = false;

  constructor(
    readonly key: string,
    readonly tokenKey: string,
    private readonly caller: Caller,
    readonly accountId: string,
    readonly id: string,
    private readonly registry: SnapshotPollers<T, E>,
  ) {}

  private get settings(): PollerSettings {
    return this.registry.settings;
  }

  private get clock(): PollerClock {
    return this.registry.clock;
  }

  add(subscriber: Subscriber<E>): void {
    this.idleTimer?.cancel();
    this.idleTimer = null;
    this.subscribers.add(subscriber);
    if (!this.membership && !this.stopped) {
      this.membership = this.registry.lists?.join(this.caller, this.accountId, this) ?? null;
    }
    if (this.snapshot) this.deliver(subscriber, this.snapshot, this.clock.now());
    if (subscriber.done) return;
    if (this.inFlight) return;
    // A newcomer needs a fresh answer soon: now if never polled, else at the floor or the current plan.
    this.schedule(this.snapshot ? this.interval() : 0);
  }

  remove(subscriber: Subscriber<E>): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) this.goIdle();
  }

  /** A mutation through the gateway: poll as soon as the floor allows. */
  nudge(): void {
    if (this.stopped || this.subscribers.size === 0 || this.inFlight) return;
    this.schedule(0);
  }

  private leaveList(): void {
    const membership = this.membership;
    this.membership = null;
    this.fed = false;
    membership?.leave();
  }

  private goIdle(): void {
    this.leaveList();
    this.cancelTimer();
    this.inFlight?.abort(new Error('no subscribers'));
    this.inFlight = null;
    this.idleTimer?.cancel();
    this.idleTimer = this.clock.setTimer(() => this.stop(), this.settings.idleMs);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.leaveList();
    this.cancelTimer();
    this.idleTimer?.cancel();
    this.inFlight?.abort(new Error('stopped'));
    this.inFlight = null;
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    this.registry.forget(this);
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  /** @internal The list poller of the account feeds this poller (true) or no longer does (false). */
  coalesced(on: boolean): void {
    if (this.fed === on) return;
    this.fed = on;
    if (on) {
      this.cancelTimer(); // a GET already in flight still delivers
      return;
    }
    if (this.stopped || this.subscribers.size === 0 || this.inFlight) return;
    this.schedule(this.snapshot ? this.interval() : 0);
  }

  /** @internal One list answer: this poller's row, or NOT_FOUND when the list lacks it. */
  feed(rows: UpstreamRelationship[]): void {
    if (this.stopped || this.subscribers.size === 0) return;
    this.lastPollAt = this.clock.now();
    const row = this.registry.kind.list?.pick(rows, this.id);
    if (row === undefined) {
      this.endAll(new GatewayError('NOT_FOUND', this.registry.kind.notFoundMessage));
      return;
    }
    this.onSnapshot(row, false);
  }

  /** @internal The list failed for good: as if this poller's own GET had. */
  fail(error: GatewayError): void {
    if (this.stopped) return;
    if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN') {
      this.registry.refuse(
        this.tokenKey,
        error.code === 'FORBIDDEN' ? this.accountId : null,
        error,
      );
      return;
    }
    this.endAll(error);
  }

  /** @internal In how many ms this poller wants the next list: now when it has nothing yet. */
  wantedMs(): number {
    return this.snapshot ? this.interval() : 0;
  }

  /** Polls after `ms` (never closer than the floor to the last poll), unless one is due sooner. */
  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.fed) {
      this.membership?.request(ms);
      return;
    }
    const now = this.clock.now();
    const at = Math.max(now + ms, this.lastPollAt + this.settings.minIntervalMs);
    if (this.timer && this.timerAt <= at) return;
    this.cancelTimer();
    this.timerAt = at;
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      this.timerAt = Number.POSITIVE_INFINITY;
      void this.poll();
    }, at - now);
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.fed || this.subscribers.size === 0 || this.inFlight) return;
    const controller = new AbortController();
    this.inFlight = controller;
    this.lastPollAt = this.clock.now();
    let result: T | undefined;
    let failure: unknown;
    try {
      result = await this.registry.kind.fetch(this.caller, this.accountId, this.id, {
        signal: controller.signal,
      });
    } catch (error) {
      failure = error;
    }
    if (this.inFlight !== controller) return; // went idle or stopped meanwhile
    this.inFlight = null;
    if (result !== undefined) this.onSnapshot(result, true);
    else this.onFailure(failure);
  }

  /** A snapshot from this poller's own GET (counted in the metrics) or from the list (counted there). */
  private onSnapshot(rel: T, own: boolean): void {
    this.failures = 0;
    const digest = this.registry.kind.digest(rel);
    const changed = digest !== this.digest;
    this.unchangedPolls = changed ? 0 : this.unchangedPolls + 1;
    this.digest = digest;
    this.snapshot = rel;
    if (own) this.registry.metrics.poll?.(changed ? 'ok' : 'unchanged');
    const now = this.clock.now();
    for (const subscriber of [...this.subscribers]) this.deliver(subscriber, rel, now);
    if (this.subscribers.size === 0) return;
    this.schedule(this.interval());
  }

  /** Sends the snapshot to one subscriber if it is news to it, and ends it on a final event. */
  private deliver(subscriber: Subscriber<E>, rel: T, now: number): void {
    if (subscriber.done) return;
    const kind = this.registry.kind;
    const terminal = TERMINAL_STATUSES.has(kind.status(rel));
    if (!subscriber.accepted) {
      const start = kind.startTime(rel)?.getTime() ?? null;
      const after = (subscriber.startedAfter ?? 0) - this.settings.startSkewMs;
      const stale = terminal && (start === null || start < after);
      if (stale) {
        if (now >= subscriber.deadline) {
          subscriber.end(
            new GatewayError(
              'SYNC_NOT_STARTED',
              'The requested sync did not start within waitSeconds',
            ),
          );
          this.subscribers.delete(subscriber);
          if (this.subscribers.size === 0) this.goIdle();
        }
        return;
      }
      subscriber.accepted = true;
    }
    const digest = kind.digest(rel);
    if (digest === subscriber.seenDigest) return;
    subscriber.seenDigest = digest;
    subscriber.push(kind.event(rel, terminal, new Date(now)));
    if (terminal) {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.goIdle();
    }
  }

  /** The next interval: the shortest any subscriber needs. */
  private interval(): number {
    const s = this.settings;
    const rel = this.snapshot;
    let wanted = Number.POSITIVE_INFINITY;
    for (const subscriber of this.subscribers) {
      if (!subscriber.accepted) wanted = Math.min(wanted, s.waitingMs);
    }
    if (rel !== null) {
      const status = this.registry.kind.status(rel);
      if (status === 'PENDING') wanted = Math.min(wanted, s.pendingMs);
      else if (status === 'RUNNING' && this.registry.kind.continuous(rel)) {
        wanted = Math.min(wanted, s.slowMs);
      } else if (status === 'RUNNING') {
        const grown =
          this.unchangedPolls < 3
            ? s.runningMs
            : Math.min(s.runningMaxMs, s.runningMs * 2 ** (this.unchangedPolls - 2));
        wanted = Math.min(wanted, grown);
      } else if (status === 'UNKNOWN') wanted = Math.min(wanted, s.slowMs);
    }
    // Terminal with subscribers left means they wait for a new run: waitingMs covered it.
    return Number.isFinite(wanted) ? wanted : s.slowMs;
  }

  private onFailure(error: unknown): void {
    const code = error instanceof GatewayError ? error.code : 'UPSTREAM_UNAVAILABLE';
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      this.registry.metrics.poll?.('refused');
      // A 401 refuses the token everywhere; a 403 only this account (the token may serve others).
      this.registry.refuse(
        this.tokenKey,
        code === 'FORBIDDEN' ? this.accountId : null,
        error as GatewayError,
      );
      return;
    }
    if (code === 'NOT_FOUND') {
      this.registry.metrics.poll?.('not_found');
      this.endAll(new GatewayError('NOT_FOUND', this.registry.kind.notFoundMessage));
      return;
    }
    if (code === 'RATE_LIMITED') {
      this.registry.metrics.poll?.('rate_limited');
      const seconds = (error as GatewayError).extensions.retryAfterSeconds;
      const ms = typeof seconds === 'number' ? seconds * 1000 : this.settings.runningMs;
      this.schedule(Math.min(ms, this.settings.retryAfterMaxMs));
      return;
    }
    this.registry.metrics.poll?.('error');
    this.failures += 1;
    if (this.failures >= this.settings.maxFailures) {
      this.endAll(new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync is unavailable'));
      return;
    }
    this.schedule(Math.min(this.settings.failureBackoffMaxMs, 1_000 * 2 ** this.failures));
  }

  endAll(error: GatewayError): void {
    for (const subscriber of this.subscribers) subscriber.end(error);
    this.subscribers.clear();
    this.stop();
  }
}

/** Every poller of one kind in the process, keyed by (token hash, account, id). */
export class SnapshotPollers<T, E extends { final: boolean }> {
  readonly settings: PollerSettings;
  readonly clock: PollerClock;
  readonly metrics: PollerMetrics;
  /** The list pollers that coalesce (null when the kind has no list). */
  readonly lists: RelationshipLists | null;
  private readonly pollers = new Map<string, Poller<T, E>>();
  /** Tokens upstream refused (401/403): never polled again. Bounded: oldest forgotten first. */
  private readonly refused = new Map<string, GatewayError>();

  constructor(
    readonly kind: PollKind<T, E>,
    options: {
      settings?: Partial<PollerSettings>;
      clock?: PollerClock;
      metrics?: PollerMetrics;
    } = {},
  ) {
    this.settings = { ...DEFAULT_POLLER_SETTINGS, ...options.settings };
    this.clock = options.clock ?? systemClock;
    this.metrics = options.metrics ?? {};
    this.lists = kind.list
      ? new RelationshipLists(kind.list.source, this.settings, this.clock, this.metrics)
      : null;
  }

  /**
   * Watches one relationship: the current snapshot first, then every change, until a final event
   * (completes) or an error (thrown by the iterator). Throws RATE_LIMITED at once when the token
   * already watches maxWatchedPerToken relationships, and the token's refusal when upstream refused it.
   */
  watch(options: WatchOptions): AsyncIterableIterator<E> {
    const tokenKey = options.caller.key;
    const refusal =
      this.refused.get(refusalKey(tokenKey, null)) ??
      this.refused.get(refusalKey(tokenKey, options.accountId));
    if (refusal) throw new GatewayError(refusal.code, refusal.message);
    const key = JSON.stringify([tokenKey, options.accountId, options.id]);
    let poller = this.pollers.get(key);
    if (!poller || poller.stopped) {
      if (this.watchedBy(tokenKey) >= this.settings.maxWatchedPerToken) {
        throw new GatewayError(
          'RATE_LIMITED',
          `At most ${this.settings.maxWatchedPerToken} ${this.kind.plural} can be watched at once with one token`,
        );
      }
      const caller: Caller = {
        authorization: options.caller.authorization,
        key: tokenKey,
        upstreamCalls: 0,
      };
      poller = new Poller(key, tokenKey, caller, options.accountId, options.id, this);
      this.pollers.set(key, poller);
      this.metrics.pollerStarted?.();
    }
    const owner = poller;
    const now = this.clock.now();
    const waitMs = Math.min(600, Math.max(1, options.waitSeconds ?? 60)) * 1000;
    const subscriber = new Subscriber<E>(options.startedAfter ?? null, now + waitMs, (leaving) =>
      owner.remove(leaving),
    );
    if (options.signal) {
      if (options.signal.aborted) {
        void subscriber.return();
        return subscriber;
      }
      options.signal.addEventListener('abort', () => void subscriber.return(), { once: true });
    }
    owner.add(subscriber);
    return subscriber;
  }

  /** After a mutation through the gateway: the pollers of that relationship (any token) poll soon. */
  nudge(accountId: string, id: string, tokenKey?: string): void {
    for (const poller of this.pollers.values()) {
      if (poller.accountId !== accountId || poller.id !== id) continue;
      if (tokenKey !== undefined && poller.tokenKey !== tokenKey) continue;
      poller.nudge();
    }
  }

  /** Pollers alive (with subscribers, or idle and not yet forgotten). */
  get size(): number {
    return this.pollers.size;
  }

  /** Subscribers across every poller. */
  subscriberCount(): number {
    let count = 0;
    for (const poller of this.pollers.values()) count += poller.subscribers.size;
    return count;
  }

  private watchedBy(tokenKey: string): number {
    let count = 0;
    for (const poller of this.pollers.values()) {
      if (poller.tokenKey === tokenKey && poller.subscribers.size > 0) count++;
    }
    return count;
  }

  /** @internal */
  forget(poller: Poller<T, E>): void {
    if (this.pollers.get(poller.key) === poller) {
      this.pollers.delete(poller.key);
      this.metrics.pollerStopped?.();
    }
  }

  /**
   * @internal Upstream refused the token (on one account when `accountId` is given): every poller
   * of it (there) ends, and it is never polled again (there).
   */
  refuse(tokenKey: string, accountId: string | null, error: GatewayError): void {
    this.refused.set(refusalKey(tokenKey, accountId), error);
    if (this.refused.size > 10_000) {
      const oldest = this.refused.keys().next().value;
      if (oldest !== undefined) this.refused.delete(oldest);
    }
    for (const poller of [...this.pollers.values()]) {
      if (poller.tokenKey !== tokenKey) continue;
      if (accountId !== null && poller.accountId !== accountId) continue;
      poller.endAll(new GatewayError(error.code, error.message));
    }
  }

  /** Ends every subscriber and stops every poller (shutdown). */
  close(): void {
    for (const poller of [...this.pollers.values()]) poller.stop();
    this.lists?.close();
  }
}

const refusalKey = (tokenKey: string, accountId: string | null): string =>
  accountId === null ? tokenKey : JSON.stringify([tokenKey, accountId]);

/** The relationship kind: GET /api/relationships-v2/{id}, changed when the activity changed. */
export function relationshipKind(
  source: RelationshipSource,
): PollKind<UpstreamRelationship, ProgressEvent> {
  const list = source.listRelationships?.bind(source);
  return {
    fetch: (caller, accountId, id, options) =>
      source.getRelationship(caller, accountId, id, options),
    status: (rel) => rel.activity.status,
    startTime: (rel) => rel.activity.startTime,
    continuous: (rel) => rel.settings?.continuousSync === true,
    digest: activityDigest,
    event: (relationship, final, observedAt) => ({ relationship, final, observedAt }),
    notFoundMessage: 'The relationship was not found (deleted?)',
    plural: 'relationships',
    list: list
      ? {
          source: { listRelationships: list },
          pick: (rows, id) => rows.find((rel) => rel.id === id),
        }
      : undefined,
  };
}

/** Every relationship poller of the process, keyed by (token hash, account, relationship). */
export class RelationshipPollers extends SnapshotPollers<UpstreamRelationship, ProgressEvent> {
  constructor(
    readonly source: RelationshipSource,
    options: {
      settings?: Partial<PollerSettings>;
      clock?: PollerClock;
      metrics?: PollerMetrics;
    } = {},
  ) {
    super(relationshipKind(source), options);
  }
}
