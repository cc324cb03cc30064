import type { UpstreamRelationship } from '../cloudsync/relationship-types';
import type { Caller } from '../cloudsync/types';
import { GatewayError } from '../errors';
import type { RelationshipListSource } from './changes';
import type { PollerClock, TimerHandle } from './clock';
import type { PollerMetrics, PollerSettings } from './poller';

/**
 * Coalescing (design §1.6): one list poller per (token hash, account). It polls
 * `GET /api/relationships-v2` once per interval when the (token, account) watches `coalesceMin` (3) or
 * more relationships, or has a `relationshipChanges` subscriber, and feeds every consumer from that one
 * answer: one call instead of N. Below that, the per-id pollers poll by themselves.
 *
 * The interval is the shortest any consumer needs (a per-id poller: its adaptive interval; a changes
 * group: fast while any row is RUNNING or PENDING, else slow), never closer than minIntervalMs. Faults are
 * handed to every consumer: 401/403/404 and the last of maxFailures 5xx end them, a 5xx backs off,
 * a 429 waits for Retry-After.
 */

/** Something the list feeds: a per-id poller, or the relationshipChanges subscribers of the account. */
export interface ListConsumer {
  /** Per-id pollers count toward coalesceMin; a changes group makes the list poll by itself. */
  readonly kind: 'relationship' | 'changes';
  /** One list answer. */
  feed(rows: UpstreamRelationship[]): void;
  /** The list failed for good (401, 403, 404, or maxFailures 5xx in a row). */
  fail(error: GatewayError): void;
  /** In how many ms this consumer wants the next list. */
  wantedMs(): number;
  /** From now on the list feeds this per-id poller (true), or it polls by itself again (false). */
  coalesced(on: boolean): void;
}

/** A consumer's place in its account's list poller. */
export interface ListMembership {
  /** The consumer leaves (no subscribers left, or stopped); idempotent. */
  leave(): void;
  /** Asks for a list within ms (never closer than the floor; a sooner plan stays). */
  request(ms: number): void;
}

class AccountList {
  readonly consumers = new Set<ListConsumer>();
  private active = false;
  private timer: TimerHandle | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private idleTimer: TimerHandle | null = null;
  private inFlight: AbortController | null = null;
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  /** After a 5xx or a 429: no list before this, whoever asks (a newcomer, a nudge). */
  private holdUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly key: string,
    private readonly caller: Caller,
    readonly accountId: string,
    private readonly owner: RelationshipLists,
  ) {}

  /** Whether the list is polled (and feeds the per-id pollers) now. */
  get coalescing(): boolean {
    return this.active;
  }

  join(consumer: ListConsumer): void {
    this.idleTimer?.cancel();
    this.idleTimer = null;
    this.consumers.add(consumer);
    this.update();
    if (this.active) {
      if (consumer.kind === 'relationship') consumer.coalesced(true);
      this.request(consumer.wantedMs());
    }
  }

  leave(consumer: ListConsumer): void {
    if (!this.consumers.delete(consumer)) return;
    this.update();
    if (this.consumers.size > 0) return;
    this.idleTimer?.cancel();
    this.idleTimer = this.owner.clock.setTimer(() => {
      this.idleTimer = null;
      if (this.consumers.size === 0) this.owner.forget(this);
    }, this.owner.settings.idleMs);
  }

  /** Starts or stops coalescing as the consumers now require. */
  private update(): void {
    let relationships = 0;
    let changes = 0;
    for (const consumer of this.consumers) {
      if (consumer.kind === 'relationship') relationships++;
      else changes++;
    }
    const wanted = changes > 0 || relationships >= Math.max(1, this.owner.settings.coalesceMin);
    if (wanted === this.active) return;
    this.active = wanted;
    if (!wanted) {
      this.cancelTimer();
      this.inFlight?.abort(new Error('not coalescing'));
      this.inFlight = null;
      this.failures = 0;
      this.holdUntil = Number.NEGATIVE_INFINITY;
    }
    for (const consumer of [...this.consumers]) {
      if (consumer.kind === 'relationship' && this.consumers.has(consumer)) {
        consumer.coalesced(wanted);
      }
    }
  }

  request(ms: number): void {
    if (!this.active || this.inFlight) return;
    const now = this.owner.clock.now();
    const at = Math.max(
      now + ms,
      this.lastPollAt + this.owner.settings.minIntervalMs,
      this.holdUntil,
    );
    if (this.timer && this.timerAt <= at) return;
    this.cancelTimer();
    this.timerAt = at;
    this.timer = this.owner.clock.setTimer(() => {
      this.timer = null;
      this.timerAt = Number.POSITIVE_INFINITY;
      void this.poll();
    }, at - now);
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  stop(): void {
    this.active = false;
    this.cancelTimer();
    this.idleTimer?.cancel();
    this.idleTimer = null;
    this.inFlight?.abort(new Error('stopped'));
    this.inFlight = null;
    this.owner.forget(this);
  }

  private async poll(): Promise<void> {
    if (!this.active || this.inFlight) return;
    const controller = new AbortController();
    this.inFlight = controller;
    this.lastPollAt = this.owner.clock.now();
    let rows: UpstreamRelationship[] | undefined;
    let failure: unknown;
    try {
      rows = await this.owner.source.listRelationships(this.caller, this.accountId, {
        signal: controller.signal,
      });
    } catch (error) {
      failure = error;
    }
    if (this.inFlight !== controller) return; // no longer coalescing, or stopped, meanwhile
    this.inFlight = null;
    if (!rows) {
      this.onFailure(failure);
      return;
    }
    this.failures = 0;
    this.holdUntil = Number.NEGATIVE_INFINITY;
    this.owner.metrics.poll?.('ok');
    for (const consumer of [...this.consumers]) {
      if (this.consumers.has(consumer)) consumer.feed(rows);
    }
    this.planNext();
  }

  /** The next list: the shortest interval any consumer needs. */
  private planNext(): void {
    if (!this.active) return;
    let wanted = Number.POSITIVE_INFINITY;
    for (const consumer of this.consumers) wanted = Math.min(wanted, consumer.wantedMs());
    this.request(Number.isFinite(wanted) ? wanted : this.owner.settings.slowMs);
  }

  private onFailure(error: unknown): void {
    const code = error instanceof GatewayError ? error.code : 'UPSTREAM_UNAVAILABLE';
    const s = this.owner.settings;
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' || code === 'NOT_FOUND') {
      this.owner.metrics.poll?.(code === 'NOT_FOUND' ? 'not_found' : 'refused');
      this.failAll(new GatewayError(code, (error as GatewayError).message));
      return;
    }
    if (code === 'RATE_LIMITED') {
      this.owner.metrics.poll?.('rate_limited');
      const seconds = (error as GatewayError).extensions.retryAfterSeconds;
      const ms = typeof seconds === 'number' ? seconds * 1000 : s.runningMs;
      this.holdOff(Math.min(ms, s.retryAfterMaxMs));
      return;
    }
    this.owner.metrics.poll?.('error');
    this.failures += 1;
    if (this.failures >= s.maxFailures) {
      this.failAll(new GatewayError('UPSTREAM_UNAVAILABLE', 'Cloud Sync is unavailable'));
      return;
    }
    this.holdOff(Math.min(s.failureBackoffMaxMs, 1_000 * 2 ** this.failures));
  }

  private holdOff(ms: number): void {
    this.holdUntil = this.owner.clock.now() + ms;
    this.request(ms);
  }

  private failAll(error: GatewayError): void {
    for (const consumer of [...this.consumers]) {
      if (this.consumers.has(consumer)) consumer.fail(new GatewayError(error.code, error.message));
    }
  }
}

/** Every list poller of the process, keyed by (token hash, account). Never shared across tokens. */
export class RelationshipLists {
  private readonly lists = new Map<string, AccountList>();

  constructor(
    readonly source: RelationshipListSource,
    readonly settings: PollerSettings,
    readonly clock: PollerClock,
    readonly metrics: PollerMetrics = {},
  ) {}

  /** Adds a consumer to the list poller of (its token, account). */
  join(
    caller: Pick<Caller, 'authorization' | 'key'>,
    accountId: string,
    consumer: ListConsumer,
  ): ListMembership {
    const key = JSON.stringify([caller.key, accountId]);
    let list = this.lists.get(key);
    if (!list) {
      const own: Caller = {
        authorization: caller.authorization,
        key: caller.key,
        upstreamCalls: 0,
      };
      list = new AccountList(key, own, accountId, this);
      this.lists.set(key, list);
    }
    const joined = list;
    joined.join(consumer);
    return {
      leave: () => joined.leave(consumer),
      request: (ms) => joined.request(ms),
    };
  }

  /** List pollers alive (polling, waiting below the threshold, or idle and not yet forgotten). */
  get size(): number {
    return this.lists.size;
  }

  /** List pollers feeding their consumers now. */
  get coalescing(): number {
    let count = 0;
    for (const list of this.lists.values()) if (list.coalescing) count++;
    return count;
  }

  /** @internal */
  forget(list: AccountList): void {
    if (this.lists.get(list.key) === list) this.lists.delete(list.key);
  }

  close(): void {
    for (const list of [...this.lists.values()]) list.stop();
  }
}
