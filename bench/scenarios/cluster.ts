import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, createClient } from 'graphql-ws';
import type { Pool } from 'undici';
import WebSocket from 'ws';
import { callerKey } from '../../src/context';
import { buildGateway } from '../build';
import { graphql, pool } from '../http';
import {
  commandCalls,
  type GatewayProcess,
  gauge,
  monitor,
  redisCommand,
  startGateway,
} from '../replicas';
import { atMost, exactly, type Row, row, type ScenarioResult } from '../report';
import { BENCH_SETTINGS, type ScenarioContext, waitFor } from '../scenario';
import type { Sizes } from '../sizes';
import { type StackProcess, startStackProcess } from '../stack';
import { round, summarize } from '../stats';
import { SubscriberFleet } from '../subscribers';
import { BUCKET_VARIABLES, BUCKETS, type BucketsData } from './listing-latency';

const ID = 9;
const NAME = 'Cluster';
const REPLICAS = 3;
const FEED_IDLE_MS = 1_000;
/** The gateway's default FEED_LEASE_MS (src/config.ts). */
const DEFAULT_LEASE_MS = 5_000;
const PROBE_ROUNDS = 60;
const WAIT_MS = 60_000;

type Sizing = Sizes['cluster'];

interface Env {
  sizes: Sizing;
  ctx: ScenarioContext;
  sim: StackProcess;
  socket: string;
  replicas: GatewayProcess[];
}

/**
 * Cluster mode (design/cluster.md §7.3): one Redis on a unix socket, the simulator alone on a
 * thread of a stack process, and gateway replicas as processes of the compiled build
 * (`node main.js` with REDIS_URL and CLOUDSYNC_API_URL), 1, then 2, then 3, clients spread
 * evenly over them. The baseline, a single-process gateway (no REDIS_URL) on the same simulator,
 * runs in the same run. Skipped, with one line, where no Redis server binary exists.
 */
export async function cluster(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { noRedis, startRedis } = await import('../../test/cluster/redis');
  if (noRedis) {
    const skipped = 'no Redis server binary (install Debian redis-tools)';
    ctx.log(`cluster: skipped: ${skipped}`);
    return { id: ID, name: NAME, rows: [], details: {}, skipped };
  }
  const sizes = ctx.sizes.cluster;
  const leaseMs = sizes.leaseMs ?? DEFAULT_LEASE_MS;
  const stops: (() => Promise<void>)[] = [];
  const pending: Promise<unknown>[] = [];
  /** Starts something; once it runs, `stop` is what ends it (whatever happens after). */
  const started = <T>(starting: Promise<T>, stop: (value: T) => Promise<void>): Promise<T> => {
    pending.push(starting);
    return starting.then((value) => {
      stops.push(() => stop(value));
      return value;
    });
  };
  const begun = performance.now();
  try {
    // The build, Redis and the simulator's process start side by side.
    const [main, redis, sim] = await Promise.all([
      buildGateway(),
      started(startRedis(), (redis) => redis.stop()),
      started(
        startStackProcess({
          gateway: false,
          latencyMs: 0,
          listingDelayMs: sizes.delayMs,
          longPollMs: sizes.longPollMs,
        }),
        (sim) => sim.stop(),
      ),
    ]);
    const common: NodeJS.ProcessEnv = {
      ...process.env,
      ...BENCH_SETTINGS,
      CLOUDSYNC_API_URL: sim.urls.simulator,
      CLOUDSYNC_AUTH_URL: sim.urls.simulator,
      FEED_IDLE_MS: String(FEED_IDLE_MS),
    };
    delete common.REDIS_URL;
    const clusterEnv = (id: string): NodeJS.ProcessEnv => ({
      ...common,
      REDIS_URL: redis.url,
      REPLICA_ID: id,
      ...(sizes.leaseMs === null ? {} : { FEED_LEASE_MS: String(sizes.leaseMs) }),
    });
    const starting = (k: number) =>
      started(startGateway(`replica ${k}`, main, clusterEnv(`bench-r${k}`)), (replica) =>
        replica.kill(),
      );
    // Smoke mode starts every process at once, to be quick; the full run starts replica k
    // just before the step that needs it.
    const early = ctx.smoke
      ? Array.from({ length: REPLICAS }, (_, index) => starting(index + 1))
      : [];
    for (const replica of early) replica.catch(() => {});
    const baseline = await started(
      startGateway('single-process gateway', main, common),
      (gateway) => gateway.kill(),
    );
    const env: Env = { sizes, ctx, sim, socket: redis.socket, replicas: [] };
    const phases: Record<string, number> = {};
    let mark = begun;
    const phase = (name: string) => {
      const now = performance.now();
      phases[name] = round((now - mark) / 1000, 2);
      mark = now;
    };
    phase('start');

    const pollRows: Row[] = [];
    const listRows: Row[] = [];
    const steps: Record<string, unknown>[] = [];
    for (let k = 1; k <= REPLICAS; k++) {
      const replica = await (early[k - 1] ?? starting(k));
      env.replicas.push(replica);
      phase(`×${k} start`);
      const polls = await pollsPerToken(env);
      phase(`×${k} polls`);
      const listing = await identicalListings(env);
      phase(`×${k} identical listings`);
      pollRows.push(
        row(
          `×${k}: long polls in flight at a broadcast (${sizes.tokens} tokens)`,
          polls.atBroadcast,
          '',
          exactly(sizes.tokens),
        ),
        row(`×${k}: most long polls on one token at once`, polls.maxPerToken, '', exactly(1)),
        row(`×${k}: delivery to ${sizes.subscribers} subscribers, p99`, round(polls.p99, 1), 'ms'),
      );
      listRows.push(
        row(
          `×${k}: list calls for ${sizes.identical} identical listings (${listing.answered} answered)`,
          listing.listCalls,
          '',
          exactly(1),
        ),
      );
      steps.push({ replicas: k, polls, listing });
    }
    const latency = await listingLatency(env, baseline);
    phase('latency');
    const commands = await redisCommands(env);
    phase('commands');
    const failover = await leaderFailover(env, leaseMs);
    phase('failover');
    ctx.log(`cluster phases (s): ${JSON.stringify(phases)}`);
    return {
      id: ID,
      name: NAME,
      rows: [
        ...pollRows,
        ...listRows,
        row(
          `single process: response - D, p50 (D = ${sizes.delayMs} ms)`,
          round(latency.single.p50, 2),
          'ms',
        ),
        row('single process: response - D, p99', round(latency.single.p99, 2), 'ms'),
        row(`×${REPLICAS}: response - D, p50`, round(latency.cluster.p50, 2), 'ms'),
        row(`×${REPLICAS}: response - D, p99`, round(latency.cluster.p99, 2), 'ms'),
        row('added by cluster mode, p50', round(latency.addedP50, 2), 'ms', atMost(2)),
        row('added by cluster mode, p99', round(latency.addedP99, 2), 'ms'),
        row(
          'Redis commands per listing, sent by the gateways',
          round(commands.sentPerListing, 2),
          '',
          atMost(8),
        ),
        row(
          "Redis commands per listing, INFO commandstats (Lua scripts' own calls too)",
          round(commands.executedPerListing, 2),
          '',
        ),
        row(
          `leader failover gap (FEED_LEASE_MS = ${leaseMs} ms)`,
          Math.round(failover.gapMs),
          'ms',
          atMost(leaseMs + 1_000),
        ),
        row(
          'failover: messages on another replica, each once and in order',
          failover.inOrder,
          '',
          exactly(failover.injected),
        ),
      ],
      details: {
        replicas: REPLICAS,
        feedLeaseMs: leaseMs,
        sizes,
        steps,
        latency,
        commands,
        failover,
        phaseSeconds: phases,
      },
    };
  } finally {
    // Everything started is stopped, whatever happened: what is still starting first settles.
    const ending = performance.now();
    await Promise.allSettled(pending);
    await Promise.allSettled(stops.map((stop) => stop()));
    ctx.log(`cluster: stopped in ${round((performance.now() - ending) / 1000, 2)} s`);
  }
}

/** Throws when a replica that should run has exited (a crash is the finding, not a timeout). */
function alive(replicas: GatewayProcess[]): void {
  for (const replica of replicas) {
    const exited = replica.exited();
    if (exited) throw new Error(exited.slice(0, 1_500));
  }
}

const wsUrl = (gateway: GatewayProcess) => `${gateway.url.replace('http', 'ws')}/graphql`;

/** Spreads `count` over `k` parts as evenly as whole numbers allow. */
const share = (count: number, k: number, index: number) =>
  Math.floor(count / k) + (index < count % k ? 1 : 0);

/**
 * Figure 1: S feedMessages subscribers over T tokens, spread evenly over the replicas (every
 * token has subscribers on every replica). Once every subscriber has had a message, the high-water
 * mark is reset and one more message is broadcast: the long polls held then (goal: one per token)
 * and the most one token ever held at once until it was delivered everywhere (goal: 1).
 */
async function pollsPerToken(env: Env) {
  const { sizes, sim, ctx, replicas } = env;
  const k = replicas.length;
  const tokens = await sim.call({ op: 'issueTokens', count: sizes.tokens });
  const fleets = replicas.map(
    (_, index) => new SubscriberFleet(share(sizes.subscribers, k, index)),
  );
  const polls = () => sim.call({ op: 'pollsPerToken', tokens });
  try {
    ctx.log(`cluster ×${k}: ${sizes.subscribers} subscribers over ${tokens.length} tokens`);
    const opening = performance.now();
    await Promise.all(
      fleets.map((fleet, index) => {
        const replica = replicas[index];
        if (!replica) throw new Error('no replica');
        const concurrency = Math.max(1, Math.ceil(sizes.openConcurrency / k));
        return fleet.open(wsUrl(replica), tokens, sizes.perConnection, concurrency);
      }),
    );
    const probed = () => fleets.every((fleet) => fleet.probed === fleet.count);
    for (let probe = 0; probe < PROBE_ROUNDS && !probed(); probe++) {
      await sim.call({ op: 'broadcast' });
      await waitFor(probed, 1_000, 10);
    }
    alive(replicas);
    if (!probed()) {
      const got = fleets.reduce((sum, fleet) => sum + fleet.probed, 0);
      throw new Error(`×${k}: only ${got} of ${sizes.subscribers} subscribers got a probe message`);
    }
    const liveMs = performance.now() - opening;
    // Every leader polls again; then the high-water mark starts over.
    const settled = async () => (await polls()).total === tokens.length;
    if (!(await waitFor(settled, 10_000, 50))) {
      throw new Error(`×${k}: never one long poll per token (${JSON.stringify(await polls())})`);
    }
    await sim.call({ op: 'clearRequests' });
    const heads = await sim.call({ op: 'queueHeads', tokens });
    if (heads.length !== 1 || heads[0] === undefined) throw new Error('queues out of step');
    const id = String(BigInt(heads[0]) + 1n);
    for (const fleet of fleets) fleet.watch(id);
    const atBroadcast = (await polls()).total;
    const sent = performance.now();
    await sim.call({ op: 'broadcast' });
    const arrived = () => fleets.every((fleet) => fleet.arrived === fleet.count);
    await waitFor(arrived, WAIT_MS, 5);
    const delays = summarize(fleets.flatMap((fleet) => fleet.delays(sent)));
    if (!arrived()) throw new Error(`×${k}: the measured message did not reach every subscriber`);
    // The leaders poll again after the delivery: that poll is inside the measured window too.
    await waitFor(settled, 10_000, 50);
    const after = await polls();
    return {
      atBroadcast,
      maxPerToken: after.max,
      p50: delays.p50,
      p99: delays.p99,
      secondsUntilAllLive: round(liveMs / 1000, 2),
      subscribeErrors: fleets.reduce((sum, fleet) => sum + fleet.errors, 0),
    };
  } finally {
    await Promise.all(fleets.map((fleet) => fleet.close()));
  }
}

/**
 * Figure 2: N identical waiting s3Buckets listings on one token, spread evenly over the replicas.
 * The simulator holds the listing's result until all N wait in the gateways (their
 * cloudsync_listing_waiters gauges), so the count does not depend on timing.
 */
async function identicalListings(env: Env) {
  const { sizes, sim, ctx, replicas } = env;
  const k = replicas.length;
  const n = sizes.identical;
  const [token = ''] = await sim.call({ op: 'issueTokens', count: 1 });
  const pools = replicas.map((replica) => pool(replica.url, Math.ceil(n / k)));
  try {
    ctx.log(`cluster ×${k}: ${n} identical listings`);
    await sim.call({ op: 'holdListings' });
    await sim.call({ op: 'clearRequests' });
    let answered = 0;
    let failed = 0;
    const all = Array.from({ length: n }, (_, index) =>
      graphql<BucketsData>(pools[index % k] as Pool, token, BUCKETS, BUCKET_VARIABLES).then(
        (data) => {
          if (data.account.dataBroker.s3Buckets.length > 0) answered++;
          else failed++;
        },
        () => {
          failed++;
        },
      ),
    );
    const waiters = async () => {
      alive(replicas);
      const values = await Promise.all(
        replicas.map((replica) => gauge(replica.url, 'cloudsync_listing_waiters')),
      ).catch(async (error: unknown) => {
        await sleep(500);
        alive(replicas); // a replica that went away says why
        throw error;
      });
      return values.reduce((sum, value) => sum + value, 0);
    };
    const waiting = await waitFor(async () => (await waiters()) + failed >= n, WAIT_MS, 50);
    await sim.call({ op: 'releaseListings' });
    await Promise.all(all);
    if (!waiting) throw new Error(`×${k}: the listings were not all waiting in time`);
    const counts = await sim.call({ op: 'counts' });
    return { listCalls: counts.list, answered, failed };
  } finally {
    await sim.call({ op: 'releaseListings' }).catch(() => {});
    await Promise.all(pools.map((client) => client.close()));
  }
}

/**
 * Figure 3: sequential waiting s3Buckets listings, result delay D, one at a time, alternately on
 * the single-process gateway and on the replicas in turn (a token each, readers warm), so that
 * both sides see the same machine load. The response time less D is the time after the answer
 * landed on the feed.
 */
async function listingLatency(env: Env, baseline: GatewayProcess) {
  const { sizes, sim, ctx, replicas } = env;
  const [single = '', spread = ''] = await sim.call({ op: 'issueTokens', count: 2 });
  const singlePool = pool(baseline.url, 1);
  const pools = replicas.map((replica) => pool(replica.url, 1));
  try {
    const timed = async (client: Pool, token: string) => {
      const started = performance.now();
      const data = await graphql<BucketsData>(client, token, BUCKETS, BUCKET_VARIABLES);
      if (data.account.dataBroker.s3Buckets.length === 0) throw new Error('no buckets listed');
      return performance.now() - started - sizes.delayMs;
    };
    ctx.log(
      `cluster ×${replicas.length}: ${sizes.listings} listings each side, D = ${sizes.delayMs} ms`,
    );
    for (let index = 0; index < sizes.warmup; index++) {
      await timed(singlePool, single);
      await timed(pools[index % pools.length] as Pool, spread);
    }
    const singleMs: number[] = [];
    const clusterMs: number[] = [];
    for (let index = 0; index < sizes.listings; index++) {
      singleMs.push(await timed(singlePool, single));
      clusterMs.push(await timed(pools[index % pools.length] as Pool, spread));
    }
    const singleStats = summarize(singleMs);
    const clusterStats = summarize(clusterMs);
    return {
      single: singleStats,
      cluster: clusterStats,
      addedP50: clusterStats.p50 - singleStats.p50,
      addedP99: clusterStats.p99 - singleStats.p99,
    };
  } finally {
    await Promise.all([singlePool, ...pools].map((client) => client.close()));
  }
}

/**
 * Figure 4: sequential listings spread over the replicas (warm, as in figure 3), alone on Redis:
 * the commands the gateways sent (MONITOR, leaving out what Lua scripts run inside Redis) and
 * every command Redis executed (`INFO commandstats`, scripts' own calls included), per listing.
 * Everything else the replicas do meanwhile (lease renewals, stream reads) is counted too.
 */
async function redisCommands(env: Env) {
  const { sizes, sim, ctx, replicas, socket } = env;
  const listings = Math.min(sizes.listings, 100);
  const [token = ''] = await sim.call({ op: 'issueTokens', count: 1 });
  const pools = replicas.map((replica) => pool(replica.url, 1));
  try {
    const listing = async (index: number) => {
      const client = pools[index % pools.length] as Pool;
      const data = await graphql<BucketsData>(client, token, BUCKETS, BUCKET_VARIABLES);
      if (data.account.dataBroker.s3Buckets.length === 0) throw new Error('no buckets listed');
    };
    for (let index = 0; index < Math.max(1, sizes.warmup); index++) await listing(index);
    ctx.log(`cluster ×${replicas.length}: Redis commands of ${listings} listings`);
    const before = await commandCalls(socket);
    const watching = await monitor(socket);
    try {
      for (let index = 0; index < listings; index++) await listing(index);
    } finally {
      watching.close();
    }
    const sent = watching.sent();
    const after = await commandCalls(socket);
    const executed: Record<string, number> = {};
    for (const [name, calls] of Object.entries(after)) {
      const added = calls - (before[name] ?? 0);
      if (added > 0) executed[name] = added;
    }
    // This process's own commands: the INFO before (counted in `after`) and MONITOR.
    for (const name of ['info', 'monitor']) delete executed[name];
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((sum, calls) => sum + calls, 0);
    return {
      listings,
      sentPerListing: total(sent) / listings,
      executedPerListing: total(executed) / listings,
      sent,
      executed,
    };
  } finally {
    await Promise.all(pools.map((client) => client.close()));
  }
}

/** A feedMessages subscriber that stamps every message's arrival. */
function watcher(gateway: GatewayProcess, token: string) {
  const arrivals: { id: string; at: number }[] = [];
  const client: Client = createClient({
    url: wsUrl(gateway),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
  client.subscribe<{ feedMessages: { id: string } }>(
    { query: 'subscription { feedMessages { id } }' },
    {
      next: (value) => {
        const id = value.data?.feedMessages.id;
        if (id !== undefined) arrivals.push({ id, at: performance.now() });
      },
      error: () => {},
      complete: () => {},
    },
  );
  return { gateway, arrivals, close: () => client.dispose() };
}

/**
 * Figure 5: a subscriber on every replica; messages injected at a steady rate; the feed leader
 * (its lease in Redis, as test/cluster/failover.test.ts finds it) SIGKILLed. The gap is the
 * longest pause between two deliveries, after the kill, to a subscriber on another replica: from
 * the last message it got before the failover to the first after.
 */
async function leaderFailover(env: Env, leaseMs: number) {
  const { sizes, sim, ctx, replicas, socket } = env;
  const [token = ''] = await sim.call({ op: 'issueTokens', count: 1 });
  const watchers = replicas.map((replica) => watcher(replica, token));
  try {
    for (let round = 0; !watchers.every((w) => w.arrivals.length > 0); round++) {
      if (round === PROBE_ROUNDS) throw new Error('failover: the subscriptions did not start');
      await sim.call({ op: 'injectSteady', token, count: 1, everyMs: 0 });
      await sleep(200);
    }
    const lead = await redisCommand(
      socket,
      'GET',
      `csg:{${callerKey(`Bearer ${token}`)}}:f:-:lead`,
    );
    const leaderId = String(lead ?? '').split(':')[0];
    const leader = replicas.find((_, index) => `bench-r${index + 1}` === leaderId);
    const other = watchers.find((w) => w.gateway !== leader);
    if (!leader || !other) throw new Error(`failover: no leader found (${leaderId})`);
    const count = Math.ceil((sizes.killAfterMs + leaseMs + 1_000) / sizes.everyMs);
    ctx.log(
      `cluster failover: ${count} messages, 1 per ${sizes.everyMs} ms; ${leader.name} (leader) killed after ${sizes.killAfterMs} ms`,
    );
    const first = other.arrivals.length;
    const injecting = sim.call({ op: 'injectSteady', token, count, everyMs: sizes.everyMs });
    await sleep(sizes.killAfterMs);
    const killedAt = performance.now();
    await leader.kill();
    const ids = await injecting;
    const last = ids.at(-1);
    await waitFor(() => other.arrivals.at(-1)?.id === last, leaseMs + 20_000, 20);
    const got = other.arrivals.slice(first);
    let inOrder = 0;
    while (inOrder < ids.length && got[inOrder]?.id === ids[inOrder]) inOrder++;
    if (got.length !== ids.length) inOrder = Math.min(inOrder, ids.length - 1);
    let gapMs = 0;
    let resumedAt = Number.NaN;
    for (let index = 1; index < got.length; index++) {
      const [before, after] = [got[index - 1], got[index]];
      if (!before || !after || after.at <= killedAt || after.at - before.at <= gapMs) continue;
      gapMs = after.at - before.at;
      resumedAt = after.at;
    }
    return {
      injected: ids.length,
      delivered: got.length,
      inOrder,
      gapMs: round(gapMs, 1),
      killToResumeMs: round(resumedAt - killedAt, 1),
      leader: leader.name,
      watcherOn: other.gateway.name,
      everyMs: sizes.everyMs,
    };
  } finally {
    await Promise.all(watchers.map((w) => w.close()));
  }
}
