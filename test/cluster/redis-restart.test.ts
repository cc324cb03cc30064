import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEMO_USER, SEED_IDS, type Simulator } from '../../src/simulator';
import { subscribeAll, until } from '../utils/stack';
import { noRedis, startRedis, type TestRedis } from './redis';
import { BUCKETS, FEED, gql, type Replica, Rig, untilAsync } from './rig';

/**
 * design/cluster.md §7.2 scenario 6: Redis killed, then restarted empty on the same socket.
 * During the outage listings fail with UPSTREAM_UNAVAILABLE naming the coordination store and make
 * no list call, plain queries work, open feed subscriptions stay open; afterwards everything
 * recovers without a restart, and messages injected meanwhile reach the subscribers once.
 */

let redis: TestRedis;
let sim: Simulator;
let rig: Rig;
const account = SEED_IDS.accounts.test;
const BROKERS = 'query($a: ID!) { account(id: $a) { dataBrokers { id } } }';

type FeedEvent = { feedMessages: { id: string; operation: string } };

describe.skipIf(noRedis)('cluster mode: Redis killed and restarted', () => {
  beforeAll(async () => {
    redis = await startRedis();
    sim = createSimulator({ longPollMs: 900, listingDelayMs: 50 });
    await sim.start();
    rig = new Rig(sim, redis);
    await Promise.all(['o1', 'o2'].map((id) => rig.start(id)));
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
    await sim?.stop();
    await redis?.stop();
  });

  it('listings refuse without a list call during the outage, plain queries and open subscriptions go on, all recovers after', async () => {
    const t = sim.issueToken(DEMO_USER.username);
    const [a, b] = rig.replicas as [Replica, Replica];
    const subs = [a, b].map((r) => subscribeAll<FeedEvent>(rig.ws(r, t), FEED));
    for (let round = 0; subs.some((s) => s.events.length === 0); round++) {
      if (round === 100) throw new Error('the subscriptions did not start');
      sim.injectMessage(t, { operation: 'ready', payload: {} });
      await sleep(300);
    }
    const ok = await gql(a, BUCKETS, { a: account, b: SEED_IDS.brokers.aws }, t);
    expect(ok.errors).toBeUndefined();
    const calls = sim.listCallCount('list-s3-buckets');

    await redis.kill();
    const during = await gql(b, BUCKETS, { a: account, b: SEED_IDS.brokers.azure }, t);
    expect(during.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(during.errors?.[0]?.message).toMatch(/coordination store/);
    expect(during.errors?.[0]?.message).not.toContain(redis.socket);
    expect(sim.listCallCount('list-s3-buckets')).toBe(calls);
    const brokers = await gql<{ account: { dataBrokers: unknown[] } }>(
      b,
      BROKERS,
      { a: account },
      t,
    );
    expect(brokers.errors).toBeUndefined();
    expect(brokers.data?.account.dataBrokers.length).toBeGreaterThan(0);
    const duringOutage = [0, 1, 2].map((i) =>
      sim.injectMessage(t, { operation: 'outage', payload: { i } }),
    );

    await redis.restart();
    // Listings work again within a bound, without restarting a replica.
    await untilAsync(
      async () =>
        (await gql(b, BUCKETS, { a: account, b: SEED_IDS.brokers.azure }, t)).errors === undefined,
      15_000,
      'a listing after the restart',
    );
    const after = sim.injectMessage(t, { operation: 'after', payload: {} });
    await until(
      () => subs.every((s) => s.events.at(-1)?.feedMessages.id === after),
      20_000,
      'the subscriptions carry on',
    ).catch((error: Error) => {
      const tails = subs.map((s) =>
        s.events
          .slice(-3)
          .map((e) => e.feedMessages.id)
          .join(','),
      );
      throw new Error(
        `${error.message}: outage ${duringOutage}, after ${after}, tails ${tails.join(' | ')}, polls ${sim.pollsInFlight(t)}`,
      );
    });
    for (const sub of subs) {
      const ids = sub.events
        .map((e) => e.feedMessages)
        .filter((m) => m.operation !== 'ready')
        .map((m) => m.id);
      expect(ids.filter((id) => duringOutage.includes(id) || id === after)).toEqual([
        ...duringOutage,
        after,
      ]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(sub.errors).toEqual([]);
    }
  }, 120_000);
});
