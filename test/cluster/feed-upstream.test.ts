import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { callerKey } from '../../src/context';
import { createSimulator, DEMO_USER, SEED_IDS, type Simulator } from '../../src/simulator';
import { subscribeAll, until } from '../utils/stack';
import { noRedis, startRedis, type TestRedis } from './redis';
import { gql, type Replica, Rig, redisRaw } from './rig';

/**
 * The cluster's feed leader keeps the single-process reader's promises about the upstream feed: a
 * quiet feed stays readable past the stream's TTL, and a recreated upstream queue (ids restart
 * lower) is found by the stalled-head check or by a listing that gave up on any replica; listings
 * go on, feed subscribers end with a clear error.
 */

let redis: TestRedis;
let sim: Simulator;
const account = SEED_IDS.accounts.test;
const FEED = 'subscription($a: ID) { feedMessages(accountId: $a) { id operation } }';
const BUCKETS = (timeoutSeconds: number) =>
  `query($a: ID!, $b: ID!) { account(id: $a) { dataBroker(id: $b) { s3Buckets(timeoutSeconds: ${timeoutSeconds}) { name } } } }`;
const args = { a: account, b: SEED_IDS.brokers.aws };

type FeedEvent = { feedMessages: { id: string; operation: string } };
type Buckets = { account: { dataBroker: { s3Buckets: { name: string }[] } } };
const codes = (result: { errors?: { extensions?: { code?: string } }[] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);

/** Starts a subscription on `replica` and waits until it carries a message. */
async function liveSubscription(rig: Rig, replica: Replica, token: string) {
  const sub = subscribeAll<FeedEvent>(rig.ws(replica, token), FEED, { a: account });
  for (let round = 0; sub.events.length === 0; round++) {
    if (round === 100) throw new Error('the subscription did not start');
    sim.injectMessage(token, { operation: 'ready', payload: {} });
    await sleep(300);
  }
  return sub;
}

describe.skipIf(noRedis)('cluster mode: the feed leader and the upstream queue', () => {
  let rig: Rig;
  beforeAll(async () => {
    redis = await startRedis();
    sim = createSimulator({ longPollMs: 500, listingDelayMs: 50 });
    await sim.start();
  }, 60_000);
  afterEach(async () => {
    await rig?.stop();
    sim.reset();
  });
  afterAll(async () => {
    await sim?.stop();
    await redis?.stop();
  });

  it('a feed quiet for longer than FEED_STREAM_TTL_MS still serves a listing on another replica', async () => {
    rig = new Rig(sim, redis, { FEED_STREAM_TTL_MS: '1000', REDIS_PREFIX: 'ttl' });
    const [a, b] = await Promise.all([rig.start('t1'), rig.start('t2')]);
    const t = sim.issueToken(DEMO_USER.username);
    const sub = await liveSubscription(rig, a, t);
    await sleep(2_500);
    const listing = await gql<Buckets>(b, BUCKETS(10), args, t);
    expect(listing.errors).toBeUndefined();
    expect(listing.data?.account.dataBroker.s3Buckets.length).toBeGreaterThan(0);
    expect(sub.errors).toEqual([]);
  });

  it('a recreated queue is found by the stalled-head check: listings go on, feed subscribers end', async () => {
    rig = new Rig(sim, redis, { FEED_HEAD_CHECK_MS: '1000', REDIS_PREFIX: 'stall' });
    const [a, b] = await Promise.all([rig.start('s1'), rig.start('s2')]);
    const t = sim.issueToken(DEMO_USER.username);
    const subs = [await liveSubscription(rig, a, t), await liveSubscription(rig, b, t)];
    sim.recreateQueue(t, 100);
    const listing = await gql<Buckets>(a, BUCKETS(20), args, t);
    expect(listing.errors).toBeUndefined();
    expect(listing.data?.account.dataBroker.s3Buckets.length).toBeGreaterThan(0);
    await Promise.all(subs.map((sub) => sub.done));
    for (const sub of subs) {
      expect(
        sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code),
      ).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(String((sub.errors[0] as { message: string }).message)).toMatch(/recreated/);
    }
    // Nothing after the reset was delivered as if it were newer than the old ids.
    for (const sub of subs)
      expect(sub.events.every((e) => e.feedMessages.operation === 'ready')).toBe(true);
  });

  it('with no stall check due, a listing that times out on a replica that does not lead makes the leader check the head', async () => {
    rig = new Rig(sim, redis, { FEED_HEAD_CHECK_MS: '600000', REDIS_PREFIX: 'gaveup' });
    const [a, b] = await Promise.all([rig.start('g1'), rig.start('g2')]);
    const t = sim.issueToken(DEMO_USER.username);
    // Listeners on both replicas keep the (token, account) reader, and its old cursor, alive.
    const subs = [await liveSubscription(rig, a, t), await liveSubscription(rig, b, t)];
    const lead = redisRaw(
      redis,
      'GET',
      `gaveup:{${callerKey(`Bearer ${t}`)}}:f:${account}:lead`,
    )[0];
    const follower = lead?.startsWith('g1:') ? b : a;
    const calls = sim.listCallCount();
    sim.recreateQueue(t, 100);
    expect(codes(await gql(follower, BUCKETS(1), args, t))).toEqual(['LISTING_TIMEOUT']);
    const listing = await gql<Buckets>(follower, BUCKETS(20), args, t);
    expect(listing.errors).toBeUndefined();
    expect(listing.data?.account.dataBroker.s3Buckets.length).toBeGreaterThan(0);
    // The second listing makes its own call, or joins the first one's owed answer when that was
    // still on its way: never more.
    expect(sim.listCallCount() - calls).toBeLessThanOrEqual(2);
    await Promise.all(subs.map((sub) => sub.done));
    for (const sub of subs) {
      expect(String((sub.errors[0] as { message: string }).message)).toMatch(/recreated/);
    }
  });

  it('Redis losing its keys after a recreated queue is not taken for another recreation: subscribers go on', async () => {
    rig = new Rig(sim, redis, { FEED_HEAD_CHECK_MS: '1000', REDIS_PREFIX: 'lost' });
    const [a, b] = await Promise.all([rig.start('l1'), rig.start('l2')]);
    const t = sim.issueToken(DEMO_USER.username);
    const first = await liveSubscription(rig, a, t);
    sim.recreateQueue(t, 100);
    await first.done;
    expect(String((first.errors[0] as { message: string }).message)).toMatch(/recreated/);
    // A subscriber of the new queue (the stream's second generation), then Redis restarts empty.
    const second = await liveSubscription(rig, b, t);
    await redis.kill();
    await redis.restart();
    const after = sim.injectMessage(t, { operation: 'after-restart', payload: {} });
    await until(
      () => second.events.some((e) => e.feedMessages.id === after),
      20_000,
      'the message after the restart',
    );
    expect(second.errors).toEqual([]);
    const ids = second.events.map((e) => BigInt(e.feedMessages.id));
    expect(ids.every((id, i) => i === 0 || id > (ids[i - 1] as bigint))).toBe(true);
  }, 60_000);
});
