import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEMO_USER, SEED_IDS, type Simulator } from '../../src/simulator';
import { subscribeAll, until } from '../utils/stack';
import { noRedis, startRedis, type TestRedis } from './redis';
import {
  BUCKETS,
  FEED,
  gauge,
  gql,
  liveMembers,
  type Replica,
  Rig,
  redisRaw,
  untilAsync,
} from './rig';

/** design/cluster.md §7.2 scenario 7: per-token caps counted over the cluster. */

let redis: TestRedis;
let sim: Simulator;
let rig: Rig;
let r1: Replica;
let r2: Replica;
const account = SEED_IDS.accounts.test;

const codeOf = (error: unknown) =>
  (error as { extensions?: { code?: string } } | undefined)?.extensions?.code;

describe.skipIf(noRedis)('cluster mode: caps per token over the replicas', () => {
  beforeAll(async () => {
    redis = await startRedis();
    sim = createSimulator({ longPollMs: 900, listingDelayMs: 50 });
    await sim.start();
    rig = new Rig(sim, redis, {
      MAX_LISTINGS_PER_TOKEN: '2',
      MAX_SUBSCRIPTIONS_PER_TOKEN: '3',
      CLUSTER_CAP_TTL_MS: '1500',
    });
    [r1, r2] = await Promise.all([rig.start('c1'), rig.start('c2')]);
  }, 120_000);
  afterAll(async () => {
    sim?.releaseListings();
    await rig?.stop();
    await sim?.stop();
    await redis?.stop();
  });

  it('MAX_LISTINGS_PER_TOKEN=2: a third distinct listing on another replica is RATE_LIMITED, and never sent', async () => {
    const t = sim.issueToken(DEMO_USER.username);
    sim.holdListings();
    const brokers = [SEED_IDS.brokers.aws, SEED_IDS.brokers.azure];
    const held = brokers.map((b) => gql(r1, BUCKETS, { a: account, b }, t));
    await until(() => sim.heldListingCount() === 2, 15_000, 'two list calls');
    const third = await gql(r2, BUCKETS, { a: account, b: SEED_IDS.brokers.gcp }, t);
    expect(third.errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(sim.listCallCount('list-s3-buckets')).toBe(2);
    // The same listing as one in flight is not a new one: it joins, over the cluster.
    const joined = gql(r2, BUCKETS, { a: account, b: brokers[0] }, t);
    await untilAsync(
      async () => (await gauge(r2, 'cloudsync_listing_waiters')) === 1,
      10_000,
      'the joiner waits',
    );
    sim.releaseListings();
    const results = await Promise.all([...held, joined]);
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(sim.listCallCount('list-s3-buckets')).toBe(2);
  }, 40_000);

  it('MAX_SUBSCRIPTIONS_PER_TOKEN=3 spread over replicas; a killed replica stops counting after one TTL', async () => {
    const t = sim.issueToken(DEMO_USER.username);
    const onR1 = [subscribeAll(rig.ws(r1, t), FEED), subscribeAll(rig.ws(r1, t), FEED)];
    const onR2 = subscribeAll(rig.ws(r2, t), FEED);
    let cap = '';
    const members = () => liveMembers(redis, cap);
    await until(
      () => {
        cap = redisRaw(redis, '--scan', '--pattern', 'csg:*:cap:s')[0] ?? '';
        return cap !== '' && members() === 3;
      },
      15_000,
      'three members',
    );
    // A fourth, on the replica that holds only one: refused with the contract's code.
    const fourth = subscribeAll(rig.ws(r2, t), FEED);
    await fourth.done;
    expect(fourth.errors.map(codeOf)).toEqual(['RATE_LIMITED']);
    expect(members()).toBe(3);
    // Every admitted one is live: one message reaches all three.
    sim.injectMessage(t, { operation: 'hello', payload: {} });
    await until(
      () => [...onR1, onR2].every((sub) => sub.events.length === 1),
      10_000,
      'three deliveries',
    );
    // r1 dies without a word: its two members stop counting once their TTL is over.
    await rig.kill(r1);
    await until(() => members() === 1, 10_000, 'r1 members expired');
    // From the last id seen, so that the next message reaches them however late they start.
    const after = (onR2.events[0] as { feedMessages: { id: string } }).feedMessages.id;
    const again = [0, 1].map(() => subscribeAll(rig.ws(r2, t), FEED, { after }));
    await until(() => members() === 3, 10_000, 'two new members');
    sim.injectMessage(t, { operation: 'again', payload: {} });
    await until(
      () => again.every((sub) => sub.events.length === 1),
      15_000,
      'two new subscriptions admitted',
    );
    expect(again.flatMap((sub) => sub.errors)).toEqual([]);
    for (const sub of [onR2, ...again]) sub.unsubscribe();
  }, 60_000);
});
