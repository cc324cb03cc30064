import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorForStatus } from '../../src/cloudsync/errors';
import type { Caller, FeedMessage, ListingStart } from '../../src/cloudsync/types';
import { ClusterLanes } from '../../src/cluster/lanes';
import { Store } from '../../src/cluster/redis';
import { loadConfig } from '../../src/config';
import type { GatewayError } from '../../src/errors';
import type { BrokerListingRequest, ListingFeed, ListingStarter } from '../../src/feed/listings';
import { Listings } from '../../src/feed/listings';
import type { FeedListener } from '../../src/feed/reader';
import { createLogger } from '../../src/observability/logger';
import { noRedis, startRedis, type TestRedis } from './redis';

/**
 * Lanes and single flight across replicas, against a real Redis: two or three Listings (one per
 * "replica"), each with its own Redis connections, one upstream (a fake list call) and one feed
 * (every replica reads the same ordered stream).
 */

interface Call {
  replica: string;
  params: Record<string, string | undefined>;
  resolve(start: ListingStart): void;
  reject(error: unknown): void;
}

class FakeUpstream {
  readonly calls: Call[] = [];
  starter(replica: string): ListingStarter {
    return {
      startListing: (_caller, _account, _broker, _operation, params) =>
        new Promise((resolve, reject) => this.calls.push({ replica, params, resolve, reject })),
      startGroupListing: () => Promise.reject(new Error('these tests list per broker')),
    };
  }
}

class FakeFeed implements ListingFeed {
  readonly listeners = new Set<FeedListener>();
  #id = 100;
  acquire() {
    return {
      reader: {
        cursor: () => Promise.resolve(String(this.#id)),
        listen: (listener: FeedListener) => {
          this.listeners.add(listener);
          return () => this.listeners.delete(listener);
        },
        checkHead: () => {},
      },
      release: () => {},
    };
  }
  answer(host: string): string {
    const message: FeedMessage = {
      id: String(++this.#id),
      operation: 'list-nfs-exports',
      requestId: null,
      clientId: null,
      agentId: 'broker',
      groupId: null,
      payload: [{ path: `/of/${host}` }],
    };
    for (const listener of [...this.listeners]) listener.message(message);
    return message.id;
  }
}

const caller: Caller = {
  authorization: 'Bearer secret-token',
  key: 'hash-of-token',
  upstreamCalls: 0,
};
const request = (host: string, timeoutMs = 4_000): BrokerListingRequest => ({
  accountId: 'account',
  dataBrokerId: 'broker',
  operation: 'list-nfs-exports',
  params: { host },
  timeoutMs,
});
const ACCEPTED: ListingStart = { answered: false, requestId: null };
const settle = (promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
const codeOf = (outcome: { error?: unknown }) => (outcome.error as GatewayError | undefined)?.code;

/** Polls `check` every 10 ms, at most `tries` times. */
async function until(check: () => boolean | Promise<boolean>, tries = 500): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}

let redis: TestRedis;
const stores: Store[] = [];

async function replica(
  name: string,
  upstream: FakeUpstream,
  feed: FakeFeed,
  opts: { graceMs?: number; maxPerToken?: number } = {},
) {
  const config = loadConfig({
    CLOUDSYNC_API_URL: 'http://127.0.0.1:9',
    REDIS_URL: redis.url,
    REPLICA_ID: name,
  }).cluster;
  if (!config) throw new Error('no cluster config');
  const store = new Store(config, createLogger('silent'));
  await store.connect(2_000);
  stores.push(store);
  const graceMs = opts.graceMs ?? 4_000;
  const maxPerToken = opts.maxPerToken ?? 5;
  const lanes = new ClusterLanes(store, {
    replicaId: name,
    laneLeaseMs: 1_000,
    graceMs,
    maxPerToken,
  });
  return {
    store,
    listings: new Listings(upstream.starter(name), feed, { maxPerToken, graceMs, lanes }),
  };
}

describe.skipIf(noRedis)('cluster lanes (real Redis)', () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    const admin = await replica('admin', new FakeUpstream(), new FakeFeed());
    await admin.store.command(['FLUSHALL']);
  });

  it('two replicas, one broker, different parameters: one call at a time, each gets its own answer', async () => {
    const upstream = new FakeUpstream();
    const feed = new FakeFeed();
    const a = await replica('a', upstream, feed);
    const b = await replica('b', upstream, feed);
    const first = settle(a.listings.run(caller, request('a')));
    await until(() => upstream.calls.length === 1);
    const second = settle(b.listings.run(caller, request('b')));
    upstream.calls[0]?.resolve(ACCEPTED);
    // B queues behind A's owed answer: its call is not sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.calls).toHaveLength(1);
    feed.answer('a');
    expect((await first).value).toEqual([{ path: '/of/a' }]);
    await until(() => upstream.calls.length === 2);
    expect(upstream.calls[1]).toMatchObject({ replica: 'b', params: { host: 'b' } });
    upstream.calls[1]?.resolve(ACCEPTED);
    feed.answer('b');
    expect((await second).value).toEqual([{ path: '/of/b' }]);
    expect(upstream.calls).toHaveLength(2);
  });

  it('single flight across three replicas: one call, every waiter gets its answer, the lane is free after', async () => {
    const upstream = new FakeUpstream();
    const feed = new FakeFeed();
    const replicas = await Promise.all(
      ['a', 'b', 'c'].map((name) => replica(name, upstream, feed)),
    );
    const first = settle(replicas[0]!.listings.run(caller, request('x')));
    await until(() => upstream.calls.length === 1);
    upstream.calls[0]?.resolve(ACCEPTED);
    const others = replicas.flatMap((r) =>
      Array.from({ length: 30 }, () => settle(r.listings.run(caller, request('x')))),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    feed.answer('x');
    for (const outcome of [first, ...others]) {
      expect((await outcome).value).toEqual([{ path: '/of/x' }]);
    }
    expect(upstream.calls).toHaveLength(1);
    await until(
      async () =>
        ((await replicas[1]!.store.command(['KEYS', 'csg:*:l:*'])) as string[]).length === 1,
    );
    const keys = (await replicas[1]!.store.command(['KEYS', 'csg:*'])) as string[];
    // The lane is free (only its floor is left); the flight is settled.
    expect(keys.filter((key) => /:l:[^:]+:[^:]+:[^:]+$/.test(key))).toEqual([]);
  });

  it('a holder that dies after the send blocks the lane for the grace from the send; its joiner still gets the answer', async () => {
    const upstream = new FakeUpstream();
    const feed = new FakeFeed();
    const a = await replica('a', upstream, feed, { graceMs: 1_500 });
    const b = await replica('b', upstream, feed, { graceMs: 1_500 });
    void settle(a.listings.run(caller, request('a', 5_000)));
    await until(() => upstream.calls.length === 1);
    upstream.calls[0]?.resolve(ACCEPTED);
    await until(async () => {
      const state = await b.store.command(['KEYS', 'csg:*:fl:*']);
      return (state as string[]).length === 1;
    });
    // The owed window is the grace, counted from the arm just before the send.
    const [lane] = (await b.store.command(['KEYS', 'csg:*:l:*'])) as string[];
    const pttl = Number(await b.store.command(['PTTL', lane!]));
    expect(pttl).toBeGreaterThan(1_000);
    expect(pttl).toBeLessThanOrEqual(1_500);
    await a.store.close(); // A is gone: nobody renews, nobody settles.
    // A joiner on B follows the sent call; another request with other parameters waits.
    const joiner = settle(b.listings.run(caller, request('a', 5_000)));
    const other = settle(b.listings.run(caller, request('b', 5_000)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(upstream.calls).toHaveLength(1);
    feed.answer('a');
    expect((await joiner).value).toEqual([{ path: '/of/a' }]);
    // The joiner settled the flight: the lane is free before the grace is over.
    await until(() => upstream.calls.length === 2);
    expect(upstream.calls[1]).toMatchObject({ replica: 'b', params: { host: 'b' } });
    upstream.calls[1]?.resolve(ACCEPTED);
    feed.answer('b');
    expect((await other).value).toEqual([{ path: '/of/b' }]);
  });

  it('a holder that dies after the send with nobody to read its answer: the lane frees when the grace is over', async () => {
    const upstream = new FakeUpstream();
    const feed = new FakeFeed();
    const a = await replica('a', upstream, feed, { graceMs: 1_000 });
    const b = await replica('b', upstream, feed, { graceMs: 1_000 });
    void settle(a.listings.run(caller, request('a', 900)));
    await until(() => upstream.calls.length === 1);
    await a.store.close();
    const other = settle(b.listings.run(caller, request('b', 3_000)));
    await until(() => upstream.calls.length === 2, 300);
    upstream.calls[1]?.resolve(ACCEPTED);
    feed.answer('b');
    expect((await other).value).toEqual([{ path: '/of/b' }]);
  });

  it('a refusal of the call reaches the joiners on other replicas with its code', async () => {
    const upstream = new FakeUpstream();
    const feed = new FakeFeed();
    const a = await replica('a', upstream, feed);
    const b = await replica('b', upstream, feed);
    const first = settle(a.listings.run(caller, request('x')));
    await until(() => upstream.calls.length === 1);
    const joiner = settle(b.listings.run(caller, request('x')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    upstream.calls[0]?.reject(errorForStatus(403, undefined, undefined));
    expect(codeOf(await first)).toBe('FORBIDDEN');
    expect(codeOf(await joiner)).toBe('FORBIDDEN');
    expect(upstream.calls).toHaveLength(1);
  });

  it('MAX_LISTINGS_PER_TOKEN counts over the cluster: the third distinct listing on another replica is RATE_LIMITED, nothing sent', async () => {
    const upstream = new FakeUpstream();
    const feed = new FakeFeed();
    const a = await replica('a', upstream, feed, { maxPerToken: 2 });
    const b = await replica('b', upstream, feed, { maxPerToken: 2 });
    const ab = { ...request('x'), dataBrokerId: 'b1' };
    const first = settle(a.listings.run(caller, ab));
    const second = settle(a.listings.run(caller, { ...request('y'), dataBrokerId: 'b2' }));
    await until(() => upstream.calls.length === 2);
    const third = await settle(b.listings.run(caller, { ...request('z'), dataBrokerId: 'b3' }));
    expect(codeOf(third)).toBe('RATE_LIMITED');
    expect(upstream.calls).toHaveLength(2);
    for (const call of upstream.calls) call.reject(errorForStatus(400, undefined, undefined));
    await first;
    await second;
  });

  it('Redis down: UPSTREAM_UNAVAILABLE naming the coordination store, not its address; no call made', async () => {
    const upstream = new FakeUpstream();
    const feed = new FakeFeed();
    const a = await replica('a', upstream, feed);
    await redis.kill();
    try {
      const outcome = await settle(a.listings.run(caller, request('x')));
      expect(codeOf(outcome)).toBe('UPSTREAM_UNAVAILABLE');
      const message = (outcome.error as Error).message;
      expect(message).toMatch(/coordination store/);
      expect(message).not.toContain(redis.socket);
      expect(upstream.calls).toHaveLength(0);
    } finally {
      await redis.restart();
    }
    // Back, empty: listings work again without a restart.
    await until(() => a.store.up);
    const again = settle(a.listings.run(caller, request('x')));
    await until(() => upstream.calls.length === 1);
    upstream.calls[0]?.resolve(ACCEPTED);
    feed.answer('x');
    expect((await again).value).toEqual([{ path: '/of/x' }]);
  });
});
