import type { Pool } from 'undici';
import { bearer, getJson, graphql, pool } from '../http';
import { closedLoop, type LoadRun } from '../load';
import type { LoggedRequest } from '../protocol';
import { atLeast, atMost, exactly, row, type ScenarioResult } from '../report';
import type { Scenario, ScenarioContext } from '../scenario';
import type { StackProcess } from '../stack';
import { median, percentile, round, rounds } from '../stats';

const QUERY = '{ accounts { dataBrokers { group { name } } } }';
/** Queries whose upstream calls are looked at one by one. */
const SAMPLES = 5;

type Shape = { dataBrokers: { group: { name: string } | null }[] }[];

/**
 * The hand-written client the gateway is held to: GET /api/accounts, then the brokers and the
 * groups of every account at once, joined by group id into the same shape the query returns.
 */
async function handWritten(client: Pool, token: string): Promise<Shape> {
  const headers = bearer(token);
  const accounts = await getJson<{ accountId: string }[]>(client, '/api/accounts', headers);
  return Promise.all(
    accounts.map(async ({ accountId }) => {
      const scoped = { ...headers, 'x-account-id': accountId };
      const [brokers, groups] = await Promise.all([
        getJson<{ groupId?: string }[]>(client, '/api/data-brokers', scoped),
        getJson<{ id: string; name: string }[]>(client, '/api/groups', scoped),
      ]);
      const names = new Map(groups.map((group) => [group.id, group.name]));
      return {
        dataBrokers: brokers.map((broker) => {
          const name = broker.groupId ? names.get(broker.groupId) : undefined;
          return { group: name === undefined ? null : { name } };
        }),
      };
    }),
  );
}

function checkShape(shape: Shape, accounts: number, brokers: number, who: string): void {
  const ok =
    shape.length === accounts &&
    shape.every((a) => a.dataBrokers.length === brokers && a.dataBrokers.every((b) => b.group));
  if (!ok)
    throw new Error(`${who} did not return ${accounts} accounts x ${brokers} grouped brokers`);
}

interface Observed {
  calls: number;
  repeated: number;
  rounds: number;
}

/** Upstream calls of one operation, from the simulator's request log. */
async function observe(
  stack: StackProcess,
  latencyMs: number,
  operation: () => Promise<unknown>,
): Promise<Observed> {
  await stack.call({ op: 'clearRequests' });
  await operation();
  const log: LoggedRequest[] = await stack.call({ op: 'requests' });
  const keys = new Set(log.map((r) => `${r.method} ${r.url} ${r.accountId} ${r.authorization}`));
  return {
    calls: log.length,
    repeated: log.length - keys.size,
    rounds: rounds(
      log.map((r) => r.at),
      latencyMs / 2,
    ),
  };
}

/**
 * Calls and repeats are structural, so the worst sample counts. Rounds are derived from arrival
 * times, which a pause of the single-threaded stack process (a GC, another process on the core)
 * can split: the median sample counts.
 */
const typical = (samples: Observed[]): Observed => ({
  calls: Math.max(...samples.map((s) => s.calls)),
  repeated: Math.max(...samples.map((s) => s.repeated)),
  rounds: median(samples.map((s) => s.rounds)),
});

function describe(run: LoadRun, cpu: number, wallMs: number) {
  const sorted = Float64Array.from(run.latencies).sort();
  return {
    queries: run.ok,
    failed: run.failed,
    perSecond: round(run.perSecond, 1),
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    stackCpuUtilization: round(cpu / 1000 / wallMs, 3),
  };
}

export const fanout: Scenario = {
  stack: ({ fanout: sizes }) => ({
    seed: { accounts: sizes.accounts, brokersPerAccount: sizes.brokersPerAccount },
    latencyMs: sizes.latencyMs,
  }),
  async run(ctx: ScenarioContext, stack: StackProcess): Promise<ScenarioResult> {
    const sizes = ctx.sizes.fanout;
    const { accounts, brokersPerAccount: brokers, latencyMs, concurrency } = sizes;
    const [token = ''] = await stack.call({ op: 'issueTokens', count: 1 });
    const gateway = pool(stack.urls.gateway, concurrency);
    // Enough connections for every call of every virtual user to be in flight at once.
    const upstream = pool(stack.urls.simulator, concurrency * (1 + 2 * accounts));
    try {
      const viaGateway = async () => {
        const data = await graphql<{ accounts: Shape }>(gateway, token, QUERY);
        checkShape(data.accounts, accounts, brokers, 'the gateway');
      };
      const byHand = async () => {
        checkShape(await handWritten(upstream, token), accounts, brokers, 'the hand client');
      };
      ctx.log('fan-out: upstream calls and rounds');
      await viaGateway();
      await byHand();
      const g: Observed[] = [];
      const h: Observed[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        g.push(await observe(stack, latencyMs, viaGateway));
        h.push(await observe(stack, latencyMs, byHand));
      }
      const gw = typical(g);
      const hand = typical(h);

      ctx.log(`fan-out: throughput, ${concurrency} virtual users`);
      if (sizes.warmupSeconds > 0) {
        await closedLoop({ concurrency, seconds: sizes.warmupSeconds, op: byHand });
        await closedLoop({ concurrency, seconds: sizes.warmupSeconds, op: viaGateway });
      }
      const timed = async (op: () => Promise<void>) => {
        await stack.call({ op: 'clearRequests' });
        const before = await stack.call({ op: 'usage', gc: true });
        const run = await closedLoop({ concurrency, seconds: sizes.seconds, op });
        const after = await stack.call({ op: 'usage', gc: false });
        return describe(run, after.cpuMicros - before.cpuMicros, after.atMs - before.atMs);
      };
      const handRun = await timed(byHand);
      const gatewayRun = await timed(viaGateway);
      if (handRun.failed > 0 || gatewayRun.failed > 0 || handRun.queries === 0) {
        throw new Error(
          `fan-out: ${handRun.failed} hand and ${gatewayRun.failed} gateway failures`,
        );
      }
      const limit = 1 + 2 * accounts;
      return {
        id: 2,
        name: 'Fan-out',
        rows: [
          row(`upstream calls per query (${accounts} accounts)`, gw.calls, '', atMost(limit)),
          row('repeated upstream calls per query', gw.repeated, '', exactly(0)),
          row(
            `sequential upstream rounds (${latencyMs} ms upstream, median)`,
            gw.rounds,
            '',
            exactly(2),
          ),
          row('rounds of the hand-written client', hand.rounds, ''),
          row(
            `throughput ratio gateway/hand-written (${concurrency} users)`,
            round(gatewayRun.perSecond / handRun.perSecond, 3),
            '',
            atLeast(0.95),
          ),
        ],
        details: {
          accounts,
          brokersPerAccount: brokers,
          latencyMs,
          concurrency,
          gatewayCalls: g,
          handCalls: h,
          gateway: gatewayRun,
          hand: handRun,
        },
      };
    } finally {
      await gateway.close();
      await upstream.close();
    }
  },
};
