import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, createClient } from 'graphql-ws';
import type { Pool } from 'undici';
import WebSocket from 'ws';
import { bearer, graphql, pool } from '../http';
import type { LoggedRequest } from '../protocol';
import { atMost, exactly, row, type ScenarioResult } from '../report';
import { type Scenario, type ScenarioContext, waitFor } from '../scenario';
import { type Sizes, SMOKE } from '../sizes';
import type { StackProcess } from '../stack';
import { round, summarize } from '../stats';

/**
 * Scenario 7, relationship progress: N graphql-ws subscribers of `relationshipProgress` on M
 * RUNNING relationships over K tokens (every (token, relationship) pair watched by N / (K·M)).
 *
 * - upstream GETs per interval: the goal is one `GET /api/relationships-v2/{id}` per pair per
 *   interval (K·M in all), whatever N;
 * - delivery latency of a progress change to all subscribers: from the poll's GET arriving at the
 *   simulator to each subscriber's message (both on this machine's wall clock);
 * - gateway CPU per event: the stack process's CPU over a window of subscribers, minus a same-run
 *   baseline window in which this process makes the same GETs to the simulator directly (the
 *   simulator runs in the stack process, on its own thread, and its run ticks cost CPU too).
 *
 * Every simulator tick changes the counters and a tick is a quarter of the poll interval, so each
 * poll sees a change and the pollers stay at the RUNNING interval.
 */

interface ProgressSizes {
  subscribers: number;
  relationships: number;
  tokens: number;
  /** RELATIONSHIP_POLL_RUNNING_MS. */
  intervalMs: number;
  /** Length of each measured window, in intervals. */
  windowIntervals: number;
  perConnection: number;
  accounts: number;
}

const FULL_SIZES: ProgressSizes = {
  subscribers: 2_000,
  relationships: 20,
  tokens: 5,
  intervalMs: 2_000,
  windowIntervals: 5,
  perConnection: 50,
  accounts: 12,
};

const SMOKE_SIZES: ProgressSizes = {
  subscribers: 80,
  relationships: 4,
  tokens: 2,
  intervalMs: 200,
  windowIntervals: 5,
  perConnection: 20,
  accounts: 3,
};

const sizesOf = (sizes: Sizes): ProgressSizes => (sizes === SMOKE ? SMOKE_SIZES : FULL_SIZES);
const READY_TIMEOUT_MS = 30_000;

const PROGRESS = `subscription RelationshipProgress($a: ID!, $id: ID!) {
  relationshipProgress(accountId: $a, id: $id) {
    final
    relationship { activity { status progress counters { scanned { bytes } copied { bytes } } } }
  }
}`;

interface Target {
  accountId: string;
  id: string;
}

interface Pair {
  token: string;
  target: Target;
}

/** The simulator stamps its log with Date.now() (same machine, same clock): so does the fleet. */
const nowMs = () => Date.now();
const pairKey = (authorization: string | null, id: string) => `${authorization} ${id}`;

/** The subscribers: each one's pair, and the wall-clock arrival time of each of its messages. */
class ProgressFleet {
  readonly arrivals: number[][];
  readonly pairOf: number[];
  readonly #clients: Client[] = [];
  #live = 0;
  errors = 0;
  finals = 0;

  constructor(
    readonly count: number,
    pairs: number,
  ) {
    this.arrivals = Array.from({ length: count }, () => []);
    this.pairOf = Array.from({ length: count }, (_, index) => index % pairs);
  }

  get live(): number {
    return this.#live;
  }

  async open(url: string, pairs: Pair[], tokens: string[], perConnection: number): Promise<void> {
    const connecting: Promise<void>[] = [];
    for (const token of tokens) {
      const mine = this.pairOf.flatMap((pair, index) =>
        pairs[pair]?.token === token ? [index] : [],
      );
      for (let first = 0; first < mine.length; first += perConnection) {
        const batch = mine.slice(first, first + perConnection);
        connecting.push(this.#connect(url, token, batch, pairs));
      }
    }
    await Promise.all(connecting);
  }

  async #connect(url: string, token: string, subscribers: number[], pairs: Pair[]): Promise<void> {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: true,
    });
    this.#clients.push(client);
    const connected = new Promise<void>((resolve, reject) => {
      const offs = [
        client.on('connected', () => {
          for (const off of offs) off();
          resolve();
        }),
        client.on('closed', () => reject(new Error('the gateway closed the connection'))),
      ];
    });
    for (const index of subscribers) {
      const target = pairs[this.pairOf[index] ?? 0]?.target;
      if (!target) continue;
      const arrivals = this.arrivals[index] ?? [];
      client.subscribe<{ relationshipProgress: { final: boolean } }>(
        { query: PROGRESS, variables: { a: target.accountId, id: target.id } },
        {
          next: (value) => {
            if (arrivals.length === 0) this.#live++;
            arrivals.push(nowMs());
            if (value.data?.relationshipProgress.final) this.finals++;
            if (value.errors) this.errors++;
          },
          error: () => {
            this.errors++;
          },
          complete: () => {},
        },
      );
    }
    await connected;
  }

  async close(): Promise<void> {
    const clients = this.#clients.splice(0);
    await Promise.all(clients.map((client) => client.dispose()));
  }
}

/** M idle relationships across the accounts (round robin), then one sync each through the gateway. */
async function startRuns(gateway: Pool, token: string, count: number): Promise<Target[]> {
  const data = await graphql<{
    accounts: { id: string; relationships: { nodes: { id: string }[] } }[];
  }>(
    gateway,
    token,
    '{ accounts { id relationships(filter: { status: [DONE, FAILED, ABORTED] }) { nodes { id } } } }',
  );
  const queues = data.accounts.map((account) =>
    account.relationships.nodes.map((node) => ({ accountId: account.id, id: node.id })),
  );
  const targets: Target[] = [];
  for (let depth = 0; targets.length < count; depth++) {
    const before = targets.length;
    for (const queue of queues) {
      const next = queue[depth];
      if (next && targets.length < count) targets.push(next);
    }
    if (targets.length === before) throw new Error(`only ${targets.length} idle relationships`);
  }
  for (const target of targets) {
    const result = await graphql<{ syncRelationship: { userErrors: { code: string }[] } }>(
      gateway,
      token,
      'mutation($a: ID!, $id: ID!) { syncRelationship(accountId: $a, id: $id) { userErrors { code } } }',
      { a: target.accountId, id: target.id },
    );
    if (result.syncRelationship.userErrors.length > 0) {
      throw new Error(`sync refused: ${JSON.stringify(result.syncRelationship.userErrors)}`);
    }
  }
  return targets;
}

/** The baseline: this process makes the K·M GETs per interval itself, straight to the simulator. */
async function directWindow(
  simulator: Pool,
  pairs: Pair[],
  sizes: ProgressSizes,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < sizes.windowIntervals; i++) {
    const started = performance.now();
    await Promise.all(
      pairs.map(async ({ token, target }) => {
        const sent = performance.now();
        const response = await simulator.request({
          method: 'GET',
          path: `/api/relationships-v2/${target.id}`,
          headers: { ...bearer(token), 'x-account-id': target.accountId },
        });
        await response.body.text();
        if (response.statusCode !== 200) throw new Error(`GET answered ${response.statusCode}`);
        latencies.push(performance.now() - sent);
      }),
    );
    await sleep(Math.max(0, sizes.intervalMs - (performance.now() - started)));
  }
  return latencies;
}

export const relationshipProgress: Scenario = {
  stack: (all) => {
    const sizes = sizesOf(all);
    return {
      seed: { accounts: sizes.accounts, brokersPerAccount: 2 },
      // A tick every quarter interval; long enough runs for both windows and the subscribing.
      relationshipKnobs: { tickMs: sizes.intervalMs / 4, steps: 100_000, startDelayMs: 0 },
      settings: {
        RELATIONSHIP_POLL_RUNNING_MS: String(sizes.intervalMs),
        MAX_WATCHED_RELATIONSHIPS_PER_TOKEN: String(sizes.relationships),
        FEED_IDLE_MS: '0',
        LOG_LEVEL: 'warn',
      },
    };
  },
  async run(ctx: ScenarioContext, stack: StackProcess): Promise<ScenarioResult> {
    const sizes = sizesOf(ctx.sizes);
    const { intervalMs, windowIntervals } = sizes;
    const windowMs = intervalMs * windowIntervals;
    const tokens = await stack.call({ op: 'issueTokens', count: sizes.tokens });
    const gateway = pool(stack.urls.gateway, 4);
    const simulator = pool(stack.urls.simulator, sizes.tokens * sizes.relationships);
    const fleet = new ProgressFleet(sizes.subscribers, sizes.tokens * sizes.relationships);
    try {
      ctx.log(`relationship-progress: starting ${sizes.relationships} runs`);
      const targets = await startRuns(gateway, tokens[0] ?? '', sizes.relationships);
      const pairs: Pair[] = [];
      for (const target of targets) for (const token of tokens) pairs.push({ token, target });

      ctx.log('relationship-progress: baseline window (direct GETs, no subscribers)');
      await directWindow(simulator, pairs, { ...sizes, windowIntervals: 1 }); // warm
      const baseBefore = await stack.call({ op: 'usage', gc: true });
      const direct = await directWindow(simulator, pairs, sizes);
      const baseAfter = await stack.call({ op: 'usage', gc: false });
      const baselineCpuMs = (baseAfter.cpuMicros - baseBefore.cpuMicros) / 1000;
      const baselineWallMs = baseAfter.atMs - baseBefore.atMs;

      ctx.log(
        `relationship-progress: ${fleet.count} subscribers on ${targets.length} relationships over ${tokens.length} tokens`,
      );
      const url = `${stack.urls.gateway.replace('http', 'ws')}/graphql`;
      const openStarted = performance.now();
      await fleet.open(url, pairs, tokens, sizes.perConnection);
      if (!(await waitFor(() => fleet.live === fleet.count, READY_TIMEOUT_MS, 10))) {
        throw new Error(`only ${fleet.live} of ${fleet.count} subscribers had a first event`);
      }
      const readyMs = performance.now() - openStarted;
      // Two intervals for every poller to be in its steady RUNNING rhythm.
      await sleep(2 * intervalMs);

      ctx.log('relationship-progress: measured window');
      await stack.call({ op: 'clearRequests' });
      const before = await stack.call({ op: 'usage', gc: true });
      const windowStart = nowMs();
      await sleep(windowMs);
      const windowEnd = nowMs();
      const after = await stack.call({ op: 'usage', gc: false });
      const log: LoggedRequest[] = await stack.call({ op: 'requests' });
      const cpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
      const wallMs = after.atMs - before.atMs;

      // Upstream GETs of the window, by (token, relationship).
      const ids = new Set(targets.map((target) => target.id));
      const gets = new Map<string, number[]>();
      let otherCalls = 0;
      for (const request of log) {
        const id = request.path.startsWith('/api/relationships-v2/')
          ? request.path.slice('/api/relationships-v2/'.length)
          : '';
        // The log runs from clearRequests to the requests call: only the window's own calls count.
        if (request.at < windowStart || request.at >= windowEnd) continue;
        if (request.method !== 'GET' || !ids.has(id)) {
          otherCalls++;
          continue;
        }
        const key = pairKey(request.authorization, id);
        const list = gets.get(key) ?? [];
        list.push(request.at);
        gets.set(key, list);
      }
      let totalGets = 0;
      let maxPerPair = 0;
      for (const list of gets.values()) {
        totalGets += list.length;
        maxPerPair = Math.max(maxPerPair, list.length);
        list.sort((a, b) => a - b);
      }

      // Each message of the window: from the GET of its pair just before it.
      const latencies: number[] = [];
      const toAll = new Map<string, number>();
      let messages = 0;
      fleet.arrivals.forEach((arrivals, index) => {
        const pair = pairs[fleet.pairOf[index] ?? 0];
        if (!pair) return;
        const key = pairKey(`Bearer ${pair.token}`, pair.target.id);
        const polls = gets.get(key) ?? [];
        for (const at of arrivals) {
          if (at < windowStart || at > windowEnd) continue;
          let poll: number | undefined;
          for (const candidate of polls) if (candidate <= at) poll = candidate;
          if (poll === undefined) continue;
          messages++;
          latencies.push(at - poll);
          const event = `${key} ${poll}`;
          toAll.set(event, Math.max(toAll.get(event) ?? 0, at - poll));
        }
      });
      const delivery = summarize(latencies);
      const lastOfEach = summarize(toAll.values());
      const directSummary = summarize(direct);
      const gatewayCpuMs = Math.max(0, cpuMs - (baselineCpuMs * wallMs) / baselineWallMs);
      const pairCount = pairs.length;
      return {
        id: 7,
        name: 'Relationship progress',
        rows: [
          row(
            `upstream GETs per interval (${tokens.length} tokens × ${targets.length} relationships, ${fleet.count} subscribers)`,
            round(totalGets / windowIntervals, 2),
            '',
            atMost(pairCount),
          ),
          row(
            'GETs per (token, relationship) per interval, max',
            round(maxPerPair / windowIntervals, 2),
            '',
            atMost(1),
          ),
          row('(token, relationship) pairs polled', gets.size, '', exactly(pairCount)),
          row('other upstream calls in the window', otherCalls, '', exactly(0)),
          row('delivery latency of a change, p50', round(delivery.p50, 1), 'ms'),
          row(
            'delivery latency of a change to all subscribers, p99',
            round(lastOfEach.p99, 1),
            'ms',
            atMost(250),
          ),
          row('direct upstream GET (same run), p50', round(directSummary.p50, 1), 'ms'),
          row(
            'gateway CPU per progress change (one poll)',
            round(gatewayCpuMs / Math.max(1, totalGets), 3),
            'ms',
          ),
          row(
            'gateway CPU per message delivered',
            round((gatewayCpuMs * 1000) / Math.max(1, messages), 1),
            'µs',
          ),
          row('subscriber errors', fleet.errors, '', exactly(0)),
        ],
        details: {
          subscribers: fleet.count,
          relationships: targets.length,
          tokens: tokens.length,
          subscribersPerPair: fleet.count / pairCount,
          intervalMs,
          windowMs,
          secondsUntilAllLive: round(readyMs / 1000, 2),
          getsInWindow: totalGets,
          messagesInWindow: messages,
          changesInWindow: toAll.size,
          finals: fleet.finals,
          deliveryMs: delivery,
          deliveryToAllMs: lastOfEach,
          directGetMs: directSummary,
          cpu: {
            windowMs: round(wallMs, 1),
            stackCpuMs: round(cpuMs, 1),
            baselineWallMs: round(baselineWallMs, 1),
            baselineStackCpuMs: round(baselineCpuMs, 1),
            gatewayCpuMs: round(gatewayCpuMs, 1),
          },
        },
      };
    } finally {
      await fleet.close();
      await gateway.close();
      await simulator.close();
    }
  },
};
