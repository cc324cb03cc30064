import { setTimeout as sleep } from 'node:timers/promises';
import { atMost, exactly, row, type ScenarioResult } from '../report';
import { type Scenario, type ScenarioContext, waitFor } from '../scenario';
import type { StackProcess } from '../stack';
import { round, summarize } from '../stats';
import { SubscriberFleet } from '../subscribers';

const FEED_IDLE_MS = 1_000;
const PROBE_ROUNDS = 60;
/** Messages delivered to everyone before the measured one (the delivery path gets optimized). */
const WARM_BROADCASTS = 2;
const DELIVERY_TIMEOUT_MS = 30_000;

/**
 * Scenario 4, subscriber scale: N graphql-ws subscribers of feedMessages over T tokens, then one
 * message broadcast to every queue. Scenario 5, idle cost: the same stack once they all left.
 *
 * Readiness: a subscription is live only once the gateway registered its listener, which the
 * protocol does not acknowledge. So probe messages are broadcast until every subscriber has had
 * one (this also warms the delivery path); the measured message comes after, with a known id.
 */
export const subscribersAndIdle: Scenario = {
  stack: ({ subscribers }) => ({
    longPollMs: subscribers.longPollMs,
    settings: { FEED_IDLE_MS: String(FEED_IDLE_MS) },
  }),
  async run(ctx: ScenarioContext, stack: StackProcess): Promise<ScenarioResult[]> {
    const { subscribers, tokens: tokenCount } = ctx.sizes.subscribers;
    const tokens = await stack.call({ op: 'issueTokens', count: tokenCount });
    const fleet = new SubscriberFleet(subscribers);
    try {
      const scale = await subscriberScale(ctx, stack, fleet, tokens);
      const idle = await idleCost(ctx, stack, fleet);
      return [scale, idle];
    } finally {
      await fleet.close();
    }
  },
};

async function subscriberScale(
  ctx: ScenarioContext,
  stack: StackProcess,
  fleet: SubscriberFleet,
  tokens: string[],
): Promise<ScenarioResult> {
  const sizes = ctx.sizes.subscribers;
  const url = `${stack.urls.gateway.replace('http', 'ws')}/graphql`;
  await stack.call({ op: 'clearRequests' });
  const base = await stack.call({ op: 'usage', gc: true });

  ctx.log(`subscribers: opening ${fleet.count} subscriptions over ${tokens.length} tokens`);
  const openStarted = performance.now();
  await fleet.open(url, tokens, sizes.perConnection, sizes.openConcurrency);
  for (let probe = 0; probe < PROBE_ROUNDS && fleet.probed < fleet.count; probe++) {
    await stack.call({ op: 'broadcast' });
    await waitFor(() => fleet.probed === fleet.count, 1_000, 10);
  }
  const readyMs = performance.now() - openStarted;
  if (fleet.probed < fleet.count) {
    throw new Error(`only ${fleet.probed} of ${fleet.count} subscribers got a probe message`);
  }
  // One message to every queue, once every reader is polling again; the fleet stamps arrivals.
  const deliver = async () => {
    await waitFor(
      async () => (await stack.call({ op: 'polls' })).inFlight === tokens.length,
      10_000,
      50,
    );
    const heads = await stack.call({ op: 'queueHeads' });
    if (heads.length !== 1 || heads[0] === undefined) throw new Error('queues out of step');
    fleet.watch(String(BigInt(heads[0]) + 1n));
    const before = await stack.call({ op: 'usage', gc: false });
    const benchBefore = process.cpuUsage();
    const sent = performance.now();
    const { pollsInFlight } = await stack.call({ op: 'broadcast' });
    await waitFor(() => fleet.arrived === fleet.count, DELIVERY_TIMEOUT_MS, 5);
    const wallMs = performance.now() - sent;
    const after = await stack.call({ op: 'usage', gc: false });
    const bench = process.cpuUsage(benchBefore);
    // Who was busy while the message went out: the stack (gateway) or this process (clients)?
    const cpu = {
      wallMs: round(wallMs, 1),
      stackCpuMs: round((after.cpuMicros - before.cpuMicros) / 1000, 1),
      benchCpuMs: round((bench.user + bench.system) / 1000, 1),
    };
    return { sent, pollsInFlight, cpu };
  };
  for (let i = 0; i < WARM_BROADCASTS; i++) await deliver();
  const loaded = await stack.call({ op: 'usage', gc: true });

  ctx.log('subscribers: broadcasting the measured message');
  const { sent, pollsInFlight, cpu } = await deliver();
  const delays = summarize(fleet.delays(sent));
  const polls = await stack.call({ op: 'polls' });
  const rssPer = (loaded.rss - base.rss) / fleet.count;
  const heapPer = (loaded.heapUsed - base.heapUsed) / fleet.count;
  return {
    id: 4,
    name: 'Subscriber scale',
    rows: [
      row(
        `long polls in flight at broadcast (${tokens.length} tokens)`,
        pollsInFlight,
        '',
        exactly(tokens.length),
      ),
      row('long polls in flight, high-water mark', polls.max, '', exactly(tokens.length)),
      row(`subscribers that got the message`, fleet.arrived, '', exactly(fleet.count)),
      row('delivery latency to all, p50', round(delays.p50, 1), 'ms'),
      row('delivery latency to all, p99', round(delays.p99, 1), 'ms', atMost(100)),
      row('gateway RSS per subscriber', round(rssPer / 1000, 2), 'kB', atMost(10)),
      row('gateway heap per subscriber', round(heapPer / 1000, 2), 'kB'),
    ],
    details: {
      subscribers: fleet.count,
      tokens: tokens.length,
      connections: fleet.connections,
      subscriptionsPerConnection: sizes.perConnection,
      subscribeErrors: fleet.errors,
      secondsUntilAllLive: round(readyMs / 1000, 2),
      delayMs: delays,
      deliveryCpu: cpu,
      rssBytes: { before: base.rss, after: loaded.rss },
      heapBytes: { before: base.heapUsed, after: loaded.heapUsed },
    },
  };
}

async function idleCost(
  ctx: ScenarioContext,
  stack: StackProcess,
  fleet: SubscriberFleet,
): Promise<ScenarioResult> {
  const seconds = ctx.sizes.subscribers.idleSeconds;
  ctx.log(`idle: every subscriber leaves, then ${seconds} s of watching the feed`);
  const left = performance.now();
  await fleet.close();
  // Readers linger FEED_IDLE_MS by design (a quick next user reuses them); idle starts after.
  await waitFor(
    async () => (await stack.call({ op: 'gateway' })).activeReaders === 0,
    FEED_IDLE_MS + 5_000,
    50,
  );
  const drainedMs = performance.now() - left;
  await sleep(Math.max(0, FEED_IDLE_MS + 250 - drainedMs));
  await stack.call({ op: 'clearRequests' });
  const started = performance.now();
  await sleep(seconds * 1000);
  const counts = await stack.call({ op: 'counts' });
  const window = (performance.now() - started) / 1000;
  const polls = await stack.call({ op: 'polls' });
  const gateway = await stack.call({ op: 'gateway' });
  return {
    id: 5,
    name: 'Idle cost',
    rows: [
      row('upstream polls per second', round(counts.feed / window, 2), '/s', exactly(0)),
      row('long polls held', polls.inFlight, '', exactly(0)),
      row('feed readers running', gateway.activeReaders, '', exactly(0)),
      row('readers stopped after the last left', Math.round(drainedMs), 'ms'),
    ],
    details: { windowSeconds: round(window, 2), feedIdleMs: FEED_IDLE_MS, upstream: counts },
  };
}
