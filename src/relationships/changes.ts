import type { UpstreamRelationship } from '../cloudsync/relationship-types';
import type { Caller } from '../cloudsync/types';
import type { GatewayError } from '../errors';
import { EventQueue } from '../util/event-queue';
import type { PollerClock, TimerHandle } from './clock';
import type { ListConsumer, ListMembership } from './lists';
import { RelationshipLists } from './lists';
import type { PollerMetrics, PollerSettings } from './poller';

/**
 * One shared list poller per (token hash, account) for `relationshipChanges`: one
 * `GET /api/relationships-v2` per interval whatever the number of subscribers. Each subscriber
 * keeps its own view (its filter, the rows it has seen) and is told only what changed for it.
 * Given the progress pollers' RelationshipLists, the same list GET also feeds the account's
 * relationshipProgress pollers of that token.
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

class ChangeSubscriber extends EventQueue<RelationshipChangeEvent> {
  /** id → digest of the rows this subscriber has (null until the first list). */
  seen: Map<string, string> | null = null;

  constructor(
    readonly accepts: (rel: UpstreamRelationship) => boolean,
    private readonly onLeave: (subscriber: ChangeSubscriber) => void,
  ) {
    super();
  }

  protected override left(): void {
    this.onLeave(this);
  }

  /** Compares the new list with what this subscriber has; queues the differences. */
  offer(rows: UpstreamRelationship[]): void {
    if (this.done) return;
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
    this.enqueue(...events);
  }
}

/**
 * The relationshipChanges subscribers of one (token, account): a consumer of that account's list poller
 * (lists.ts), which it shares with the account's per-id progress pollers.
 */
class ChangeGroup implements ListConsumer {
  readonly kind = 'changes';
  readonly subscribers = new Set<ChangeSubscriber>();
  private membership: ListMembership | null = null;
  private idleTimer: TimerHandle | null = null;
  /** Whether the last list had a RUNNING or PENDING row (null before the first list). */
  private active: boolean | null = null;
  stopped = false;

  constructor(
    readonly key: string,
    private readonly caller: Caller,
    readonly accountId: string,
    private readonly owner: RelationshipChangeWatchers,
  ) {}

  add(subscriber: ChangeSubscriber): void {
    this.idleTimer?.cancel();
    this.idleTimer = null;
    this.subscribers.add(subscriber);
    if (!this.membership)
      this.membership = this.owner.lists.join(this.caller, this.accountId, this);
  }

  remove(subscriber: ChangeSubscriber): void {
    if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0) return;
    this.leaveList();
    this.idleTimer?.cancel();
    this.idleTimer = this.owner.clock.setTimer(() => this.stop(), this.owner.settings.idleMs);
  }

  nudge(): void {
    if (this.stopped || this.subscribers.size === 0) return;
    this.membership?.request(this.owner.settings.minIntervalMs);
  }

  private leaveList(): void {
    const membership = this.membership;
    this.membership = null;
    membership?.leave();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.leaveList();
    this.idleTimer?.cancel();
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
    this.owner.forget(this);
  }

  endAll(error: GatewayError): void {
    for (const subscriber of this.subscribers) subscriber.end(error);
    this.subscribers.clear();
    this.stop();
  }

  /** @internal */
  feed(rows: UpstreamRelationship[]): void {
    if (this.stopped) return;
    for (const subscriber of [...this.subscribers]) subscriber.offer(rows);
    this.active = rows.some(
      (rel) => rel.activity.status === 'RUNNING' || rel.activity.status === 'PENDING',
    );
  }

  /** @internal */
  fail(error: GatewayError): void {
    this.endAll(error);
  }

  /** @internal Fast while a row is RUNNING or PENDING, else slow; now before the first list. */
  wantedMs(): number {
    if (this.active === null) return 0;
    return this.active ? this.owner.settings.runningMs : this.owner.settings.slowMs;
  }

  /** @internal A changes group always reads the list. */
  coalesced(): void {}
}

/** Every relationshipChanges group of the process, keyed by (token hash, account). */
export class RelationshipChangeWatchers {
  private readonly pollers = new Map<string, ChangeGroup>();
  /** The list pollers: shared with RelationshipPollers when given theirs, so one GET feeds both. */
  readonly lists: RelationshipLists;
  private readonly ownLists: boolean;

  constructor(
    readonly source: RelationshipListSource,
    readonly settings: PollerSettings,
    readonly clock: PollerClock,
    readonly metrics: PollerMetrics = {},
    lists: RelationshipLists | null = null,
  ) {
    this.ownLists = lists === null;
    this.lists = lists ?? new RelationshipLists(source, settings, clock, metrics);
  }

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
      poller = new ChangeGroup(key, caller, options.accountId, this);
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
  forget(poller: ChangeGroup): void {
    if (this.pollers.get(poller.key) === poller) {
      this.pollers.delete(poller.key);
      this.metrics.pollerStopped?.();
    }
  }

  close(): void {
    for (const poller of [...this.pollers.values()]) poller.stop();
    if (this.ownLists) this.lists.close();
  }
}
