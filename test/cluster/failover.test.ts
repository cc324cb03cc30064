import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerKey } from '../../src/context';
import { createSimulator, DEMO_USER, type Simulator } from '../../src/simulator';
import { subscribeAll, until } from '../utils/stack';
import { noRedis, startRedis, type TestRedis } from './redis';
import { FEED, type Replica, Rig, redisRaw } from './rig';

/**
 * design/cluster.md §7.2 scenario 4: the feed leader is killed in the middle of a stream of 2,000
 * messages. A subscriber on another replica gets every id once, in order; one that was on the
 * killed replica resumes elsewhere with `after` and gets the rest, once.
 */

let redis: TestRedis;
let sim: Simulator;
let rig: Rig;

type FeedEvent = { feedMessages: { id: string; operation: string } };

describe.skipIf(noRedis)('cluster mode: the feed leader killed mid-stream', () => {
  beforeAll(async () => {
    redis = await startRedis();
    // The upstream keeps every message of the test (its default keeps the last 1,000).
    sim = createSimulator({ longPollMs: 900, listingDelayMs: 50, retention: 10_000 });
    await sim.start();
    rig = new Rig(sim, redis);
    await Promise.all(['k1', 'k2', 'k3'].map((id) => rig.start(id)));
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
    await sim?.stop();
    await redis?.stop();
  });

  it('2,000 messages, leader SIGKILLed at ~700: every id once and in order, here and after a resume elsewhere', async () => {
    const t = sim.issueToken(DEMO_USER.username);
    const [k1, k2, k3] = rig.replicas as [Replica, Replica, Replica];
    const on1 = subscribeAll<FeedEvent>(rig.ws(k1, t), FEED);
    const on2 = subscribeAll<FeedEvent>(rig.ws(k2, t), FEED);
    // Both streams run (each starts from "now"): a 'ready' message reaches both.
    for (let round = 0; on1.events.length === 0 || on2.events.length === 0; round++) {
      if (round === 100) throw new Error('the subscriptions did not start');
      sim.injectMessage(t, { operation: 'ready', payload: {} });
      await sleep(300);
    }
    const lead = redisRaw(redis, 'GET', `csg:{${callerKey(`Bearer ${t}`)}}:f:-:lead`)[0] ?? '';
    const leaderId = lead.split(':')[0];
    // The leader is one of the replicas that serve the token.
    expect([k1.id, k2.id]).toContain(leaderId);
    const leader = leaderId === k1.id ? k1 : k2;
    const onLeader = leaderId === k1.id ? on1 : on2;
    const onOther = leaderId === k1.id ? on2 : on1;
    const ms = (sub: typeof on1) => sub.events.filter((e) => e.feedMessages.operation !== 'ready');

    const injected: string[] = [];
    let killed: Promise<void> | undefined;
    for (let i = 0; i < 2_000; i++) {
      injected.push(sim.injectMessage(t, { operation: 'm', payload: { i } }));
      if (i === 700) killed = rig.kill(leader);
      await sleep(5);
    }
    await killed;
    await until(
      // Not events.length: the start-up rounds may have delivered more than one 'ready'.
      () => ms(onOther).length >= 2_000,
      60_000,
      'every message on the other replica',
    );
    const ids = ms(onOther).map((e) => e.feedMessages.id);
    expect(ids).toEqual(injected);

    // The killed replica's subscriber resumes on k3 from the last id it saw.
    const seen = ms(onLeader).map((e) => e.feedMessages.id);
    expect(seen).toEqual(injected.slice(0, seen.length));
    const after = onLeader.events.at(-1)?.feedMessages.id;
    const resumed = subscribeAll<FeedEvent>(rig.ws(k3, t), FEED, { after });
    await until(
      () => seen.length + resumed.events.length >= 2_000,
      60_000,
      'the rest after the resume',
    ).catch((error: Error) => {
      const got = resumed.events.map((e) => e.feedMessages.id);
      throw new Error(
        `${error.message}: seen ${seen.length}, after ${after}, resumed ${got.length} (${got[0]}…${got.at(-1)}), errors ${JSON.stringify(resumed.errors)}`,
      );
    });
    // Nothing more is owed: a last message shows nothing extra was queued before it.
    const last = sim.injectMessage(t, { operation: 'last', payload: {} });
    await until(() => resumed.events.at(-1)?.feedMessages.id === last, 15_000, 'the last message');
    expect(resumed.events.map((e) => e.feedMessages.id)).toEqual([
      ...injected.slice(seen.length),
      last,
    ]);
    expect(onOther.errors).toEqual([]);
    expect(resumed.errors).toEqual([]);
    for (const sub of [onOther, resumed]) sub.unsubscribe();
  }, 180_000);

  it('graceful hand-off: the leader loses its only user, the subscriber on the other replica sees no gap, one poll before and after', async () => {
    const t = sim.issueToken(DEMO_USER.username);
    const live = rig.replicas.filter(
      (r) => r.child.exitCode === null && r.child.signalCode === null,
    );
    const [x, y] = live as [Replica, Replica];
    const onX = subscribeAll<FeedEvent>(rig.ws(x, t), FEED);
    for (let round = 0; onX.events.length === 0; round++) {
      if (round === 100) throw new Error('the first subscription did not start');
      sim.injectMessage(t, { operation: 'ready', payload: {} });
      await sleep(300);
    }
    // x serves the only user: x leads. Then y gets one too.
    const lead = () =>
      (redisRaw(redis, 'GET', `csg:{${callerKey(`Bearer ${t}`)}}:f:-:lead`)[0] ?? '').split(':')[0];
    expect(lead()).toBe(x.id);
    const onY = subscribeAll<FeedEvent>(rig.ws(y, t), FEED);
    for (let round = 0; onY.events.length === 0; round++) {
      if (round === 100) throw new Error('the second subscription did not start');
      sim.injectMessage(t, { operation: 'ready', payload: {} });
      await sleep(300);
    }
    await until(() => sim.pollsInFlight(t) === 1, 10_000, 'one poll');
    const injected: string[] = [];
    for (let i = 0; i < 200; i++) {
      injected.push(sim.injectMessage(t, { operation: 'm', payload: { i } }));
      if (i === 50) onX.unsubscribe();
      await sleep(5);
    }
    await until(() => lead() === y.id, 15_000, 'y leads');
    const more = sim.injectMessage(t, { operation: 'm', payload: { i: 200 } });
    injected.push(more);
    await until(() => onY.events.at(-1)?.feedMessages.id === more, 15_000, 'the last message on y');
    expect(
      onY.events.filter((e) => e.feedMessages.operation === 'm').map((e) => e.feedMessages.id),
    ).toEqual(injected);
    await until(() => sim.pollsInFlight(t) === 1, 10_000, 'one poll after the hand-off');
    expect(onY.errors).toEqual([]);
    onY.unsubscribe();
  }, 120_000);
});
