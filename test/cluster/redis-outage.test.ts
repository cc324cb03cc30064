import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEMO_USER, type Simulator } from '../../src/simulator';
import { subscribeAll, until } from '../utils/stack';
import { noRedis, startRedis, type TestRedis } from './redis';
import { FEED, type Replica, Rig } from './rig';

/**
 * design/cluster.md §7.2 scenario 6, REDIS_OUTAGE_GRACE_MS: open feedMessages subscriptions
 * survive a Redis outage shorter than the grace; past it they end with UPSTREAM_UNAVAILABLE naming
 * the coordination store (never its address), and the client resumes with `after`.
 */

let redis: TestRedis;
let sim: Simulator;
let rig: Rig;
// By name: rig.replicas lists them in the order they became ready.
let short: Replica;
let long: Replica;

type FeedEvent = { feedMessages: { id: string; operation: string } };
type Failure = { message?: string; extensions?: { code?: string } };

describe.skipIf(noRedis)('cluster mode: feed subscriptions over a Redis outage', () => {
  beforeAll(async () => {
    redis = await startRedis();
    sim = createSimulator({ longPollMs: 900, listingDelayMs: 50 });
    await sim.start();
    rig = new Rig(sim, redis);
    // `short` gives up on Redis after 1 s, `long` after 30 s.
    [short, long] = await Promise.all([
      rig.start('short', { REDIS_OUTAGE_GRACE_MS: '1000' }),
      rig.start('long', { REDIS_OUTAGE_GRACE_MS: '30000' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
    await sim?.stop();
    await redis?.stop();
  });

  it('past the grace a subscription ends with UPSTREAM_UNAVAILABLE and resumes with `after`; within it, it stays open', async () => {
    const t = sim.issueToken(DEMO_USER.username);
    const subs = [short, long].map((r) => subscribeAll<FeedEvent>(rig.ws(r, t), FEED));
    for (let round = 0; subs.some((s) => s.events.length === 0); round++) {
      if (round === 100) throw new Error('the subscriptions did not start');
      sim.injectMessage(t, { operation: 'ready', payload: {} });
      await sleep(300);
    }
    const [ended, open] = subs as [(typeof subs)[0], (typeof subs)[0]];

    await redis.kill();
    // Bounded: the short grace plus the time to notice the outage.
    await Promise.race([
      ended.done,
      sleep(15_000).then(() => {
        throw new Error('the subscription on the short grace did not end');
      }),
    ]);
    const failures = ended.errors as Failure[];
    expect(failures.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(failures[0]?.message).toMatch(/coordination store/);
    expect(failures[0]?.message).not.toContain(redis.socket);
    const lastSeen = ended.events.at(-1)?.feedMessages.id;
    const duringOutage = sim.injectMessage(t, { operation: 'outage', payload: {} });

    await redis.restart();
    const after = sim.injectMessage(t, { operation: 'after', payload: {} });
    // The subscription within its grace carries on, each message once.
    await until(
      () => open.events.at(-1)?.feedMessages.id === after,
      20_000,
      'the subscription within its grace carries on',
    );
    const ids = open.events.map((e) => e.feedMessages.id);
    expect(ids.filter((id) => id === duringOutage || id === after)).toEqual([duringOutage, after]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(open.errors).toEqual([]);

    // The ended one resumes from the last id it saw and misses nothing.
    const resumed = subscribeAll<FeedEvent>(rig.ws(short, t), FEED, { after: lastSeen });
    await until(
      () => resumed.events.at(-1)?.feedMessages.id === after,
      20_000,
      'the resumed subscription catches up',
    );
    expect(
      resumed.events.map((e) => e.feedMessages.id).filter((id) => id === duringOutage),
    ).toEqual([duringOutage]);
    expect(resumed.errors).toEqual([]);
  }, 120_000);
});
