/**
 * The gateway's CPU per small query measured in one process, for quick A/B comparisons of two
 * versions of the code on a busy machine: the simulator, the gateway and a closed loop of
 * `concurrency` clients in one process, N queries after a warm-up, process.cpuUsage() around them.
 *
 *   npx tsx bench/inprocess.ts [--target=gateway|direct] [--queries=4000] [--warmup=2000]
 *                              [--concurrency=16] [--set=FAST_PATH=false ...] > /dev/null
 *
 * Prints one JSON line on stderr (the gateway's log lines go to stdout). The gateway's own share =
 * CPU per query of `--target=gateway` less that of `--target=direct` (the client making the same
 * upstream call itself); alternate the two versions' runs and compare medians.
 */
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { createGateway } from '../src/app';
import { loadConfig } from '../src/config';
import { createSeed, createSimulator, DEMO_USER } from '../src/simulator';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'gateway' },
    queries: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    query: { type: 'string', default: '{ accounts { id name } }' },
    set: { type: 'string', multiple: true, default: [] },
  },
});

const settings: Record<string, string> = { NODE_ENV: 'production', LOG_LEVEL: 'info' };
for (const pair of values.set) {
  const at = pair.indexOf('=');
  settings[pair.slice(0, at)] = pair.slice(at + 1);
}
const sim = createSimulator({ seed: createSeed(), latencyMs: 0 });
await sim.start();
const token = sim.issueToken(DEMO_USER.username);
const gateway = createGateway(loadConfig({ ...settings, PORT: '0', HOST: '127.0.0.1' }), {
  apiUrl: sim.url,
  authUrl: sim.url,
});
await gateway.start();

const direct = values.target === 'direct';
const concurrency = Number(values.concurrency);
const client = new Pool(direct ? sim.url : gateway.url, {
  connections: concurrency,
  pipelining: 1,
});
const body = JSON.stringify({ query: values.query });
const headers = direct
  ? { authorization: `Bearer ${token}` }
  : { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

async function one(): Promise<void> {
  const response = await client.request(
    direct
      ? { method: 'GET', path: '/api/accounts', headers }
      : { method: 'POST', path: '/graphql', headers, body },
  );
  await response.body.text();
  if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
}

async function run(count: number): Promise<void> {
  let left = count;
  const loop = async () => {
    while (left > 0) {
      left--;
      await one();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}

await run(Number(values.warmup));
const before = process.cpuUsage();
await run(Number(values.queries));
const used = process.cpuUsage(before);
console.error(
  JSON.stringify({
    target: values.target,
    queries: Number(values.queries),
    cpuMicrosPerQuery: Math.round((used.user + used.system) / Number(values.queries)),
  }),
);
await client.close();
await gateway.stop();
await sim.stop();
