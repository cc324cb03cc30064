/**
 * A quick A/B probe of the gateway's CPU per small query (the Overhead scenario's method, one
 * configuration, several short rounds), for comparing two versions of the code back to back:
 *
 *   npx tsx bench/ab.ts [--latency=0] [--connections=50] [--seconds=3] [--rounds=5]
 *                       [--set=FAST_PATH=false ...] [--profile=<dir>] [--query='{ accounts { id } }']
 *
 * Run it from each version's tree in turn (the stack process is the tree's own). Each round is a
 * direct run then a gateway run; per round, gateway CPU per query = stack CPU per gateway query -
 * stack CPU per direct request (process.cpuUsage deltas, bench/scenarios/overhead.ts). Prints every
 * round and the medians as one JSON line at the end.
 */
import { parseArgs } from 'node:util';
import { bearer } from './http';
import { type CannonOptions, cannon } from './load';
import { BENCH_SETTINGS } from './scenario';
import { startStackProcess } from './stack';
import { percentile } from './stats';

const { values } = parseArgs({
  options: {
    latency: { type: 'string', default: '0' },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '3' },
    set: { type: 'string', multiple: true, default: [] },
    profile: { type: 'string' },
    query: { type: 'string', default: '{ accounts { id name } }' },
  },
});

const settings: Record<string, string> = { ...BENCH_SETTINGS };
for (const pair of values.set) {
  const at = pair.indexOf('=');
  settings[pair.slice(0, at)] = pair.slice(at + 1);
}
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const median = (list: number[]) => percentile(Float64Array.from(list).sort(), 50);

const stack = await startStackProcess({ settings, profileDir: values.profile });
try {
  const [token = ''] = await stack.call({ op: 'issueTokens', count: 1 });
  await stack.call({ op: 'setLatency', ms: Number(values.latency) });
  const direct: CannonOptions = {
    url: `${stack.urls.simulator}/api/accounts`,
    method: 'GET',
    headers: bearer(token),
    connections,
    seconds,
  };
  const gateway: CannonOptions = {
    url: `${stack.urls.gateway}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify({ query: values.query }),
    connections,
    seconds,
  };
  const warmup = Number(values.warmup);
  if (warmup > 0) {
    await cannon({ ...direct, seconds: warmup });
    await cannon({ ...gateway, seconds: warmup });
  }
  const measure = async (target: CannonOptions) => {
    await stack.call({ op: 'clearRequests' });
    const before = await stack.call({ op: 'usage', gc: true });
    const run = await cannon(target);
    const after = await stack.call({ op: 'usage', gc: false });
    const counts = await stack.call({ op: 'counts' });
    if (run.failed > 0) throw new Error(`${run.failed} requests failed`);
    return {
      cpuPer: (after.cpuMicros - before.cpuMicros) / run.ok,
      perSecond: run.ok / run.seconds,
      p50: median(run.latencies),
      upstream: counts.api / run.ok,
    };
  };
  const rounds: { cpu: number; ratio: number; addedP50: number }[] = [];
  for (let i = 0; i < Number(values.rounds); i++) {
    const d = await measure(direct);
    const g = await measure(gateway);
    const round = {
      cpu: Math.round(g.cpuPer - d.cpuPer),
      ratio: Math.round((1000 * g.perSecond) / d.perSecond) / 1000,
      addedP50: Math.round(1000 * (g.p50 - d.p50)) / 1000,
      gatewayPerSecond: Math.round(g.perSecond),
      directCpu: Math.round(d.cpuPer),
      upstreamPerQuery: g.upstream,
    };
    console.error(JSON.stringify(round));
    rounds.push(round);
  }
  console.log(
    JSON.stringify({
      settings: values.set,
      latencyMs: Number(values.latency),
      connections,
      cpuMedian: median(rounds.map((r) => r.cpu)),
      ratioMedian: median(rounds.map((r) => r.ratio)),
      addedP50Median: median(rounds.map((r) => r.addedP50)),
    }),
  );
} finally {
  await stack.stop();
}
