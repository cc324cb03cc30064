import { bearer, graphql, pool } from '../http';
import { type CannonOptions, cannon, type LoadRun } from '../load';
import { atLeast, atMost, type Row, row, type ScenarioResult } from '../report';
import type { Scenario, ScenarioContext } from '../scenario';
import type { StackProcess } from '../stack';
import { percentile, round } from '../stats';

const QUERY = '{ accounts { id name } }';

interface Totals {
  ok: number;
  failed: number;
  seconds: number;
  cpuMicros: number;
  wallMs: number;
  upstreamCalls: number;
  latencies: number[];
}

const empty = (): Totals => ({
  ok: 0,
  failed: 0,
  seconds: 0,
  cpuMicros: 0,
  wallMs: 0,
  upstreamCalls: 0,
  latencies: [],
});

/**
 * One autocannon run with the stack process's CPU time around it.
 *
 * CPU per gateway query: the stack process holds the simulator as well as the gateway, so its CPU
 * time during a gateway run pays for both. The direct run (autocannon -> simulator, the same
 * GET /api/accounts with the same token) pays for the simulator alone, and each gateway query
 * makes exactly one such upstream call (checked: upstreamCalls == queries). So
 *   gateway CPU per query = stack CPU per gateway query - stack CPU per direct request,
 * both from process.cpuUsage() deltas of the same process in the same run.
 */
async function measured(
  stack: StackProcess,
  target: CannonOptions,
  into: Totals,
): Promise<LoadRun> {
  await stack.call({ op: 'clearRequests' });
  const before = await stack.call({ op: 'usage', gc: true });
  const run = await cannon(target);
  const after = await stack.call({ op: 'usage', gc: false });
  const counts = await stack.call({ op: 'counts' });
  into.ok += run.ok;
  into.failed += run.failed;
  into.seconds += run.seconds;
  into.cpuMicros += after.cpuMicros - before.cpuMicros;
  into.wallMs += after.atMs - before.atMs;
  into.upstreamCalls += counts.api;
  for (const latency of run.latencies) into.latencies.push(latency);
  return run;
}

export const overhead: Scenario = {
  stack: () => ({}),
  async run(ctx: ScenarioContext, stack: StackProcess): Promise<ScenarioResult> {
    const sizes = ctx.sizes.overhead;
    const [token = ''] = await stack.call({ op: 'issueTokens', count: 1 });
    const check = pool(stack.urls.gateway, 1);
    try {
      const data = await graphql<{ accounts: { id: string }[] }>(check, token, QUERY);
      if (data.accounts.length === 0) throw new Error('the gateway answered no accounts');
    } finally {
      await check.close();
    }

    const rows: Row[] = [];
    const details: Record<string, unknown> = {};
    const targets = (connections: number) => ({
      direct: {
        url: `${stack.urls.simulator}/api/accounts`,
        method: 'GET',
        headers: bearer(token),
        connections,
        seconds: sizes.seconds,
      } satisfies CannonOptions,
      gateway: {
        url: `${stack.urls.gateway}/graphql`,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({ query: QUERY }),
        connections,
        seconds: sizes.seconds,
      } satisfies CannonOptions,
    });
    if (sizes.warmupSeconds > 0) {
      // A gateway in service has run its code hot: measure that, not the first minutes.
      ctx.log(`overhead: warm-up, ${sizes.warmupSeconds} s per target`);
      await stack.call({ op: 'setLatency', ms: 0 });
      const { direct, gateway } = targets(50);
      await cannon({ ...direct, seconds: sizes.warmupSeconds });
      await cannon({ ...gateway, seconds: sizes.warmupSeconds });
    }
    for (const latencyMs of sizes.latenciesMs) {
      await stack.call({ op: 'setLatency', ms: latencyMs });
      for (const connections of sizes.connections) {
        const { direct, gateway } = targets(connections);
        ctx.log(`overhead: ${latencyMs} ms upstream, ${connections} connection(s)`);
        if (sizes.settleSeconds > 0) {
          await cannon({ ...direct, seconds: sizes.settleSeconds });
          await cannon({ ...gateway, seconds: sizes.settleSeconds });
        }
        const d = empty();
        const g = empty();
        // Alternating runs, so that drift on a noisy machine hits both sides alike.
        for (let i = 0; i < sizes.rounds; i++) {
          await measured(stack, direct, d);
          await measured(stack, gateway, g);
        }
        if (d.ok === 0 || g.ok === 0) throw new Error('a run completed no request');
        const ratio = g.ok / g.seconds / (d.ok / d.seconds);
        const directCpu = d.cpuMicros / d.ok;
        const gatewayCpu = g.cpuMicros / g.ok;
        const d50 = percentile(Float64Array.from(d.latencies).sort(), 50);
        const g50 = percentile(Float64Array.from(g.latencies).sort(), 50);
        const label = `${latencyMs} ms upstream, ${connections} conn`;
        const ratioGoal =
          connections >= 50 ? (latencyMs > 0 ? atLeast(0.95) : atLeast(0.35)) : null;
        rows.push(row(`${label}: throughput ratio gateway/direct`, round(ratio, 3), '', ratioGoal));
        if (connections === 1) {
          rows.push(
            row(
              `${label}: added p50 latency`,
              round(g50 - d50, 3),
              'ms',
              latencyMs > 0 ? atMost(1) : null,
            ),
          );
        }
        // At 20 ms the process sleeps between requests, and waking up costs more CPU than the work
        // (on the 2-core VM a bare simulator request costs ~0.5 ms of CPU at 45/s, 0.06 ms when
        // saturated): CPU per query is reported where the gateway is the bottleneck, at 0 ms.
        if (latencyMs === 0) {
          rows.push(
            row(
              `${label}: gateway CPU per query`,
              Math.round(gatewayCpu - directCpu),
              'µs',
              connections >= 50 ? atMost(150) : null,
            ),
          );
        }
        details[label] = {
          direct: {
            requests: d.ok,
            failed: d.failed,
            perSecond: round(d.ok / d.seconds, 1),
            p50Ms: round(d50, 3),
            p99Ms: round(percentile(Float64Array.from(d.latencies).sort(), 99), 3),
            stackCpuMicrosPerRequest: round(directCpu, 1),
            stackCpuUtilization: round(d.cpuMicros / 1000 / d.wallMs, 3),
          },
          gateway: {
            requests: g.ok,
            failed: g.failed,
            upstreamCalls: g.upstreamCalls,
            perSecond: round(g.ok / g.seconds, 1),
            p50Ms: round(g50, 3),
            p99Ms: round(percentile(Float64Array.from(g.latencies).sort(), 99), 3),
            stackCpuMicrosPerQuery: round(gatewayCpu, 1),
            stackCpuUtilization: round(g.cpuMicros / 1000 / g.wallMs, 3),
          },
        };
        if (d.failed > 0 || g.failed > 0) {
          throw new Error(`${label}: ${d.failed} direct and ${g.failed} gateway requests failed`);
        }
      }
    }
    return { id: 1, name: 'Overhead', rows, details };
  },
};
