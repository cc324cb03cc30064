import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimulator, DEMO_USER, SEED_IDS, type Simulator } from '../../src/simulator';
import { subscribeAll, until } from '../utils/stack';
import { noRedis, startRedis, type TestRedis } from './redis';
import { BUCKETS, FOLDERS, gauge, gql, type Replica, Rig, redisCli, untilAsync } from './rig';

/**
 * design/cluster.md §7.2: gateway replicas as real processes (`src/main.ts`), one Redis on a unix
 * socket, the simulator in this process so that its counters can be read.
 */

let redis: TestRedis;
let sim: Simulator;
let rig: Rig;
const tokens: string[] = [];
const account = SEED_IDS.accounts.test;
const aws = SEED_IDS.brokers.aws;
const onprem = SEED_IDS.brokers.onprem;
let replicas: Replica[] = [];
const FEED = 'subscription { feedMessages { id operation } }';

const token = () => {
  const issued = sim.issueToken(DEMO_USER.username);
  tokens.push(issued);
  return issued;
};

describe.skipIf(noRedis)('cluster mode: replicas as processes on one Redis', () => {
  beforeAll(async () => {
    redis = await startRedis();
    sim = createSimulator({ longPollMs: 900, listingDelayMs: 50 });
    await sim.start();
    rig = new Rig(sim, redis);
    replicas = rig.replicas;
    await Promise.all(['r1', 'r2', 'r3'].map((id) => rig.start(id)));
  }, 120_000);
  afterAll(async () => {
    await rig?.stop();
    await sim?.stop();
    await redis?.stop();
  });
  beforeEach(() => {
    sim.reset();
    sim.setLongPoll(900);
    sim.setListingDelay(50);
  });

  it('one long poll per token across 3 replicas; every replica delivers; none after everyone leaves', async () => {
    const t = token();
    const subs = replicas.map((replica) =>
      subscribeAll<{ feedMessages: { operation: string } }>(rig.ws(replica, t), FEED),
    );
    await until(() => sim.pollsInFlight(t) === 1, 15_000, 'one poll');
    // Let the other candidates run their elections: never two polls. (On a loaded machine a 1 s
    // lease may lapse and move: the poll is then briefly none, never two.)
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(sim.maxPollsInFlight(t)).toBe(1);
    await until(() => sim.pollsInFlight(t) === 1, 5_000, 'one poll after the elections');
    sim.injectMessage(t, { operation: 'hello', payload: {} });
    await until(
      () => subs.every((sub) => sub.events.length === 1),
      10_000,
      'every replica delivered',
    );
    expect(subs.map((sub) => sub.events[0]?.feedMessages.operation)).toEqual([
      'hello',
      'hello',
      'hello',
    ]);
    for (const sub of subs) sub.unsubscribe();
    await until(() => sim.pollsInFlight(t) === 0, 10_000, 'no poll left');
  }, 40_000);

  it('two replicas, one broker, different folder paths, answers released in reverse: each gets its own', async () => {
    const t = token();
    sim.holdListings();
    const a = gql<{ account: { dataBroker: { nfsExportFolders: { path: string }[] } } }>(
      replicas[0]!,
      FOLDERS,
      { a: account, b: onprem, host: '10.0.0.5', export: '/vol1', path: 'projects' },
      t,
    );
    const b = gql<{ account: { dataBroker: { nfsExportFolders: { path: string }[] } } }>(
      replicas[1]!,
      FOLDERS,
      { a: account, b: onprem, host: '10.0.0.5', export: '/vol1' },
      t,
    );
    await until(() => sim.heldListingCount() === 1, 10_000, 'first list call');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.listCallCount('list-nfs-export-folders')).toBe(1);
    sim.releaseListings({ reverse: true });
    sim.holdListings();
    await until(() => sim.heldListingCount() === 1, 10_000, 'second list call');
    sim.releaseListings({ reverse: true });
    const [ra, rb] = await Promise.all([a, b]);
    const inProjects = ra.data!.account.dataBroker.nfsExportFolders.map((f) => f.path);
    const top = rb.data!.account.dataBroker.nfsExportFolders.map((f) => f.path);
    expect(inProjects.length).toBeGreaterThan(0);
    expect(inProjects.every((p) => p.startsWith('projects/'))).toBe(true);
    expect(top).toContain('projects');
    expect(top.some((p) => p.startsWith('projects/'))).toBe(false);
    expect(sim.listCallCount('list-nfs-export-folders')).toBe(2);
  }, 40_000);

  it('900 identical listings over 3 replicas: one list call, every answer the same', async () => {
    const t = token();
    sim.holdListings();
    const requests = Array.from({ length: 900 }, (_, i) =>
      gql<{ account: { dataBroker: { s3Buckets: { name: string }[] } } }>(
        replicas[i % 3]!,
        BUCKETS,
        { a: account, b: aws },
        t,
      ),
    );
    await until(() => sim.heldListingCount() === 1, 20_000, 'the list call');
    // The requests must all be waiting before the answer comes (one arriving after the flight
    // settled rightly makes a call of its own): the replicas' waiters gauges say when.
    await untilAsync(
      async () =>
        (await Promise.all(replicas.map((r) => gauge(r, 'cloudsync_listing_waiters')))).reduce(
          (a, b) => a + b,
          0,
        ) === 900,
      40_000,
      '900 listing waiters',
    );
    sim.releaseListings();
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.errors).slice(0, 2)).toEqual([]);
    const names = results.map((r) =>
      JSON.stringify(r.data?.account.dataBroker.s3Buckets.map((b) => b.name)),
    );
    expect(results.filter((r) => r.errors).slice(0, 2)).toEqual([]);
    expect(new Set(names).size).toBe(1);
    expect(sim.listCallCount('list-s3-buckets')).toBe(1);
  }, 60_000);

  it('a scan of every Redis key finds no token', async () => {
    const cli = (...args: string[]) => redisCli(redis, ...args);
    const keys = cli('--scan')
      .split('\n')
      .filter(Boolean)
      .map((k) => k.replace(/^"|"$/g, ''));
    expect(keys.length).toBeGreaterThan(0);
    let dump = keys.join('\n');
    for (const key of keys) {
      const type = cli('TYPE', key).trim();
      if (type === 'string') dump += cli('GET', key);
      else if (type === 'hash') dump += cli('HGETALL', key);
      else if (type === 'zset') dump += cli('ZRANGE', key, '0', '-1', 'WITHSCORES');
      else if (type === 'stream') dump += cli('XRANGE', key, '-', '+');
    }
    for (const issued of tokens) expect(dump).not.toContain(issued);
    expect(dump).not.toMatch(/bearer/i);
  });
});
