import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, DEMO_USER, type Simulator } from '../../src/simulator';
import { subscribeAll } from '../utils/stack';
import { noRedis, startRedis, type TestRedis } from './redis';
import { FEED, Rig } from './rig';

/**
 * SIGTERM in cluster mode, with a feed subscription open (so the replica's stream tail is inside a
 * blocking XREAD): the subscriber is told, and the process exits 0 without waiting for the read.
 */

let redis: TestRedis;
let sim: Simulator;
let rig: Rig;

type FeedEvent = { feedMessages: { id: string; operation: string } };

describe.skipIf(noRedis)('cluster mode: shutdown', () => {
  beforeAll(async () => {
    redis = await startRedis();
    sim = createSimulator({ longPollMs: 900, listingDelayMs: 50 });
    await sim.start();
    rig = new Rig(sim, redis);
  }, 60_000);
  afterAll(async () => {
    await rig?.stop();
    await sim?.stop();
    await redis?.stop();
  });

  it('SIGTERM with an open feed subscription: the stream ends, the process exits 0, before the blocking read would return', async () => {
    const replica = await rig.start('bye');
    const t = sim.issueToken(DEMO_USER.username);
    const sub = subscribeAll<FeedEvent>(rig.ws(replica, t), FEED);
    for (let round = 0; sub.events.length === 0; round++) {
      if (round === 100) throw new Error('the subscription did not start');
      sim.injectMessage(t, { operation: 'ready', payload: {} });
      await sleep(300);
    }
    // The tail now waits in XREAD BLOCK 5000 for the next entry.
    await sleep(300);
    const exited = rig.kill(replica, 'SIGTERM');
    // Bounded by the stream tail's 5 s block (and the process's own 5 s forced exit after
    // SHUTDOWN_TIMEOUT_MS): a shutdown that waits for the read lands on or past it.
    const outcome = await Promise.race([
      exited.then(() => 'exited'),
      sleep(3_000).then(() => 'still running'),
    ]);
    expect(outcome).toBe('exited');
    expect(replica.child.exitCode).toBe(0);
    await sub.done;
  }, 60_000);
});
