import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorForStatus } from '../../../src/cloudsync/errors';
import type { ListingParams } from '../../../src/cloudsync/group-listings';
import { type ListingOperationSpec, listOperation } from '../../../src/cloudsync/list-operations';
import { SecretValue } from '../../../src/cloudsync/secret-value';
import type { Caller, FeedMessage, ListingStart } from '../../../src/cloudsync/types';
import { GatewayError } from '../../../src/errors';
import {
  flightKey,
  type GroupListingRequest,
  type ListingFeed,
  type ListingRequest,
  type ListingStarter,
  Listings,
  laneKey,
} from '../../../src/feed/listings';
import type { FeedListener } from '../../../src/feed/reader';

/** The Listings class alone: a fake list call and a fake feed, driven by fake timers. */

interface Call {
  params: Record<string, unknown>;
  /** null: a broker-family call; else the group asked. */
  groupId: string | null;
  resolve(start: ListingStart): void;
  reject(error: unknown): void;
}

class FakeStarter implements ListingStarter {
  readonly calls: Call[] = [];
  startListing(
    _caller: Caller,
    _accountId: string,
    _dataBrokerId: string,
    _operation: string,
    params: Record<string, string | undefined>,
  ): Promise<ListingStart> {
    return new Promise((resolve, reject) =>
      this.calls.push({ params, groupId: null, resolve, reject }),
    );
  }
  startGroupListing(
    _caller: Caller,
    _accountId: string,
    groupId: string,
    _operation: ListingOperationSpec,
    params: ListingParams,
  ): Promise<ListingStart> {
    return new Promise((resolve, reject) => this.calls.push({ params, groupId, resolve, reject }));
  }
}

class FakeFeed implements ListingFeed {
  readonly listeners = new Set<FeedListener>();
  leases = 0;
  headChecks = 0;
  #id = 100;
  acquire() {
    this.leases++;
    return {
      reader: {
        cursor: () => Promise.resolve(String(this.#id)),
        listen: (listener: FeedListener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
        checkHead: () => {
          this.headChecks++;
        },
      },
      release: () => {
        this.leases--;
      },
    };
  }
  /** The broker's answer for `host` on the feed (`groupId`: the broker's group). */
  answer(host: string, groupId: string | null = null): void {
    const message: FeedMessage = {
      id: String(++this.#id),
      operation: 'list-nfs-exports',
      requestId: null,
      clientId: null,
      agentId: 'broker',
      groupId,
      payload: [{ path: `/of/${host}` }],
    };
    for (const listener of [...this.listeners]) listener.message(message);
  }
  end(error: GatewayError): void {
    for (const listener of [...this.listeners]) listener.fatal(error);
  }
}

const caller: Caller = { authorization: 'Bearer t', key: 'k', upstreamCalls: 0 };
const request = (host: string, timeoutMs = 500): ListingRequest => ({
  accountId: 'account',
  dataBrokerId: 'broker',
  operation: 'list-nfs-exports',
  params: { host },
  timeoutMs,
});
const ACCEPTED: ListingStart = { answered: false, requestId: null };
/** Settles a promise into a value or an error, so that a rejection is never left unhandled. */
const settle = (promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
const codeOf = (outcome: { error?: unknown }) => (outcome.error as GatewayError | undefined)?.code;

let starter: FakeStarter;
let feed: FakeFeed;
let listings: Listings;

beforeEach(() => {
  vi.useFakeTimers();
  starter = new FakeStarter();
  feed = new FakeFeed();
  listings = new Listings(starter, feed, { maxPerToken: 5, graceMs: 1000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Listings lanes (unit)', () => {
  it('a timed-out call keeps the lane until its answer is read; the next call gets its own', async () => {
    const a = settle(listings.run(caller, request('a')));
    await vi.advanceTimersByTimeAsync(0);
    starter.calls[0]!.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(500);
    expect(codeOf(await a)).toBe('LISTING_TIMEOUT');
    // An accepted call left unanswered makes the reader re-read the queue head (a recreated queue?).
    expect(feed.headChecks).toBe(1);
    const b = settle(listings.run(caller, request('b')));
    await vi.advanceTimersByTimeAsync(100);
    expect(starter.calls).toHaveLength(1);
    feed.answer('a'); // late: read as a's, frees the lane
    await vi.advanceTimersByTimeAsync(0);
    expect(starter.calls).toHaveLength(2);
    starter.calls[1]!.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(0);
    feed.answer('b');
    expect(await b).toEqual({ value: [{ path: '/of/b' }] });
    expect(listings.inFlight).toBe(0);
    expect(feed.leases).toBe(0);
  });

  it('a call that failed after it may have been sent (5xx) keeps the lane; a 4xx frees it', async () => {
    const a = settle(listings.run(caller, request('a')));
    await vi.advanceTimersByTimeAsync(0);
    starter.calls[0]!.reject(errorForStatus(502, undefined, undefined));
    expect(codeOf(await a)).toBe('UPSTREAM_UNAVAILABLE');
    const b = settle(listings.run(caller, request('b', 300)));
    await vi.advanceTimersByTimeAsync(300);
    const timedOut = await b;
    expect(codeOf(timedOut)).toBe('LISTING_TIMEOUT');
    expect((timedOut.error as Error).message).toMatch(/earlier list-nfs-exports .* unanswered/);
    expect(starter.calls).toHaveLength(1);
    // The grace, counted from a's send, frees the lane.
    await vi.advanceTimersByTimeAsync(700);
    expect(listings.inFlight).toBe(0);
    const c = settle(listings.run(caller, request('c')));
    await vi.advanceTimersByTimeAsync(0);
    starter.calls[1]!.reject(errorForStatus(400, undefined, undefined));
    expect(codeOf(await c)).toBe('BAD_USER_INPUT');
    const d = settle(listings.run(caller, request('d')));
    await vi.advanceTimersByTimeAsync(0);
    expect(starter.calls).toHaveLength(3);
    starter.calls[2]!.resolve({ answered: true, payload: [{ path: '/direct' }] });
    expect(await d).toEqual({ value: [{ path: '/direct' }] });
  });

  it('a same-parameter request joins the owed answer; a waiter that leaves before the send cancels it', async () => {
    const a = settle(listings.run(caller, request('a', 100)));
    await vi.advanceTimersByTimeAsync(0);
    starter.calls[0]!.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(100);
    expect(codeOf(await a)).toBe('LISTING_TIMEOUT');
    const queued = new AbortController();
    const b = settle(listings.run(caller, { ...request('b'), signal: queued.signal }));
    const again = settle(listings.run(caller, request('a')));
    await vi.advanceTimersByTimeAsync(0);
    queued.abort(new Error('client left'));
    feed.answer('a');
    expect(await again).toEqual({ value: [{ path: '/of/a' }] });
    expect((await b).error).toEqual(new Error('client left'));
    await vi.advanceTimersByTimeAsync(0);
    expect(starter.calls).toHaveLength(1);
    expect(listings.inFlight).toBe(0);
  });

  it('the feed ending fails the waiters at once; the lane stays held until the grace', async () => {
    const a = settle(listings.run(caller, request('a')));
    await vi.advanceTimersByTimeAsync(0);
    starter.calls[0]!.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(0);
    feed.end(new GatewayError('UPSTREAM_UNAVAILABLE', 'feed gone'));
    expect(codeOf(await a)).toBe('UPSTREAM_UNAVAILABLE');
    expect(codeOf(await settle(listings.run(caller, request('a'))))).toBe('UPSTREAM_UNAVAILABLE');
    const b = settle(listings.run(caller, request('b', 1500)));
    await vi.advanceTimersByTimeAsync(500);
    expect(starter.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(starter.calls).toHaveLength(2);
    starter.calls[1]!.resolve({ answered: true, payload: [] });
    expect(await b).toEqual({ value: [] });
  });
});

describe('Listings lanes for groups (unit)', () => {
  const NFS = listOperation('list-nfs-exports') as ListingOperationSpec;
  const onGroup = (host: string): GroupListingRequest => ({
    accountId: 'account',
    dataBrokerId: null,
    groupId: 'group',
    operation: NFS,
    params: { host },
    credentials: {},
    timeoutMs: 500,
  });
  const onBroker = (host: string): ListingRequest => ({ ...request(host), groupId: 'group' });

  it('a broker-family call and a group-family call of one operation on one group share a lane', async () => {
    expect(laneKey(caller, onBroker('a'))).toBe(laneKey(caller, onGroup('a')));
    const byBroker = settle(listings.run(caller, onBroker('a')));
    const byGroup = settle(listings.run(caller, onGroup('a')));
    await vi.advanceTimersByTimeAsync(0);
    // Identical parameters, but not one flight: each family asks its own way. One at a time.
    expect(starter.calls.map((call) => call.groupId)).toEqual([null]);
    starter.calls[0]!.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(0);
    feed.answer('by-broker', 'group');
    await vi.advanceTimersByTimeAsync(0);
    expect(starter.calls.map((call) => call.groupId)).toEqual([null, 'group']);
    starter.calls[1]!.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(0);
    feed.answer('by-group', 'group');
    expect((await byBroker).value).toEqual([{ path: '/of/by-broker' }]);
    expect((await byGroup).value).toEqual([{ path: '/of/by-group' }]);
  });

  it('a group-family call is answered by any broker of the group, not by another group', async () => {
    const byGroup = settle(listings.run(caller, onGroup('a')));
    await vi.advanceTimersByTimeAsync(0);
    starter.calls[0]!.resolve(ACCEPTED);
    await vi.advanceTimersByTimeAsync(0);
    feed.answer('other-group', 'elsewhere');
    feed.answer('mine', 'group');
    expect((await byGroup).value).toEqual([{ path: '/of/mine' }]);
  });

  it('flight keys hold secrets as their HMAC: equal secrets share a key, different ones never do', () => {
    const withPassword = (password: string): GroupListingRequest => ({
      ...onGroup('a'),
      credentials: { username: 'bob', password: new SecretValue(password) },
    });
    const lane = laneKey(caller, onGroup('a'));
    const one = flightKey(lane, withPassword('hunter2'));
    expect(flightKey(lane, withPassword('hunter2'))).toBe(one);
    expect(flightKey(lane, withPassword('hunter3'))).not.toBe(one);
    expect(one).not.toContain('hunter2');
    expect(one).toContain('bob');
  });
});
