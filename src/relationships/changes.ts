import type { UpstreamRelationship } from '../cloudsync/relationship-types';
import type { Caller } from '../cloudsync/types';
import { GatewayError } from '../errors';
import type { PollerClock, TimerHandle } from './clock';
import type { PollerMetrics, PollerSettings } from './poller';

/**
 * One shared list poller per (token hash, account) for `relationshipChanges`: one
 * `GET /api/relationships-v2` per interval whatever the number of subscribers. Each subscriber
 * keeps its own view (its filter, the rows it has seen) and is told only what changed for it.
 */

export interface RelationshipListSource {
  listRelationships(
    caller: Caller,
    accountId: string,
    options: { signal?: AbortSignal },
  ): Promise<UpstreamRelationship[]>;
}

export type ChangeKind = 'ADDED' | 'UPDATED' | 'REMOVED';

export interface RelationshipChangeEvent {
  kind: ChangeKind;
  id: string;
  /** Null for REMOVED. */
  relationship: UpstreamRelationship | null;
}

/** What decides "changed" for a row: everything the gateway parsed of it. */
const rowDigest = (rel: UpstreamRelationship): string => JSON.stringify(rel);

class ChangeSubscriber implements AsyncIterableIterator<RelationshipChangeEvent> {
  /** id → digest of the rows this subscriber has (null until the first list). */
  seen: Map<string, string> | null = null;
  private queue: RelationshipChangeEvent[] = [];
  private ended = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  constructor(
    readonly accepts: (rel: UpstreamRelationship) => boolean,
    private readonly onLeave: (subscriber: ChangeSubscriber) => void,
  ) {}

  get done(): boolean {
    return this.ended;
  }

  /** Compares the new list with what this subscriber has; queues the differences. */
  offer(rows: UpstreamRelationship[]): void {
    if (this.ended) return;
    const next = new Map<string, string>();
    const events: RelationshipChangeEvent[] = [];
    for (const rel of rows) {
      if (!this.accepts(rel)) continue;
      const digest = rowDigest(rel);
      next.set(rel.id, digest);
      if (!this.seen) continue;
      const before = this.seen.get(rel.id);
      if (before === undefined) events.push({ kind: 'ADDED', id: rel.id, relationship: rel });
      else if (before !== digest) events.push({ kind: 'UPDATED', id: rel.id, relationship: rel });
    }
    if (this.seen) {
      for (const id of this.seen.keys()) {
        if (!next.has(id)) events.push({ kind: 'REMOVED', id, relationship: null });
      }
    }
    this.seen = next;
    if (events.length === 0) return;
    this.queue.push(...events);
    this.notify();
  }

  end(error: unknown = null): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async next(): Promise<IteratorResult<RelationshipChangeEvent>> {
    for (;;) {
      const event = this.queue.shift();
      if (event) return { value: event, done: false };
      if (this.ended) {
        this.onLeave(this);
        if (this.failure !== null) {
          const failure = this.failure;
          this.failure = null;
          throw failure;
        }
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async return(): Promise<IteratorResult<RelationshipChangeEvent>> {
    this.ended = true;
    this.queue = [];
    this.failure = null;
    this.onLeave(this);
    this.notify();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RelationshipChangeEvent> {
    return this;
  }
}

class ListPoller {
  readonly subscribers = new Set<ChangeSubscriber>();
  private timer: TimerHandle | null = null;
  private idleTimer: TimerHandle | null = null;
  private inFlight: AbortController | null = null;
  private failures = 0;
  stopped = false;

  constructor(
    readonly key: string,
    readonly tokenKey: string,
    private readonly caller: Caller,
    readonly accountId: string,
    private readonly owner: RelationshipChangeWatchers,
  ) {}

  add(subscriber: ChangeSubscriber): void {
    this.idleTimer?.cancel();
    this.idleTimer = null;
    this.subscribers.add(subscriber);
    if (!this.inFlight && !this.timer) this.schedule(0);
  }

  remove(subscriber: ChangeSubscriber): void {
    if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0) return;
    this.cancelTimer();
    this.inFlight?.abort(new Error('no subscribers'));
    this.inFlight = null;
    this.idleTimer = this.owner.clock.setTimer(() => this.stop(), this.owner.settings.idleMs);
  }

  nudge(): void {
    if (this.stopped || this.subscribers.size === 0 || this.inFlight) return;
    this.schedule(this.owner.settings.minIntervalMs);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTimer();
    this.idleTimer?.cancel();
    this.inFlight?.abort(new Error('stopped'));
    this.inFlight = null;
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    this.owner.forget(this);
  }

  endAll(error: GatewayError): void {
    for (const subscriber of this.subscribers) subscriber.end(error);
    this.subscribers.clear();
    this.stop();
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.cancelTimer();
    this.timer = this.owner.clock.setTimer(() => {
      this.timer = null;
      void this.poll();
    }, ms);
  }

  private async poll(): Promise<void> {
    if (this.stopped || this.subscribers.size === 0 || this.inFlight) return;
    const controller = new AbortController();
    this.inFlight = controller;
    let rows: UpstreamRelationship[] | undefined;
    let failure: unknown;
    try {
      rows = await this.owner.source.listRelationships(this.caller, this.accountId, {
        signal: controller.signal,
      });
    } catch (error) {
      failure = error;
    }
    if (this.inFlight !== controller) return;
    this.inFlight = null;
    const s = this.owner.settings;
    if (!rows) {
      this.onFailure(failure);
      return;
    }
    this.failures = 0;
    this.owner.metrics.poll?.('ok');
    for (const subscriber of [...this.subscribers]) subscriber.offer(rows);
    const active = rows.some(
      (rel) => rel.activity.status === 'RUNNING' || rel.activity.status === 'PENDING',
    );
    this.schedule(active ? s.runningMs : s.slowMs);
  }

  private onFailure(error: unknown): void {
    const code = error instanceof GatewayError ? error.code : 'UPSTREAM_UNAVAILABLE';
    const s = this.owner.settings;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'NOT_FOUND') {
      this.owner.metrics.poll?.(code === 'NOT_FOUND' ? 'not_found' : 'refused');
      this.endAll(new GatewayError(code, (error as GatewayError).message));
      return;
    }
    if (code === 'RATE_LIMITED') {
      this.owner.metrics.poll?.('rate_limited');
      const seconds = (error as GatewayError).extensions.retryAfterSeconds;
      const ms = typeof seconds === 'number' ? seconds * 1000 : s.runningMs;
      this.schedule(Math.min(ms, s.retryAfterMaxMs));
      return;
    }
    this.owner.metrics.poll?.('error');
    this.failures += 1;
    if (this.failures >= s.maxFailures) {
      this.endAll(new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync is unavailable'));
      return;
    }
    this.schedule(Math.min(s.failureBackoffMaxMs, 1_000 * 2 ** this.failures));
  }
}

/** Every list poller of the process, keyed by (token hash, account). */
export class RelationshipChangeWatchers {
  private readonly pollers = new Map<string, ListPoller>();

  constructor(
    readonly source: RelationshipListSource,
    readonly settings: PollerSettings,
    readonly clock: PollerClock,
    readonly metrics: PollerMetrics = {},
  ) {}

  /**
   * Every change of the account's relationships that `accepts` keeps: ADDED, UPDATED, REMOVED
   * against what this subscriber saw (the first list is its baseline and sends nothing).
   */
  watch(options: {
    caller: Pick<Caller, 'authorization' | 'key'>;
    accountId: string;
    accepts: (rel: UpstreamRelationship) => boolean;
    signal?: AbortSignal;
  }): AsyncIterableIterator<RelationshipChangeEvent> {
    const tokenKey = options.caller.key;
    const key = JSON.stringify([tokenKey, options.accountId]);
    let poller = this.pollers.get(key);
    if (!poller || poller.stopped) {
      const caller: Caller = {
        authorization: options.caller.authorization,
        key: tokenKey,
        upstreamCalls: 0,
      };
      poller = new ListPoller(key, tokenKey, caller, options.accountId, this);
      this.pollers.set(key, poller);
      this.metrics.pollerStarted?.();
    }
    const owner = poller;
    const subscriber = new ChangeSubscriber(options.accepts, (leaving) => owner.remove(leaving));
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

  /** After a mutation through the gateway: that token's list poller of the account polls soon. */
  nudge(accountId: string, tokenKey: string): void {
    this.pollers.get(JSON.stringify([tokenKey, accountId]))?.nudge();
  }

  get size(): number {
    return this.pollers.size;
  }

  /** @internal */
  forget(poller: ListPoller): void {
    if (this.pollers.get(poller.key) === poller) {
      this.pollers.delete(poller.key);
      this.metrics.pollerStopped?.();
    }
  }

  close(): void {
    for (const poller of [...this.pollers.values()]) poller.stop();
  }
}
